import { runCases, type Case, type Compliant, type World } from "./helpers";
import { rec, U } from "./factories";
import type { RecordedResource } from "../../tools/engine/recorded";

/** A record in the tier's region. */
const at = (w: World, type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec(type, name, inputs, deps, { provider: w.asg.provider });

const lcType = "aws:ec2/launchConfiguration:LaunchConfiguration";
const instanceType = "aws:ec2/instance:Instance";

/** A launch configuration that passes every check but AutoScaling.9 (which only applies once a group uses it). */
const goodLc = (w: World, changes: Record<string, unknown> = {}) => at(w, lcType, "euw1-lc", Object.fromEntries(Object.entries({
    imageId: "ami-0123456789abcdef0", instanceType: "t3.small", securityGroups: [U], associatePublicIpAddress: false,
    metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true, volumeSize: 20 }, ...changes,
}).filter(([, v]) => v !== undefined)), { securityGroups: [w.appSg] });

/** A second launch template like the tier's, for overrides. */
const secondLt = (w: World) => at(w, "aws:ec2/launchTemplate:LaunchTemplate", "euw1-lt-arm", { ...w.lt.inputs,
    instanceType: "t4g.small" }, { networkInterfaces: [w.appSg] });

/** An instance launched from the tier's launch template, with nothing of its own but a subnet. */
const ltInstance = (w: World, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]>) =>
    at(w, instanceType, "euw1-worker", { launchTemplate: { id: U, version: "$Latest" }, ...inputs }, { launchTemplate: [w.lt], ...deps });

const eni = (w: World, subnet: RecordedResource) => at(w, "aws:ec2/networkInterface:NetworkInterface", "euw1-eni",
    { subnetId: U, securityGroups: [U] }, { subnetId: [subnet], securityGroups: [w.appSg] });

const cases: Case[] = [
    { requirement: "launch configurations must not assign public IPs", policy: "launch-configuration-no-public-ip",
        message: /euw1-lc: associatePublicIpAddress must be false/,
        change: w => { const lc = goodLc(w, { associatePublicIpAddress: true }); return { at: lc, extra: [lc] }; } },
    { requirement: "launch configurations must require IMDSv2", policy: "imdsv2-required", message: /euw1-lc: .*unset \(IMDSv1 stays on\)/,
        change: w => { const lc = goodLc(w, { metadataOptions: undefined }); return { at: lc, extra: [lc] }; } },
    { requirement: "a launch configuration without a root block device leaves encryption to the AMI", policy: "ebs-volumes-encrypted",
        message: /euw1-lc: .*no rootBlockDevice is declared.*EncryptionByDefault/,
        change: w => { const lc = goodLc(w, { rootBlockDevice: undefined }); return { at: lc, extra: [lc] }; } },
    { requirement: "an Auto Scaling group must not launch from a launch configuration", policy: "asg-launch-template",
        message: /euw1-asg launches from a launch configuration; use a launch template/,
        change: w => {
            const lc = goodLc(w);
            delete w.asg.inputs.launchTemplate;
            w.asg.inputs.launchConfiguration = U;
            w.asg.propertyDependencies.launchConfiguration = [lc.urn];
            delete w.asg.propertyDependencies.launchTemplate;
            return { at: w.asg, extra: [lc] };
        } },
    { requirement: "a mixed instances override may not name a launch template the stack does not declare", policy: "asg-launch-template",
        message: /mixedInstancesPolicy overrides\[1\] \(m7g.large\) names a launch template this stack does not declare \("lt-0123abcd"\)/,
        change: w => {
            delete w.asg.inputs.launchTemplate;
            w.asg.inputs.mixedInstancesPolicy = { launchTemplate: { launchTemplateSpecification: { launchTemplateId: U, version: U },
                overrides: [{ instanceType: "t3.small" },
                    { instanceType: "m7g.large", launchTemplateSpecification: { launchTemplateId: "lt-0123abcd" } }] } };
            w.asg.propertyDependencies.mixedInstancesPolicy = [w.lt.urn];
            return { at: w.asg };
        } },
    { requirement: "a launch template looked up elsewhere (computed, from no template of the stack) cannot be checked",
        policy: "asg-launch-template",
        change: w => { w.asg.propertyDependencies.launchTemplate = []; return { at: w.asg }; } },
    { requirement: "an instance from a launch template the stack does not declare must require IMDSv2 itself", policy: "imdsv2-required",
        message: /launch template is not one this stack declares/,
        change: w => {
            const i = at(w, instanceType, "euw1-worker", { launchTemplate: { id: "lt-0123abcd" }, subnetId: U,
                rootBlockDevice: { encrypted: true } }, { subnetId: [w.privateA] });
            return { at: i, extra: [i] };
        } },
    { requirement: "a spot instance request is an instance too: no public IP at launch", policy: "instance-no-public-ip",
        message: /euw1-spot: associatePublicIpAddress must be false/,
        change: w => {
            const i = at(w, "aws:ec2/spotInstanceRequest:SpotInstanceRequest", "euw1-spot", { launchTemplate: { id: U },
                subnetId: U, associatePublicIpAddress: true }, { launchTemplate: [w.lt], subnetId: [w.privateA] });
            return { at: i, extra: [i] };
        } },
    { requirement: "an Elastic IP on an instance gives it a public address", policy: "instance-no-public-ip",
        message: /euw1-worker-eip attaches an Elastic IP to an instance/,
        change: w => {
            const i = ltInstance(w, { subnetId: U }, { subnetId: [w.privateA] });
            const eip = at(w, "aws:ec2/eip:Eip", "euw1-worker-eip", { domain: "vpc", instance: U }, { instance: [i] });
            return { at: eip, extra: [i, eip] };
        } },
    { requirement: "an EIP association on a network interface in a private subnet makes it public", policy: "instance-no-public-ip",
        message: /network interface euw1-eni in a private subnet/,
        change: w => {
            const n = eni(w, w.privateA);
            const a = at(w, "aws:ec2/eipAssociation:EipAssociation", "euw1-eni-eip", { allocationId: U, networkInterfaceId: U },
                { allocationId: [w.eip], networkInterfaceId: [n] });
            return { at: a, extra: [n, a] };
        } },
    { requirement: "an instance placed through its launch template's network interface in a public subnet is stopped",
        policy: "app-instances-private-subnets-only", message: /its launch template euw1-lt includes euw1-public-a/,
        change: w => {
            (w.lt.inputs.networkInterfaces as Record<string, unknown>[])[0].subnetId = U;
            w.lt.propertyDependencies.networkInterfaces = [w.appSg.urn, w.publicA.urn];
            const i = ltInstance(w, {}, {});
            return { at: i, extra: [i] };
        } },
    { requirement: "an instance placed through a network interface in a public subnet is stopped", policy: "app-instances-private-subnets-only",
        change: w => {
            const n = eni(w, w.publicA);
            const i = ltInstance(w, { networkInterfaces: [{ networkInterfaceId: U, deviceIndex: 0 }] }, { networkInterfaces: [n] });
            return { at: i, extra: [n, i] };
        } },
    { requirement: "a launch template that maps only a data volume leaves the root's encryption to the AMI", policy: "ebs-volumes-encrypted",
        message: /euw1-lt: .*no blockDeviceMappings entry maps the root device/,
        change: w => { (w.lt.inputs.blockDeviceMappings as Record<string, unknown>[])[0].deviceName = "/dev/sdf"; return { at: w.lt }; } },
    { requirement: "EBS encryption by default in another region does not cover this one", policy: "ebs-volumes-encrypted",
        change: w => {
            w.lt.inputs.blockDeviceMappings = [];
            const ebd = rec("aws:ebs/encryptionByDefault:EncryptionByDefault", "use1-ebs-default", { enabled: true }, {},
                { provider: w.alarm.provider });
            return { at: w.lt, extra: [ebd] };
        } },
];

