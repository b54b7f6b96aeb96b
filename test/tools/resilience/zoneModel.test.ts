/**
 * The instance and Availability Zone scenarios over small synthetic stacks: who serves, when a zone
 * takes the service down or only degrades it, what the zone's database does to RTO and RPO, and what
 * the plan cannot tell (tiers it cannot read, zones nothing declares).
 */
import * as assert from "node:assert/strict";
import { MULTI_AZ_FAILOVER_SECONDS, zoneFailureTimeline } from "../../../src/failover/rto";
import { assess, type Scenario } from "../../../tools/resilience";
import { addTier, Stack, twoRegionStack, scenarioOf } from "./synthetic";

const mandatory = (s: Scenario): string[] => s.findings.filter((f) => f.level === "mandatory").map((f) => f.name);

/** One region's tier in eu-west-1a and eu-west-1b. */
function oneRegion(desired = 2, nat: "per-az" | "single" = "per-az"): Stack {
    const s = new Stack();
    addTier(s, { region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], desired, nat });
    return s;
}

/** Points a resource's property at other resources (by name) instead of what it had. */
function repoint(s: Stack, name: string, prop: string, targets: string[]): void {
    const r = s.resources.find((x) => x.name === name);
    assert.ok(r);
    r.propertyDependencies = { ...r.propertyDependencies, [prop]: targets.map((t) => s.resources.find((x) => x.name === t)?.urn ?? "") };
}

/** A group and load balancer in subnets of a VPC the stack does not own, declared by a component (ids and zones). */
function existingVpc(declare: { id: string; zone: string; nat?: { id: string; zone: string } }[], groupSubnets: string[]): Stack {
    const s = new Stack();
    const web = s.add("ha-web-tier:index:HaWebTier", "web", "eu-west-1");
    web.outputs = { existingSubnets: declare.map((d) => ({ id: d.id, availabilityZone: d.zone, ...(d.nat ? { natGateway: { id: d.nat.id, availabilityZone: d.nat.zone } } : {}) })) };
    s.add("aws:lb/loadBalancer:LoadBalancer", "alb", "eu-west-1", { loadBalancerType: "application", subnets: ["subnet-pub-a", "subnet-pub-b"] });
    s.add("aws:lb/targetGroup:TargetGroup", "tg", "eu-west-1", { healthCheck: { interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 } });
    s.add("aws:lb/listener:Listener", "http", "eu-west-1", { port: 80 }, { loadBalancerArn: ["alb"], defaultActions: ["tg"] });
    s.add("aws:ec2/launchTemplate:LaunchTemplate", "lt", "eu-west-1", { instanceType: "t3.small" });
    s.add("aws:autoscaling/group:Group", "asg", "eu-west-1", { minSize: 2, maxSize: 4, desiredCapacity: 2, vpcZoneIdentifiers: groupSubnets },
        { targetGroupArns: ["tg"], launchTemplate: ["lt"] });
    return s;
}

const PUBLIC = [{ id: "subnet-pub-a", zone: "eu-west-1a" }, { id: "subnet-pub-b", zone: "eu-west-1b" }];

