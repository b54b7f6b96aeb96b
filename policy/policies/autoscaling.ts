import type { StackValidationPolicy } from "@pulumi/policy";
import { foreignTemplateRefs, launchTypes } from "./launches";
import { declaredSubnets } from "./routes";
import { acceptUnresolvedSchema, cannotBeJudged, isUnknown, list, ofTypes, plain, sources, upper, type UnresolvedConfig } from "./util";
import { zonesOf } from "./zones";

const asgType = launchTypes.group;

/** AutoScaling.1: with EC2 checks only, an instance whose app is down stays in service forever. */
export const asgElbHealthCheck: StackValidationPolicy = {
    name: "asg-elb-health-check",
    description: "Checks whether Auto Scaling groups attached to target groups or load balancers use ELB health "
        + "checks (Security Hub AutoScaling.1).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        const attached = new Set<string>();
        for (const a of ofTypes(args, ["aws:autoscaling/attachment:Attachment",
            "aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment"])) {
            sources(a, "autoscalingGroupName").forEach(g => attached.add(g.urn));
        }
        for (const asg of ofTypes(args, [asgType])) {
            const p = plain(asg.props);
            const inline = [p.targetGroupArns, p.loadBalancers, p.trafficSources].some(v => list(v).length > 0);
            if ((inline || attached.has(asg.urn)) && isUnknown(p.healthCheckType)) {
                if (!accepted.includes(asg.name)) report(cannotBeJudged("asg-elb-health-check", asg.name, "healthCheckType is not known until deploy"), asg.urn);
            } else if ((inline || attached.has(asg.urn)) && upper(p.healthCheckType) !== "ELB") {
                report(`${asg.name}: an Auto Scaling group behind a load balancer must use healthCheckType "ELB" so `
                    + "instances whose app fails the target group check are replaced; set healthCheckType: \"ELB\" with a "
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
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        const declared = declaredSubnets(args.resources).subnets;
        for (const asg of ofTypes(args, [asgType])) {
            const p = plain(asg.props);
            const zones = zonesOf(asg, "vpcZoneIdentifiers", undefined, declared);
            const count = Math.max(zones.count, list(p.availabilityZones).length);
            if (count < 2 && zones.unplaced > 0) {
                if (!accepted.includes(asg.name)) report(cannotBeJudged("asg-multi-az", asg.name, `${zones.unplaced} of its subnets cannot be placed in an Availability Zone (not `
                    + "declared here, or without availabilityZone), so they may all share one"), asg.urn);
            } else if (count < 2) {
                report(`${asg.name}: an Auto Scaling group must span at least two Availability Zones, but it spans ${count}; `
                    + "list private subnets in two or more AZs in vpcZoneIdentifiers.", asg.urn);
            }
        }
    },
};

/**
 * AutoScaling.9: launch configurations are legacy (no IMDSv2 defaults, no mixed instances, no new
 * instance types), and a template the stack does not declare cannot be checked for IMDSv2, public IPs
 * or encryption, whether the group names it directly, in its mixed instances policy or in an override.
 */
export const asgLaunchTemplate: StackValidationPolicy = {
    name: "asg-launch-template",
    description: "Checks whether Auto Scaling groups launch from launch templates this stack declares, not launch "
        + "configurations, in every template reference including mixed instances overrides (Security Hub AutoScaling.9).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const templates = ofTypes(args, [launchTypes.template]);
        for (const asg of ofTypes(args, [asgType])) {
            if (plain(asg.props).launchConfiguration !== undefined) {
                report(`${asg.name} launches from a launch configuration; use a launch template (launchTemplate: { id, `
                    + "version }) declared in this stack.", asg.urn);
            }
            for (const ref of foreignTemplateRefs(asg, templates)) {
                report(`${asg.name}: ${ref.where} names a launch template this stack does not declare `
                    + `(${isUnknown(ref.value) ? "a value looked up elsewhere" : JSON.stringify(ref.value)}), so its IMDSv2, `
                    + "public IP and encryption settings cannot be checked; declare the template here and pass its id.", asg.urn);
            }
        }
    },
};

/** The Auto Scaling rules, in report order. */
export const autoscalingPolicies = [asgElbHealthCheck, asgMultiAz, asgLaunchTemplate];
