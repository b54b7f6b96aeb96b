import assert from "node:assert/strict";
import { DEFAULT_RETRY } from "../../functions/shared/retry";
import { RECONCILE_EVENT } from "../../functions/shared/contract";
import { RECOVERY, WAKE, World, baseEnv, holdEnv, throttled } from "./failoverFixtures";
import { actorOf, everyInterleaving, type Scenario } from "./interleavings";

const T1 = "2026-03-01T10:00:00.000Z";
const T2 = "2026-03-01T10:05:00.000Z";
const T3 = "2026-03-01T10:40:00.000Z";
const T4 = "2026-03-01T10:41:00.000Z";

// Publishing touches nothing these checks read, so its place in the order cannot matter.
const unordered = ["sns:Publish"];

function recordNeverGoesBack(world: World) {
    const times = world.writes.map((w) => Date.parse(w.since.S!));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), `state writes went back in time: ${world.writes.map((w) => w.since.S).join(", ")}`);
}

function awakeWhileAlarm(world: World, failover = { minSize: 3, desiredCapacity: 4 }) {
    assert.equal(world.alarms.get(WAKE)!.state, "ALARM");
    assert.ok(
        world.group.minSize >= failover.minSize && world.group.desiredCapacity >= failover.desiredCapacity,
        `the standby is at min ${world.group.minSize}, desired ${world.group.desiredCapacity} while the wake alarm is in ALARM`,
    );
}

/**
 * The primary recovered and its recovery alarm fired (T3); the function starts to put the standby to
 * sleep. At some point (any AWS call boundary) the primary fails again: the wake alarm turns ALARM and
 * its message starts a second invocation. `faultyCall`, when set, makes that call of the recovery fail
 * for a whole attempt (throttled past the retry budget), so Lambda's retry runs it again.
 */
function sleepMeetsNewFailure(faultyCall?: number): Scenario {
    return {
        unordered,
        setup: (world) => {
            world.reset({ group: { minSize: 3, desiredCapacity: 7 }, record: { state: "awake", since: T1 } });
            world.transition(WAKE, "OK", T2);
        },
        start: (world, spawn, step) => {
            const recovery = world.transition(RECOVERY, "ALARM", T3);
            if (faultyCall !== undefined) {
                let calls = 0;
                let failing: { action: string; left: number } | undefined;
                const gate = world.gate!;
                world.gate = (action) => {
                    const mine = actorOf.getStore() === "recovery";
                    if (mine && calls++ === faultyCall) failing = { action, left: DEFAULT_RETRY.maxAttempts };
                    // A throttled call changes nothing, so it fails at once instead of taking a turn.
                    return mine && failing?.action === action && failing.left-- > 0 ? Promise.reject(throttled()) : gate(action);
                };
            }
            spawn("recovery", recovery);
            step("primary fails again", () => spawn("wake", world.transition(WAKE, "ALARM", T4)));
        },
        check: (world, failed) => {
            assert.deepEqual(failed, []);
            awakeWhileAlarm(world);
            recordNeverGoesBack(world);
            assert.deepEqual(world.state(), { state: "awake", since: T4 });
        },
    };
}

