/**
 * `regions[i].existingVpc`: a region runs in a VPC the user owns instead of one the program builds.
 * Every problem names its key and the fix; the keys a built VPC takes are refused next to it.
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ExistingNetworkError } from "../../../src/region/existingNetwork";
import { namespaceValues, parseConfig } from "../../../stack/config";
import { readStackConfig, ROOT } from "../../mocks";
import { problemsOf } from "./configProblems";

const EXISTING = {
    vpcId: "vpc-0a1b2c3d4e5f60718",
    publicSubnetIds: ["subnet-0aa00000000000001", "subnet-0aa00000000000002"],
    privateSubnetIds: ["subnet-0bb00000000000001", "subnet-0bb00000000000002"],
};

const withExisting = (region: Record<string, unknown>) => ({
    mode: "warm-standby",
    regions: [{ name: "us-west-2", ...region }, { name: "us-east-1", vpcCidr: "10.20.0.0/16" }],
    dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
    failover: { notificationEmail: "ops@example.com" },
});

describe("stack config: a region in an existing VPC", () => {
    it("takes the VPC's ids instead of vpcCidr, per region", () => {
        const c = parseConfig(withExisting({ existingVpc: EXISTING }));
        assert.deepEqual(c.regions[0].existingVpc, EXISTING);
        assert.equal(c.regions[0].vpcCidr, undefined);
        assert.deepEqual([c.regions[1].existingVpc, c.regions[1].vpcCidr], [undefined, "10.20.0.0/16"]);
    });

    it("the byo-vpc example runs its primary in an existing VPC and builds the standby's", () => {
        const c = parseConfig(namespaceValues(readStackConfig(path.join(ROOT, "examples", "byo-vpc.yaml"))));
        assert.deepEqual(c.regions.map((r) => [r.name, r.role, r.existingVpc?.privateSubnetIds.length ?? r.vpcCidr]),
            [["us-west-2", "primary", 3], ["us-east-1", "standby", "10.60.0.0/16"]]);
    });

    it("refuses malformed ids and too few subnets, naming each key", () => {
        assert.deepEqual(problemsOf(withExisting({ existingVpc: { vpcId: "vpc-xyz", publicSubnetIds: ["subnet-0aa00000000000001"], privateSubnetIds: ["sn-1", "subnet-0bb00000000000002"] } })), [
            "ha-web-tier:regions[0].existingVpc.privateSubnetIds[0]: is not a subnet id; use the id AWS shows, such as subnet-0123456789abcdef0",
            "ha-web-tier:regions[0].existingVpc.publicSubnetIds: must list at least 2 subnets, in different Availability Zones; add one",
            "ha-web-tier:regions[0].existingVpc.vpcId: is not a VPC id; use the id AWS shows, such as vpc-0123456789abcdef0",
        ]);
    });

    it("refuses vpcCidr, azCount and natStrategy next to existingVpc: the VPC decides them", () => {
        assert.deepEqual(problemsOf(withExisting({ existingVpc: EXISTING, vpcCidr: "10.10.0.0/16", azCount: 3, natStrategy: "single" })), [
            "ha-web-tier:regions[0].azCount: has no effect with regions[0].existingVpc (the existing VPC's subnets decide the zones); remove it, or remove existingVpc to build a VPC",
            "ha-web-tier:regions[0].natStrategy: has no effect with regions[0].existingVpc (the existing VPC's route tables decide the private subnets' egress); remove it, or remove existingVpc to build a VPC",
            "ha-web-tier:regions[0].vpcCidr: has no effect with regions[0].existingVpc (the existing VPC has its own range); remove it, or remove existingVpc to build a VPC",
        ]);
    });

    it("needs vpcCidr without existingVpc", () => {
        assert.deepEqual(problemsOf(withExisting({})), [
            "ha-web-tier:regions[0].vpcCidr: is required unless regions[].existingVpc is set; set a /16 to /24 block such as 10.10.0.0/16, or existingVpc to use a VPC you own",
        ]);
    });

    it("refuses a subnet listed twice, public and private", () => {
        const twice = { ...EXISTING, privateSubnetIds: ["subnet-0bb00000000000001", "subnet-0aa00000000000002"] };
        assert.deepEqual(problemsOf(withExisting({ existingVpc: twice })), [
            "ha-web-tier:regions[0].existingVpc.privateSubnetIds[1]: subnet-0aa00000000000002 is listed twice (also publicSubnetIds[1]); a subnet is either public or private, once",
        ]);
    });

    it("what the lookups find wrong is reported against the region's keys, as a run error without a stack trace", () => {
        const err = new ExistingNetworkError("HaWebTier us-east-1", "ha-web-tier:regions[1].existingVpc",
            [{ arg: "privateSubnetIds", index: 2, message: "subnet-x is routed to the internet" }, { arg: "publicSubnetIds", message: "span 1 Availability Zone" }]);
        assert.ok(pulumi.RunError.isInstance(err));
        assert.deepEqual(err.problems, [
            "ha-web-tier:regions[1].existingVpc.privateSubnetIds[2]: subnet-x is routed to the internet",
            "ha-web-tier:regions[1].existingVpc.publicSubnetIds: span 1 Availability Zone",
        ]);
    });
});
