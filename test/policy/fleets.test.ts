/** Spot Fleet requests and EC2 Fleets: every way a fleet launches an instance, through the policy gate. */
import { runCases, type Case, type Compliant, type World } from "./helpers";
import { rec, U } from "./factories";
import type { RecordedResource } from "../../tools/engine/recorded";

const at = (w: World, type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec(type, name, inputs, deps, { provider: w.asg.provider });

const spotFleet = "aws:ec2/spotFleetRequest:SpotFleetRequest";
const fleet = "aws:ec2/fleet:Fleet";

/** A Spot Fleet request from the tier's own launch template, placed in a private subnet by an override. */
const templateSpotFleet = (w: World, spec: Record<string, unknown> = { id: U, version: "$Latest" }, deps = [w.lt]) =>
    at(w, spotFleet, "euw1-spot-fleet", { iamFleetRole: U, targetCapacity: 1,
        launchTemplateConfigs: [{ launchTemplateSpecification: spec, overrides: [{ subnetId: U }] }] },
    { iamFleetRole: [], launchTemplateConfigs: [...deps, w.privateA] });

/** A Spot Fleet request with one inline launch specification. */
const inlineSpotFleet = (w: World, spec: Record<string, unknown>) =>
    at(w, spotFleet, "euw1-spot-fleet", { iamFleetRole: U, targetCapacity: 1, launchSpecifications: [{ ami: "ami-0123456789abcdef0",
        instanceType: "t3.small", subnetId: U, vpcSecurityGroupIds: [U], rootBlockDevices: [{ encrypted: true }], ...spec }] },
    { launchSpecifications: [w.privateA, w.appSg] });

const cases: Case[] = [
    { requirement: "a Spot Fleet launch specification must not assign a public IP", policy: "fleet-launches-checked",
        message: /euw1-spot-fleet: .*launchSpecifications\[0\]\.associatePublicIpAddress is true/,
        change: w => {
            const imds = at(w, "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "euw1-imds", { httpTokens: "required" });
            const f = inlineSpotFleet(w, { associatePublicIpAddress: true });
            return { at: f, extra: [imds, f] };
        } },
    { requirement: "a Spot Fleet launch specification cannot require IMDSv2 without the region's account default", policy: "fleet-launches-checked",
        message: /launchSpecifications\[0\] cannot require IMDSv2/,
        change: w => { const f = inlineSpotFleet(w, {}); return { at: f, extra: [f] }; } },
    { requirement: "a Spot Fleet launch specification must encrypt its root volume", policy: "fleet-launches-checked",
        message: /rootBlockDevices\[0\]\.encrypted is false/,
        change: w => {
            const imds = at(w, "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "euw1-imds", { httpTokens: "required" });
            const f = inlineSpotFleet(w, { rootBlockDevices: [{ encrypted: false }] });
            return { at: f, extra: [imds, f] };
        } },
    { requirement: "a Spot Fleet request may not launch from a launch template the stack does not declare", policy: "fleet-launches-checked",
        message: /launchTemplateConfigs\[0\] names a launch template this stack does not declare \("lt-0123abcd"\)/,
        change: w => { const f = templateSpotFleet(w, { id: "lt-0123abcd", version: "1" }, []); return { at: f, extra: [f] }; } },
    { requirement: "a Spot Fleet request that names no subnet (AWS picks the default VPC's) is refused", policy: "app-instances-private-subnets-only",
        message: /euw1-spot-fleet: A Spot Fleet request must name its subnets/,
        change: w => {
            const f = at(w, spotFleet, "euw1-spot-fleet", { iamFleetRole: U, targetCapacity: 1,
                launchTemplateConfigs: [{ launchTemplateSpecification: { id: U, version: "$Latest" } }] }, { iamFleetRole: [], launchTemplateConfigs: [w.lt] });
            return { at: f, extra: [f] };
        } },
    { requirement: "an EC2 Fleet override into a public subnet is refused", policy: "app-instances-private-subnets-only",
        message: /euw1-fleet: An EC2 Fleet must only use private subnets/,
        change: w => {
            const f = at(w, fleet, "euw1-fleet", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U, version: "$Latest" },
                overrides: [{ subnetId: U }] }], targetCapacitySpecification: { defaultTargetCapacityType: "spot", totalTargetCapacity: 1 } },
            { launchTemplateConfigs: [w.lt, w.publicA] });
            return { at: f, extra: [f] };
        } },
    { requirement: "an EC2 Fleet may not launch from a launch template the stack does not declare", policy: "fleet-launches-checked",
        message: /euw1-fleet: .*launchTemplateConfigs\[0\] names a launch template this stack does not declare \("lt-0123abcd"\)/,
        change: w => {
            const f = at(w, fleet, "euw1-fleet", { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: "lt-0123abcd", version: "1" },
                overrides: [{ subnetId: U }] }], targetCapacitySpecification: { defaultTargetCapacityType: "spot", totalTargetCapacity: 1 } },
            { launchTemplateConfigs: [w.privateA] });
            return { at: f, extra: [f] };
        } },
];

const compliant: Compliant[] = [
    { requirement: "a Spot Fleet request may name the stack's launch template by its literal name", change: w => {
        w.lt.inputs.name = "euw1-app";
        return [templateSpotFleet(w, { name: "euw1-app", version: "$Latest" }, [])];
    } },
    { requirement: "a Spot Fleet request from the stack's own launch template passes", change: w => [templateSpotFleet(w)] },
    { requirement: "an EC2 Fleet from the stack's own launch template, in a private subnet, passes", change: w => [at(w, fleet, "euw1-fleet",
        { launchTemplateConfigs: [{ launchTemplateSpecification: { launchTemplateId: U, version: "$Latest" }, overrides: [{ subnetId: U }] }],
            targetCapacitySpecification: { defaultTargetCapacityType: "spot", totalTargetCapacity: 1 } }, { launchTemplateConfigs: [w.lt, w.privateA] })] },
    { requirement: "an inline Spot Fleet specification with an encrypted root in a region that defaults to IMDSv2 passes", change: w => [
        at(w, "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "euw1-imds", { httpTokens: "required" }), inlineSpotFleet(w, {})] },
];

describe("policy: fleets", () => {
    runCases(cases, compliant);
});
