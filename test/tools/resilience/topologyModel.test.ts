/**
 * How the model reads the architecture out of the recorded resources (readTopology), over small
 * synthetic stacks: each tier's zones, egress, NAT gateways, endpoints, routing and front door, who
 * serves, the wake paths (functions, schedules, Region switch plans) and the regions in order.
 */
import * as assert from "node:assert/strict";
import { assess } from "../../../tools/resilience";
import type { ModelResource } from "../../../tools/resilience/graph";
import { readTopology, regionRole, type Tier, type Topology } from "../../../tools/resilience/topology";
import { addTier, Stack, twoRegionStack, UNKNOWN } from "./synthetic";

const tierOf = (t: Topology, region: string): Tier => {
    const found = t.tiers.find((x) => x.region === region);
    assert.ok(found, `no tier in ${region}`);
    return found;
};
const names = (rs: readonly ModelResource[]): string[] => rs.map((r) => r.name);
const resource = (s: Stack, name: string): ModelResource => {
    const r = s.resources.find((x) => x.name === name);
    assert.ok(r, `no ${name}`);
    return r;
};
/** Points a resource's property at other resources (by name) instead of what it had. */
function repoint(s: Stack, name: string, prop: string, targets: string[]): void {
    resource(s, name).propertyDependencies = { ...resource(s, name).propertyDependencies, [prop]: targets.map((t) => resource(s, t).urn) };
}
const oneRegion = (desired = 2, nat: "per-az" | "single" = "per-az"): Stack => {
    const s = new Stack();
    addTier(s, { region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], desired, nat });
    return s;
};

