/**
 * Reading and changing an Auto Scaling group's capacity, with the one rule every waker must keep: a
 * wake only ever raises. Independent of the failover function's settings, so any caller that wakes
 * the standby (the failover function, a scheduled probe) can share it.
 */
import {
    type AutoScalingClient,
    DescribeAutoScalingGroupsCommand,
    UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { type Call, callOnce } from "./retry";

/** An Auto Scaling group's limits and desired capacity, as DescribeAutoScalingGroups reports them. */
export interface GroupSize {
    minSize: number;
    maxSize: number;
    desiredCapacity: number;
}

/** The capacity a waker asks for: the group ends with at least this minimum and desired capacity. */
export interface CapacityTarget {
    minSize: number;
    desiredCapacity: number;
}

/** What {@link raiseCapacity} found and did. */
export interface RaiseOutcome {
    /** The group as read before acting. */
    before: GroupSize;
    /** The group as the update left it (equal to `before` when nothing had to rise). */
    after: GroupSize;
    /** Whether an update was sent. */
    raised: boolean;
    /** The target exceeded the group's maximum, so it was raised to the maximum only. */
    cappedAtMax: boolean;
}

/** Thrown when the group does not exist: a waker must fail loudly rather than report a wake it did not do. */
export class GroupNotFoundError extends Error {
    constructor(groupName: string) {
        super(`Auto Scaling group ${groupName} was not found`);
        this.name = "GroupNotFoundError";
    }
}

/** Reads the group's current limits and desired capacity. */
export async function describeGroup(client: AutoScalingClient, groupName: string, call: Call = callOnce): Promise<GroupSize> {
    const out = await call("autoscaling:DescribeAutoScalingGroups", () =>
        client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] })),
    );
    const group = out.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === groupName);
    if (group?.MinSize === undefined || group.MaxSize === undefined || group.DesiredCapacity === undefined) {
        throw new GroupNotFoundError(groupName);
    }
    return { minSize: group.MinSize, maxSize: group.MaxSize, desiredCapacity: group.DesiredCapacity };
}

/**
 * Raises the group to at least `target`, never lowering its minimum or desired capacity: after a wake
 * target tracking may have grown the group beyond the target, and a repeated wake must leave it there.
 * The group is read first and only the values below the target are sent. The minimum goes up on its
 * own where it can: with MinSize but no DesiredCapacity, Auto Scaling raises the desired capacity to
 * the new minimum if it was lower, and never lowers it ("UpdateAutoScalingGroup", EC2 Auto Scaling API
 * reference), so no value read here can be written back stale. DesiredCapacity is sent only when the
 * target's desired capacity exceeds its minimum and the group is below it; that write is absolute, so
 * a scale-out by target tracking between the read and the write could be undone down to the target.
 * A target above the group's maximum is capped at the maximum (the caller is told), since Auto Scaling
 * refuses a minimum or desired capacity above it.
 */
export async function raiseCapacity(
    client: AutoScalingClient,
    groupName: string,
    target: CapacityTarget,
    call: Call = callOnce,
): Promise<RaiseOutcome> {
    const before = await describeGroup(client, groupName, call);
    const cappedAtMax = Math.max(target.minSize, target.desiredCapacity) > before.maxSize;
    const minSize = Math.max(before.minSize, Math.min(target.minSize, before.maxSize));
    const desiredFromMin = Math.max(before.desiredCapacity, minSize);
    const wantDesired = Math.min(Math.max(target.desiredCapacity, target.minSize), before.maxSize);
    const update: { MinSize?: number; DesiredCapacity?: number } = {};
    if (minSize > before.minSize) {
        update.MinSize = minSize;
    }
    if (wantDesired > desiredFromMin) {
        update.DesiredCapacity = wantDesired;
    }
    if (update.MinSize === undefined && update.DesiredCapacity === undefined) {
        return { before, after: before, raised: false, cappedAtMax };
    }
    await call("autoscaling:UpdateAutoScalingGroup", () =>
        client.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: groupName, ...update })),
    );
    const after = { minSize, maxSize: before.maxSize, desiredCapacity: Math.max(desiredFromMin, update.DesiredCapacity ?? 0) };
    return { before, after, raised: true, cappedAtMax };
}

/**
 * Sets the group's minimum and desired capacity exactly, lower or higher: how a sleep returns the
 * standby to its resting size. Only a caller that has just confirmed the standby is not needed may use it.
 */
export async function setCapacity(client: AutoScalingClient, groupName: string, capacity: CapacityTarget, call: Call = callOnce): Promise<void> {
    await call("autoscaling:UpdateAutoScalingGroup", () =>
        client.send(
            new UpdateAutoScalingGroupCommand({
                AutoScalingGroupName: groupName,
                MinSize: capacity.minSize,
                DesiredCapacity: capacity.desiredCapacity,
            }),
        ),
    );
}
