import assert from "node:assert/strict";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { GroupNotFoundError, describeGroup, raiseCapacity, setCapacity } from "../../functions/shared/capacity";
import type { Call } from "../../functions/shared/retry";
import { STANDBY_ASG, World } from "./failoverFixtures";

// The wake primitive on its own, as any waker (the failover function, a scheduled probe) calls it:
// against the world's model of Auto Scaling's rules, over every small group and target.
describe("the wake primitive (functions/shared/capacity.ts)", () => {
    const client = new AutoScalingClient({ region: "us-west-2" });
    let world: World;
    beforeEach(() => (world = new World()));
    afterEach(() => world.restore());

    it("for every group and target, a raise must never lower min or desired, must reach the target up to the maximum, and must report what it left", async () => {
        let cases = 0;
        for (let max = 0; max <= 4; max++) {
            for (let min = 0; min <= max; min++) {
                for (let desired = min; desired <= max; desired++) {
                    for (let tMin = 0; tMin <= 5; tMin++) {
                        for (const tDesired of [tMin, tMin + 1]) {
                            world.reset({ group: { minSize: min, desiredCapacity: desired, maxSize: max } });
                            const out = await raiseCapacity(client, STANDBY_ASG, { minSize: tMin, desiredCapacity: tDesired });
                            const g = world.group;
                            const what = JSON.stringify({ min, desired, max, tMin, tDesired, g });
                            assert.ok(g.minSize >= min && g.desiredCapacity >= desired, `lowered: ${what}`);
                            assert.ok(g.minSize >= Math.min(tMin, max) && g.desiredCapacity >= Math.min(tDesired, max), `short of the target: ${what}`);
                            assert.deepEqual(out.after, g, `reported ${JSON.stringify(out.after)}: ${what}`);
                            assert.equal(out.cappedAtMax, tDesired > max, what);
                            assert.equal(out.raised, world.calls.includes("autoscaling:UpdateAutoScalingGroup"), what);
                            cases++;
                        }
                    }
                }
            }
        }
        assert.equal(cases, 35 * 12);
    });

    it("a raise must send only the minimum when that is enough, so a concurrent scale-out cannot be written back", async () => {
        world.reset({ group: { minSize: 0, desiredCapacity: 0 } });
        await raiseCapacity(client, STANDBY_ASG, { minSize: 3, desiredCapacity: 3 });
        assert.deepEqual(world.updates(), [{ AutoScalingGroupName: STANDBY_ASG, MinSize: 3 }]);
    });

    it("a raise of a group that does not exist must fail, not report a wake", async () => {
        await assert.rejects(raiseCapacity(client, "no-such-group", { minSize: 1, desiredCapacity: 1 }), GroupNotFoundError);
    });

    it("a group that cannot be read in full must count as not found, naming the group", async () => {
        const answers: unknown[] = [{}, { AutoScalingGroups: [] }, ...["MinSize", "MaxSize", "DesiredCapacity"].map((missing) => {
            const group: Record<string, unknown> = { AutoScalingGroupName: STANDBY_ASG, MinSize: 0, MaxSize: 4, DesiredCapacity: 0 };
            delete group[missing];
            return { AutoScalingGroups: [group] };
        })];
        for (const answer of answers) {
            const client = { send: () => Promise.resolve(answer) } as unknown as AutoScalingClient;
            await assert.rejects(describeGroup(client, STANDBY_ASG), (error: Error) => {
                assert.ok(error instanceof GroupNotFoundError, `${JSON.stringify(answer)}: ${String(error)}`);
                assert.equal(error.name, "GroupNotFoundError");
                assert.equal(error.message, `Auto Scaling group ${STANDBY_ASG} was not found`);
                return true;
            });
        }
    });

    it("each call must reach the retry policy named by its IAM action, so a retried call says which permission and API it is", async () => {
        world.reset({ group: { minSize: 0, desiredCapacity: 0 } });
        const labels: string[] = [];
        const call: Call = (label, fn) => (labels.push(label), fn());
        await raiseCapacity(client, STANDBY_ASG, { minSize: 2, desiredCapacity: 3 }, call);
        await setCapacity(client, STANDBY_ASG, { minSize: 0, desiredCapacity: 0 }, call);
        assert.deepEqual(labels, ["autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup", "autoscaling:UpdateAutoScalingGroup"]);
        assert.deepEqual(world.group, { minSize: 0, maxSize: 10, desiredCapacity: 0 });
    });

    it("setting the resting capacity must set both values exactly, lower or not", async () => {
        world.reset({ group: { minSize: 3, desiredCapacity: 7 } });
        await setCapacity(client, STANDBY_ASG, { minSize: 1, desiredCapacity: 1 });
        assert.deepEqual([world.group.minSize, world.group.desiredCapacity], [1, 1]);
    });
});
