/**
 * The region scenarios over small synthetic stacks: which region takes over (Route 53 failover or
 * latency records, Global Accelerator, nothing routing), what wakes it and whether that survives, what
 * its instances need at boot, and what happens to the data.
 */
import * as assert from "node:assert/strict";
import { ACCELERATOR_SHIFT_SECONDS, INSTANCE_READY_SECONDS, regionFailoverTimeline, type RegionTimelineInputs } from "../../../src/failover/rto";
import type { Scenario } from "../../../tools/resilience";
import { addTier, Stack, twoRegionStack, UNKNOWN, userData, scenarioOf } from "./synthetic";

const named = (s: Scenario, level: "mandatory" | "advisory"): string[] => s.findings.filter((f) => f.level === level).map((f) => f.name).sort();
/** Points a resource's property at other resources (by name) instead of what it had. */
function repoint(s: Stack, name: string, prop: string, targets: string[]): void {
    const r = s.resources.find((x) => x.name === name);
    assert.ok(r);
    r.propertyDependencies = { ...r.propertyDependencies, [prop]: targets.map((t) => s.resources.find((x) => x.name === t)?.urn ?? "") };
}
const drop = (s: Stack, ...names: string[]): void => {
    for (const n of names) s.resources.splice(s.resources.findIndex((r) => r.name === n), 1);
};

/** Two zones of `region`, `desired` instances. */
const tier = (s: Stack, region: string, desired: number, image?: string): void =>
    addTier(s, { region, zones: [`${region}a`, `${region}b`], desired, nat: "per-az", userData: image === undefined ? undefined : userData(image) });

/** A Route 53 check and a record (`policy`: its routing inputs) on `region`'s load balancer. */
function route(s: Stack, region: string, policy: Record<string, unknown>): void {
    s.add("aws:route53/healthCheck:HealthCheck", `hc-${region}`, "us-east-1", { requestInterval: 10, failureThreshold: 3 }, { fqdn: [`${region}-alb`] });
    s.add("aws:route53/record:Record", `rec-${region}`, "us-east-1", policy, { aliases: [`${region}-alb`], healthCheckId: [`hc-${region}`] });
}
const PRIMARY = { failoverRoutingPolicies: [{ type: "PRIMARY" }] };
const SECONDARY = { failoverRoutingPolicies: [{ type: "SECONDARY" }] };

/** A wake path: an alarm on `watched`'s target group and its topic in `alarmRegion`, a function in `fnRegion` scaling `wakes`. */
function wake(s: Stack, o: { alarmRegion: string; watched: string; fnRegion: string; wakes: string[] }): void {
    s.add("aws:sns/topic:Topic", "wake-topic", o.alarmRegion);
    s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "wake-alarm", o.alarmRegion, { metricName: "UnHealthyHostCount" },
        { dimensions: [`${o.watched}-tg`], alarmActions: ["wake-topic"] });
    s.add("aws:lambda/function:Function", "wake-fn", o.fnRegion, {}, { environment: o.wakes.map((w) => `${w}-asg`) });
    s.add("aws:sns/topicSubscription:TopicSubscription", "wake-sub", o.alarmRegion, { protocol: "lambda" }, { topic: ["wake-topic"], endpoint: ["wake-fn"] });
}

/** us-east-1 serving behind Global Accelerator (its accelerator in us-west-2), us-west-2 the standby at `dial` and `weight`. */
function accelerated(o: { desired: number; dial?: number; weight?: number }): Stack {
    const s = new Stack();
    // The standby's group first: the failback note must still read the failed region's target group.
    tier(s, "us-west-2", o.desired);
    tier(s, "us-east-1", 2);
    // The failed region's own target group: GA detects the failure through it.
    s.set("us-east-1-tg", { healthCheck: { interval: 10, healthyThreshold: 4, unhealthyThreshold: 2, timeout: 5 } });
    s.add("aws:globalaccelerator/accelerator:Accelerator", "ga", "us-west-2", { ipAddressType: "IPV4" });
    s.add("aws:globalaccelerator/listener:Listener", "ga-listener", "us-west-2", {}, { acceleratorArn: ["ga"] });
    for (const [region, dial, weight] of [["us-west-2", o.dial ?? 0, o.weight ?? 128], ["us-east-1", 100, 128]] as const) {
        s.add("aws:globalaccelerator/endpointGroup:EndpointGroup", `eg-${region}`, "us-west-2",
            { endpointGroupRegion: region, trafficDialPercentage: dial, endpointConfigurations: [{ weight }] },
            { listenerArn: ["ga-listener"], endpointConfigurations: [`${region}-alb`] });
    }
    return s;
}

