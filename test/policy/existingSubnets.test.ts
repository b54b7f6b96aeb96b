/**
 * Subnets of a VPC the stack does not own: the group names them by literal id, and the pack judges them
 * by what a component declares of them (its `existingSubnets` output, what the program's lookups found),
 * through the same gate as the CLI. An id nothing declares cannot be judged and is refused.
 */
import * as assert from "node:assert/strict";
import type { RecordedResource } from "../../tools/engine/recorded";
import { analyze } from "../../tools/plan/analyze";
import { rec, U, worldWithHttps } from "./factories";
import { expectOnly } from "./helpers";

type Declared = Record<string, unknown>;

const natTable = (n: number) => ({ id: `rtb-0c00000000000001${n}`, main: false, routes: [{ destination: "0.0.0.0/0", target: `nat-0e00000000000000${n}` }] });
const declared = (n: number, overrides: Declared = {}): Declared => ({
    id: `subnet-0bb0000000000000${n}`, role: "private", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: `eu-west-1${"ab"[n - 1]}`,
    availabilityZoneId: `euw1-az${n}`, mapPublicIpOnLaunch: false, routeTable: natTable(n), ...overrides,
});

/** The compliant world, its group moved into two private subnets of an existing VPC that a tier declares. */
function byoWorld(entries: unknown[] = [declared(1), declared(2)], ids = ["subnet-0bb00000000000001", "subnet-0bb00000000000002"]) {
    const w = worldWithHttps();
    w.asg.inputs.vpcZoneIdentifiers = ids;
    w.asg.propertyDependencies = { ...w.asg.propertyDependencies, vpcZoneIdentifiers: [] };
    const tier = rec("ha-web-tier:index:HaWebTier", "euw1", {}, {}, { custom: false, outputs: { existingSubnets: entries, vpcId: "vpc-0a1b2c3d4e5f60718" } });
    return { w, records: [...w.all(), tier] as RecordedResource[] };
}

/** An undeclared subnet is refused by the placement rule and, as its zone is unknown too, by asg-multi-az. */
async function expectUnjudged(records: RecordedResource[], urn: string): Promise<void> {
    const violations = await analyze(records);
    assert.deepEqual(violations.map((v) => [v.policy, v.urn]), [["app-instances-private-subnets-only", urn], ["asg-multi-az", urn]]);
    assert.match(violations[1]?.message ?? "", /cannot be judged: 1 of its subnets cannot be placed in an Availability Zone/);
}

describe("subnets of an existing VPC under the pack", () => {
    it("private subnets a tier declares (a NAT route, no public IPs) pass every policy", async () => {
        assert.deepEqual(await analyze(byoWorld().records), []);
    });

    it("a declared subnet the VPC's main table routes to an internet gateway is public [app-instances-private-subnets-only]", async () => {
        const main = { id: "rtb-0c000000000000000", main: true, routes: [{ destination: "0.0.0.0/0", target: "igw-0d000000000000001" }] };
        const { w, records } = byoWorld([declared(1), declared(2, { routeTable: main })]);
        await expectOnly(records, "app-instances-private-subnets-only", w.asg.urn);
        const [v] = await analyze(records);
        assert.match(v.message, /euw1-asg: An Auto Scaling group must only use private subnets, but vpcZoneIdentifiers includes subnet-0bb00000000000002, which is routed to the internet by route 0\.0\.0\.0\/0 -> igw-0d000000000000001 in the VPC's main route table rtb-0c000000000000000, which applies because the subnet has no explicit association \(as euw1 looked it up\); use private subnets/);
    });

    it("a declared subnet that maps public IPs is public [app-instances-private-subnets-only]", async () => {
        const { w, records } = byoWorld([declared(1, { mapPublicIpOnLaunch: true }), declared(2)]);
        await expectOnly(records, "app-instances-private-subnets-only", w.asg.urn);
        assert.match((await analyze(records))[0].message, /subnet-0bb00000000000001, which maps public IPs on launch/);
    });

    it("a literal subnet id nothing declares cannot be judged and is refused (nor placed in a zone) [app-instances-private-subnets-only]", async () => {
        const { w, records } = byoWorld([declared(1)]);
        await expectUnjudged(records, w.asg.urn);
        assert.match((await analyze(records))[0].message,
            /euw1-asg: An Auto Scaling group must only use private subnets, but subnet-0bb00000000000002 cannot be judged: it is not declared in this stack \(no subnet resource of the stack has that id, and no component's existingSubnets describes it\)\. Pass/);
    });

    it("a declaration the preview cannot read (an unknown lookup) is no declaration, and says so [app-instances-private-subnets-only]", async () => {
        const { w, records } = byoWorld([declared(1), U]);
        await expectUnjudged(records, w.asg.urn);
        assert.match((await analyze(records))[0].message, /subnet-0bb00000000000002 cannot be judged: .* Some lookups of euw1 are unknown: offline, the stack's lookups file does not declare them\./);
    });

    it("a provider resource cannot declare subnets: only components' outputs do [app-instances-private-subnets-only]", async () => {
        const { w, records } = byoWorld([]);
        const fake = rec("aws:ec2/vpc:Vpc", "fake", { existingSubnets: [declared(1), declared(2)] }, {}, { provider: w.vpc.provider });
        const violations = await analyze([...records, fake]);
        assert.deepEqual([...new Set(violations.filter((v) => v.urn === w.asg.urn).map((v) => v.policy))], ["app-instances-private-subnets-only", "asg-multi-az"]);
        assert.equal(violations.filter((v) => v.message.includes("cannot be judged")).length, 3);
    });

    it("declared subnets in one zone give the group one zone [asg-multi-az]", async () => {
        const { w, records } = byoWorld([declared(1), declared(2, { availabilityZone: "eu-west-1a" })]);
        await expectOnly(records, "asg-multi-az", w.asg.urn);
    });
});
