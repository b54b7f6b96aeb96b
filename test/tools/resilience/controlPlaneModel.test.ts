/**
 * What a region's loss does to the data (replicas, promotion), what an ARC Region switch plan adds to
 * a region's failover, and us-east-1's control-plane scenario, over small synthetic stacks.
 */
import * as assert from "node:assert/strict";
import { INSTANCE_READY_SECONDS, regionFailoverTimeline } from "../../../src/failover/rto";
import { addTier, Stack, twoRegionStack, UNKNOWN, userData, scenarioOf } from "./synthetic";

const drop = (s: Stack, ...names: string[]): void => {
    for (const n of names) s.resources.splice(s.resources.findIndex((r) => r.name === n), 1);
};

const NO_COPY = "0 once the region returns; if its data is lost, back to the last backup copied out of the region (none by default: RDS backups stay in their region)";
const LAG = "the replica's replication lag at the moment of failure (asynchronous; RDS publishes no bound: alarm on ReplicaLag)";

/** Three serving regions behind latency records, each tier in two zones with a NAT gateway per zone. */
function latencyRegions(): Stack {
    const st = new Stack();
    for (const region of ["us-west-2", "eu-west-1", "ap-southeast-2"]) {
        addTier(st, { region, zones: [`${region}a`, `${region}b`], desired: 2, nat: "per-az" });
        st.add("aws:route53/record:Record", `rec-${region}`, "us-east-1", { latencyRoutingPolicies: [{ region }] }, { aliases: [`${region}-alb`] });
    }
    return st;
}

/** The pilot light with a writer in us-west-2 and the replicas given (name, region, source), the wake function allowed to promote `promotable`. */
function withData(replicas: [string, string, string][], promotable: string[] = []): Stack {
    const s = twoRegionStack();
    // A writer of another region first, and a replica of a source outside the stack: neither is the failed region's writer's.
    s.add("aws:rds/instance:Instance", "eu-writer", "eu-west-1", { engine: "postgres", multiAz: true });
    s.add("aws:rds/instance:Instance", "outside-replica", "us-east-1", { multiAz: false, replicateSourceDb: "arn:aws:rds:eu-central-1:123456789012:db:w" });
    s.add("aws:rds/instance:Instance", "writer", "us-west-2", { engine: "postgres", multiAz: true });
    s.add("aws:rds/instance:Instance", "other-writer", "us-west-2", { engine: "postgres", multiAz: true });
    for (const [name, region, source] of replicas) {
        s.add("aws:rds/instance:Instance", name, region, { multiAz: false }, { replicateSourceDb: [source] });
    }
    if (promotable.length > 0) {
        s.add("aws:iam/rolePolicy:RolePolicy", "fn-promote", "us-east-1", { policy: { Statement: [{ Effect: "Allow", Action: ["rds:PromoteReadReplica"] }] } },
            { role: ["fn-role"], policy: promotable });
    }
    return s;
}

/** An ARC Region switch plan raising us-east-1's group from the us-west-2 alarm (`approval`: a manual approval step first). */
function regionSwitch(s: Stack, approval: boolean): void {
    s.add("aws:arcregionswitch/plan:Plan", "rs", "us-east-1", {
        workflows: [{ workflowTargetRegion: "us-east-1", steps: [...(approval ? [{ executionBlockType: "ManualApproval" }] : []), { executionBlockType: "EC2AutoScaling" }] }],
        triggers: [{ action: "activate" }],
    }, { workflows: ["us-east-1-asg", "us-west-2-asg"], associatedAlarms: ["unhealthy"] });
}

