/**
 * The instance rules' verdicts written out, message and all: public addresses however assigned, IMDSv2
 * with what an instance inherits and the region's default, EBS encryption volume by volume, and the
 * values the rules cannot read.
 */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { computePolicies } from "../../policy/policies/compute";
import { rec, U } from "./factories";
import { cannot, verdictsOf } from "./helpers";

const region = rec("pulumi:providers:aws", "euw1", { region: "eu-west-1" });
const other = rec("pulumi:providers:aws", "euw2", { region: "eu-west-2" });
/** A record created by the eu-west-1 provider (or `by`). */
const r = (type: string, name: string, inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}, by = region) =>
    rec(type, name, inputs, deps, { provider: `${by.urn}::${U}` });
const safe = { metadataOptions: { httpTokens: "required" }, rootBlockDevice: { encrypted: true } };
/** An instance with IMDSv2 and an encrypted root unless `props` changes them (undefined leaves a field out). */
const instance = (name: string, props: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    r("aws:ec2/instance:Instance", name, Object.fromEntries(Object.entries({ ami: "ami-1", instanceType: "t3.micro", ...safe, ...props })
        .filter(([, v]) => v !== undefined)), deps);
const template = (name: string, props: Record<string, unknown>) => r("aws:ec2/launchTemplate:LaunchTemplate", name, { imageId: "ami-1",
    metadataOptions: { httpTokens: "required" }, blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true" } }], ...props });

const eip = (name: string, to: string) => `${name} instance-no-public-ip: ${name} attaches an Elastic IP to ${to}, which gives it a public IPv4 address `
    + "reachable without the load balancer; remove the Elastic IP and reach the instance through the load balancer (or SSM Session Manager).";
const imds = (name: string, is: string) => `${name} imdsv2-required: ${name}: metadataOptions.httpTokens must be "required" so only IMDSv2 session `
    + `requests reach the metadata service, but it is ${is}; set metadataOptions: { httpTokens: "required" } (or declare `
    + "aws.ec2.InstanceMetadataDefaults with httpTokens \"required\" in this region).";
const ebs = (name: string, bad: string) => `${name} ebs-volumes-encrypted: ${name}: EBS volumes must be encrypted, but ${bad}, so the volume's encryption `
    + "is left to the AMI or the account. Map every volume, the root device included, with encrypted: true (\"true\" in a launch template), or declare "
    + "aws.ebs.EncryptionByDefault in this region.";

const cases: { requirement: string; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "a launch template's public IP flag is read per interface: true is refused, anything but a false spelling cannot be judged",
        records: () => [template("lt", { networkInterfaces: [{ associatePublicIpAddress: "false" }, { associatePublicIpAddress: true },
            { associatePublicIpAddress: U }, { associatePublicIpAddress: "maybe" }, { associatePublicIpAddress: null }, {}] }), template("lt2", { networkInterfaces: U })],
        expect: ["lt launch-template-no-public-ip: lt: networkInterfaces[1].associatePublicIpAddress must be \"false\"; app instances are reached through the "
            + "load balancer and leave through NAT.",
        cannot("lt", "launch-template-no-public-ip", "networkInterfaces[2].associatePublicIpAddress is not known until deploy"),
        cannot("lt", "launch-template-no-public-ip", "networkInterfaces[3].associatePublicIpAddress is \"maybe\""),
        cannot("lt2", "launch-template-no-public-ip", "networkInterfaces is not known until deploy")] },
    { requirement: "a launch configuration or an instance with a public IP is refused; one not known until deploy cannot be judged unless accepted",
        records: () => [r("aws:ec2/launchConfiguration:LaunchConfiguration", "lc", { imageId: "ami-1", associatePublicIpAddress: true, ...safe }),
            r("aws:ec2/launchConfiguration:LaunchConfiguration", "lc2", { imageId: "ami-1", associatePublicIpAddress: U, ...safe }),
            instance("i1", { associatePublicIpAddress: "true" }), instance("i2", { associatePublicIpAddress: U }), instance("i3", { associatePublicIpAddress: U })],
        config: { "instance-no-public-ip": { acceptUnresolved: ["i3"] } },
        expect: ["lc launch-configuration-no-public-ip: lc: associatePublicIpAddress must be false (better: replace the launch configuration with a launch "
            + "template); app instances are reached through the load balancer and leave through NAT.",
        cannot("lc2", "launch-configuration-no-public-ip", "associatePublicIpAddress is not known until deploy"),
        "i1 instance-no-public-ip: i1: associatePublicIpAddress must be false; put the instance in a private subnet behind the load balancer.",
        cannot("i2", "instance-no-public-ip", "associatePublicIpAddress is not known until deploy")] },
    { requirement: "an Elastic IP on an instance, on an interface in a private subnet or on an interface nothing declares is refused; on a public one it is not",
        records: () => {
            const pub = r("aws:ec2/subnet:Subnet", "pub", { vpcId: "vpc-1", mapPublicIpOnLaunch: true });
            const priv = r("aws:ec2/subnet:Subnet", "priv", { vpcId: "vpc-1" });
            const eni = (name: string, s: RecordedResource) => r("aws:ec2/networkInterface:NetworkInterface", name, { subnetId: U }, { subnetId: [s] });
            const inPub = eni("eni-pub", pub);
            const inPriv = eni("eni-priv", priv);
            const inPriv2 = eni("eni-priv2", priv);
            return [pub, priv, inPub, inPriv, inPriv2, r("aws:ec2/eip:Eip", "e1", { instance: "i-1" }), r("aws:ec2/eip:Eip", "e2", { instance: "", networkInterface: "" }),
                r("aws:ec2/eip:Eip", "e4", { networkInterface: "eni-0456" }), r("aws:ec2/eipAssociation:EipAssociation", "a3", { instanceId: "i-1" }),
                r("aws:ec2/eipAssociation:EipAssociation", "a4", { networkInterfaceId: U }, { networkInterfaceId: [inPriv, inPriv2] }),
                r("aws:ec2/eipAssociation:EipAssociation", "a5", { networkInterfaceId: U }, { networkInterfaceId: [r("aws:ec2/networkInterface:NetworkInterface",
                    "eni-either", { subnetId: U }, { subnetId: [pub, priv] })] }),
                r("aws:ec2/networkInterface:NetworkInterface", "eni-either", { subnetId: U }, { subnetId: [pub, priv] }),
                r("aws:ec2/eip:Eip", "e3", { networkInterface: U }, { networkInterface: [inPub] }),
                r("aws:ec2/eipAssociation:EipAssociation", "a1", { networkInterfaceId: U }, { networkInterfaceId: [inPriv, pub] }),
                r("aws:ec2/eipAssociation:EipAssociation", "a2", { networkInterfaceId: "eni-0123", instance: "i-1" })];
        },
        expect: [eip("e1", "an instance"), eip("e4", "a network interface this stack does not declare"), eip("a3", "an instance"),
            eip("a4", "network interface eni-priv, eni-priv2 in a private subnet"), eip("a1", "network interface eni-priv in a private subnet"),
            eip("a2", "a network interface this stack does not declare")] },
    { requirement: "IMDSv2: unknown options cannot be judged; a disabled endpoint, required tokens, or the region's default pass; anything else is named",
        records: () => [template("lt", { metadataOptions: { httpTokens: U } }), template("lt2", { metadataOptions: { httpEndpoint: "disabled" } }),
            template("lt3", { metadataOptions: { httpTokens: "optional" } }), instance("i1", { metadataOptions: undefined }),
            instance("i2", { metadataOptions: {} }, {}), r("aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "md", { httpTokens: "required" }, {}, other),
            instance("i3", { metadataOptions: { httpEndpoint: U } })],
        config: { "imdsv2-required": { acceptUnresolved: ["i3"] } },
        expect: [cannot("lt", "imdsv2-required", "metadataOptions is not known until deploy"), imds("lt3", "\"optional\""),
            imds("i1", "unset (IMDSv1 stays on)"), imds("i2", "unset (IMDSv1 stays on)")] },
    { requirement: "IMDSv2: a region default that keeps IMDSv1 optional covers nothing",
        records: () => [r("aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "md", { httpTokens: "optional" }), instance("i1", { metadataOptions: undefined })],
        expect: [imds("i1", "unset (IMDSv1 stays on)")] },
    { requirement: "IMDSv2: an instance inherits its declared template's options; one from a template the stack does not declare is told so",
        records: () => {
            const lt = template("lt", {});
            return [lt, instance("i1", { metadataOptions: undefined, launchTemplate: { id: U } }, { launchTemplate: [lt] }),
                instance("i2", { metadataOptions: undefined, launchTemplate: { id: "lt-0123" } }),
                r("aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "md", { httpTokens: "required" }),
                instance("i3", { metadataOptions: { httpTokens: "optional" }, launchTemplate: { id: "lt-0123" } })];
        },
        expect: [imds("i3", "\"optional\"")] },
    { requirement: "IMDSv2: without the region's default, an instance from an undeclared template that sets nothing is told why",
        records: () => {
            const open = template("open", { metadataOptions: { httpEndpoint: "enabled" } });
            const off = template("off", { metadataOptions: { httpEndpoint: "disabled" } });
            const subnet = r("aws:ec2/subnet:Subnet", "s", { vpcId: "vpc-1" });
            return [open, off, subnet, instance("i2", { metadataOptions: undefined, launchTemplate: { id: "lt-0123" } }),
                instance("i3", { metadataOptions: undefined, launchTemplate: { id: U } }, { launchTemplate: [open] }),
                instance("i4", { metadataOptions: undefined, launchTemplate: { id: U } }, { launchTemplate: [off] }),
                instance("i5", { metadataOptions: undefined, launchTemplate: { id: U } }, { launchTemplate: [subnet] })];
        },
        expect: [imds("open", "unset (IMDSv1 stays on)"), imds("i2", "unset (IMDSv1 stays on) here and its launch template is not one this stack declares"),
            imds("i3", "unset (IMDSv1 stays on)"), imds("i5", "unset (IMDSv1 stays on) here and its launch template is not one this stack declares")] },
    { requirement: "EBS: every volume is named with its value; unknown ones cannot be judged; a root left to the AMI is refused",
        records: () => [r("aws:ebs/volume:Volume", "v1", { size: 1, encrypted: false }), r("aws:ebs/volume:Volume", "v2", { size: 1, encrypted: U }),
            instance("i1", { rootBlockDevice: {}, ebsBlockDevices: [{ encrypted: "no" }, { noDevice: true }, { encrypted: U }] }),
            template("lt", { blockDeviceMappings: [{ deviceName: "/dev/sdb", ebs: { encrypted: "true" } }, { deviceName: "/dev/xvda", noDevice: "true" },
                { deviceName: "/dev/sdc", noDevice: "true", ebs: { encrypted: false } }, { deviceName: "/dev/sdd", virtualName: "ephemeral0" }] }),
            template("lt2", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: false } }] }),
            instance("i2", { rootBlockDevice: undefined }), instance("i3", { rootBlockDevice: { encrypted: U }, ebsBlockDevices: [{ encrypted: U }] })],
        expect: [ebs("v1", "encrypted is false"), cannot("v2", "ebs-volumes-encrypted", "encrypted is not known until deploy"),
            cannot("i1", "ebs-volumes-encrypted", "ebsBlockDevices[2].encrypted is not known until deploy"),
            ebs("i1", "rootBlockDevice.encrypted is unset; ebsBlockDevices[0].encrypted is \"no\""),
            ebs("lt", "no blockDeviceMappings entry maps the root device (/dev/xvda or /dev/sda1)"), ebs("lt2", "blockDeviceMappings[0].ebs.encrypted is false"),
            ebs("i2", "no rootBlockDevice is declared"),
            cannot("i3", "ebs-volumes-encrypted", "rootBlockDevice.encrypted is not known until deploy; ebsBlockDevices[0].encrypted is not known until deploy")] },
    { requirement: "EBS: a root mapped by the instance's declared template, or encryption by default in the region, covers what is unset",
        records: () => {
            const lt = template("lt", {});
            return [lt, instance("i1", { rootBlockDevice: undefined, launchTemplate: { id: U } }, { launchTemplate: [lt] }),
                r("aws:ebs/encryptionByDefault:EncryptionByDefault", "ebd", { enabled: true }, {}, other),
                r("aws:ebs/encryptionByDefault:EncryptionByDefault", "off", { enabled: false }),
                r("aws:ebs/volume:Volume", "v1", { size: 1 }, {}, other), r("aws:ebs/volume:Volume", "v2", { size: 1 }),
                r("aws:ebs/volume:Volume", "v3", { size: 1, encrypted: false }, {}, other), r("aws:ebs/volume:Volume", "v4", { size: 1, encrypted: U })];
        },
        config: { "ebs-volumes-encrypted": { acceptUnresolved: ["v4"] } },
        expect: [ebs("v2", "encrypted is unset"), ebs("v3", "encrypted is false")] },
];

describe("policy pack: instance rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdictsOf([region, other, ...c.records()], computePolicies, c.config), c.expect);
        });
    }
});
