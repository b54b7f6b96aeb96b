// The scheduled reconcile against every way a standby can be left up, and every reason it must stay.
import assert from "node:assert/strict";
import { RECONCILE_EVENT } from "../../functions/shared/contract";
import { RECOVERY, REPLICA, WAKE, World, alarmEvent, holdEnv, promoteEnv, size, AWAKE } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:05:00.000+0000";
const T3 = "2026-03-01T10:40:00.000+0000";

const ASLEEP = { minSize: 0, desiredCapacity: 0 };
const healthy = (minutes = 20) => Array.from({ length: minutes }, () => 1);
const HOLD = "/ha-web-tier/prod/primary-held";

describe("failover function: the reconcile puts a standby left up back to rest", () => {
    let world: World;
    afterEach(() => world.restore());
    const reconcile = (w: World, env = holdEnv()) => w.handler(env)(RECONCILE_EVENT);

    const leftUp: [string, (w: World) => Promise<void>][] = [
        ["a probe wake while Route 53's checkers saw the primary healthy (its API unreachable)", (w) => {
            w.group = { ...w.group, ...AWAKE }; // the probe only raises; no alarm ever fired
            return Promise.resolve();
        }],
        ["a recovery refused while the wake alarm was INSUFFICIENT_DATA", async (w) => {
            const handler = w.handler(holdEnv());
            await handler(w.transition(WAKE, "ALARM", T1));
            w.transition(WAKE, "INSUFFICIENT_DATA", T2);
            await handler(w.transition(RECOVERY, "ALARM", T3));
            assert.deepEqual(size(w), AWAKE, "the recovery was not refused");
            w.transition(WAKE, "OK", "2026-03-01T10:45:00.000+0000"); // data again; no new recovery transition
        }],
        ["a wake message delivered after the recovery", async (w) => {
            const handler = w.handler(holdEnv());
            const late = alarmEvent(WAKE, "ALARM", T1);
            await handler(w.transition(RECOVERY, "ALARM", T3));
            await handler(late);
            assert.deepEqual(size(w), AWAKE, "the late wake did not raise (wake first)");
        }],
        ["a manual failover that was released", (w) => {
            w.group = { ...w.group, ...AWAKE };
            w.params.set(HOLD, "false");
            return Promise.resolve();
        }],
        ["a recovery whose every attempt failed (dead-letter queue)", async (w) => {
            const handler = w.handler(holdEnv());
            await handler(w.transition(WAKE, "ALARM", T1));
            w.transition(WAKE, "OK", T2);
            w.fail("autoscaling:UpdateAutoScalingGroup", Object.assign(new Error("denied"), { name: "AccessDenied" }), 3);
            for (let attempt = 0; attempt < 3; attempt++) {
                await assert.rejects(handler(w.transition(RECOVERY, "ALARM", T3)));
            }
            assert.deepEqual(size(w), AWAKE);
        }],
    ];

    for (const [how, leave] of leftUp) {
        it(`a standby left up by ${how} goes back to rest once the primary has been healthy for the hold time, and people are told`, async () => {
            world = new World();
            await leave(world);
            world.health = healthy();
            const told = world.published.length;
            await reconcile(world);
            assert.deepEqual(size(world), ASLEEP);
            assert.equal(world.published.length, told + 1);
            assert.match(world.published.at(-1)?.Subject ?? "", /back to rest \(reconcile\)/);
        });
    }

    const stays: [string, (w: World) => void, RegExp][] = [
        ["one minute of the hold time was unhealthy", (w) => { w.health[10] = 0; }, /1 of the last 15 minutes unhealthy/],
        ["a minute of the hold time has no data", (w) => { w.health = healthy(10); }, /10 of the last 15 minutes have data/],
        ["the newest datapoint is old (metrics paused)", (w) => { w.healthLagMinutes = 6; }, /newest datapoint/],
        ["there is no health data at all", (w) => { w.health = []; }, /no HealthCheckStatus datapoints/],
        ["the wake alarm is in ALARM", (w) => { w.transition(WAKE, "ALARM", T3); }, /wake alarm is ALARM/],
        ["the wake alarm is INSUFFICIENT_DATA", (w) => { w.transition(WAKE, "INSUFFICIENT_DATA", T3); }, /wake alarm is INSUFFICIENT_DATA/],
        ["the wake alarm cannot be read", (w) => { w.fail("cloudwatch:DescribeAlarms", Object.assign(new Error("no"), { name: "AccessDenied" }), 10); }, /wake alarm could not be read/],
        ["the health history cannot be read", (w) => { w.fail("cloudwatch:GetMetricData", Object.assign(new Error("no"), { name: "AccessDenied" }), 10); }, /history could not be read/],
        ["the primary is held out by hand", (w) => { w.params.set(HOLD, "true"); }, /held out by hand/],
        ["the hold cannot be read", (w) => { w.fail("ssm:GetParameter", Object.assign(new Error("no"), { name: "AccessDenied" }), 10); }, /hold could not be read/],
    ];
    for (const [why, arrange, reason] of stays) {
        it(`an awake standby stays up when ${why}`, async () => {
            world = new World({ group: AWAKE });
            world.health = healthy();
            arrange(world);
            await reconcile(world);
            assert.deepEqual(size(world), AWAKE);
            assert.equal(world.updates().length, 0);
            const kept = world.log.lines.find((l) => /stays up/.test(l.message));
            assert.ok(kept, "the reconcile did not say why it kept the standby");
            assert.ok((kept.extra.reasons as string[]).some((r) => reason.test(r)), JSON.stringify(kept.extra.reasons));
        });
    }

    it("a standby whose replica was promoted stays up: it holds the writer", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        world.replica = "promoted";
        await reconcile(world, { ...promoteEnv(), HOLD_REGION: "us-west-2", PRIMARY_HEALTH_CHECK_ID: "hc-primary" });
        assert.deepEqual(size(world), AWAKE);
        assert.ok(world.log.lines.some((l) => JSON.stringify(l.extra.reasons ?? []).includes(`replica was promoted`)), REPLICA);
    });

    it("a standby at rest is left alone: no update, no message", async () => {
        world = new World();
        world.health = healthy();
        await reconcile(world);
        assert.equal(world.updates().length, 0);
        assert.equal(world.published.length, 0);
    });

    it("a failure that starts while the reconcile lowers the standby raises it again at once", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        world.gate = (action) => {
            if (action === "autoscaling:UpdateAutoScalingGroup" && world.group.minSize > 0) world.transition(WAKE, "ALARM", T3);
            return Promise.resolve();
        };
        await reconcile(world);
        assert.deepEqual(size(world), AWAKE);
    });

    it("each run re-publishes the hold, so Route 53's switch check never runs on stale data", async () => {
        world = new World();
        world.params.set(HOLD, "true");
        await reconcile(world);
        world.params.set(HOLD, "false");
        await reconcile(world);
        assert.deepEqual(world.holdMetric, [1, 0]);
    });

    it("with manual failback, a standby serving because the primary fails (a probe wake) is held there", async () => {
        world = new World({ group: AWAKE });
        world.params.set(HOLD, "false");
        world.health = [...healthy(19), 0];
        await reconcile(world, holdEnv({ FAILBACK: "manual" }));
        assert.equal(world.params.get(HOLD), "true");
        assert.equal(world.holdMetric.at(-1), 1);
        assert.deepEqual(size(world), AWAKE);
    });
});

