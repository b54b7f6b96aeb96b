import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    declaredVolumes, encryptedByDefaultRegions, hasForeignTemplate, imdsv2ByDefaultRegions, instanceTypes, launchTypes,
    metadataOptions, templateOf,
} from "./launches";
import { publicSubnets } from "./routes";
import {
    acceptUnresolvedSchema, blocks, cannotBeJudged, forTypes, isFalse, isTrue, isUnknown, ofTypes, plain, regionOf, sources, unresolvedFor,
    type UnresolvedConfig,
} from "./util";

const t = launchTypes;

/** EC2.25: a public address on an app instance bypasses the ALB and its security group. */
export const launchTemplateNoPublicIp: ResourceValidationPolicy = {
    name: "launch-template-no-public-ip",
    description: "Checks whether launch templates do not assign public IP addresses to network interfaces "
        + "(Security Hub EC2.25).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([t.template], (props, args, report) => {
        if (isUnknown(props.networkInterfaces)) {
            unresolvedFor("launch-template-no-public-ip", args, report)("networkInterfaces is not known until deploy");
        }
        blocks(props.networkInterfaces).forEach((ni, i) => {
            const v = ni.associatePublicIpAddress;
            if (isTrue(v)) {
                report(`${args.name}: networkInterfaces[${i}].associatePublicIpAddress must be "false"; app instances are `
                    + "reached through the load balancer and leave through NAT.");
            } else if (v !== undefined && v !== null && !isFalse(v)) {
                unresolvedFor("launch-template-no-public-ip", args, report)(`networkInterfaces[${i}].associatePublicIpAddress is ${isUnknown(v) ? "not known until deploy" : JSON.stringify(v)}`);
            }
        });
    }),
};

/** AutoScaling.5: the same exposure through the legacy launch configuration. */
export const launchConfigurationNoPublicIp: ResourceValidationPolicy = {
    name: "launch-configuration-no-public-ip",
    description: "Checks whether launch configurations do not assign public IP addresses (Security Hub AutoScaling.5).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([t.configuration], (props, args, report) => {
        if (isUnknown(props.associatePublicIpAddress)) {
            unresolvedFor("launch-configuration-no-public-ip", args, report)("associatePublicIpAddress is not known until deploy");
        } else if (isTrue(props.associatePublicIpAddress)) {
            report(`${args.name}: associatePublicIpAddress must be false (better: replace the launch configuration with a `
                + "launch template); app instances are reached through the load balancer and leave through NAT.");
        }
    }),
};

const eipType = "aws:ec2/eip:Eip";
const eipAssociationType = "aws:ec2/eipAssociation:EipAssociation";

/** What an Elastic IP or EIP association attaches to: instances and network interfaces, declared or literal. */
function eipTargets(r: PolicyResource): { instance: boolean; interfaces: PolicyResource[]; foreignInterface: boolean } {
    const p = plain(r.props);
    const [instanceProp, eniProp] = r.type === eipType ? ["instance", "networkInterface"] : ["instanceId", "networkInterfaceId"];
    const interfaces = sources(r, eniProp).filter(s => s.type === t.networkInterface);
    return {
        instance: p[instanceProp] !== undefined && p[instanceProp] !== "",
        interfaces,
        foreignInterface: p[eniProp] !== undefined && p[eniProp] !== "" && interfaces.length === 0,
    };
}

/**
 * EC2.9: an instance with a public IPv4 address is reachable without the load balancer, whether the
 * address comes from `associatePublicIpAddress` or from an Elastic IP attached to the instance or to
 * a network interface in a private subnet (which makes that "private" instance public).
 */
export const instanceNoPublicIp: StackValidationPolicy = {
    name: "instance-no-public-ip",
    description: "Checks whether EC2 instances do not have a public IPv4 address, neither assigned at launch nor "
        + "through an Elastic IP on the instance or on a network interface in a private subnet (Security Hub EC2.9).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        for (const i of ofTypes(args, instanceTypes)) {
            const v = plain(i.props).associatePublicIpAddress;
            if (isTrue(v)) {
                report(`${i.name}: associatePublicIpAddress must be false; put the instance in a private subnet behind the `
                    + "load balancer.", i.urn);
            } else if (isUnknown(v) && !accepted.includes(i.name)) {
                report(cannotBeJudged("instance-no-public-ip", i.name, "associatePublicIpAddress is not known until deploy"), i.urn);
            }
        }
        const publics = publicSubnets(args.resources);
        for (const eip of ofTypes(args, [eipType, eipAssociationType])) {
            const target = eipTargets(eip);
            const privateEnis = target.interfaces.filter(eni => !sources(eni, "subnetId").some(s => publics.has(s.urn)));
            const what = target.instance ? "an instance"
                : privateEnis.length > 0 ? `network interface ${privateEnis.map(e => e.name).join(", ")} in a private subnet`
                    : target.foreignInterface ? "a network interface this stack does not declare" : undefined;
            if (what) {
                report(`${eip.name} attaches an Elastic IP to ${what}, which gives it a public IPv4 address reachable without `
                    + "the load balancer; remove the Elastic IP and reach the instance through the load balancer (or SSM "
                    + "Session Manager).", eip.urn);
            }
        }
    },
};