describe("resilience model: data on a region's loss, Region switch, us-east-1's control plane", () => {
    it("losing the writer's region with no replica where users go: down until it returns, RPO the backups copied out", () => {
        // One replica copies another writer, one sits in a region that takes no users: neither counts.
        const s = scenarioOf(withData([["r-other", "us-east-1", "other-writer"]]).resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.rtoSeconds, s.rpo], ["down", null, NO_COPY]);
        assert.ok(s.notes.includes('The writer Instance "writer" has no replica in us-east-1: writes and reads of its data stop until us-west-2 returns.'), s.notes.join("\n"));
        const elsewhere = withData([["r-eu", "eu-west-1", "writer"]]);
        assert.deepEqual([scenarioOf(elsewhere.resources, "region:us-west-2").outcome, scenarioOf(elsewhere.resources, "region:us-west-2").rpo], ["down", NO_COPY]);
    });

    it("a replica where users go bounds the RPO by its lag; a person promotes it unless the surviving wake function may", () => {
        const manual = scenarioOf(withData([["replica", "us-east-1", "writer"], ["replica-2", "us-east-1", "writer"]]).resources, "region:us-west-2");
        assert.deepEqual([manual.outcome, manual.rpo], ["manual", LAG]);
        assert.ok(manual.notes.includes('Writes stop until a person promotes Instance "replica", Instance "replica-2" (several minutes; README, "Promoting the database replica"); reads continue from it.'), manual.notes.join("\n"));
        // Two replicas, the function may promote one of them: the promotion is automatic.
        const auto = scenarioOf(withData([["replica", "us-east-1", "writer"], ["replica-2", "us-east-1", "writer"]], ["replica"]).resources, "region:us-west-2");
        assert.deepEqual([auto.outcome, auto.rpo], ["recovers", LAG]);
        assert.ok(auto.notes.some((n) => n.startsWith('Writes stop until Function "fn" promotes Instance "replica", Instance "replica-2" once the primary has failed')), auto.notes.join("\n"));
    });

    it("a wake function in the failed region cannot promote: the promotion is a person's", () => {
        const st = withData([["replica", "us-east-1", "writer"]], ["replica"]);
        // Its function moves to the failed region; the alarm stays out of it.
        const fn = st.resources.find((r) => r.name === "fn");
        assert.ok(fn);
        fn.region = "us-west-2";
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.ok(s.notes.some((n) => n.startsWith("Writes stop until a person promotes")), s.notes.join("\n"));
    });

    it("a replica in any one of the regions taking over keeps the data: the promotion is what remains", () => {
        const st = latencyRegions();
        st.add("aws:rds/instance:Instance", "writer", "us-west-2", { engine: "postgres", multiAz: true });
        st.add("aws:rds/instance:Instance", "replica", "eu-west-1", { multiAz: false }, { replicateSourceDb: ["writer"] });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.rpo], ["manual", LAG]);
    });

    it("a region whose failure no one takes over keeps the stateless RPO unless its writer is there", () => {
        const single = new Stack();
        addTier(single, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 2, nat: "per-az" });
        single.add("aws:rds/instance:Instance", "replica", "us-west-2", { multiAz: false, replicateSourceDb: "arn:aws:rds:eu-west-1:123456789012:db:w" });
        single.add("aws:rds/instance:Instance", "eu-writer", "eu-west-1", { engine: "postgres", multiAz: true });
        const s = scenarioOf(single.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.rpo, s.servedBy, s.steps], ["down", "none (stateless web tier)", [], []]);
        // Its writer there, beside a replica: only what was copied out survives.
        single.add("aws:rds/instance:Instance", "writer", "us-west-2", { engine: "postgres", multiAz: true });
        assert.equal(scenarioOf(single.resources, "region:us-west-2").rpo, NO_COPY);
    });

    it("a writer with no replica where any of the taking regions is names them all", () => {
        const st = latencyRegions();
        st.add("aws:rds/instance:Instance", "writer", "us-west-2", { engine: "postgres", multiAz: true });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.ok(s.notes.includes('The writer Instance "writer" has no replica in eu-west-1, ap-southeast-2: writes and reads of its data stop until us-west-2 returns.'), s.notes.join("\n"));
    });

    it("a Region switch plan wakes the pilot light from the alarm; a manual approval step first makes the failover manual", () => {
        for (const approval of [false, true]) {
            const st = twoRegionStack();
            drop(st, "fn-sub");
            regionSwitch(st, approval);
            const s = scenarioOf(st.resources, "region:us-west-2");
            assert.equal(s.outcome, approval ? "manual" : "recovers", `approval ${approval}`);
            assert.deepEqual(s.steps, regionFailoverTimeline({ mode: "pilot-light", interval: 10, failureThreshold: 3, instanceReadySeconds: INSTANCE_READY_SECONDS,
                targetHealthySeconds: 15, detection: "alarm", warmPool: false, frontDoor: "dns", engine: "arc-region-switch",
                failedTargetHealth: { interval: 15, unhealthyThreshold: 3, timeout: 6 }, approval }));
            assert.ok(s.notes.some((n) => n.startsWith("The Region switch plan raises us-east-1's group but reserves no capacity")), s.notes.join("\n"));
            assert.equal(s.notes.includes("The plan waits for a person to approve it before it scales us-east-1, which serves no one until then."), approval);
        }
    });

    it("of two plans raising the pilot light, one waiting for approval is enough to make the failover manual", () => {
        const st = twoRegionStack();
        drop(st, "fn-sub");
        regionSwitch(st, false);
        st.add("aws:arcregionswitch/plan:Plan", "rs-approved", "us-east-1", {
            workflows: [{ workflowTargetRegion: "us-east-1", steps: [{ executionBlockType: "ManualApproval" }, { executionBlockType: "EC2AutoScaling" }] }],
            triggers: [{ action: "activate" }],
        }, { workflows: ["us-east-1-asg"], associatedAlarms: ["unhealthy"] });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.equal(s.outcome, "manual");
        assert.ok(s.steps.some((x) => /approves/.test(x.what)));
        assert.ok(s.notes.includes("The plan waits for a person to approve it before it scales us-east-1, which serves no one until then."), s.notes.join("\n"));
    });

    it("a warm standby's plan with an approval step still recovers; the note says the plan waits, not that no one is served", () => {
        const st = twoRegionStack({ standbyDesired: 1 });
        drop(st, "fn-sub");
        regionSwitch(st, true);
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.equal(s.outcome, "recovers");
        assert.ok(s.notes.includes("The plan waits for a person to approve it before it scales us-east-1."), s.notes.join("\n"));
    });

    it("a pilot light woken both by the function and by a plan takes the function's timeline, without the plan's notes", () => {
        const st = twoRegionStack();
        regionSwitch(st, true);
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.equal(s.outcome, "recovers");
        assert.ok(!s.notes.some((n) => /Region switch plan|approve/.test(n)), s.notes.join("\n"));
        assert.ok(!s.steps.some((x) => /Region switch/.test(x.what)));
    });

    it("us-east-1's control plane: unaffected, served as before; a standby woken through it only gets an advisory finding", () => {
        const s = scenarioOf(twoRegionStack().resources, "control-plane:us-east-1");
        assert.deepEqual([s.domain, s.title, s.outcome, s.servedBy, s.stability, s.rtoSeconds], ["control-plane", "us-east-1 control plane", "unaffected", ["us-west-2"], "pass", 0]);
        assert.match(s.notes[0] ?? "", /^Route 53 keeps answering and checking \(data plane\)/);
        assert.deepEqual(s.findings.map((f) => [f.level, f.name]), [["advisory", "unhealthy"]]);
        assert.equal(s.findings[0]?.message, 'The wake path of Group "us-east-1-asg" in us-east-1 runs through us-east-1 (MetricAlarm "unhealthy", Topic "alarms-topic", Key "alarms-key", '
            + 'TopicSubscription "fn-sub", Function "fn"): while that control plane is down, a failure of the primary would not wake the standby; the standby is in us-east-1 itself, whose Auto Scaling API is down too.');
    });

    it("a standby outside us-east-1 woken through it: the fix is a scheduled probe in its own region", () => {
        const st = twoRegionStack();
        for (const r of st.resources.filter((x) => x.name.startsWith("us-east-1-"))) r.region = "us-west-1";
        const s = scenarioOf(st.resources, "control-plane:us-east-1");
        assert.match(s.findings[0]?.message ?? "", /^The wake path of Group "us-east-1-asg" in us-west-1 runs through us-east-1 .*; a wake path inside us-west-1 \(a scheduled probe\) would\.$/);
    });

    it("a group that already serves is no control-plane finding, whatever scales it; each standby is judged by its own wake paths", () => {
        const serving = twoRegionStack({ standbyDesired: 1 });
        serving.set("rec-us-east-1", { failoverRoutingPolicies: undefined, latencyRoutingPolicies: [{ region: "us-east-1" }] });
        serving.set("rec-us-west-2", { failoverRoutingPolicies: undefined, latencyRoutingPolicies: [{ region: "us-west-2" }] });
        assert.deepEqual(scenarioOf(serving.resources, "control-plane:us-east-1").findings, []);
        // A second standby woken by a probe in its own region: us-east-1's standby keeps its finding.
        const two = twoRegionStack();
        addTier(two, { region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], desired: 0, nat: "single" });
        two.add("aws:lambda/function:Function", "eu-probe", "eu-west-1", {}, { environment: ["eu-west-1-asg"] });
        two.add("aws:scheduler/schedule:Schedule", "eu-schedule", "eu-west-1", { scheduleExpression: "rate(1 minute)" }, { target: ["eu-probe"] });
        assert.deepEqual(scenarioOf(two.resources, "control-plane:us-east-1").findings.map((f) => f.name), ["unhealthy"]);
    });

    it("a Region switch plan adds that its control plane is in us-east-1 too", () => {
        const st = twoRegionStack();
        assert.ok(!scenarioOf(st.resources, "control-plane:us-east-1").notes.some((n) => /Region switch/.test(n)));
        regionSwitch(st, false);
        assert.ok(scenarioOf(st.resources, "control-plane:us-east-1").notes.some((n) => n.startsWith("Region switch's control plane is in us-east-1 too")));
    });

    it("a tier serving from us-east-1 loses replacements there; one elsewhere booting from us-east-1 gets an advisory finding with its own region's fix", () => {
        const st = new Stack();
        addTier(st, { region: "us-east-1", zones: ["us-east-1a", "us-east-1b"], desired: 2, nat: "per-az" });
        addTier(st, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 2, nat: "per-az", userData: userData("123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1") });
        const s = scenarioOf(st.resources, "control-plane:us-east-1");
        assert.deepEqual([s.outcome, s.servedBy, s.stability], ["unaffected", ["us-east-1", "us-west-2"], "pass"]);
        assert.ok(s.notes.includes("Instances that fail in us-east-1 are not replaced while its EC2 and Auto Scaling APIs are down."), s.notes.join("\n"));
        assert.deepEqual(s.findings.map((f) => [f.level, f.name]), [["advisory", "us-west-2-lt"]]);
        assert.match(s.findings[0]?.message ?? "", /^LaunchTemplate "us-west-2-lt" in us-west-2 pulls its image from .*: replacements cannot boot while us-east-1 is down; pull from a registry in us-west-2 /);
        // Served from elsewhere only, nothing notes replacements in us-east-1.
        const west = twoRegionStack();
        assert.ok(!scenarioOf(west.resources, "control-plane:us-east-1").notes.some((n) => /not replaced/.test(n)));
    });

    it("a serving tier whose boot the plan cannot read leaves the control-plane scenario's stability unknown, its outcome unaffected", () => {
        const st = new Stack();
        addTier(st, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 2, nat: "per-az", userData: UNKNOWN });
        const s = scenarioOf(st.resources, "control-plane:us-east-1");
        assert.deepEqual([s.outcome, s.stability], ["unaffected", "unknown"]);
        assert.match(s.unknowns[0] ?? "", /LaunchTemplate "us-west-2-lt" pulls its image from: its user data is only known after deploy/);
    });
});
