/**
 * A tier in a VPC it does not own: nothing about the program's own VPC is assumed of it. Its subnets are
 * looked up (zone, public IPs, the route table that really applies, the NAT gateway of the default
 * route) and refused, naming the arg, when they do not fit.
 */
import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as path from "path";
import {
    existingNetworkArgProblems, existingNetworkProblems, problemText, type SubnetFacts,
} from "../../src/region/existingNetwork";
import { HaWebTier } from "../../src/region/haWebTier";
import { loadLookups, type PlanLookups } from "../../tools/engine/lookups";
import { promiseOf, ROOT, settle, useMocks } from "../mocks";
import { tierArgs } from "./tierArgs";

const VPC = "vpc-0a1b2c3d4e5f60718";
const OFFERED = ["usw2-az1", "usw2-az2", "usw2-az3"];

/** A subnet that fits: public ones routed to the internet gateway, private ones to a NAT gateway in their zone. */
function subnet(role: SubnetFacts["role"], n: number, overrides: Partial<SubnetFacts> = {}): SubnetFacts {
    const zone = ["us-west-2a", "us-west-2b", "us-west-2c"][n - 1];
    return {
        id: `subnet-0${role === "public" ? "aa" : "bb"}0000000000000${n}`, role, vpcId: VPC,
        availabilityZone: zone, availabilityZoneId: ["usw2-az2", "usw2-az1", "usw2-az3"][n - 1], mapPublicIpOnLaunch: false,
        routeTable: role === "public"
            ? { id: "rtb-0c000000000000001", main: false, routes: [{ destination: "0.0.0.0/0", target: "igw-0d000000000000001" }] }
            : { id: `rtb-0c00000000000001${n}`, main: false, routes: [{ destination: "0.0.0.0/0", target: `nat-0e00000000000000${n}` }] },
        ...(role === "private" ? { natGateway: { id: `nat-0e00000000000000${n}`, availabilityZone: zone } } : {}),
        ...overrides,
    };
}

const GOOD = [subnet("public", 1), subnet("public", 2), subnet("private", 1), subnet("private", 2)];
const problems = (facts: SubnetFacts[]): string[] => existingNetworkProblems(VPC, facts, OFFERED, "t3.small").map(problemText);

