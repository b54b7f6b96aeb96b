import { strict as assert } from "assert";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { Route53Client } from "@aws-sdk/client-route-53";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { checkTarget, createClients, createHandler } from "../../functions/probe/handler";
import { parseSettings } from "../../functions/probe/settings";
import { freshLoad } from "./freshLoad";
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
        // Once it has woken the standby, the run asks the primary no more.
        assert.deepEqual([out.checks, world.checksStarted], [[true, false, false, false], 4]);
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
        // The run stops checking at the failure: more checks could not change its end.
        assert.equal(world.checksStarted, 3);
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

    it("when the wake's notice cannot be published, the standby stays woken and the run fails, so its alarm tells a person", async () => {
        world = fresh();
        world.sns.on(PublishCommand).rejects(awsError("AuthorizationError", 403));
        await assert.rejects(world.run([FAIL, FAIL, FAIL, FAIL, FAIL]), /AuthorizationError|not authorized|Publish/i);
        assert.deepEqual(world.group.size(), { min: FC, desired: FC, max: 6 });
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
        // A check (6 s) and the action after it (one 8 s Route 53 attempt, 4 s for the wake) need 18 s.
        // Checks are due at 0, 10, 20, 30 s: with 38 s the one at 20 s still has its 18 s, with 37.999 s it has not.
        // The budgets are module constants: a fresh load of the handler sees them as the deployed bundle does.
        const { createHandler: create } = freshLoad<typeof import("../../functions/probe/handler")>("probe/handler");
        for (const [timeLeftMs, checks] of [[38_000, 3], [37_999, 2], [28_000, 2], [18_000, 1], [17_999, 0]] as const) {
            world = fresh();
            const out = await world.run([PASS, PASS, PASS, PASS, PASS], { timeLeftMs, create });
            assert.deepEqual(out, { checks: Array(checks).fill(true), route53: undefined, action: "none" }, `${timeLeftMs} ms left`);
        }
        world = fresh();
        const woke = await world.run([FAIL, FAIL, FAIL, FAIL, FAIL], { timeLeftMs: 40_000 });
        assert.deepEqual([woke.checks, woke.action], [[false, false, false], "raised"]);
    });

    it("judges checks in the order they started, even when a later one settles first, and none after the wake", async () => {
        const cases: { answers: boolean[]; out: unknown }[] = [
            // Two failures, but not in a row: nothing to ask Route 53 about.
            { answers: [FAIL, PASS, FAIL], out: { checks: [false, true, false], route53: undefined, action: "none" } },
            // The first two wake the standby; the third, settled before the first, is not judged after the wake.
            { answers: [FAIL, FAIL, PASS], out: { checks: [false, false], route53: "agrees", action: "raised" } },
        ];
        for (const { answers, out } of cases) {
            world = fresh();
            const settle: (() => void)[] = [];
            /** Check i answers `answers[i]`; the first answers only once the last has started. */
            let started = 0;
            const check = () => {
                const i = started++;
                if (i >= answers.length) throw new Error("more checks than PROBES_PER_RUN");
                const result = { ok: answers[i], detail: "scripted" };
                if (i > 0) {
                    if (i === answers.length - 1) settle.forEach((f) => f());
                    return Promise.resolve(result);
                }
                return new Promise<typeof result>((r) => settle.push(() => setImmediate(() => r(result))));
            };
            const clients = { autoScaling: new AutoScalingClient({ region: "us-east-1" }), route53: new Route53Client({ region: "us-east-1" }), sns: new SNSClient({ region: "us-east-1" }) };
            const env = probeEnv({ PROBES_PER_RUN: "3", FAILURE_THRESHOLD: "2" });
            assert.deepEqual(await createHandler({ env, check, sleep: () => Promise.resolve(), now: () => 0, logger: world.log, clients })({}), out, answers.join());
        }
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

    it("each client calls the standby region's API once per attempt, with connect and request timeouts", async () => {
        const c = createClients(parseSettings(probeEnv({ PRIMARY_REGION: "eu-west-1", STANDBY_REGION: "eu-central-1" })));
        const all = [c.autoScaling, c.route53, c.sns];
        assert.deepEqual(await Promise.all(all.map((x) => x.config.region())), ["eu-central-1", "eu-central-1", "eu-central-1"]);
        assert.deepEqual(await Promise.all(all.map((x) => x.config.maxAttempts())), [1, 1, 1]);
        for (const x of all) {
            const handler = (x.config.requestHandler as unknown as { configProvider: Promise<{ connectionTimeout?: number; requestTimeout?: number }> }).configProvider;
            const { connectionTimeout, requestTimeout } = await handler;
            assert.deepEqual({ connectionTimeout, requestTimeout }, { connectionTimeout: 3_000, requestTimeout: 5_000 });
        }
    });

    it("checks the primary ALB, asking for the service by its name on the configured path and string", () => {
        assert.deepEqual(checkTarget(parseSettings(probeEnv())),
            { endpoint: "primary-alb.us-west-2.elb.amazonaws.com", hostName: "app.example.com", path: "/health", searchString: "ha-web-tier: healthy" });
    });

    it("on the real clock, the next check waits for its start time; a run without Lambda's remaining time is not cut short", async () => {
        world = fresh();
        const env = probeEnv({ PROBES_PER_RUN: "2", FAILURE_THRESHOLD: "1", PROBE_INTERVAL_SECONDS: "1" });
        const clients = { autoScaling: new AutoScalingClient({ region: "us-east-1" }), route53: new Route53Client({ region: "us-east-1" }), sns: new SNSClient({ region: "us-east-1" }) };
        const startedAt: number[] = [];
        /** A passing check that throws at once past `n` checks, so a run that loops past its checks stops instead of spinning. */
        const passing = (n: number) => () => {
            if (startedAt.push(performance.now()) > n) throw new Error(`the run started more than ${n} checks`);
            return Promise.resolve({ ok: true, detail: "HTTP 200" });
        };
        // Only the default sleep and clock: one check, nothing to wait for.
        const once = await createHandler({ env: probeEnv({ PROBES_PER_RUN: "1", FAILURE_THRESHOLD: "1" }), check: passing(1), logger: world.log, clients })({}, {});
        assert.deepEqual(once, { checks: [true], route53: undefined, action: "none" });
        // The run's clock says 980 ms have passed by the second check: the default sleep waits the other 20 ms.
        startedAt.length = 0;
        let calls = 0;
        const now = () => (calls++ === 0 ? 0 : 980);
        const out = await createHandler({ env, check: passing(2), now, logger: world.log, clients })({});
        assert.deepEqual(out.checks, [true, true]);
        assert.ok(startedAt[1] - startedAt[0] >= 15, `the second check started ${startedAt[1] - startedAt[0]} ms after the first`);
    }).timeout(2_000);

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
