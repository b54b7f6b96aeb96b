import assert from "node:assert/strict";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { describeGroup, setCapacity } from "../../functions/shared/capacity";
import { liveAlarms } from "../../functions/failover/alarms";
import { callOnce } from "../../functions/shared/retry";
import { STANDBY_ASG, WAKE } from "./failoverFixtures";
import { everyInterleaving } from "./interleavings";

// The search's own tests: it must find the one bad order of a racy scenario, and must not prune away
// orders of calls on the same resource. Actors here call the world directly instead of the function.
describe("the interleaving search itself", () => {
    const asg = new AutoScalingClient({ region: "us-west-2" });
    const cw = new CloudWatchClient({ region: "us-east-1" });

    it("must find the lost update of two read-then-write actors on the same group, and try every order of them", async () => {
        const ends = new Set<number>();
        await everyInterleaving({
                setup: () => undefined,
                start: (world, _spawn, step) => {
                    // Each "invocation" reads the group and writes desired + 1: a classic lost update.
                    for (const actor of ["a", "b"]) {
                        step(`${actor} starts`, () => {
                            void (async () => {
                                const g = await describeGroup(asg, STANDBY_ASG, callOnce);
                                await setCapacity(asg, STANDBY_ASG, { minSize: 0, desiredCapacity: g.desiredCapacity + 1 }, callOnce);
                            })();
                        });
                    }
                    void world;
                },
                check: (world) => {
                    ends.add(world.group.desiredCapacity);
                },
            });
        // 2 when one actor writes before the other reads; 1 when both read first (the lost update).
        assert.deepEqual([...ends].sort(), [1, 2]);
    });

    it("must treat reads of different resources as independent, and still run every order that can differ", async () => {
        let runs = 0;
        const total = await everyInterleaving({
            setup: () => undefined,
            start: (_world, _spawn, step) => {
                step("reader", () => void liveAlarms(cw, callOnce, [WAKE], "us-east-1"));
                step("writer", () => void setCapacity(asg, STANDBY_ASG, { minSize: 1, desiredCapacity: 1 }, callOnce));
            },
            check: () => {
                runs++;
            },
        });
        assert.equal(total, runs);
        // Of the 6 orders of the two steps and their two calls, 2 differ from others only by swapping the
        // two calls, which touch different resources; steps count as dependent on everything.
        assert.equal(total, 4);
    });
});
