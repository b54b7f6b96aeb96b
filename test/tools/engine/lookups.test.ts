/**
 * Lookups of a network the stack does not own: the offline plan answers them from the stack's lookups
 * file and from nothing else. What the file does not declare is unknown (never made up), and a lookup
 * the plan does not understand fails it.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { answerInvoke } from "../../../tools/engine/invokes";
import { loadLookups, lookupsFileFor } from "../../../tools/engine/lookups";
import { UNKNOWN } from "../../../tools/engine/pulumi-internals";
import { StackConfigFileError } from "../../../tools/engine/stack-config";
import { ROOT } from "../../mocks";

const EXAMPLE = path.join(ROOT, "examples", "byo-vpc.lookups.json");
const lookups = loadLookups(EXAMPLE);
const ask = (token: string, inputs: Record<string, unknown>, region = "us-west-2") =>
    answerInvoke({ token: `aws:ec2/${token}`, inputs, region, lookups });
const bySubnet = (id: string) => [{ name: "association.subnet-id", values: [id] }];

/** Writes `doc` to a temporary lookups file and loads it; returns the error it throws. */
function refusal(doc: unknown): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lookups-")), "x.lookups.json");
    fs.writeFileSync(file, JSON.stringify(doc));
    try {
        loadLookups(file);
    } catch (err) {
        assert.ok(err instanceof StackConfigFileError);
        return err.message.slice(file.length + 2);
    }
    throw new assert.AssertionError({ message: "the file was accepted" });
}

describe("offline lookups of an existing network", () => {
    it("a declared subnet is answered as the file describes it", () => {
        const s = ask("getSubnet:getSubnet", { id: "subnet-0bb00000000000003" });
        assert.deepEqual([s.vpcId, s.availabilityZone, s.availabilityZoneId, s.mapPublicIpOnLaunch], ["vpc-0a1b2c3d4e5f60718", "us-west-2c", "usw2-az3", false]);
    });

    it("a subnet the file does not declare, or a region it has no part for, is unknown, never made up", () => {
        for (const answer of [ask("getSubnet:getSubnet", { id: "subnet-0ff00000000000001" }), ask("getSubnet:getSubnet", { id: "subnet-0bb00000000000001" }, "us-east-1"),
            answerInvoke({ token: "aws:ec2/getSubnet:getSubnet", inputs: { id: "subnet-0bb00000000000001" }, region: "us-west-2" })]) {
            assert.deepEqual(new Set(Object.values(answer)), new Set([UNKNOWN]));
            assert.equal(answer.availabilityZone, UNKNOWN);
        }
    });

    it("the route tables of a subnet are its explicit associations; none when it has none, and the VPC's main table is asked for apart", () => {
        assert.deepEqual(ask("getRouteTables:getRouteTables", { filters: bySubnet("subnet-0bb00000000000001") }).ids, ["rtb-0c000000000000011"]);
        assert.deepEqual(ask("getRouteTables:getRouteTables", { filters: bySubnet("subnet-0bb00000000000003") }).ids, []);
        assert.deepEqual(ask("getRouteTables:getRouteTables", { vpcId: "vpc-0a1b2c3d4e5f60718", filters: [{ name: "association.main", values: ["true"] }] }).ids,
            ["rtb-0c000000000000000"]);
        // Tables of a VPC the file does not list, or of an undeclared subnet, are unknown rather than "none".
        assert.equal(ask("getRouteTables:getRouteTables", { vpcId: "vpc-0ffffffffffffffff", filters: [{ name: "association.main", values: ["true"] }] }).ids, UNKNOWN);
        assert.equal(ask("getRouteTables:getRouteTables", { filters: bySubnet("subnet-0ff00000000000001") }).ids, UNKNOWN);
    });

    it("a route table's routes leave out the local route, as the provider's data source does", () => {
        const t = ask("getRouteTable:getRouteTable", { routeTableId: "rtb-0c000000000000001" });
        assert.deepEqual((t.routes as Record<string, string>[]).map((r) => [r.cidrBlock, r.gatewayId, r.natGatewayId]), [["0.0.0.0/0", "igw-0d000000000000001", ""]]);
        assert.equal(ask("getNatGateway:getNatGateway", { id: "nat-0e000000000000002" }).subnetId, "subnet-0aa00000000000002");
    });

    it("a lookup by anything else fails the plan, naming what to add", () => {
        assert.throws(() => ask("getSubnet:getSubnet", { filters: [{ name: "tag:Name", values: ["x"] }] }),
            /the offline plan answers aws:ec2\/getSubnet:getSubnet only by id, not by filters; add it to tools\/engine\/invokes.ts/);
        assert.throws(() => ask("getRouteTables:getRouteTables", { filters: [{ name: "route.gateway-id", values: ["igw-1"] }] }),
            /only by association.subnet-id, or by vpcId with association.main true/);
    });

    it("a stack file's lookups file sits beside it", () => {
        assert.equal(lookupsFileFor("examples/byo-vpc.yaml"), "examples/byo-vpc.lookups.json");
        assert.equal(lookupsFileFor("Pulumi.prod.yaml"), "Pulumi.prod.lookups.json");
    });

    it("a lookups file must say where its data came from and describe one VPC per region consistently", () => {
        const region = JSON.parse(fs.readFileSync(EXAMPLE, "utf8")).regions["us-west-2"];
        assert.equal(refusal({ regions: { "us-west-2": region } }), "not a lookups file: source Invalid input: expected string, received undefined");
        const misplaced = structuredClone(region);
        misplaced.Subnets[0].AvailabilityZone = "us-east-1a";
        misplaced.RouteTables[0].VpcId = "vpc-0ffffffffffffffff";
        assert.equal(refusal({ source: "test", regions: { "us-west-2": misplaced } }),
            "not a lookups file: regions.us-west-2: subnet subnet-0aa00000000000001 is in us-east-1a, not in us-west-2; "
            + "regions.us-west-2: route table rtb-0c000000000000000 is in vpc-0ffffffffffffffff, which has no subnet in the file");
        assert.throws(() => loadLookups(path.join(ROOT, "examples", "nothing.lookups.json")), (err: StackConfigFileError) => err.missing);
    });
});
