import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { blocks, forTypes, get, isTrue, isUnknown, list, ofTypes, plain, sources } from "./util";

const launchTemplate = "aws:ec2/launchTemplate:LaunchTemplate";
const instance = "aws:ec2/instance:Instance";
const asgType = "aws:autoscaling/group:Group";

/** EC2.25: a public address on an app instance bypasses the ALB and its security group. */
export const launchTemplateNoPublicIp: ResourceValidationPolicy = {
    name: "launch-template-no-public-ip",
    description: "Checks whether launch templates do not assign public IP addresses to network interfaces "
        + "(Security Hub EC2.25).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([launchTemplate], (props, _args, report) => {
        blocks(props.networkInterfaces).forEach((ni, i) => {
            if (isTrue(ni.associatePublicIpAddress)) {
                report(`networkInterfaces[${i}].associatePublicIpAddress must be "false"; app instances are `
                    + "reached through the load balancer and leave through NAT.");
            }
        });
    }),
};

/** EC2.9: same reason as for launch templates, for instances created directly. */
export const instanceNoPublicIp: ResourceValidationPolicy = {
    name: "instance-no-public-ip",
    description: "Checks whether EC2 instances do not have a public IPv4 address (Security Hub EC2.9).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([instance], (props, _args, report) => {
        if (isTrue(props.associatePublicIpAddress)) {
            report("associatePublicIpAddress must be false; put the instance in a private subnet behind the "
                + "load balancer.");
        }
    }),
};

/** EC2.8 / AutoScaling.3: IMDSv1 lets any SSRF in the app read the instance role's credentials. */
export const imdsv2Required: ResourceValidationPolicy = {
    name: "imdsv2-required",
    description: "Checks whether launch templates and instances require IMDSv2 (httpTokens \"required\") "
        + "(Security Hub EC2.8, EC2.170, AutoScaling.3).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([launchTemplate, instance], (props, _args, report) => {
        const md = props.metadataOptions;
        if (get(md, "httpEndpoint") === "disabled" || isUnknown(get(md, "httpTokens"))) {
            return;
        }
        if (get(md, "httpTokens") !== "required") {
            report("metadataOptions.httpTokens must be \"required\" so only IMDSv2 session requests reach the "
                + "metadata service; set metadataOptions: { httpTokens: \"required\" }.");
        }
    }),
};

/** EC2.3: volumes hold the app and its logs; encryption at rest is the AWS baseline. */
export const ebsEncrypted: ResourceValidationPolicy = {
    name: "ebs-volumes-encrypted",
    description: "Checks whether EBS volumes of launch templates, instances and standalone volumes are encrypted "
        + "(Security Hub EC2.3).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([launchTemplate, instance, "aws:ebs/volume:Volume"], (props, args, report) => {
        const bad: string[] = [];
        if (args.type === launchTemplate) {
            const mappings = blocks(props.blockDeviceMappings);
            if (mappings.length === 0) {
                bad.push("no blockDeviceMappings (the AMI's root volume would be used as is)");
            }
            mappings.forEach((m, i) => {
                const enc = get(m, "ebs", "encrypted");
                if (m.ebs !== undefined && !isTrue(enc) && !isUnknown(enc)) {
                    bad.push(`blockDeviceMappings[${i}].ebs.encrypted is not "true"`);
                }
            });
        } else if (args.type === instance) {
            if (!isTrue(get(props, "rootBlockDevice", "encrypted"))) {
                bad.push("rootBlockDevice.encrypted is not true");
            }
            blocks(props.ebsBlockDevices).forEach((d, i) => {
                if (!isTrue(d.encrypted)) {
                    bad.push(`ebsBlockDevices[${i}].encrypted is not true`);
                }
            });
        } else if (!isTrue(props.encrypted)) {
            bad.push("encrypted is not true");
        }
        if (bad.length > 0) {
            report(`EBS volumes must be encrypted, but ${bad.join("; ")}. Declare every volume with `
                + "encrypted: true (\"true\" in a launch template).");
        }
    }),
};

/** AutoScaling.1: with EC2 checks only, an instance whose app is down stays in service forever. */
export const asgElbHealthCheck: StackValidationPolicy = {
    name: "asg-elb-health-check",
    description: "Checks whether Auto Scaling groups attached to target groups or load balancers use ELB health "
        + "checks (Security Hub AutoScaling.1).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const attached = new Set<string>();
        for (const a of ofTypes(args, ["aws:autoscaling/attachment:Attachment",
            "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment"])) {
            sources(a, "autoscalingGroupName").forEach(g => attached.add(g.urn));
        }
        for (const asg of ofTypes(args, [asgType])) {
            const p = plain(asg.props);
            const inline = [p.targetGroupArns, p.loadBalancers, p.trafficSources].some(v => list(v).length > 0);
            if ((inline || attached.has(asg.urn)) && p.healthCheckType !== "ELB" && !isUnknown(p.healthCheckType)) {
                report("An Auto Scaling group behind a load balancer must use healthCheckType \"ELB\" so instances "
                    + "whose app fails the target group check are replaced; set healthCheckType: \"ELB\" with a "
                    + "grace period longer than boot and app start.", asg.urn);
            }
        }
    },
};

/** AutoScaling.2: one AZ is one failure away from zero capacity. */
export const asgMultiAz: StackValidationPolicy = {
    name: "asg-multi-az",
    description: "Checks whether Auto Scaling groups span at least two Availability Zones (Security Hub AutoScaling.2).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const asg of ofTypes(args, [asgType])) {
            const p = plain(asg.props);
            const subnets = sources(asg, "vpcZoneIdentifiers").filter(s => s.type === "aws:ec2/subnet:Subnet");
            const azs = new Set(subnets.map(s => plain(s.props).availabilityZone ?? plain(s.props).availabilityZoneId)
                .filter(az => typeof az === "string" && !isUnknown(az)));
            const count = azs.size > 0 ? azs.size
                : Math.max(list(p.vpcZoneIdentifiers).length, list(p.availabilityZones).length);
            if (count < 2) {
                report(`An Auto Scaling group must span at least two Availability Zones, but it spans ${count}; `
                    + "list private subnets in two or more AZs in vpcZoneIdentifiers.", asg.urn);
            }
        }
    },
};

/** The compute rules, in report order. */
export const computePolicies = [launchTemplateNoPublicIp, instanceNoPublicIp, imdsv2Required, ebsEncrypted,
    asgElbHealthCheck, asgMultiAz];
