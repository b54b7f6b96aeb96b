import { strict as assert } from "assert";
import { parseSettings } from "../../functions/probe/settings";
import { awsError, probeEnv, ProbeWorld, seeded, type Size } from "./probeWorld";

const FAIL = false;
const PASS = true;
const FC = 2;

describe("primary probe (standby region), against an in-memory standby group and Route 53", () => {
    let world: ProbeWorld;
    let live: ProbeWorld | undefined;
    /** A new world; the previous one's client stubs are restored first. */
    const fresh = (size?: Size): ProbeWorld => {
        live?.restore();
        live = new ProbeWorld(size);
        return live;
    };
    afterEach(() => {
        live?.restore();
        live = undefined;
    });

    it("a healthy primary wakes nothing and asks neither Route 53 nor Auto Scaling", async () => {
        world = fresh();
        const out = await world.run([PASS, PASS, PASS, PASS, PASS]);
        assert.deepEqual(out, { checks: [true, true, true, true, true], route53: undefined, action: "none" });
        assert.equal(world.route53Calls, 0);
        assert.equal(world.asg.calls().length, 0);
    });

    it("three failed checks in a row that Route 53's checkers confirm raise the standby to the failover capacity and tell a person", async () => {
        world = fresh();
        const out = await world.run([PASS, FAIL, FAIL, FAIL, PASS]);
        assert.equal(out.action, "raised");
        assert.deepEqual(world.group.size(), { min: FC, desired: FC, max: 6 });
        // Only the minimum is sent: Auto Scaling raises desired to it, and never lowers a larger one.
        assert.deepEqual(world.updatesSent(), [{ AutoScalingGroupName: "prod-standby-asg", MinSize: FC }]);
        const [n] = world.notifications();
        assert.equal(n.subject, "ha-web-tier prod: standby us-east-1 woken by the probe");
        assert.match(n.body ?? "", /8 of 8 Route 53 checkers also see it failing/);
        assert.match(n.body ?? "", /--min-size 0 --desired-capacity 0 --region us-east-1$/);
    });

    it("a flapping primary (two failures, a pass, two failures) never wakes the standby", async () => {
        world = fresh();
        const out = await world.run([FAIL, FAIL, PASS, FAIL, FAIL]);
        assert.equal(out.action, "none");
        assert.equal(world.route53Calls, 0);
        assert.deepEqual(world.group.size(), { min: 0, desired: 0, max: 6 });
    });

    it("when Route 53's checkers see the primary healthy, a failure seen only from the standby region wakes nobody", async () => {
        world = fresh();
        world.route53 = [{ healthy: 3, failing: 13 }];
        const out = await world.run([FAIL, FAIL, FAIL, FAIL, FAIL]);
        assert.deepEqual([out.action, out.route53], ["held", "disagrees"]);
        // Asked again after each further failure, and still no wake.
        assert.equal(world.route53Calls, 3);
        assert.equal(world.asg.calls().length, 0);
        assert.deepEqual(world.notifications(), []);
    });

    it("Route 53 agrees when 18 % or fewer of its checkers report the primary healthy, as Route 53 itself decides", async () => {
        world = fresh();
        world.route53 = [{ healthy: 10, failing: 40 }, { healthy: 9, failing: 41 }];
        const out = await world.run([FAIL, FAIL, FAIL, FAIL, FAIL]);
        // 10/50 = 20 % healthy: held; 9/50 = 18 %: agreed on the next failed check.
        assert.deepEqual([out.action, world.route53Calls], ["raised", 2]);
    });

    for (const [what, error] of [
        ["the connection is refused", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })],
        ["the request times out", awsError("TimeoutError", 0)],
        ["the API answers 503", awsError("ServiceUnavailable", 503)],
    ] as const) {
        it(`when us-east-1 cannot be reached (${what}), the probe wakes the standby on its own checks`, async () => {
            world = fresh();
            world.route53 = [{ error }];
            const out = await world.run([FAIL, FAIL, FAIL, PASS, PASS]);
            assert.deepEqual([out.action, out.route53], ["raised", "unreachable"]);
            assert.deepEqual(world.group.size(), { min: FC, desired: FC, max: 6 });
            assert.match(world.notifications()[0].body ?? "", /Route 53's API could not be reached/);
        });
    }

    it("a throttled Route 53 is no answer: the standby stays asleep this run and wakes on the next once Route 53 answers", async () => {
        world = fresh();
        world.route53 = [{ error: awsError("Throttling", 400) }];
        const first = await world.run([FAIL, FAIL, FAIL, PASS, PASS]);
        assert.deepEqual([first.action, first.route53], ["held", "no-answer"]);
        assert.equal(world.route53Calls, 3, "retried before giving up");
        assert.deepEqual(world.group.size(), { min: 0, desired: 0, max: 6 });
        world.route53 = [{ healthy: 0, failing: 16 }];
        world.route53Calls = 0;
        const second = await world.run([FAIL, FAIL, FAIL, PASS, PASS]);
        assert.equal(second.action, "raised");
        assert.deepEqual(world.group.size(), { min: FC, desired: FC, max: 6 });
    });

    it("a Route 53 answer that means a misconfiguration (no such check) fails the run instead of waking or staying silent", async () => {
        world = fresh();
        world.route53 = [{ error: awsError("NoSuchHealthCheck", 404) }];
        await assert.rejects(world.run([FAIL, FAIL, FAIL, FAIL, FAIL]), { name: "NoSuchHealthCheck" });
        assert.equal(world.asg.calls().length, 0);
    });

    it("duplicate and overlapping runs end with the standby at the failover capacity, never lowered", async () => {
        world = fresh();
        world.interleave = true;
        const outs = await Promise.all([1, 2, 3].map(() => world.run([FAIL, FAIL, FAIL, PASS, PASS])));
        assert.ok(outs.every((o) => o.action === "raised" || o.action === "already-awake"));
        assert.deepEqual(world.group.size(), { min: FC, desired: FC, max: 6 });
        for (const h of world.group.history) {
            assert.ok(h.after.min >= h.before.min && h.after.desired >= h.before.desired, JSON.stringify(h));
        }
    });

    it("a scale-out that lands between the probe's read and its write is kept", async () => {
        world = fresh();
        world.betweenReadAndWrite = () => world.group.update({ DesiredCapacity: 5 }, "autoscaling");
        await world.run([FAIL, FAIL, FAIL, PASS, PASS]);
        assert.deepEqual(world.group.size(), { min: FC, desired: 5, max: 6 });
    });

    it("a standby already at or above the failover capacity is not touched, and nobody is told again", async () => {
        for (const size of [{ min: FC, desired: FC, max: 6 }, { min: 3, desired: 5, max: 6 }]) {
            world = fresh(size);
            const out = await world.run([FAIL, FAIL, FAIL, FAIL, FAIL]);
            assert.equal(out.action, "already-awake");
            assert.deepEqual(world.updatesSent(), []);
            assert.deepEqual(world.notifications(), []);
        }
    });

    it("a grown desired capacity with a low minimum keeps its size while the minimum is raised", async () => {
        world = fresh({ min: 0, desired: 4, max: 6 });
        await world.run([FAIL, FAIL, FAIL, PASS, PASS]);
        assert.deepEqual(world.group.size(), { min: FC, desired: 4, max: 6 });
    });

    it("a group whose maximum was lowered below the failover capacity is raised to its maximum, not refused", async () => {
        world = fresh({ min: 0, desired: 0, max: 1 });
        await world.run([FAIL, FAIL, FAIL, PASS, PASS]);
        assert.deepEqual(world.group.size(), { min: 1, desired: 1, max: 1 });
    });

    it("throttled Auto Scaling calls are retried and the wake completes", async () => {
        world = fresh();
        world.asgFailures = [awsError("Throttling", 400), awsError("Throttling", 400)];
        const out = await world.run([FAIL, FAIL, FAIL, PASS, PASS]);
        assert.equal(out.action, "raised");
        assert.deepEqual(world.group.size(), { min: FC, desired: FC, max: 6 });
    });

    it("when Auto Scaling keeps refusing, the run fails (its alarm tells a person) and the standby is left as it was", async () => {
        world = fresh({ min: 0, desired: 1, max: 6 });
        world.asgFailures = Array(10).fill(awsError("Throttling", 400));
        await assert.rejects(world.run([FAIL, FAIL, FAIL, PASS, PASS]), { name: "Throttling" });
        assert.deepEqual(world.group.size(), { min: 0, desired: 1, max: 6 });
    });

    it("no check starts without time left for it and for the wake before the Lambda timeout", async () => {
        world = fresh();
        const out = await world.run([FAIL, FAIL, FAIL, FAIL, FAIL], { timeLeftMs: 40_000 });
        // Checks at 0, 10 and 20 s; at 30 s only 10 s would remain, less than a check plus the wake.
        assert.deepEqual(out.checks, [false, false, false]);
        assert.equal(out.action, "raised");
    });

    it("when us-east-1 hangs, the wake still lands before the Lambda timeout, even when the threshold is reached on the run's last check", async () => {
        world = fresh();
        world.route53 = [{ error: awsError("TimeoutError", 0) }];
        // A down primary costs each check its full 6 s, a hung Route 53 each attempt its 8 s; the
        // function has a 58 s timeout. The third failure in a row comes with the fifth check, at 40-46 s.
        const out = await world.run([PASS, PASS, FAIL, FAIL, FAIL], { timeLeftMs: 58_000, checkMs: 6_000, route53AttemptMs: 8_000 });
        assert.equal(out.action, "raised");
        assert.deepEqual(world.group.size(), { min: 2, desired: 2, max: 6 });
        assert.equal(world.updateTimes.length, 1);
        assert.ok(world.updateTimes[0] < 58_000, `the wake was sent at ${world.updateTimes[0]} ms, after the Lambda timeout`);
    });

    it("in any sequence of runs, scale-outs, wakes and sleeps by others, the probe never lowers the standby and wakes it whenever it must", async () => {
        for (const seed of [1, 2, 3, 4]) {
            const rnd = seeded(seed);
            world = fresh({ min: 0, desired: 0, max: 6 });
            for (let step = 0; step < 40; step++) {
                const g = world.group;
                const r = rnd();
                if (r < 0.15) {
                    g.update({ DesiredCapacity: g.min + Math.floor(rnd() * (g.max - g.min + 1)) }, "autoscaling");
                    continue;
                }
                if (r < 0.25) {
                    g.update({ MinSize: 0, DesiredCapacity: 0 }, "failover-sleep");
                    continue;
                }
                if (r < 0.3) {
                    g.update({ MinSize: FC, DesiredCapacity: FC }, "failover-wake");
                    continue;
                }
                const checks = Array.from({ length: 5 }, () => rnd() < 0.6);
                const r53Roll = rnd();
                world.route53 = [r53Roll < 0.4 ? { healthy: 0, failing: 8 } : r53Roll < 0.6 ? { healthy: 5, failing: 3 }
                    : r53Roll < 0.8 ? { error: awsError("ServiceUnavailable", 503) } : { error: awsError("Throttling", 400) }];
                world.route53Calls = 0;
                const before: Size = g.size();
                const historyBefore = g.history.length;
                const out = await world.run(checks);
                let streak = 0;
                let due = false;
                for (const ok of checks) {
                    streak = ok ? 0 : streak + 1;
                    due ||= streak >= 3;
                }
                const confirms = r53Roll < 0.4 || (r53Roll >= 0.6 && r53Roll < 0.8);
                const context = `seed ${seed} step ${step}: checks ${checks.join(",")} route53 ${r53Roll.toFixed(2)} before ${JSON.stringify(before)}`;
                for (const h of g.history.slice(historyBefore)) {
                    assert.ok(h.after.min >= h.before.min && h.after.desired >= h.before.desired, `lowered: ${context}`);
                }
                if (due && confirms) {
                    assert.ok(g.min >= FC && g.desired >= FC, `not woken: ${context} -> ${JSON.stringify(g.size())}`);
                    assert.ok(out.action === "raised" || out.action === "already-awake", context);
                } else {
                    assert.deepEqual(g.size(), before, `changed without cause: ${context}`);
                }
            }
        }
    });

    it("rejects an environment it cannot act on, naming each variable", () => {
        assert.throws(() => parseSettings(probeEnv({ FAILURE_THRESHOLD: "6", STANDBY_REGION: "us-west-2" })),
            /^SettingsError: invalid environment: STANDBY_REGION must differ from PRIMARY_REGION; FAILURE_THRESHOLD must be at most PROBES_PER_RUN/);
        assert.throws(() => parseSettings(probeEnv({ NOTIFY_TOPIC_ARN: "topic" })), /NOTIFY_TOPIC_ARN must be an SNS topic ARN/);
        assert.throws(() => parseSettings(probeEnv({ FAILOVER_CAPACITY: "0" })), /FAILOVER_CAPACITY must be at least 1/);
        const missing = probeEnv();
        delete missing.HEALTH_CHECK_ID;
        assert.throws(() => parseSettings(missing), /^SettingsError: invalid environment: HEALTH_CHECK_ID is required$/);
    });
});