describe("resilience model: reading the architecture", () => {
    it("a region is primary, active, standby or support by its tiers", () => {
        const t = readTopology(twoRegionStack().resources);
        assert.deepEqual(["us-west-2", "us-east-1", "eu-west-1"].map((r) => regionRole(t, r)), ["primary", "standby", "support"]);
        // A second group in the primary's region that serves no one leaves it the primary.
        const batch = twoRegionStack();
        batch.add("aws:autoscaling/group:Group", "batch", "us-west-2", { desiredCapacity: 0 });
        assert.equal(regionRole(readTopology(batch.resources), "us-west-2"), "primary");
        const both = readTopology(twoRegionStack({ standbyDesired: 2, records: false }).resources.filter((r) => r.name !== "fn-sub"));
        assert.deepEqual(["us-west-2", "us-east-1"].map((r) => regionRole(both, r)), ["active", "active"]);
    });

    it("regions are listed serving first, then standbys, then the rest by name, never global or multi-region", () => {
        const s = twoRegionStack();
        s.add("aws:cloudwatch/logGroup:LogGroup", "logs-eu", "eu-west-1");
        s.add("aws:cloudwatch/logGroup:LogGroup", "logs-ap", "ap-south-1");
        s.add("aws:iam/role:Role", "global-role", "global");
        s.add("ha-web-tier:index:GlobalFailover", "failover", "multi-region");
        // The standby's group is registered first: the order still puts the serving region first.
        s.resources.unshift(...s.resources.splice(s.resources.findIndex((r) => r.name === "us-east-1-asg"), 1));
        assert.deepEqual(readTopology(s.resources).regions, ["us-west-2", "us-east-1", "ap-south-1", "eu-west-1"]);
    });

    it("a tier's zones, its load balancer's zones and each zone's NAT route are read from the subnets, in zone order", () => {
        const s = oneRegion(2, "single");
        // Subnets listed b before a.
        repoint(s, "eu-west-1-asg", "vpcZoneIdentifiers", ["eu-west-1-private-1", "eu-west-1-private-0"]);
        repoint(s, "eu-west-1-alb", "subnets", ["eu-west-1-public-1", "eu-west-1-public-0"]);
        const t = tierOf(readTopology(s.resources), "eu-west-1");
        assert.deepEqual([t.zones, t.lbZones, t.undeclared, t.missing], [["eu-west-1a", "eu-west-1b"], ["eu-west-1a", "eu-west-1b"], [], []]);
        assert.deepEqual(t.egress.map((e) => [e.zone, e.nat?.name, e.natZone, e.endpoints]), [["eu-west-1b", "eu-west-1-nat-0", "eu-west-1a", false], ["eu-west-1a", "eu-west-1-nat-0", "eu-west-1a", false]]);
        assert.deepEqual(t.nats.map((n) => [n.nat.name, n.zone]), [["eu-west-1-nat-0", "eu-west-1a"]]);
        assert.deepEqual([t.loadBalancer?.name, t.targetGroup?.name, t.launchTemplate?.name, t.instanceType], ["eu-west-1-alb", "eu-west-1-tg", "eu-west-1-lt", "t3.small"]);
    });

    it("only a default route through a NAT gateway is a zone's NAT route; an interface endpoint in the subnet is noted", () => {
        const s = oneRegion();
        // Zone b: its NAT route is only for 10/8; its default route goes through a transit gateway.
        resource(s, "eu-west-1-default-1").inputs = { destinationCidrBlock: "10.0.0.0/8" };
        s.add("aws:ec2/transitGateway:TransitGateway", "tgw", "eu-west-1");
        s.add("aws:ec2/route:Route", "via-tgw", "eu-west-1", { destinationCidrBlock: "0.0.0.0/0" }, { routeTableId: ["eu-west-1-rt-1"], transitGatewayId: ["tgw"] });
        s.add("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr-api", "eu-west-1", { vpcEndpointType: "Interface" }, { vpcId: ["eu-west-1-vpc"], subnetIds: ["eu-west-1-private-1"] });
        s.add("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", "eu-west-1", { vpcEndpointType: "Gateway" }, { vpcId: ["eu-west-1-vpc"], subnetIds: ["eu-west-1-private-0"] });
        const t = tierOf(readTopology(s.resources), "eu-west-1");
        assert.deepEqual(t.egress, [{ zone: "eu-west-1a", nat: resource(s, "eu-west-1-nat-0"), natZone: "eu-west-1a", endpoints: false }, { zone: "eu-west-1b", endpoints: true }]);
        assert.deepEqual(names(t.endpoints), ["ecr-api"]);
    });

    it("a resource that only took a value from a subnet, route table or load balancer is not its endpoint, association, route or front door", () => {
        const cases: { name: string; change: (s: Stack) => void; egress: unknown[]; frontDoor?: string }[] = [
            {
                // An interface endpoint in zone b whose VPC id was read off zone a's subnet.
                name: "endpoint", egress: [["eu-west-1a", "eu-west-1-nat-0", false], ["eu-west-1b", "eu-west-1-nat-1", true]],
                change: (s) => s.add("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr-api", "eu-west-1", { vpcEndpointType: "Interface" }, { vpcId: ["eu-west-1-private-0"], subnetIds: ["eu-west-1-private-1"] }),
            },
            {
                // Zone a's own table has no default route; zone b's association found its table by a lookup on zone a's subnet.
                name: "association", egress: [["eu-west-1a", undefined, false], ["eu-west-1b", "eu-west-1-nat-1", false]],
                change: (s) => {
                    resource(s, "eu-west-1-default-0").inputs = { destinationCidrBlock: "10.0.0.0/8" };
                    s.link("eu-west-1-assoc-1", "routeTableId", ["eu-west-1-private-0"]);
                },
            },
            {
                // Zone b's default route copied its destination from zone a's table.
                name: "route", egress: [["eu-west-1a", undefined, false], ["eu-west-1b", "eu-west-1-nat-1", false]],
                change: (s) => {
                    resource(s, "eu-west-1-default-0").inputs = { destinationCidrBlock: "10.0.0.0/8" };
                    s.link("eu-west-1-default-1", "destinationCidrBlock", ["eu-west-1-rt-0"]);
                },
            },
            {
                // An endpoint group whose region was read from the ALB's ARN, listing another endpoint.
                name: "front door", egress: [["eu-west-1a", "eu-west-1-nat-0", false], ["eu-west-1b", "eu-west-1-nat-1", false]],
                change: (s) => {
                    s.add("aws:ec2/eip:Eip", "nlb-ip", "eu-west-1");
                    s.add("aws:globalaccelerator/endpointGroup:EndpointGroup", "eg", "us-west-2", {}, { endpointGroupRegion: ["eu-west-1-alb"], endpointConfigurations: ["nlb-ip"] });
                },
            },
        ];
        for (const c of cases) {
            const s = oneRegion();
            c.change(s);
            const t = tierOf(readTopology(s.resources), "eu-west-1");
            assert.deepEqual(t.egress.map((e) => [e.zone, e.nat?.name, e.endpoints]), c.egress, c.name);
            assert.equal(t.frontDoor?.group.name, c.frontDoor, c.name);
        }
    });

    it("NAT gateways and interface endpoints of another VPC are not the tier's", () => {
        const s = oneRegion();
        s.add("aws:ec2/vpc:Vpc", "other-vpc", "eu-west-1");
        s.add("aws:ec2/subnet:Subnet", "other-public", "eu-west-1", { availabilityZone: "eu-west-1c" }, { vpcId: ["other-vpc"] });
        s.add("aws:ec2/natGateway:NatGateway", "other-nat", "eu-west-1", {}, { subnetId: ["other-public"] });
        s.add("aws:ec2/vpcEndpoint:VpcEndpoint", "other-ep", "eu-west-1", { vpcEndpointType: "Interface" }, { vpcId: ["other-vpc"] });
        // A NAT gateway placed by its subnet only, and one with no subnet at all.
        s.add("aws:ec2/natGateway:NatGateway", "loose-nat", "eu-west-1", {}, { connectivityType: ["eu-west-1-vpc"] });
        const t = tierOf(readTopology(s.resources), "eu-west-1");
        assert.deepEqual(t.nats.map((n) => [n.nat.name, n.zone]), [["eu-west-1-nat-0", "eu-west-1a"], ["eu-west-1-nat-1", "eu-west-1b"], ["loose-nat", undefined]]);
        assert.deepEqual(t.endpoints, []);
    });

    it("subnets of an existing VPC are placed by the zones and NAT gateways a component declares; entries missing an id or a zone are skipped", () => {
        const s = new Stack();
        const web = s.add("ha-web-tier:index:HaWebTier", "web", "eu-west-1");
        web.outputs = { existingSubnets: [
            { id: "subnet-a", availabilityZone: "eu-west-1a", natGateway: { id: "nat-a", availabilityZone: "eu-west-1a" } },
            { id: "subnet-b", availabilityZone: "eu-west-1b", natGateway: { id: "nat-b" } },
            { id: "subnet-c", natGateway: { id: "nat-c", availabilityZone: "eu-west-1c" } },
            { availabilityZone: "eu-west-1c" },
        ] };
        s.add("aws:ec2/launchTemplate:LaunchTemplate", "lt", "eu-west-1", {});
        s.add("aws:lb/loadBalancer:LoadBalancer", "alb", "eu-west-1", { subnets: ["subnet-a", "subnet-x"] });
        s.add("aws:lb/targetGroup:TargetGroup", "tg", "eu-west-1", {});
        s.add("aws:lb/listener:Listener", "http", "eu-west-1", {}, { loadBalancerArn: ["alb"], defaultActions: ["tg"] });
        s.add("aws:autoscaling/group:Group", "asg", "eu-west-1", { desiredCapacity: 2, vpcZoneIdentifiers: ["subnet-b", "subnet-a", "subnet-c", UNKNOWN] }, { launchTemplate: ["lt"], targetGroupArns: ["tg"] });
        const t = tierOf(readTopology(s.resources), "eu-west-1");
        assert.deepEqual([t.zones, t.lbZones, t.undeclared], [["eu-west-1a", "eu-west-1b"], ["eu-west-1a"], ["subnet-c", "subnet-x"]]);
        assert.deepEqual(t.egress.map((e) => [e.zone, e.nat?.name, e.natZone, e.endpoints]), [["eu-west-1b", undefined, undefined, false], ["eu-west-1a", "nat-a", "eu-west-1a", false]]);
        assert.deepEqual(t.nats.map((n) => [n.nat.name, n.nat.urn === web.urn, n.zone]), [["nat-a", true, "eu-west-1a"]]);
        assert.ok(t.missing.includes("2 of its subnets are declared neither in this stack nor by a component, so their zones are unknown"), t.missing.join("\n"));
    });

    it("a group whose subnet list the plan does not hold is unknown in each zone, never short of capacity", () => {
        const s = oneRegion();
        repoint(s, "eu-west-1-asg", "vpcZoneIdentifiers", []);
        s.set("eu-west-1-asg", { vpcZoneIdentifiers: UNKNOWN });
        const t = tierOf(readTopology(s.resources), "eu-west-1");
        assert.deepEqual(t.missing, ["its subnet list is not in the plan (known only after deploy, or unset), so the zones it launches into are unknown"]);
        for (const z of assess(s.resources).scenarios.filter((x) => x.domain === "zone")) {
            assert.deepEqual([z.outcome, z.findings], ["unknown", []], z.id);
        }
    });

    it("subnets whose zone AWS picks are named in what the model is missing, the verb agreeing", () => {
        const s = oneRegion();
        s.set("eu-west-1-private-0", { availabilityZone: undefined });
        s.set("eu-west-1-public-1", { availabilityZone: undefined });
        assert.deepEqual(tierOf(readTopology(s.resources), "eu-west-1").missing, ["eu-west-1-private-0, eu-west-1-public-1 have no Availability Zone set (AWS picks one at deploy)"]);
        s.set("eu-west-1-public-1", { availabilityZone: "eu-west-1b" });
        assert.deepEqual(tierOf(readTopology(s.resources), "eu-west-1").missing, ["eu-west-1-private-0 has no Availability Zone set (AWS picks one at deploy)"]);
    });

    it("a group attached to its target group by an Attachment, behind an aws:alb listener, is read like the program's", () => {
        const s = new Stack();
        s.add("aws:ec2/subnet:Subnet", "sub-a", "eu-west-1", { availabilityZone: "eu-west-1a" });
        s.add("aws:ec2/subnet:Subnet", "sub-b", "eu-west-1", { availabilityZoneId: "euw1-az2" });
        s.add("aws:alb/loadBalancer:LoadBalancer", "alb", "eu-west-1", {}, { subnets: ["sub-a", "sub-b"] });
        s.add("aws:alb/targetGroup:TargetGroup", "tg", "eu-west-1", {});
        s.add("aws:alb/listener:Listener", "http", "eu-west-1", {}, { loadBalancerArn: ["alb"], defaultActions: ["tg"] });
        s.add("aws:autoscaling/group:Group", "asg", "eu-west-1", { desiredCapacity: 2, loadBalancers: [] }, { vpcZoneIdentifiers: ["sub-a", "sub-b"] });
        s.add("aws:autoscaling/attachment:Attachment", "attach", "eu-west-1", {}, { autoscalingGroupName: ["asg"], lbTargetGroupArn: ["tg"] });
        const t = tierOf(readTopology(s.resources), "eu-west-1");
        assert.deepEqual([t.targetGroup?.name, t.loadBalancer?.name, t.zones, t.missing], ["tg", "alb", ["eu-west-1a", "euw1-az2"], []]);
        // The provider's defaults for an unset target-group check.
        assert.deepEqual(t.targetHealth, { interval: 30, healthyThreshold: 3, unhealthyThreshold: 3, timeout: 6 });
    });

    it("a record names a tier's routing only through its alias to the load balancer: failover, latency, weighted, geolocation or simple", () => {
        const routing = (inputs: Record<string, unknown>, prop = "aliases"): string | undefined => {
            const s = oneRegion();
            s.add("aws:route53/record:Record", "rec", "us-east-1", inputs, { [prop]: ["eu-west-1-alb"] });
            return tierOf(readTopology(s.resources), "eu-west-1").record?.routing;
        };
        assert.deepEqual([
            routing({ failoverRoutingPolicies: [{ type: "PRIMARY" }] }), routing({ failoverRoutingPolicies: [{ type: "SECONDARY" }] }),
            routing({ latencyRoutingPolicies: [{ region: "eu-west-1" }] }), routing({ weightedRoutingPolicies: [{ weight: 10 }] }),
            routing({ geolocationRoutingPolicies: [{ continent: "EU" }] }),
            routing({ latencyRoutingPolicies: [], weightedRoutingPolicies: [], geolocationRoutingPolicies: [] }), routing({}),
            routing({}, "records"),
        ], ["primary", "secondary", "latency", "weighted", "geo", "simple", "simple", undefined]);
    });

    it("behind Global Accelerator a tier serves when its dial and its endpoint's weight are above 0; unset, GA's defaults serve", () => {
        const serving = (group: Record<string, unknown>): [boolean, number | undefined, number | undefined] => {
            const s = oneRegion();
            s.add("aws:globalaccelerator/endpointGroup:EndpointGroup", "eg", "us-west-2", group, { endpointConfigurations: ["eu-west-1-alb"] });
            const t = tierOf(readTopology(s.resources), "eu-west-1");
            return [t.serving, t.frontDoor?.dial, t.frontDoor?.weight];
        };
        assert.deepEqual(serving({}), [true, 100, 128]);
        assert.deepEqual(serving({ trafficDialPercentage: 0 }), [false, 0, 128]);
        assert.deepEqual(serving({ endpointConfigurations: [{ weight: 0 }] }), [false, 100, 0]);
        assert.deepEqual(serving({ trafficDialPercentage: 50, endpointConfigurations: [{ weight: 1 }] }), [true, 50, 1]);
    });

    it("without records the groups running at rest serve and the woken ones do not; with none running, every group with capacity serves", () => {
        const t = readTopology(twoRegionStack({ standbyDesired: 1, records: false }).resources);
        assert.deepEqual(t.tiers.map((x) => [x.region, x.serving]), [["us-west-2", true], ["us-east-1", false]]);
        assert.equal(t.routed, false);
        const s = twoRegionStack({ standbyDesired: 1, records: false });
        s.set("us-west-2-asg", { desiredCapacity: 0, minSize: 0 });
        resource(s, "fn").propertyDependencies.environment?.push(resource(s, "us-west-2-asg").urn);
        addTier(s, { region: "eu-west-1", zones: ["eu-west-1a"], desired: 0, nat: "single" });
        resource(s, "fn").propertyDependencies.environment?.push(resource(s, "eu-west-1-asg").urn);
        assert.deepEqual(readTopology(s.resources).tiers.map((x) => [x.region, x.serving]), [["us-west-2", false], ["us-east-1", true], ["eu-west-1", false]]);
    });
});
