import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { blocks, forTypes, isUnknown, lbTypes, list, ofTypes, plain, sources, type Props } from "./util";

const sgType = "aws:ec2/securityGroup:SecurityGroup";
const sgRuleType = "aws:ec2/securityGroupRule:SecurityGroupRule";
const ingressRuleType = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

/** An id (`sg-…`, optionally `account/sg-…`) or a value another resource will produce. */
function isGroupId(v: unknown): boolean {
    return isUnknown(v) || (typeof v === "string" && /^(\d{12}\/)?sg-[0-9a-f]+$/.test(v));
}

/**
 * Names are ambiguous across VPCs and only resolve in the default VPC; ids pin the exact group, and
 * ids from security-group resources keep the dependency visible to the engine.
 */
export const securityGroupsById: ResourceValidationPolicy = {
    name: "security-groups-by-id",
    description: "Checks whether launch templates, instances, load balancers, DB instances and security group "
        + "rules reference security groups by id, never by name.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const props = plain(args.props);
        const bad: string[] = [];
        const ids = (where: string, v: unknown) => list(v).filter(x => !isGroupId(x))
            .forEach(x => bad.push(`${where} holds ${JSON.stringify(x)}`));
        const names = (where: string, v: unknown) => {
            if (list(v).length > 0) {
                bad.push(`${where} is set`);
            }
        };
        switch (args.type) {
            case "aws:ec2/launchTemplate:LaunchTemplate":
                names("securityGroupNames", props.securityGroupNames);
                ids("vpcSecurityGroupIds", props.vpcSecurityGroupIds);
                blocks(props.networkInterfaces).forEach((ni, i) =>
                    ids(`networkInterfaces[${i}].securityGroups`, ni.securityGroups));
                break;
            case "aws:ec2/instance:Instance":
                names("securityGroups", props.securityGroups);
                ids("vpcSecurityGroupIds", props.vpcSecurityGroupIds);
                break;
            case "aws:rds/instance:Instance":
                names("securityGroupNames", props.securityGroupNames);
                ids("vpcSecurityGroupIds", props.vpcSecurityGroupIds);
                break;
            case "aws:lb/loadBalancer:LoadBalancer":
            case "aws:alb/loadBalancer:LoadBalancer":
                ids("securityGroups", props.securityGroups);
                break;
            case sgType:
                [...blocks(props.ingress), ...blocks(props.egress)].forEach((rule, i) =>
                    ids(`rule ${i} securityGroups`, rule.securityGroups));
                break;
            case sgRuleType:
                ids("sourceSecurityGroupId", props.sourceSecurityGroupId);
                break;
            case ingressRuleType:
            case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
                ids("referencedSecurityGroupId", props.referencedSecurityGroupId);
                break;
            default:
                return;
        }
        if (bad.length > 0) {
            report(`Security groups must be referenced by id, but ${bad.join("; ")}. Use vpcSecurityGroupIds `
                + "(or securityGroups on a load balancer) with the security group resources' ids.");
        }
    },
};

/** One ingress permission, from whichever of the three spellings declared it. */
interface Ingress {
    protocol: string;
    from: number;
    to: number;
    cidrs: string[];
}

function fromInline(rule: Props): Ingress {
    return {
        protocol: JSON.stringify(rule.protocol ?? "-1").replace(/"/g, ""),
        from: Number(rule.fromPort ?? 0),
        to: Number(rule.toPort ?? 65535),
        cidrs: [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)].map(String),
    };
}