const compliant: Compliant[] = [
    { requirement: "an Auto Scaling group may name the stack's launch template by its literal name", change: w => {
        w.lt.inputs.name = "euw1-app";
        w.asg.inputs.launchTemplate = { name: "euw1-app", version: "$Latest" };
        w.asg.propertyDependencies.launchTemplate = [];
    } },
    { requirement: "a launch configuration with IMDSv2, no public IP and an encrypted root passes its own checks", change: w => [goodLc(w)] },
    { requirement: "mixed instances overrides that name declared launch templates are checked through those templates", change: w => {
        const lt2 = secondLt(w);
        delete w.asg.inputs.launchTemplate;
        w.asg.inputs.mixedInstancesPolicy = { launchTemplate: { launchTemplateSpecification: { launchTemplateId: U, version: U },
            overrides: [{ instanceType: "t3.small" }, { instanceType: "t4g.small", launchTemplateSpecification: { launchTemplateId: U } }] } };
        w.asg.propertyDependencies.mixedInstancesPolicy = [w.lt.urn, lt2.urn];
        delete w.asg.propertyDependencies.launchTemplate;
        return [lt2];
    } },
    { requirement: "an instance inherits IMDSv2, its encrypted root and its private subnet from a declared launch template", change: w => {
        (w.lt.inputs.networkInterfaces as Record<string, unknown>[])[0].subnetId = U;
        w.lt.propertyDependencies.networkInterfaces = [w.appSg.urn, w.privateA.urn];
        return [ltInstance(w, {}, {})];
    } },
    { requirement: "an Elastic IP on a network interface in a public subnet (a NAT-style appliance) is not an app instance", change: w => {
        const n = eni(w, w.publicA);
        return [n, at(w, "aws:ec2/eip:Eip", "euw1-eni-eip", { domain: "vpc", networkInterface: U }, { networkInterface: [n] })];
    } },
    { requirement: "IMDSv2 as the region's account default covers a launch configuration that leaves httpTokens unset", change: w => [
        goodLc(w, { metadataOptions: undefined }),
        at(w, "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "euw1-imds-default", { httpTokens: "required" }),
    ] },
    { requirement: "EBS encryption by default in the region covers a launch template that leaves the root to the AMI", change: w => {
        w.lt.inputs.blockDeviceMappings = [];
        return [at(w, "aws:ebs/encryptionByDefault:EncryptionByDefault", "euw1-ebs-default", { enabled: true })];
    } },
];

describe("policy pack: every way to launch an instance", () => {
    runCases(cases, compliant);
});