/** EC2.8 / AutoScaling.3: IMDSv1 lets any SSRF in the app read the instance role's credentials. */
export const imdsv2Required: StackValidationPolicy = {
    name: "imdsv2-required",
    description: "Checks whether launch templates, launch configurations and instances (with what they inherit from "
        + "their launch template, or the region's account default) require IMDSv2 (httpTokens \"required\") "
        + "(Security Hub EC2.8, EC2.170, AutoScaling.3).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const byDefault = imdsv2ByDefaultRegions(args.resources);
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        for (const r of ofTypes(args, [t.template, t.configuration, ...instanceTypes])) {
            const md = metadataOptions(r);
            if (isUnknown(md.httpTokens) || isUnknown(md.httpEndpoint)) {
                if (!accepted.includes(r.name)) {
                    report(cannotBeJudged("imdsv2-required", r.name, "metadataOptions is not known until deploy"), r.urn);
                }
                continue;
            }
            if (md.httpEndpoint === "disabled" || md.httpTokens === "required"
                || (md.httpTokens === undefined && byDefault.has(regionOf(r)))) {
                continue;
            }
            const inherits = instanceTypes.includes(r.type) && hasForeignTemplate(r) && md.httpTokens === undefined;
            report(`${r.name}: metadataOptions.httpTokens must be "required" so only IMDSv2 session requests reach the `
                + `metadata service, but it is ${md.httpTokens === undefined ? "unset (IMDSv1 stays on)" : JSON.stringify(md.httpTokens)}`
                + `${inherits ? " here and its launch template is not one this stack declares" : ""}; set `
                + "metadataOptions: { httpTokens: \"required\" } (or declare aws.ec2.InstanceMetadataDefaults with httpTokens "
                + "\"required\" in this region).", r.urn);
        }
    },
};

/**
 * EC2.3: volumes hold the app and its logs. A volume is encrypted when it says so, or when the stack
 * turns on EBS encryption by default in its region (then unset means encrypted). A launcher that does
 * not map the root device leaves its encryption to the AMI's snapshot, which for public AMIs is
 * unencrypted, so that counts as unencrypted too.
 */
export const ebsEncrypted: StackValidationPolicy = {
    name: "ebs-volumes-encrypted",
    description: "Checks whether EBS volumes of launch templates, launch configurations, instances and standalone "
        + "volumes are encrypted, root volumes included (declared with encryption, or covered by EBS encryption by "
        + "default in the region) (Security Hub EC2.3).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const byDefault = encryptedByDefaultRegions(args.resources);
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        for (const r of ofTypes(args, [t.template, t.configuration, ...instanceTypes, t.volume])) {
            const covered = byDefault.has(regionOf(r));
            const bad: string[] = [];
            const unknown: string[] = [];
            const check = (where: string, enc: unknown) => {
                if (isUnknown(enc)) {
                    unknown.push(`${where} is not known until deploy`);
                } else if (!isTrue(enc) && !(covered && enc === undefined)) {
                    bad.push(`${where} is ${enc === undefined ? "unset" : JSON.stringify(enc)}`);
                }
            };
            if (r.type === t.volume) {
                check("encrypted", plain(r.props).encrypted);
            } else {
                const { volumes, rootMapped } = declaredVolumes(r);
                volumes.forEach(v => check(v.where, v.encrypted));
                const template = instanceTypes.includes(r.type) ? templateOf(r) : undefined;
                const rootFromTemplate = template !== undefined && declaredVolumes(template).rootMapped;
                if (!rootMapped && !rootFromTemplate && !covered) {
                    bad.push(r.type === t.template ? "no blockDeviceMappings entry maps the root device (/dev/xvda or /dev/sda1)"
                        : "no rootBlockDevice is declared");
                }
            }
            if (unknown.length > 0 && !accepted.includes(r.name)) {
                report(cannotBeJudged("ebs-volumes-encrypted", r.name, unknown.join("; ")), r.urn);
            }
            if (bad.length > 0) {
                report(`${r.name}: EBS volumes must be encrypted, but ${bad.join("; ")}, so the volume's encryption is left `
                    + "to the AMI or the account. Map every volume, the root device included, with encrypted: true (\"true\" "
                    + "in a launch template), or declare aws.ebs.EncryptionByDefault in this region.", r.urn);
            }
        }
    },
};

/** The instance rules, in report order. */
export const computePolicies = [launchTemplateNoPublicIp, launchConfigurationNoPublicIp, instanceNoPublicIp,
    imdsv2Required, ebsEncrypted];
