// The reconcile's own answer (what it found and did) for every branch, the health history it judges by,
// and the capacity shortages it reports; called directly, against the same world as the handler tests.
import assert from "node:assert/strict";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { createClients } from "../../functions/failover/aws";
import { type ReconcileContext, healthyFor, reconcile } from "../../functions/failover/reconcile";
import { parseSettings } from "../../functions/failover/settings";
import { callOnce } from "../../functions/shared/retry";
import { WAKE, World, baseEnv, holdEnv, promoteEnv, size, AWAKE, denied } from "./failoverFixtures";
import { freshLoad } from "./freshLoad";

const T = "2026-03-01T11:40:00.000+0000";
const HOLD = "/ha-web-tier/prod/primary-held";
const ASLEEP = { minSize: 0, desiredCapacity: 0 };
const healthy = (minutes = 20) => Array.from({ length: minutes }, () => 1);

function context(w: World, env: Record<string, string | undefined> = holdEnv()): ReconcileContext {
    const s = parseSettings(env);
    return { s, clients: createClients(s), log: w.log, call: callOnce, now: () => new Date(w.clock) };
}

describe("the reconcile's outcome, branch by branch", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a standby at its resting size or below must be at rest; above it in either value, it must not", async () => {
        world = new World();
        world.health = healthy();
        assert.deepEqual(await reconcile(context(world)), { kind: "at-rest" });
        world.reset({ group: { minSize: 0, desiredCapacity: 2 } });
        world.transition(WAKE, "ALARM", T);
        assert.equal((await reconcile(context(world))).kind, "kept");
        world.reset({ group: { minSize: 1, desiredCapacity: 2 } });
        world.transition(WAKE, "ALARM", T);
        assert.equal((await reconcile(context(world, holdEnv({ STANDBY_DESIRED_CAPACITY: "2" })))).kind, "kept");
    });

    it("an awake standby with every condition met must be lowered, with or without a switch", async () => {
        for (const env of [holdEnv(), baseEnv({ PRIMARY_HEALTH_CHECK_ID: "hc-primary" })]) {
            world?.restore();
            world = new World({ group: AWAKE });
            world.health = healthy();
            assert.deepEqual(await reconcile(context(world, env)), { kind: "lowered" });
            assert.deepEqual(size(world), ASLEEP);
        }
    });

    it("a standby kept up must list exactly the reasons that hold, and never look at the replica once one does", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        world.replica = "promoted";
        world.transition(WAKE, "ALARM", T);
        assert.deepEqual(await reconcile(context(world, { ...promoteEnv(), HOLD_REGION: "us-west-2", PRIMARY_HEALTH_CHECK_ID: "hc-primary" })), { kind: "kept", reasons: ["the wake alarm is ALARM"] });
        assert.ok(!world.calls.includes("rds:DescribeDBInstances"));
    });

    it("a standby must stay up without a health check to read, or when its replica cannot be read, saying why", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        assert.deepEqual(await reconcile(context(world, holdEnv({ PRIMARY_HEALTH_CHECK_ID: "" }))), { kind: "kept", reasons: ["no health check of the primary to read the history of"] });
        world.reset({ group: AWAKE });
        world.health = healthy();
        world.fail("rds:DescribeDBInstances", denied());
        assert.deepEqual(await reconcile(context(world, { ...promoteEnv(), HOLD_REGION: "us-west-2", PRIMARY_HEALTH_CHECK_ID: "hc-primary" })),
            { kind: "kept", reasons: ["the replica could not be read (AccessDeniedException: denied)"] });
        assert.deepEqual(size(world), AWAKE);
    });

    it("a wake alarm that turns while the standby is lowered must raise it again, and say the alarm's state", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        world.gate = (action) => {
            if (action === "autoscaling:UpdateAutoScalingGroup" && world.group.minSize > 0) world.transition(WAKE, "ALARM", T);
            return Promise.resolve();
        };
        assert.deepEqual(await reconcile(context(world)), { kind: "raised-again", wakeAlarm: "ALARM" });
        assert.deepEqual(size(world), AWAKE);
    });

    it("a hold set, or a hold that cannot be read, while the standby is lowered must raise it again", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        world.params.set(HOLD, "false");
        world.gate = (action) => {
            if (action === "autoscaling:UpdateAutoScalingGroup" && world.group.minSize > 0) world.params.set(HOLD, "true");
            return Promise.resolve();
        };
        assert.deepEqual(await reconcile(context(world)), { kind: "raised-again", wakeAlarm: "OK (held)" });
        assert.deepEqual(size(world), AWAKE);

        world.reset({ group: AWAKE });
        world.health = healthy();
        world.params.set(HOLD, "false");
        let reads = 0;
        world.gate = (action) => {
            if (action === "ssm:GetParameter" && ++reads === 2) world.fail(action, denied());
            return Promise.resolve();
        };
        assert.deepEqual(await reconcile(context(world)), { kind: "raised-again", wakeAlarm: "OK (held)" });
        assert.deepEqual(size(world), AWAKE);
    });

    it("a wake alarm that cannot be read again after lowering must raise the standby and fail the run", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        let reads = 0;
        world.gate = (action) => {
            if (action === "cloudwatch:DescribeAlarms" && ++reads === 2) world.fail(action, denied());
            return Promise.resolve();
        };
        await assert.rejects(reconcile(context(world)), /denied/);
        assert.deepEqual(size(world), AWAKE);
    });
});

