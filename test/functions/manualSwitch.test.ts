// Manual failover and failback without a deploy: the operators' command (tools/switch) against the
// in-memory world, and the hold it sets against the failover function, the probe and the reconcile.
import assert from "node:assert/strict";
import { type AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { RECONCILE_EVENT } from "../../functions/shared/contract";
import { createHandler as createProbe } from "../../functions/probe/handler";
import { runSwitch } from "../../tools/switch/index";
import { ROOT } from "../mocks";
import { RECOVERY, STANDBY_ASG, WAKE, World, holdEnv, size } from "./failoverFixtures";
import { probeEnv, RecordingLog } from "./probeWorld";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:05:00.000+0000";
const T3 = "2026-03-01T10:40:00.000+0000";
const HOLD = "/ha-web-tier/prod/primary-held";
const AWAKE = { minSize: 3, desiredCapacity: 3 };
const ASLEEP = { minSize: 0, desiredCapacity: 0 };
const healthy = () => Array.from({ length: 20 }, () => 1);

/** The world as a deployed stack leaves it: the standby described for the command, nothing held. */
function deployed(): World {
    const w = new World();
    w.params.set("/ha-web-tier/prod/standby", JSON.stringify({ asg: STANDBY_ASG, failoverCapacity: 3, resting: { minSize: 0, desiredCapacity: 0 } }));
    w.params.set(HOLD, "false");
    return w;
}

/** One probe run in this world, its checks scripted. */
function probeRun(ok: boolean) {
    const env = probeEnv({ STANDBY_ASG_NAME: STANDBY_ASG, FAILOVER_CAPACITY: "3", STANDBY_REGION: "us-west-2", PRIMARY_REGION: "us-east-2" });
    let started = 0;
    return createProbe({
        env,
        check: () => {
            // Thrown at once, not rejected: a run that loops past its checks stops here instead of spinning.
            if (started++ >= Number(env.PROBES_PER_RUN)) throw new Error("the run started more than PROBES_PER_RUN checks");
            return Promise.resolve({ ok, detail: "scripted" });
        },
        sleep: () => Promise.resolve(),
        logger: new RecordingLog(),
    })({});
}

describe("manual failover and failback (npm run switch) against the function, the probe and the reconcile", () => {
    let world: World;
    afterEach(() => world.restore());
    const switchCmd = (...argv: string[]) => runSwitch([...argv, "--stack", "prod"], { root: ROOT });

    it("failover holds the primary out, then raises the standby, in the standby region only, and prints the AWS CLI lines", async () => {
        world = deployed();
        const out = await switchCmd("failover");
        assert.equal(out.exitCode, 0, out.text);
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.params.get(HOLD), "true");
        assert.deepEqual(world.holdMetric, [1]);
        // The hold first: a scale-in racing the command then re-reads it, or is undone by the raise (see failoverConcurrency).
        assert.deepEqual(world.calls.filter((c) => !c.startsWith("ssm:GetParameter")), ["ssm:PutParameter", "cloudwatch:PutMetricData", "autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup"]);
        // Pulumi.prod.yaml: the standby is us-east-1.
        const client = world.asgMock.commandCalls(UpdateAutoScalingGroupCommand)[0].thisValue as AutoScalingClient;
        assert.equal(await client.config.region(), "us-east-1");
        assert.match(out.text, /aws cloudwatch put-metric-data --namespace ha-web-tier\/prod --metric-name PrimaryHeld --unit Count --value 1 --region us-east-1/);
        assert.match(out.text, /aws ssm put-parameter --name \/ha-web-tier\/prod\/primary-held --type String --overwrite --value true --region us-east-1/);
    });

    it("a manual hold survives a probe run, a recovery alarm and the reconcile; failback releases it and the reconcile then puts the standby to rest", async () => {
        world = deployed();
        await switchCmd("failover");
        world.health = healthy();
        // The probe: a healthy primary changes nothing; a failing one only raises.
        await probeRun(true);
        world.checkersHealthy = false;
        await probeRun(false);
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.params.get(HOLD), "true");
        // The recovery alarm: the primary has been healthy for the window, but it is held out.
        const fn = world.handler(holdEnv());
        await fn(world.transition(RECOVERY, "ALARM", T3));
        assert.deepEqual(size(world), AWAKE);
        assert.match(world.published.at(-1)?.Subject ?? "", /healthy but held out/);
        await fn(RECONCILE_EVENT);
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.params.get(HOLD), "true");

        const out = await switchCmd("failback");
        assert.equal(out.exitCode, 0, out.text);
        assert.equal(world.params.get(HOLD), "false");
        assert.equal(world.holdMetric.at(-1), 0);
        await fn(RECONCILE_EVENT);
        assert.deepEqual(size(world), ASLEEP);
    });

    it("with failback manual, a wake holds the primary out: users stay on the standby through its recovery until a person releases it", async () => {
        world = deployed();
        const fn = world.handler(holdEnv({ FAILBACK: "manual", FAILOVER_DESIRED_CAPACITY: "3" }));
        await fn(world.transition(WAKE, "ALARM", T1));
        assert.equal(world.params.get(HOLD), "true");
        assert.deepEqual(world.holdMetric, [1]);
        assert.match(world.published[0].Message ?? "", /FAILBACK IS MANUAL[\s\S]*npm run switch -- failback --stack prod/);
        await fn(world.transition(WAKE, "OK", T2));
        assert.match(world.published.at(-1)?.Message ?? "", /failback is manual: it stays held out of DNS/);
        world.health = healthy();
        await fn(world.transition(RECOVERY, "ALARM", T3));
        await fn(RECONCILE_EVENT);
        assert.deepEqual(size(world), AWAKE, "the standby was lowered while the primary was held out");
        await switchCmd("failback");
        await fn(RECONCILE_EVENT);
        assert.deepEqual(size(world), ASLEEP);
    });

    it("with failback automatic (the default), a wake holds nothing", async () => {
        world = deployed();
        await world.handler(holdEnv({ FAILOVER_DESIRED_CAPACITY: "3" }))(world.transition(WAKE, "ALARM", T1));
        assert.equal(world.params.get(HOLD), "false");
        assert.deepEqual(world.holdMetric, []);
    });

    it("status reports the hold and the standby's size", async () => {
        world = deployed();
        await switchCmd("failover");
        const out = await switchCmd("status");
        assert.equal(out.exitCode, 0, out.text);
        assert.match(out.text, /HELD OUT of DNS/);
        assert.match(out.text, /min 3, desired 3/);
    });

    it("a failed AWS call exits 1 and prints the AWS CLI lines to do it by hand", async () => {
        world = deployed();
        world.fail("cloudwatch:PutMetricData", Object.assign(new Error("endpoint unreachable"), { name: "TimeoutError" }), 10);
        const out = await switchCmd("failover");
        assert.equal(out.exitCode, 1);
        assert.match(out.text, /TimeoutError: endpoint unreachable/);
        assert.match(out.text, /aws cloudwatch put-metric-data .* --value 1 --region us-east-1/);
    });

    it("a command it cannot act on is a usage error (exit 64)", async () => {
        world = deployed();
        assert.equal((await runSwitch(["sideways"])).exitCode, 64);
        assert.equal((await runSwitch(["failover", "--stack"])).exitCode, 64);
        assert.equal((await runSwitch(["failover", "--stack", "nope"], { root: ROOT })).exitCode, 64);
        assert.deepEqual(world.calls, []);
    });
});