/** The ingress permissions a resource adds and the security groups (URNs or ids) they apply to. */
function ingressOf(r: { type: string; props: Props }): Ingress[] {
    const p = r.props;
    switch (r.type) {
        case sgType:
            return blocks(p.ingress).map(fromInline);
        case sgRuleType:
            return p.type === "ingress" ? [fromInline(p)] : [];
        case ingressRuleType:
            return [{
                protocol: JSON.stringify(p.ipProtocol ?? "-1").replace(/"/g, ""),
                from: Number(p.fromPort ?? 0),
                to: Number(p.toPort ?? 65535),
                cidrs: [p.cidrIpv4, p.cidrIpv6].filter((c): c is string => typeof c === "string"),
            }];
        default:
            return [];
    }
}

function allPorts(i: Ingress): boolean {
    return i.protocol === "-1" || i.protocol === "all";
}

function covers(i: Ingress, port: number): boolean {
    return allPorts(i) || (i.from <= port && port <= i.to);
}

/** Remote administration ports: Security Hub EC2.13/EC2.14 (and EC2.53/EC2.54 for the open-world case). */
const adminPorts = [22, 3389];

/** Nothing in the tier needs SSH or RDP; SSM Session Manager replaces both without an open port. */
export const noAdminPortIngress: ResourceValidationPolicy = {
    name: "no-admin-port-ingress",
    description: "Checks whether security group ingress (inline or standalone rule) stays off ports 22 and 3389 "
        + "(Security Hub EC2.13, EC2.14).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([sgType, sgRuleType, ingressRuleType], (props, args, report) => {
        for (const i of ingressOf({ type: args.type, props })) {
            const hits = adminPorts.filter(port => covers(i, port));
            if (hits.length > 0) {
                report(`Ingress must not allow ports ${hits.join(" or ")} (SSH/RDP), from any source; narrow `
                    + "the port range and use SSM Session Manager for shell access.");
            }
        }
    }),
};

const openWorld = new Set(["0.0.0.0/0", "::/0"]);

/** Tunables of {@link publicIngressOnlyOnLbPorts}. */
export interface PublicIngressConfig {
    /** Ports a load balancer's security group may open to 0.0.0.0/0 and ::/0. */
    allowedPublicPorts: number[];
}

function groupsOf(r: PolicyResource): string[] {
    if (r.type === sgType) {
        return [r.urn];
    }
    const deps = sources(r, "securityGroupId").filter(s => s.type === sgType).map(s => s.urn);
    const id = plain(r.props).securityGroupId;
    return deps.length > 0 ? deps : typeof id === "string" ? [id] : [];
}

/**
 * EC2.18/EC2.19: only the ALB faces the internet, and only on its listener ports. A stack rule because
 * whether a group is "a load balancer's group" is known only from the load balancers that use it.
 */
export const publicIngressOnlyOnLbPorts: StackValidationPolicy = {
    name: "public-ingress-only-on-lb-ports",
    description: "Checks whether ingress from 0.0.0.0/0 or ::/0 is limited to the configured public ports of a "
        + "load balancer's security group, for inline and standalone rules (Security Hub EC2.18, EC2.19).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedPublicPorts: {
                type: "array",
                items: { type: "integer", minimum: 1, maximum: 65535 },
                default: [80, 443],
            },
        },
    },
    validateStack: (args, report) => {
        const allowed = args.getConfig<Partial<PublicIngressConfig>>().allowedPublicPorts ?? [80, 443];
        const lbGroups = new Set<string>();
        for (const lb of ofTypes(args, lbTypes("loadBalancer:LoadBalancer"))) {
            sources(lb, "securityGroups").forEach(s => lbGroups.add(s.urn));
            list(plain(lb.props).securityGroups).filter(v => typeof v === "string" && !isUnknown(v))
                .forEach(v => lbGroups.add(v as string));
        }
        for (const r of ofTypes(args, [sgType, sgRuleType, ingressRuleType])) {
            const onLb = groupsOf(r).some(g => lbGroups.has(g));
            for (const i of ingressOf({ type: r.type, props: plain(r.props) })) {
                const open = i.cidrs.filter(c => openWorld.has(c));
                if (open.length === 0) {
                    continue;
                }
                const portsOk = !allPorts(i) && i.from === i.to && allowed.includes(i.from);
                if (!onLb || !portsOk) {
                    const range = allPorts(i) ? "all ports" : i.from === i.to ? `port ${i.from}` : `ports ${i.from}-${i.to}`;
                    report(`Ingress from ${open.join(", ")} is only allowed on a load balancer's security group for `
                        + `ports ${allowed.join(", ")}; this rule opens ${range}${onLb ? "" : " on a group no load "
                        + "balancer uses"}. Reference the load balancer's security group by id instead of a CIDR.`,
                    r.urn);
                }
            }
        }
    },
};

/** The security group rules, in report order. */
export const securityGroupPolicies = [securityGroupsById, noAdminPortIngress, publicIngressOnlyOnLbPorts];