describe("failover function: concurrent invocations, every interleaving of their AWS calls", () => {
    it("a recovery racing a new failure must never leave the standby asleep while the wake alarm is in ALARM", async () => {
        await everyInterleaving(sleepMeetsNewFailure());
    });

    it("a recovery whose calls are throttled past the retry budget at any one call must still end with the standby awake", async () => {
        // Lambda retries the failed recovery; its every call is tried as the one that fails.
        for (let call = 0; call < 7; call++) {
            await everyInterleaving(sleepMeetsNewFailure(call));
        }
    });

    it("duplicate wakes racing target tracking must never lower the grown standby", async () => {
        await everyInterleaving({
            unordered,
            env: baseEnv({ FAILOVER_MIN_SIZE: "3", FAILOVER_DESIRED_CAPACITY: "3" }),
            setup: () => undefined,
            start: (world, spawn, step) => {
                const wake = world.transition(WAKE, "ALARM", T1);
                spawn("wake", wake);
                spawn("duplicate wake", wake);
                step("target tracking scales out", () => {
                    world.group.desiredCapacity = Math.max(world.group.desiredCapacity, 7);
                });
            },
            check: (world, failed) => {
                assert.deepEqual(failed, []);
                assert.equal(world.group.desiredCapacity, 7, "a wake lowered what target tracking had grown");
                assert.equal(world.group.minSize, 3);
                assert.deepEqual(world.state(), { state: "awake", since: T1 });
                recordNeverGoesBack(world);
            },
        });
    });

    it("a stale recovery racing the wake of a newer failure must leave the standby awake and the newer record", async () => {
        await everyInterleaving({
            unordered,
            setup: (world) => world.reset({ group: { minSize: 3, desiredCapacity: 4 }, record: { state: "awake", since: T1 } }),
            start: (world, spawn) => {
                const recovery = world.transition(RECOVERY, "ALARM", T3);
                spawn("recovery", recovery);
                spawn("wake", world.transition(WAKE, "ALARM", T4));
            },
            check: (world, failed) => {
                assert.deepEqual(failed, []);
                awakeWhileAlarm(world);
                recordNeverGoesBack(world);
                assert.deepEqual(world.state(), { state: "awake", since: T4 });
            },
        });
    });

    it("duplicate recoveries must put the standby to sleep once, with one record and never an older one", async () => {
        await everyInterleaving({
            unordered,
            setup: (world) => {
                world.reset({ group: { minSize: 3, desiredCapacity: 4 }, record: { state: "awake", since: T1 } });
                world.transition(WAKE, "OK", T2);
            },
            start: (world, spawn) => {
                const recovery = world.transition(RECOVERY, "ALARM", T3);
                spawn("recovery", recovery);
                spawn("duplicate recovery", recovery);
            },
            check: (world, failed) => {
                assert.deepEqual(failed, []);
                assert.deepEqual([world.group.minSize, world.group.desiredCapacity], [0, 0]);
                assert.deepEqual(world.state(), { state: "asleep", since: T3 });
                assert.equal(world.writes.length, 1, "both invocations wrote on the same view");
            },
        });
    });

    it("a reconcile racing a new failure must never leave the standby asleep while the wake alarm is in ALARM", async () => {
        await everyInterleaving({
            unordered: [...unordered, "cloudwatch:PutMetricData", "ssm:GetParameter", "cloudwatch:GetMetricData"],
            env: holdEnv(),
            setup: (world) => {
                // Left up by a probe wake; Route 53 saw the primary healthy the whole hold time.
                world.reset({ group: { minSize: 3, desiredCapacity: 4 } });
                world.params.set("/ha-web-tier/prod/primary-held", "false");
                world.health = Array.from({ length: 20 }, () => 1);
            },
            start: (world, spawn, step) => {
                spawn("reconcile", RECONCILE_EVENT);
                step("primary fails", () => spawn("wake", world.transition(WAKE, "ALARM", T4)));
            },
            check: (world, failed) => {
                assert.deepEqual(failed, []);
                awakeWhileAlarm(world);
            },
        });
    });

    for (const actor of ["recovery", "reconcile"] as const) {
        it(`a manual failover racing the ${actor} must never end with the primary held out and the standby asleep`, async () => {
            const HOLD = "/ha-web-tier/prod/primary-held";
            await everyInterleaving({
                unordered: [...unordered, "cloudwatch:PutMetricData", "cloudwatch:GetMetricData"],
                env: holdEnv({ FAILOVER_DESIRED_CAPACITY: "3" }),
                setup: (world) => {
                    world.reset({ group: { minSize: 3, desiredCapacity: 3 }, record: { state: "awake", since: T1 } });
                    world.params.set(HOLD, "false");
                    world.health = Array.from({ length: 20 }, () => 1);
                    world.transition(WAKE, "OK", T2);
                },
                start: (world, spawn, step) => {
                    spawn(actor, actor === "recovery" ? world.transition(RECOVERY, "ALARM", T3) : RECONCILE_EVENT);
                    // npm run switch -- failover: hold the primary out, then raise the standby.
                    step("a person holds the primary out", () => {
                        world.params.set(HOLD, "true");
                        step("then raises the standby", () => {
                            world.group.minSize = Math.max(world.group.minSize, 3);
                            world.group.desiredCapacity = Math.max(world.group.desiredCapacity, 3);
                        });
                    });
                },
                check: (world, failed) => {
                    assert.deepEqual(failed, []);
                    assert.equal(world.params.get(HOLD), "true");
                    assert.ok(world.group.minSize >= 3, `the primary is held out, but the standby is at min ${world.group.minSize}`);
                },
            });
        });
    }
});