describe("resilience model: an instance and an Availability Zone", () => {
    it("with no tier serving users the instance scenario is unknown, saying it found no load balancer in front of capacity", () => {
        const s = scenarioOf(oneRegion(0).resources, "instance");
        assert.deepEqual([s.domain, s.title, s.outcome, s.rtoSeconds, s.stability, s.servedBy], ["instance", "one app instance", "unknown", null, "unknown", []]);
        assert.deepEqual(s.unknowns, ["which instances serve users: no load balancer in front of an Auto Scaling group with capacity was found"]);
    });

    it("one serving tier the model cannot read makes the instance scenario unknown, even beside a tier it can read", () => {
        const s = twoRegionStack({ standbyDesired: 2, records: false });
        s.resources.splice(s.resources.findIndex((r) => r.name === "us-east-1-http"), 1);
        // Both groups run at rest and nothing routes: both serve, and us-east-1's has no load balancer.
        s.resources.splice(s.resources.findIndex((r) => r.name === "fn-sub"), 1);
        const instance = scenarioOf(s.resources, "instance");
        assert.deepEqual([instance.domain, instance.title, instance.outcome, instance.rtoSeconds, instance.stability], ["instance", "one app instance", "unknown", null, "unknown"]);
        assert.deepEqual(instance.servedBy, ["us-west-2", "us-east-1"]);
        assert.deepEqual(instance.unknowns, ['Group "us-east-1-asg" in us-east-1: no load balancer in front of it was found, so which zones serve users is unknown']);
    });

    it("a lost instance is replaced by its group: the scenario names the serving regions and says so", () => {
        const s = scenarioOf(twoRegionStack().resources, "instance");
        assert.deepEqual([s.domain, s.title, s.outcome, s.stability, s.servedBy], ["instance", "one app instance", "recovers", "pass", ["us-west-2"]]);
        assert.ok(s.notes.some((n) => /replaces the instance/.test(n)), s.notes.join("\n"));
    });

    it("of serving tiers equally slow to lose an instance, the first region's timeline is the one reported", () => {
        const s = new Stack();
        addTier(s, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 2, nat: "per-az" });
        addTier(s, { region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], desired: 2, nat: "per-az" });
        // 15 s x 2 and 10 s x 3: the same 30 s, told differently.
        s.set("us-west-2-tg", { healthCheck: { interval: 15, healthyThreshold: 2, unhealthyThreshold: 2 } });
        s.set("eu-west-1-tg", { healthCheck: { interval: 10, healthyThreshold: 2, unhealthyThreshold: 3 } });
        const instance = scenarioOf(s.resources, "instance");
        assert.deepEqual(instance.steps.map((x) => x.what), ["The ALB marks the instance unhealthy (15 s x 2 failures)"]);
        assert.equal(instance.rtoSeconds, 30);
    });

    it("zone scenarios follow the group's and the load balancer's zones in name order, never a zone AWS picks at deploy", () => {
        const s = oneRegion();
        // The group in zone b only, its load balancer in a and b: the zones seen are b, then a.
        repoint(s, "eu-west-1-asg", "vpcZoneIdentifiers", ["eu-west-1-private-1"]);
        const ids = assess(s.resources).scenarios.filter((x) => x.domain === "zone").map((x) => x.id);
        assert.deepEqual(ids, ["zone:eu-west-1:eu-west-1a", "zone:eu-west-1:eu-west-1b"]);
        s.set("eu-west-1-public-0", { availabilityZone: undefined });
        assert.deepEqual(assess(s.resources).scenarios.filter((x) => x.domain === "zone").map((x) => x.id), ["zone:eu-west-1:eu-west-1b"]);
    });

    it("a serving group confined to one zone is down when that zone fails, with a finding on the group; the other zone recovers", () => {
        const s = oneRegion();
        repoint(s, "eu-west-1-asg", "vpcZoneIdentifiers", ["eu-west-1-private-0"]);
        const a = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([a.outcome, a.rtoSeconds, a.stability], ["down", null, "fail"]);
        assert.deepEqual(mandatory(a), ["eu-west-1-asg"]);
        assert.equal(a.findings[0]?.message, 'Group "eu-west-1-asg" in eu-west-1 has no capacity outside eu-west-1a; spread it over at least two Availability Zones.');
        const b = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1b");
        assert.deepEqual([b.outcome, b.stability, b.findings], ["recovers", "pass", []]);
    });

    it("a load balancer confined to one zone takes the service down with that zone, the finding on the load balancer", () => {
        const s = oneRegion();
        repoint(s, "eu-west-1-alb", "subnets", ["eu-west-1-public-0"]);
        const a = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([a.outcome, mandatory(a)], ["down", ["eu-west-1-alb"]]);
        assert.match(a.findings[0]?.message ?? "", /^LoadBalancer "eu-west-1-alb" in eu-west-1 has no capacity outside eu-west-1a;/);
        assert.equal(scenarioOf(s.resources, "zone:eu-west-1:eu-west-1b").outcome, "recovers");
    });

    it("a zone that takes the load balancer down and strands a NAT route settles on down, not degraded", () => {
        const s = oneRegion(2, "single");
        repoint(s, "eu-west-1-alb", "subnets", ["eu-west-1-public-0"]);
        const a = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([a.outcome, mandatory(a)], ["down", ["eu-west-1-alb", "eu-west-1-nat-0"]]);
    });

    it("a zone of a serving region takes the ALB's zone timeline; every region serving users is named", () => {
        const s = scenarioOf(twoRegionStack().resources, "zone:us-west-2:us-west-2b");
        assert.deepEqual(s.steps, zoneFailureTimeline({ interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 }));
        assert.deepEqual([s.outcome, s.servedBy, s.rpo], ["recovers", ["us-west-2"], "none (stateless web tier)"]);
    });

    it("a zone of a region that serves no one is unaffected: no steps, RTO 0, and a note saying the region serves no users", () => {
        const s = scenarioOf(twoRegionStack().resources, "zone:us-east-1:us-east-1b");
        assert.deepEqual([s.outcome, s.steps, s.rtoSeconds, s.servedBy], ["unaffected", [], 0, ["us-west-2"]]);
        assert.ok(s.notes.includes("us-east-1 serves no users while every region is healthy."), s.notes.join("\n"));
        // A standby confined to one zone is no finding while it serves no one.
        const one = twoRegionStack();
        repoint(one, "us-east-1-asg", "vpcZoneIdentifiers", ["us-east-1-private-0"]);
        assert.deepEqual(scenarioOf(one.resources, "zone:us-east-1:us-east-1a").findings, []);
    });

    it("a zone whose only NAT gateway is elsewhere is degraded, not down, and the finding says to give each zone its own", () => {
        const s = scenarioOf(oneRegion(2, "single").resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([s.outcome, s.stability, mandatory(s)], ["degraded", "fail", ["eu-west-1-nat-0"]]);
        assert.equal(s.findings[0]?.message, 'NatGateway "eu-west-1-nat-0" in eu-west-1a is the only internet route of eu-west-1\'s private subnets in eu-west-1b: '
            + "with eu-west-1a down, instances there lose egress and replacements cannot boot; give each Availability Zone its own NAT gateway (natStrategy one-per-az).");
        // Degraded, with the zone's RTO: users are served from the other zone meanwhile.
        assert.equal(s.rtoSeconds, 15 * 3 + 60);
    });

    it("an existing VPC whose zones share one NAT gateway is degraded too; the fix is in that VPC's route tables, not natStrategy", () => {
        const nat = { id: "nat-0abc", zone: "eu-west-1a" };
        const s = existingVpc([...PUBLIC, { id: "subnet-a", zone: "eu-west-1a", nat }, { id: "subnet-b", zone: "eu-west-1b", nat }], ["subnet-a", "subnet-b"]);
        const a = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([a.outcome, mandatory(a)], ["degraded", ["nat-0abc"]]);
        assert.match(a.findings[0]?.message ?? "", /private subnets in eu-west-1b: .*; route each zone's private subnets to a NAT gateway in that zone, in the existing VPC's route tables/);
        assert.deepEqual(scenarioOf(s.resources, "zone:eu-west-1:eu-west-1b").findings, []);
    });

    it("a zone both down (its only writer) and degraded (a shared NAT gateway) settles on down", () => {
        const s = oneRegion(2, "single");
        s.add("aws:rds/instance:Instance", "writer", "eu-west-1", { engine: "postgres", multiAz: false });
        const a = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([a.outcome, a.rtoSeconds], ["down", null]);
        assert.deepEqual(mandatory(a).sort(), ["eu-west-1-nat-0", "writer"]);
        assert.match(a.findings.find((f) => f.name === "writer")?.message ?? "", /^The writer Instance "writer" runs in one Availability Zone: if it is eu-west-1a, writes stop until it is restored from backup; turn on Multi-AZ\.$/);
    });

    it("a Multi-AZ writer fails over alongside the web tier: the slower of the two is the zone's RTO, with RPO 0", () => {
        const s = oneRegion();
        s.set("eu-west-1-tg", { healthCheck: { interval: 5, healthyThreshold: 2, unhealthyThreshold: 2 } });
        s.add("aws:rds/instance:Instance", "writer", "eu-west-1", { engine: "postgres", multiAz: true });
        const a = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([a.outcome, a.rtoSeconds, a.rpo], ["recovers", MULTI_AZ_FAILOVER_SECONDS, "0 (Multi-AZ: synchronous standby)"]);
        assert.ok(a.notes.some((n) => /^If the writer Instance "writer" is in eu-west-1a, RDS fails over to its standby/.test(n)), a.notes.join("\n"));
        // Beside a shared NAT gateway the zone stays degraded: the writer's failover does not make it better.
        const shared = oneRegion(2, "single");
        shared.add("aws:rds/instance:Instance", "writer", "eu-west-1", { engine: "postgres", multiAz: true });
        assert.equal(scenarioOf(shared.resources, "zone:eu-west-1:eu-west-1a").outcome, "degraded");
    });

    it("a zone of a region serving no one but holding the Multi-AZ writer (after a promotion) pauses every region's writes: it recovers in the failover time", () => {
        const s = twoRegionStack();
        s.add("aws:rds/instance:Instance", "writer", "us-east-1", { engine: "postgres", multiAz: true });
        const z = scenarioOf(s.resources, "zone:us-east-1:us-east-1a");
        assert.deepEqual([z.outcome, z.rtoSeconds, z.rpo, z.servedBy], ["recovers", MULTI_AZ_FAILOVER_SECONDS, "0 (Multi-AZ: synchronous standby)", ["us-west-2"]]);
        // Without the writer the standby's zone stays unaffected.
        assert.deepEqual([scenarioOf(twoRegionStack().resources, "zone:us-east-1:us-east-1a").outcome], ["unaffected"]);
    });

    it("a database in another region does not change a zone's scenario", () => {
        const s = twoRegionStack();
        s.add("aws:rds/instance:Instance", "writer", "us-east-1", { engine: "postgres", multiAz: false });
        const west = scenarioOf(s.resources, "zone:us-west-2:us-west-2a");
        assert.deepEqual([west.outcome, west.findings, west.rpo], ["recovers", [], "none (stateless web tier)"]);
    });

    it("a single-AZ read replica is a note (its reads fail with its zone), a Multi-AZ one is not", () => {
        const stack = (multiAz: boolean): Scenario => {
            const s = oneRegion();
            s.add("aws:rds/instance:Instance", "writer", "eu-west-1", { engine: "postgres", multiAz: true });
            s.add("aws:rds/instance:Instance", "replica", "eu-west-1", { multiAz }, { replicateSourceDb: ["writer"] });
            return scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        };
        const single = stack(false);
        assert.ok(single.notes.includes('The replica Instance "replica" is single-AZ: if it is in eu-west-1a, reads through it fail until the zone returns.'), single.notes.join("\n"));
        assert.equal(single.outcome, "recovers");
        assert.ok(!stack(true).notes.some((n) => /replica/.test(n)));
    });

    it("a zone scenario over a tier the model cannot read has no RTO", () => {
        const s = oneRegion();
        s.set("eu-west-1-private-1", { availabilityZone: undefined });
        const a = scenarioOf(s.resources, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual([a.outcome, a.rtoSeconds, a.stability, a.findings], ["unknown", null, "unknown", []]);
    });

    it("subnet ids nothing declares get their own zone scenario: unknown, naming the ids", () => {
        const s = existingVpc(PUBLIC, ["subnet-x", "subnet-y"]);
        // A standby elsewhere serves no one: it is not named among who serves.
        addTier(s, { region: "us-east-1", zones: ["us-east-1a", "us-east-1b"], desired: 0, nat: "single" });
        const u = scenarioOf(s.resources, "zone:eu-west-1:undeclared");
        assert.deepEqual([u.domain, u.title, u.outcome, u.rtoSeconds, u.stability, u.servedBy],
            ["zone", "Availability Zone unknown (eu-west-1)", "unknown", null, "unknown", ["eu-west-1"]]);
        assert.ok(u.unknowns.includes("which Availability Zones subnet-x, subnet-y are in: nothing in the stack declares them (offline: the stack's lookups file does not)"), u.unknowns.join("\n"));
        // Declared, they are zones like any other, and no undeclared scenario is left.
        const declared = existingVpc([...PUBLIC, { id: "subnet-x", zone: "eu-west-1a" }, { id: "subnet-y", zone: "eu-west-1b" }], ["subnet-x", "subnet-y"]);
        assert.deepEqual(assess(declared.resources).scenarios.filter((x) => x.domain === "zone").map((x) => [x.id, x.outcome]),
            [["zone:eu-west-1:eu-west-1a", "recovers"], ["zone:eu-west-1:eu-west-1b", "recovers"]]);
    });
});