describe("the reconcile's reads", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a failure without a name must still be given as a reason, as an error", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        const nameless = new Error("no route");
        Object.defineProperty(nameless, "name", { value: undefined });
        world.fail("cloudwatch:DescribeAlarms", nameless);
        const out = await reconcile(context(world));
        assert.ok(out.kind === "kept" && out.reasons.includes("the wake alarm could not be read (Error: no route)"), JSON.stringify(out));
    });

    it("each read must reach the retry policy named by its IAM action", async () => {
        world = new World({ group: AWAKE });
        world.health = healthy();
        const labels = new Set<string>();
        await reconcile({ ...context(world), call: (label, fn) => (labels.add(label), fn()) });
        for (const action of ["cloudwatch:GetMetricData", "autoscaling:DescribeScalingActivities"]) {
            assert.ok(labels.has(action), `${action} not named: ${[...labels].join(", ")}`);
        }
    });
});

describe("the reconcile with manual failback holds a primary that fails", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a failing primary must be held out and on-call told, within SNS's subject limit whatever the stack's name", async () => {
        world = new World({ group: AWAKE });
        const stack = "a-rather-long-stack-name-".repeat(3);
        const hold = `/ha-web-tier/${stack}/primary-held`;
        world.params.set(hold, "false");
        world.health = [...healthy(19), 0];
        const out = await reconcile(context(world, holdEnv({ FAILBACK: "manual", STACK: stack })));
        assert.equal(world.params.get(hold), "true");
        assert.ok(out.kind === "kept" && out.reasons.includes("the primary fails and failback is manual: it is now held out"), JSON.stringify(out));
        const message = world.published[0];
        assert.ok(message?.Subject && message.Subject.length <= 99 && message.Subject.startsWith(`[${stack}] Primary us-east-2`), message?.Subject);
        assert.ok((message.Message ?? "").includes("is now held out of DNS. Users stay on the standby us-west-2 until a person releases the primary, however healthy it becomes. Release it with:\n  npm run switch -- failback"), message.Message);
    });

    it("a failing primary must not be held when failback is automatic, or when the hold cannot be read", async () => {
        world = new World({ group: AWAKE });
        world.params.set(HOLD, "false");
        world.health = [...healthy(19), 0];
        await reconcile(context(world, holdEnv()));
        assert.equal(world.params.get(HOLD), "false");
        assert.deepEqual(world.published, []);

        world.reset({ group: AWAKE });
        world.params.set(HOLD, "false");
        world.health = [...healthy(19), 0];
        world.fail("ssm:GetParameter", denied());
        await reconcile(context(world, holdEnv({ FAILBACK: "manual" })));
        assert.equal(world.params.get(HOLD), "false");
    });

    it("no health data at all must not count as a failing primary", async () => {
        world = new World({ group: AWAKE });
        world.params.set(HOLD, "false");
        await reconcile(context(world, holdEnv({ FAILBACK: "manual" })));
        assert.equal(world.params.get(HOLD), "false");
    });
});

