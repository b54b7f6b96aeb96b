/**
 * The probe's wake: upward only, so it is safe next to the failover function and to itself. It reads
 * the group and raises only the minimum, to at least the failover capacity; UpdateAutoScalingGroup
 * then raises the desired capacity to the new minimum when it is below it, and leaves a larger desired
 * capacity alone (API reference: "If you specify a new value for MinSize without specifying a value for
 * DesiredCapacity, and the new MinSize is larger than the current size of the group, this sets the
 * group's DesiredCapacity to the new MinSize value"). Never sending DesiredCapacity means a scale-out
 * that lands between the read and the write is never undone.
 */
import { DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand, type AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { Call } from "./retry";

/** The group's size as read, and what the wake set. */
export interface WakeResult {
    /** Whether an update was sent. */
    raised: boolean;
    /** The group as read. */
    before: { minSize: number; desiredCapacity: number; maxSize: number };
    /** The minimum sent, when raised. */
    minSize?: number;
}

/** Thrown when the standby group does not exist; the invocation fails so its alarm tells a person. */
export class GroupNotFoundError extends Error {
    constructor(name: string) {
        super(`Auto Scaling group ${name} was not found`);
        this.name = "GroupNotFoundError";
    }
}

/** Raises the standby to at least `capacity` instances (capped at its maximum); never lowers anything. */
export async function raiseStandby(client: AutoScalingClient, call: Call, asgName: string, capacity: number): Promise<WakeResult> {
    const out = await call("autoscaling:DescribeAutoScalingGroups", () =>
        client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [asgName] })));
    const g = out.AutoScalingGroups?.find((x) => x.AutoScalingGroupName === asgName);
    if (!g) {
        throw new GroupNotFoundError(asgName);
    }
    const before = { minSize: g.MinSize ?? 0, desiredCapacity: g.DesiredCapacity ?? 0, maxSize: g.MaxSize ?? 0 };
    const target = Math.min(capacity, before.maxSize);
    if (before.minSize >= target) {
        return { raised: false, before };
    }
    await call("autoscaling:UpdateAutoScalingGroup", () =>
        client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: asgName, MinSize: target })));
    return { raised: true, before, minSize: target };
}