describe("an existing network's subnets", () => {
    it("subnets that fit (public routed to an internet gateway, private to a NAT gateway, two zones) raise nothing", () => {
        assert.deepEqual(problems(GOOD), []);
    });

    it("a private subnet routed to an internet gateway by the VPC's main table (no explicit association) is refused", () => {
        const main = { id: "rtb-0c000000000000000", main: true, routes: [{ destination: "0.0.0.0/0", target: "igw-0d000000000000001" }] };
        assert.deepEqual(problems([...GOOD.slice(0, 3), subnet("private", 2, { routeTable: main })]), [
            "privateSubnetIds[1]: subnet-0bb00000000000002 is routed to the internet (0.0.0.0/0 -> igw-0d000000000000001) by the VPC's main route table rtb-0c000000000000000, which applies because the subnet has no explicit association, so instances there would be public; list private subnets (egress through a NAT gateway or VPC endpoints)",
        ]);
    });

    it("a route to an egress-only internet gateway does not make a private subnet public", () => {
        const eigw = { id: "rtb-0c000000000000012", main: false, routes: [{ destination: "::/0", target: "eigw-0d000000000000001" }] };
        assert.deepEqual(problems([...GOOD.slice(0, 3), subnet("private", 2, { routeTable: eigw })]), []);
    });

    it("a public subnet without a route to an internet gateway is refused: the load balancer there could not be reached", () => {
        const privateTable = subnet("private", 2).routeTable;
        assert.deepEqual(problems([subnet("public", 1), subnet("public", 2, { routeTable: privateTable }), ...GOOD.slice(2)]), [
            "publicSubnetIds[1]: subnet-0aa00000000000002 has no route to an internet gateway in its route table rtb-0c000000000000012, so an internet-facing load balancer there cannot be reached; list public subnets",
        ]);
    });

    it("a private subnet that hands out public IPs, one of another VPC, and one in a zone without the instance type are each refused", () => {
        const facts = [subnet("public", 1), subnet("public", 2), subnet("public", 3),
            subnet("private", 1, { mapPublicIpOnLaunch: true }), subnet("private", 2, { vpcId: "vpc-0ffffffffffffffff" }), subnet("private", 3)];
        assert.deepEqual(existingNetworkProblems(VPC, facts, ["usw2-az1", "usw2-az2"], "t3.small").map(problemText), [
            "privateSubnetIds[0]: subnet-0bb00000000000001 gives instances a public IPv4 address on launch (MapPublicIpOnLaunch); list private subnets that do not",
            "privateSubnetIds[1]: subnet-0bb00000000000002 is in vpc-0ffffffffffffffff, not in vpcId vpc-0a1b2c3d4e5f60718; list subnets of vpc-0a1b2c3d4e5f60718",
            "privateSubnetIds[2]: subnet-0bb00000000000003 is in usw2-az3 (us-west-2c), which does not offer t3.small; list subnets in zones that do, or pick another instance type",
        ]);
    });

    it("two public subnets in one zone, a private subnet in a zone without a public one, and one zone per side are refused", () => {
        const facts = [subnet("public", 1), subnet("public", 1, { id: "subnet-0aa00000000000009" }), subnet("private", 2), subnet("private", 2, { id: "subnet-0bb00000000000009" })];
        assert.deepEqual(problems(facts), [
            "publicSubnetIds[1]: subnet-0aa00000000000009 is in us-west-2a like publicSubnetIds[0]; a load balancer takes one subnet per Availability Zone, so list one per zone",
            "privateSubnetIds[0]: subnet-0bb00000000000002 is in us-west-2b, where no public subnet is, so the load balancer would send no traffic to instances there; add a public subnet in us-west-2b or drop this one",
            "privateSubnetIds[1]: subnet-0bb00000000000009 is in us-west-2b, where no public subnet is, so the load balancer would send no traffic to instances there; add a public subnet in us-west-2b or drop this one",
            "publicSubnetIds: span 1 Availability Zone (us-west-2a); the tier must survive the loss of a zone, so list subnets in at least 2",
            "privateSubnetIds: span 1 Availability Zone (us-west-2b); the tier must survive the loss of a zone, so list subnets in at least 2",
        ]);
    });

    it("ids are checked before anything is looked up: format, count, and a subnet listed twice", () => {
        const found = existingNetworkArgProblems({ vpcId: "vpc-123", publicSubnetIds: ["subnet-0aa00000000000001", "subnet-0bb00000000000001"], privateSubnetIds: ["subnet-0bb00000000000001"] });
        assert.deepEqual(found.map(problemText), [
            "vpcId: vpc-123 is not a VPC id; use the id AWS shows, such as vpc-0123456789abcdef0",
            "privateSubnetIds: lists 1 subnet(s); list at least 2, in different Availability Zones",
            "privateSubnetIds[0]: subnet-0bb00000000000001 is listed twice (also publicSubnetIds[1]); a subnet is either public or private, once",
        ]);
    });
});