describe("the primary's health history the reconcile judges by", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a failing minute just before the hold time must not count, and a newest datapoint exactly as old as allowed is fresh", async () => {
        world = new World();
        world.health = healthy();
        world.health[4] = 0; // 16 minutes old: the window is the 15 minutes up to the newest datapoint
        assert.deepEqual(await healthyFor(context(world), 15), { healthy: true, latestUnhealthy: false, detail: "healthy every minute of the last 15" });
        world.health[3] = 0;
        world.healthLagMinutes = 3;
        assert.equal((await healthyFor(context(world), 15)).healthy, true);
    });

    it("an answer without results, or with times but no values, must not count as healthy", async () => {
        world = new World();
        const answering = (answer: unknown): ReconcileContext => ({ ...context(world), clients: { ...context(world).clients, cloudWatch: { send: () => Promise.resolve(answer) } as unknown as CloudWatchClient } });
        assert.deepEqual(await healthyFor(answering({}), 15), { healthy: false, latestUnhealthy: false, detail: "no HealthCheckStatus datapoints" });
        const at = Array.from({ length: 15 }, (_, k) => new Date(world.clock - (k + 1) * 60_000));
        assert.deepEqual(await healthyFor(answering({ MetricDataResults: [{ Id: "status", Timestamps: at }] }), 15),
            { healthy: false, latestUnhealthy: false, detail: "15 of the last 15 minutes unhealthy" });
    });
});

describe("the reconcile's report of a standby short of capacity", () => {
    let world: World;
    afterEach(() => world.restore());
    const activity = (minutesAgo: number, w: World, fields: Record<string, string>) => ({
        ActivityId: `a-${minutesAgo}`, AutoScalingGroupName: "web-standby-asg", Cause: "raise", Progress: 100,
        StartTime: new Date(w.clock - minutesAgo * 60_000), StatusCode: "Failed" as const, ...fields,
    });

    it("a shortage said in the status or only in the description, up to six minutes old, must be reported with its own words", async () => {
        world = new World({ group: AWAKE });
        world.transition(WAKE, "ALARM", T);
        world.activities = [
            activity(6, world, { StatusMessage: "We currently do not have sufficient t3.small capacity in us-west-2a." }),
            activity(3, world, { Description: "Launching a new EC2 instance. Status Reason: InsufficientInstanceCapacity in us-west-2b" }),
            { ...activity(2, world, { StatusMessage: "InsufficientInstanceCapacity in another group" }), AutoScalingGroupName: "another-asg" },
        ];
        const { reconcile: fresh } = freshLoad<typeof import("../../functions/failover/reconcile")>("failover/reconcile");
        await fresh(context(world));
        const message = world.published.find((p) => /CAPACITY/.test(p.Subject ?? ""))?.Message ?? "";
        assert.ok(message.includes("  - We currently do not have sufficient t3.small capacity in us-west-2a."), message);
        assert.ok(message.includes("  - Launching a new EC2 instance. Status Reason: InsufficientInstanceCapacity in us-west-2b"), message);
        assert.ok(!message.includes("another group"), message);
        assert.match(message, /but 2 launch\(es\)/);
    });

    it("an activity without a start time must not hide the shortages beside it", async () => {
        world = new World({ group: AWAKE });
        world.transition(WAKE, "ALARM", T);
        const undated: Record<string, unknown> = activity(1, world, { StatusMessage: "Successful" });
        delete undated.StartTime;
        world.activities = [undated as never, activity(2, world, { StatusMessage: "InsufficientInstanceCapacity in us-west-2a" })];
        await reconcile(context(world));
        const message = world.published.find((p) => /CAPACITY/.test(p.Subject ?? ""))?.Message ?? "";
        assert.ok(message.includes("  - InsufficientInstanceCapacity in us-west-2a"), message);
    });
});