describe("failover function: the reconcile tells a person when the standby cannot get its instances", () => {
    let world: World;
    afterEach(() => world.restore());
    const short = (minutesAgo: number, w: World) => ({
        ActivityId: `a-${minutesAgo}`, AutoScalingGroupName: "web-standby-asg", Cause: "raise", Progress: 100,
        StartTime: new Date(w.clock - minutesAgo * 60_000), StatusCode: "Failed" as const,
        StatusMessage: "We currently do not have sufficient t3.small capacity in the Availability Zone you requested (us-west-2a). Launching EC2 instance failed. InsufficientInstanceCapacity",
    });

    it("a launch that failed for want of capacity since the last run is reported, with what Auto Scaling tries and what a person can do", async () => {
        world = new World({ group: AWAKE });
        world.activities = [short(2, world)];
        world.transition(WAKE, "ALARM", T3);
        await world.handler(holdEnv())(RECONCILE_EVENT);
        const message = world.published.find((p) => /CAPACITY/.test(p.Subject ?? ""));
        assert.ok(message, "nobody was told");
        assert.match(message.Message ?? "", /keeps retrying[\s\S]*other Availability Zones[\s\S]*no other instance type[\s\S]*failover.reserveCapacity/);
        assert.deepEqual(size(world), AWAKE);
    });

    it("an old failure is not reported again, and a standby at rest is not asked about", async () => {
        world = new World({ group: AWAKE });
        world.activities = [short(30, world)];
        world.transition(WAKE, "ALARM", T3);
        await world.handler(holdEnv())(RECONCILE_EVENT);
        assert.equal(world.published.length, 0);
        world.reset();
        world.activities = [short(1, world)];
        await world.handler(holdEnv())(RECONCILE_EVENT);
        assert.equal(world.published.length, 0);
        assert.ok(!world.calls.includes("autoscaling:DescribeScalingActivities"));
    });
});