describe("HaWebTier in an existing VPC (under mocks, lookups from examples/byo-vpc.lookups.json)", function () {
    this.timeout(30_000);
    const EXAMPLE = loadLookups(path.join(ROOT, "examples", "byo-vpc.lookups.json"));
    const existingNetwork = {
        vpcId: VPC,
        publicSubnetIds: ["subnet-0aa00000000000001", "subnet-0aa00000000000002", "subnet-0aa00000000000003"],
        privateSubnetIds: ["subnet-0bb00000000000001", "subnet-0bb00000000000002", "subnet-0bb00000000000003"],
    };
    // The stack's errorFor, which names its config keys, is held to account in test/stack/byoVpc.test.ts.
    const build = (lookups: PlanLookups) => {
        const recorder = useMocks("byo", undefined, lookups);
        const provider = new aws.Provider("us-west-2", { region: "us-west-2" });
        const { network: _built, ...args } = tierArgs("us-west-2");
        const tier = new HaWebTier("us-west-2", { ...args, existingNetwork }, { provider });
        return { recorder, tier };
    };

    it("builds no network, puts the ALB and the group in the given subnets, and registers what the lookups found", async () => {
        const { recorder, tier } = build(EXAMPLE);
        await settle();
        assert.equal(tier.resources.network, undefined);
        assert.ok(!recorder.resources.some((r) => r.type.startsWith("aws:ec2/") && ["Vpc", "Subnet", "NatGateway", "RouteTable", "FlowLog"].includes(r.type.split(":").pop()!)));
        const alb = recorder.resources.find((r) => r.type === "aws:lb/loadBalancer:LoadBalancer")!;
        assert.deepEqual(alb.inputs.subnets, existingNetwork.publicSubnetIds);
        const asg = recorder.resources.find((r) => r.type === "aws:autoscaling/group:Group")!;
        assert.deepEqual(asg.inputs.vpcZoneIdentifiers, existingNetwork.privateSubnetIds);
        assert.equal(recorder.resources.find((r) => r.name === "us-west-2-app-sg")?.inputs.vpcId, VPC);
        const facts = await Promise.all(tier.existingSubnets!.map(promiseOf));
        assert.deepEqual(facts.map((f) => [f.role, f.availabilityZone, f.routeTable.id, f.routeTable.main, f.natGateway?.id ?? "-", f.natGateway?.availabilityZone ?? "-"]), [
            ["public", "us-west-2a", "rtb-0c000000000000001", false, "-", "-"],
            ["public", "us-west-2b", "rtb-0c000000000000001", false, "-", "-"],
            ["public", "us-west-2c", "rtb-0c000000000000001", false, "-", "-"],
            ["private", "us-west-2a", "rtb-0c000000000000011", false, "nat-0e000000000000001", "us-west-2a"],
            ["private", "us-west-2b", "rtb-0c000000000000012", false, "nat-0e000000000000002", "us-west-2b"],
            // No explicit association: the VPC's main table applies, and routes to the NAT gateway in us-west-2c.
            ["private", "us-west-2c", "rtb-0c000000000000000", true, "nat-0e000000000000003", "us-west-2c"],
        ]);
        // The local route is left out, as the provider's data source leaves it out.
        assert.deepEqual(facts[0].routeTable.routes, [{ destination: "0.0.0.0/0", target: "igw-0d000000000000001" }]);
        const outputs = recorder.records.find((r) => r.type === "ha-web-tier:index:HaWebTier")?.outputs;
        assert.equal((outputs?.existingSubnets as unknown[]).length, 6);
    });

    it("a private subnet the main table routes to the internet is refused before the tier's security groups are created", async () => {
        const lookups = structuredClone(EXAMPLE);
        const main = lookups.regions["us-west-2"].RouteTables.find((t) => t.RouteTableId === "rtb-0c000000000000000")!;
        main.Routes = [{ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0d000000000000001" }];
        const { recorder, tier } = build(lookups);
        // The security groups wait on the VPC id, so their registration fails with the tier's error.
        await assert.rejects(promiseOf(tier.vpcId), (err: Error) => {
            assert.ok(err.message.includes("HaWebTier us-west-2: the existing network does not fit:\n  existingNetwork.privateSubnetIds[2]: subnet-0bb00000000000003 is routed to the internet (0.0.0.0/0 -> igw-0d000000000000001) by the VPC's main route table rtb-0c000000000000000, which applies because the subnet has no explicit association, so instances there would be public; list private subnets (egress through a NAT gateway or VPC endpoints)"), err.message);
            return true;
        });
        assert.ok(!recorder.resources.some((r) => r.type === "aws:ec2/securityGroup:SecurityGroup"), "a security group was created in a VPC that does not fit");
    });
});