const GA_NOTES = [
    "Global Accelerator moves new connections only: established ones to us-east-1 stay until the client or the server resets them.",
    "Failback is automatic: once us-east-1's ALB passes 4 checks 10 s apart, GA sends new connections back within about 30 s; a region that flaps pulls users back and forth.",
    "GA sees us-east-1 through its ALB's target health; how it detects an ALB or a region that stops reporting health is not documented.",
];

/** The timeline the model should pick, from the synthetic stacks' settings (checks 10 s x 3, target groups every 15 s). */
const timeline = (o: Partial<RegionTimelineInputs>): number[] => regionFailoverTimeline({
    mode: "warm-standby", interval: 10, failureThreshold: 3, instanceReadySeconds: INSTANCE_READY_SECONDS, targetHealthySeconds: 15, detection: "alarm",
    warmPool: false, frontDoor: "dns", engine: "function", failedTargetHealth: { interval: 15, unhealthyThreshold: 3, timeout: 6 }, approval: false, ...o,
}).map((x) => x.seconds);

describe("resilience model: a region fails", () => {
    it("behind Global Accelerator a warm standby takes over on the failed ALB's target health, whatever its dial, with failback notes", () => {
        const s = scenarioOf(accelerated({ desired: 1 }).resources, "region:us-east-1");
        assert.deepEqual([s.domain, s.title, s.outcome, s.servedBy, s.stability], ["region", "region us-east-1", "recovers", ["us-west-2"], "pass"]);
        assert.deepEqual(s.steps.map((x) => x.seconds), [10 * 2 + 5, ACCELERATOR_SHIFT_SECONDS]);
        assert.deepEqual(s.notes, GA_NOTES);
    });

    it("behind Global Accelerator a standby endpoint of weight 0 takes nothing over: down, no RTO", () => {
        const s = scenarioOf(accelerated({ desired: 1, weight: 0 }).resources, "region:us-east-1");
        assert.deepEqual([s.outcome, s.rtoSeconds, s.servedBy, s.steps], ["down", null, [], []]);
        assert.deepEqual(s.notes, ["No other region takes over from us-east-1: the service is back when the region is (RTO: the region's recovery)."]);
    });

    it("behind Global Accelerator a pilot light is woken and GA sends users once its ALB is healthy; Route 53's defaults where no check exists", () => {
        const st = accelerated({ desired: 0 });
        wake(st, { alarmRegion: "us-west-2", watched: "us-east-1", fnRegion: "us-west-2", wakes: ["us-west-2"] });
        const s = scenarioOf(st.resources, "region:us-east-1");
        assert.deepEqual([s.outcome, s.servedBy], ["recovers", ["us-west-2"]]);
        assert.deepEqual(s.steps.map((x) => x.seconds), timeline({ mode: "pilot-light", interval: 30, frontDoor: "global-accelerator" }));
    });

    it("Global Accelerator's control plane is in us-west-2: only that region's scenario says so, and only with an accelerator", () => {
        const st = accelerated({ desired: 1 });
        assert.ok(scenarioOf(st.resources, "region:us-west-2").notes.some((n) => /^Global Accelerator's control plane is in us-west-2: /.test(n)));
        assert.ok(!scenarioOf(st.resources, "region:us-east-1").notes.some((n) => /control plane/.test(n)));
        const dns = new Stack();
        tier(dns, "us-east-1", 2);
        tier(dns, "us-west-2", 2);
        assert.ok(!scenarioOf(dns.resources, "region:us-west-2").notes.some((n) => /control plane/.test(n)));
    });

    it("behind Global Accelerator the slowest taker sets the RTO: a pilot light before a warm standby", () => {
        const st = accelerated({ desired: 0, dial: 100 });
        tier(st, "eu-west-1", 1);
        st.add("aws:globalaccelerator/endpointGroup:EndpointGroup", "eg-eu-west-1", "us-west-2",
            { endpointGroupRegion: "eu-west-1", trafficDialPercentage: 0 }, { listenerArn: ["ga-listener"], endpointConfigurations: ["eu-west-1-alb"] });
        wake(st, { alarmRegion: "us-west-2", watched: "us-east-1", fnRegion: "us-west-2", wakes: ["us-west-2"] });
        const s = scenarioOf(st.resources, "region:us-east-1");
        assert.deepEqual(s.servedBy, ["us-west-2", "eu-west-1"]);
        assert.deepEqual(s.steps.map((x) => x.seconds), timeline({ mode: "pilot-light", interval: 30, frontDoor: "global-accelerator" }));
    });

    it("the failed region's own record decides where its users go: a latency region's go to the other serving regions, not a failover pair's secondary", () => {
        const st = new Stack();
        tier(st, "us-west-2", 2);
        tier(st, "us-east-1", 1);
        tier(st, "eu-west-1", 2);
        route(st, "us-west-2", PRIMARY);
        route(st, "us-east-1", SECONDARY);
        route(st, "eu-west-1", { latencyRoutingPolicies: [{ region: "eu-west-1" }] });
        assert.deepEqual(scenarioOf(st.resources, "region:eu-west-1").servedBy, ["us-west-2"]);
    });

    it("of taking regions equally slow, the first one's timeline is the one reported", () => {
        const st = new Stack();
        tier(st, "us-west-2", 2);
        tier(st, "us-east-1", 0);
        tier(st, "eu-west-1", 0);
        route(st, "us-west-2", PRIMARY);
        route(st, "us-east-1", SECONDARY);
        route(st, "eu-west-1", SECONDARY);
        wake(st, { alarmRegion: "us-east-2", watched: "us-west-2", fnRegion: "us-east-2", wakes: ["us-east-1", "eu-west-1"] });
        // A cold start and a 15 s check (195 s) against a warm pool and a 155 s check (195 s).
        st.set("eu-west-1-asg", { warmPool: { poolState: "Stopped" } });
        st.set("eu-west-1-tg", { healthCheck: { interval: 155, healthyThreshold: 2, unhealthyThreshold: 3 } });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual(s.servedBy, ["us-east-1", "eu-west-1"]);
        assert.deepEqual(s.steps.map((x) => x.seconds), timeline({ mode: "pilot-light" }));
    });

    it("a worker group beside the web tier does not change where the failed region's users go: the web tier's front door and record decide", () => {
        const worker = (st: Stack, region: string): void => {
            st.add("aws:autoscaling/group:Group", `${region}-worker`, region, { minSize: 2, maxSize: 2, desiredCapacity: 2 }, { vpcZoneIdentifiers: [`${region}-private-0`] });
        };
        const ga = accelerated({ desired: 1 });
        worker(ga, "us-east-1");
        const behindGa = scenarioOf(ga.resources, "region:us-east-1");
        assert.deepEqual([behindGa.outcome, behindGa.servedBy], ["recovers", ["us-west-2"]]);
        assert.deepEqual(behindGa.steps.map((x) => x.seconds), [10 * 2 + 5, ACCELERATOR_SHIFT_SECONDS]);
        const dns = twoRegionStack({ standbyDesired: 1 });
        worker(dns, "us-west-2");
        const failover = scenarioOf(dns.resources, "region:us-west-2");
        assert.deepEqual([failover.outcome, failover.servedBy], ["recovers", ["us-east-1"]]);
    });

    it("the failed region's front door sets the timeline: a DNS failover to a standby that also sits behind an accelerator is timed as DNS", () => {
        const st = twoRegionStack({ standbyDesired: 1 });
        st.add("aws:globalaccelerator/endpointGroup:EndpointGroup", "eg-us-east-1", "us-west-2", { trafficDialPercentage: 0 }, { endpointConfigurations: ["us-east-1-alb"] });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.servedBy, s.steps.map((x) => x.seconds)], [["us-east-1"], timeline({})]);
    });

    it("failover records send users to the secondary only, never to another region running without a record", () => {
        const st = twoRegionStack({ standbyDesired: 1 });
        tier(st, "eu-west-1", 2);
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.servedBy], ["recovers", ["us-east-1"]]);
    });

    it("latency records send users to the other serving regions with a record only", () => {
        const st = new Stack();
        tier(st, "us-west-2", 2);
        tier(st, "eu-west-1", 2);
        tier(st, "ap-southeast-2", 2);
        route(st, "us-west-2", { latencyRoutingPolicies: [{ region: "us-west-2" }] });
        route(st, "eu-west-1", { latencyRoutingPolicies: [{ region: "eu-west-1" }] });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.servedBy, s.steps.map((x) => x.seconds)], ["recovers", ["eu-west-1"], timeline({ mode: "active-active" })]);
    });

    it("failover records: the secondary takes the primary's users; the secondary's own failure takes no one's", () => {
        const st = new Stack();
        tier(st, "us-west-2", 2);
        tier(st, "eu-west-1", 1);
        route(st, "us-west-2", PRIMARY);
        route(st, "eu-west-1", SECONDARY);
        assert.deepEqual(scenarioOf(st.resources, "region:us-west-2").servedBy, ["eu-west-1"]);
        // The secondary's own failure takes no one's users.
        const s = scenarioOf(st.resources, "region:eu-west-1");
        assert.deepEqual([s.outcome, s.servedBy, s.notes], ["unaffected", ["us-west-2"], ["eu-west-1's standby is gone until the region returns."]]);
    });

    it("without records the groups a surviving wake path raises take over, not other regions; users must be sent there by hand", () => {
        const st = twoRegionStack({ records: false });
        tier(st, "eu-west-1", 2);
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.servedBy], ["manual", ["us-east-1"]]);
        assert.ok(s.notes.includes("No Route 53 records route users: us-east-1 is ready after the steps, but users reach it only once the service name points there (set dns.hostedZoneId and dns.recordName)."), s.notes.join("\n"));
    });

    it("without records or a wake path the other regions running instances take over, not an empty one", () => {
        const st = new Stack();
        tier(st, "us-west-2", 2);
        tier(st, "eu-west-1", 2);
        tier(st, "ap-southeast-2", 2);
        tier(st, "sa-east-1", 0);
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.servedBy], ["manual", ["eu-west-1", "ap-southeast-2"]]);
        assert.ok(s.notes.some((n) => n.startsWith("No Route 53 records route users: eu-west-1, ap-southeast-2 is ready")), s.notes.join("\n"));
    });

    it("without records a standby whose only wake alarm watches another region does not take over this one's users", () => {
        const st = twoRegionStack({ records: false });
        repoint(st, "unhealthy", "dimensions", ["hc-us-east-1"]);
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.servedBy, s.rtoSeconds], ["down", [], null]);
    });

    it("without records a standby woken only by a scheduled probe takes over: the probe watches the primary on its own", () => {
        const st = twoRegionStack({ records: false });
        drop(st, "fn-sub");
        st.add("aws:scheduler/schedule:Schedule", "probe-schedule", "us-east-1", { scheduleExpression: "rate(1 minute)" }, { target: ["fn"] });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.servedBy], ["manual", ["us-east-1"]]);
    });

    it("a region that serves no one fails unaffected, with notes on the wake path pieces it takes and the standby it loses", () => {
        const st = new Stack();
        tier(st, "us-west-2", 2);
        tier(st, "eu-west-1", 0);
        route(st, "us-west-2", PRIMARY);
        route(st, "eu-west-1", SECONDARY);
        wake(st, { alarmRegion: "us-east-1", watched: "us-west-2", fnRegion: "us-east-2", wakes: ["eu-west-1"] });
        const support = scenarioOf(st.resources, "region:us-east-1");
        assert.deepEqual([support.outcome, support.servedBy, support.rtoSeconds, support.stability], ["unaffected", ["us-west-2"], 0, "pass"]);
        assert.deepEqual(support.notes, ['While us-east-1 is down, MetricAlarm "wake-alarm", Topic "wake-topic", TopicSubscription "wake-sub" are gone: a failure of another region would not wake Group "eu-west-1-asg".']);
        assert.deepEqual(scenarioOf(st.resources, "region:us-east-2").notes, ['While us-east-2 is down, Function "wake-fn" is gone: a failure of another region would not wake Group "eu-west-1-asg".']);
        assert.deepEqual(scenarioOf(st.resources, "region:eu-west-1").notes, ["eu-west-1's standby is gone until the region returns."]);
        // A region holding none of the path loses nothing of it.
        st.add("aws:cloudwatch/logGroup:LogGroup", "logs", "ap-south-1");
        assert.deepEqual(scenarioOf(st.resources, "region:ap-south-1").notes, []);
    });

    it("a standby region's failure takes its own wake path with it: only that the standby is gone, no note on waking it", () => {
        assert.deepEqual(scenarioOf(twoRegionStack().resources, "region:us-east-1").notes, ["us-east-1's standby is gone until the region returns."]);
    });

    it("a pilot light whose only wake alarm watches another region is not woken by this one's failure: down, the finding on the group", () => {
        const st = twoRegionStack();
        const alarm = st.resources.find((r) => r.name === "unhealthy");
        assert.ok(alarm);
        alarm.propertyDependencies = { ...alarm.propertyDependencies, dimensions: [st.resources.find((r) => r.name === "hc-us-east-1")?.urn ?? ""] };
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.rtoSeconds, named(s, "mandatory")], ["down", null, ["us-east-1-asg"]]);
        assert.match(s.findings[0]?.message ?? "", /^Group "us-east-1-asg" in us-east-1 rests at 0 instances and nothing wakes it when us-west-2 fails; keep instances running there or add a wake path outside us-west-2\.$/);
    });

    it("a pilot light whose wake path lives in the failed region: a finding on each piece of it, none on the group", () => {
        const st = twoRegionStack();
        for (const r of st.resources.filter((x) => ["alarms-key", "alarms-topic", "unhealthy", "fn", "fn-sub"].includes(x.name))) r.region = "us-west-2";
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual(named(s, "mandatory"), ["alarms-key", "alarms-topic", "fn", "fn-sub", "unhealthy"]);
        assert.match(s.findings.find((f) => f.name === "fn")?.message ?? "",
            /^Function "fn" lives in us-west-2, the failed region, and is on the only path that wakes Group "us-east-1-asg" \(0 instances at rest\) in us-east-1; move the wake path out of us-west-2/);
    });

    it("a warm standby whose wake path dies with the primary notes which pieces would have scaled it", () => {
        const st = twoRegionStack({ standbyDesired: 1 });
        for (const r of st.resources.filter((x) => ["alarms-topic", "unhealthy", "fn-sub"].includes(x.name))) r.region = "us-west-2";
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual(s.notes, ['MetricAlarm "unhealthy", Topic "alarms-topic", TopicSubscription "fn-sub" in us-west-2 would scale us-east-1 up; '
            + "it fails with the region, so us-east-1 serves with its resting 1 instance(s) until target tracking adds more."]);
    });

    it("a warm standby whose boot script the plan cannot read still recovers (it need not launch), its stability unknown", () => {
        const st = twoRegionStack({ standbyDesired: 1 });
        st.set("us-east-1-lt", { userData: UNKNOWN });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.stability], ["recovers", "unknown"]);
    });

    it("a warm standby the model cannot read is unknown even though it need not launch", () => {
        const st = twoRegionStack({ standbyDesired: 1, records: false });
        drop(st, "us-east-1-http");
        assert.equal(scenarioOf(st.resources, "region:us-west-2").outcome, "unknown");
    });

    it("a standby pulling from ECR Public in its own region has no note and no finding", () => {
        const s = scenarioOf(twoRegionStack({ standbyUserData: userData("public.ecr.aws/nginx/nginx:1") }).resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.findings, s.notes], ["recovers", [], []]);
    });

    it("a warm standby with no wake path at all serves with what runs, without a note about a path", () => {
        const st = twoRegionStack({ standbyDesired: 1 });
        drop(st, "fn-sub");
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.stability, s.notes], ["recovers", "pass", []]);
    });

    it("a warm standby pulling its image from the failed region's registry serves, but cannot grow: degraded, the fix naming its own region", () => {
        const st = twoRegionStack({ standbyDesired: 1, standbyUserData: userData("123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1") });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.stability, named(s, "mandatory")], ["degraded", "fail", ["us-east-1-lt"]]);
        assert.match(s.findings[0]?.message ?? "", /and us-east-1 must launch instances to take over; pull from a registry in us-east-1 \(ECR replication or a pull-through cache there\)\.$/);
    });

    it("a pilot light needing the failed region at boot is down, with no RTO", () => {
        const st = twoRegionStack({ standbyUserData: userData("123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1") });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.rtoSeconds], ["down", null]);
    });

    it("a secret the standby reads from the failed region: the fix replicates it to the standby's own region", () => {
        const st = twoRegionStack();
        st.add("aws:secretsmanager/secret:Secret", "db-secret", "us-west-2", {});
        st.add("aws:iam/rolePolicy:RolePolicy", "read", "us-east-1", { policy: { Statement: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue" }] } },
            { role: ["us-east-1-app"], policy: ["db-secret"] });
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.match(s.findings[0]?.message ?? "", /; replicate Secret "db-secret" to us-east-1 \(its replicas\)\.$/);
    });

    it("an image pulled from Docker Hub is a note on a dependency outside AWS, not a finding", () => {
        const s = scenarioOf(twoRegionStack({ standbyUserData: userData("nginx:1.27") }).resources, "region:us-west-2");
        assert.deepEqual([s.outcome, s.findings], ["recovers", []]);
        assert.ok(s.notes.includes('us-east-1\'s instances pulls its image nginx:1.27 from docker.io over the internet (LaunchTemplate "us-east-1-lt"): a dependency outside AWS.'), s.notes.join("\n"));
    });

    it("a cache miss reaching ECR Public in the failed region is advisory: the standby still recovers", () => {
        const st = new Stack();
        tier(st, "us-east-1", 2);
        tier(st, "us-west-2", 1, "123456789012.dkr.ecr.us-west-2.amazonaws.com/ecr-public/nginx/nginx:1");
        route(st, "us-east-1", PRIMARY);
        route(st, "us-west-2", SECONDARY);
        st.add("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "cache", "us-west-2", { ecrRepositoryPrefix: "ecr-public", upstreamRegistryUrl: "public.ecr.aws" });
        const s = scenarioOf(st.resources, "region:us-east-1");
        assert.deepEqual([s.outcome, s.stability, named(s, "advisory"), named(s, "mandatory")], ["recovers", "pass", ["cache"], []]);
    });

    it("a standby the model cannot read makes the region scenario unknown, naming what is missing", () => {
        const st = twoRegionStack({ records: false });
        drop(st, "us-east-1-http");
        const s = scenarioOf(st.resources, "region:us-west-2");
        assert.equal(s.outcome, "unknown");
        assert.ok(s.unknowns.includes('Group "us-east-1-asg" in us-east-1: no load balancer in front of it was found, so which zones serve users is unknown'), s.unknowns.join("\n"));
    });
});
