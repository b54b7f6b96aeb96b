/**
 * Ways around app-instances-private-subnets-only a careless or hostile program could deploy: each is a
 * single change to the compliant tier, and the gate must refuse it on the launching resource.
 */
import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { rec, U, worldWithHttps } from "./factories";
import type { World } from "./helpers";
import type { RecordedResource } from "../../tools/engine/recorded";

const rule = "app-instances-private-subnets-only";
const spotFleet = "aws:ec2/spotFleetRequest:SpotFleetRequest";
const ec2Fleet = "aws:ec2/fleet:Fleet";
const capacity = { targetCapacitySpecification: { defaultTargetCapacityType: "spot", totalTargetCapacity: 1 } };

const at = (w: World, type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec(type, name, inputs, deps, { provider: w.asg.provider });

/** Asserts the gate gives a mandatory private-subnet verdict on the resource. */
async function refused(records: RecordedResource[], urn: string): Promise<void> {
    const violations = await analyze(records);
    const hits = violations.filter(v => v.policy === rule && v.urn === urn && v.level === "mandatory");
    assert.ok(hits.length > 0, JSON.stringify(violations, null, 1));
}

describe("policy: private subnets, attacks on the placement rule", () => {
    it("an EC2 Fleet override that names only an Availability Zone (AWS uses that zone's default subnet) is refused", async () => {
        const w = worldWithHttps();
        const f = at(w, ec2Fleet, "euw1-fleet", { ...capacity, launchTemplateConfigs: [{
            launchTemplateSpecification: { launchTemplateId: U, version: "$Latest" },
            overrides: [{ subnetId: U }, { availabilityZone: "eu-west-1b", instanceType: "t3.large" }] }] },
        { launchTemplateConfigs: [w.lt, w.privateA] });
        await refused([...w.all(), f], f.urn);
    });

    it("a Spot Fleet launch specification with an Availability Zone and no subnet, beside a private one, is refused", async () => {
        const w = worldWithHttps();
        const spec = { ami: "ami-0123456789abcdef0", instanceType: "t3.small", vpcSecurityGroupIds: [U], rootBlockDevices: [{ encrypted: true }] };
        const f = at(w, spotFleet, "euw1-spot-fleet", { iamFleetRole: U, targetCapacity: 2,
            launchSpecifications: [{ ...spec, subnetId: U }, { ...spec, availabilityZone: "eu-west-1b" }] },
        { launchSpecifications: [w.privateA, w.appSg] });
        await refused([...w.all(), f], f.urn);
    });

    it("a Spot Fleet override whose subnetId is a literal public subnet id, in odd case and spacing, is refused", async () => {
        const w = worldWithHttps();
        const f = at(w, spotFleet, "euw1-spot-fleet", { iamFleetRole: U, targetCapacity: 1, launchTemplateConfigs: [{
            launchTemplateSpecification: { id: U, version: "$Latest" }, overrides: [{ subnetId: U }, { subnetId: " SUBNET-0PUB1234 , subnet-0pub5678" }] }] },
        { launchTemplateConfigs: [w.lt, w.privateA] });
        await refused([...w.all(), f], f.urn);
    });

    it("an Auto Scaling group repeating its private subnets to hide a third, deploy-time subnet is refused", async () => {
        const w = worldWithHttps();
        const other = rec("pulumi:pulumi:StackReference", "network", { name: "org/network/prod" });
        w.asg.inputs.vpcZoneIdentifiers = [U, U, U];
        w.asg.propertyDependencies.vpcZoneIdentifiers = [w.privateA.urn, w.privateB.urn, w.privateA.urn, other.urn];
        await refused([...w.all(), other], w.asg.urn);
    });

    it("an EC2 Fleet with no overrides from a launch template whose network interface is in a public subnet is refused", async () => {
        const w = worldWithHttps();
        w.lt.inputs.networkInterfaces = [{ associatePublicIpAddress: "false", securityGroups: [U], subnetId: U }];
        w.lt.propertyDependencies.networkInterfaces = [w.appSg.urn, w.publicA.urn];
        const f = at(w, ec2Fleet, "euw1-fleet", { ...capacity,
            launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U, version: "$Latest" } }] },
        { launchTemplateConfigs: [w.lt] });
        await refused([...w.all(), f], f.urn);
    });

    it("an Auto Scaling group with a mixed instances policy placed in a public subnet is refused", async () => {
        const w = worldWithHttps();
        delete w.asg.inputs.launchTemplate;
        w.asg.inputs.mixedInstancesPolicy = { launchTemplate: { launchTemplateSpecification: { launchTemplateId: U, version: "$Latest" },
            overrides: [{ instanceType: "t3.small" }, { instanceType: "t3a.small" }] } };
        w.asg.propertyDependencies = { ...w.asg.propertyDependencies, launchTemplate: [], mixedInstancesPolicy: [w.lt.urn],
            vpcZoneIdentifiers: [w.privateA.urn, w.publicB.urn] };
        await refused(w.all(), w.asg.urn);
    });

    it("an instance attached to a network interface in a public subnet is refused", async () => {
        const w = worldWithHttps();
        const eni = at(w, "aws:ec2/networkInterface:NetworkInterface", "euw1-eni", { subnetId: U, securityGroups: [U] },
            { subnetId: [w.publicA], securityGroups: [w.appSg] });
        const i = at(w, "aws:ec2/instance:Instance", "euw1-box", { ami: "ami-0123456789abcdef0", instanceType: "t3.small",
            networkInterfaces: [{ deviceIndex: 0, networkInterfaceId: U }], metadataOptions: { httpTokens: "required" },
            rootBlockDevice: { encrypted: true } }, { networkInterfaces: [eni] });
        await refused([...w.all(), eni, i], i.urn);
    });

    it("an instance with a private network interface of the stack and a second, literal one it cannot judge is refused", async () => {
        const w = worldWithHttps();
        const eni = at(w, "aws:ec2/networkInterface:NetworkInterface", "euw1-eni", { subnetId: U, securityGroups: [U] },
            { subnetId: [w.privateA], securityGroups: [w.appSg] });
        const i = at(w, "aws:ec2/instance:Instance", "euw1-box", { ami: "ami-0123456789abcdef0", instanceType: "t3.small",
            networkInterfaces: [{ deviceIndex: 0, networkInterfaceId: U }, { deviceIndex: 1, networkInterfaceId: "eni-0abc1234def567890" }],
            metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true } }, { networkInterfaces: [eni] });
        await refused([...w.all(), eni, i], i.urn);
    });

    // One value known only at deploy may join several subnet ids; the preview cannot see the commas.
    it("an Auto Scaling group given one deploy-time value joining a private subnet and another stack's subnet is refused", async () => {
        const w = worldWithHttps();
        const other = rec("pulumi:pulumi:StackReference", "network", { name: "org/network/prod" });
        // pulumi.interpolate`${privateA.id},${network.getOutput("publicSubnet")}`: one element, two subnets (VPCZoneIdentifier is comma-separated).
        w.asg.inputs.vpcZoneIdentifiers = [U];
        w.asg.propertyDependencies.vpcZoneIdentifiers = [w.privateA.urn, other.urn];
        await refused([...w.all(), other], w.asg.urn);
    });

    // Property dependencies over-approximate (privateB reaches the property through availabilityZone, not subnetId).
    it("a Spot Fleet override whose subnet comes from another stack, beside an unrelated dependency on a private subnet, is refused", async () => {
        const w = worldWithHttps();
        const other = rec("pulumi:pulumi:StackReference", "network", { name: "org/network/prod" });
        // overrides: [{ subnetId: privateA.id }, { subnetId: network.getOutput("publicSubnet"), availabilityZone: privateB.availabilityZone }]
        const f = at(w, spotFleet, "euw1-spot-fleet", { iamFleetRole: U, targetCapacity: 1, launchTemplateConfigs: [{
            launchTemplateSpecification: { id: U, version: "$Latest" }, overrides: [{ subnetId: U }, { subnetId: U, availabilityZone: U }] }] },
        { launchTemplateConfigs: [w.lt, w.privateA, w.privateB, other] });
        await refused([...w.all(), other, f], f.urn);
    });
});
