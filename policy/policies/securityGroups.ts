import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { defaultInternetShare, openFamilies, publicShare } from "./addresses";
import {
    addressesOf, allPorts, coversPort, groupKeys, permissionsOf, permissionTypes, portText, prefixListEntries, sgTypes,
    targetGroups, type Permission,
} from "./permissions";
import {
    acceptUnresolvedSchema, blocks, cannotBeJudged, forTypes, isUnknown, lbTypes, list, ofTypes, plain, sources, type UnresolvedConfig,
} from "./util";

/** A literal security group id (`sg-…`, optionally `account/sg-…`). */
const groupId = /^(\d{12}\/)?sg-[0-9a-f]+$/;

/** Where each type references security groups: the property, and the path inside it (for blocks). */
const groupRefs: Record<string, { prop: string; inner?: string; names?: boolean }[]> = {
    "aws:ec2/launchTemplate:LaunchTemplate": [{ prop: "securityGroupNames", names: true }, { prop: "vpcSecurityGroupIds" },
        { prop: "networkInterfaces", inner: "securityGroups" }],
    "aws:ec2/launchConfiguration:LaunchConfiguration": [{ prop: "securityGroups" }],
    "aws:ec2/instance:Instance": [{ prop: "securityGroups", names: true }, { prop: "vpcSecurityGroupIds" }],
    "aws:ec2/spotInstanceRequest:SpotInstanceRequest": [{ prop: "securityGroups", names: true }, { prop: "vpcSecurityGroupIds" }],
    "aws:ec2/networkInterface:NetworkInterface": [{ prop: "securityGroups" }],
    "aws:rds/instance:Instance": [{ prop: "securityGroupNames", names: true }, { prop: "vpcSecurityGroupIds" }],
    "aws:rds/cluster:Cluster": [{ prop: "vpcSecurityGroupIds" }],
    "aws:docdb/cluster:Cluster": [{ prop: "vpcSecurityGroupIds" }],
    "aws:neptune/cluster:Cluster": [{ prop: "vpcSecurityGroupIds" }],
    "aws:redshift/cluster:Cluster": [{ prop: "vpcSecurityGroupIds" }],
    "aws:elasticache/replicationGroup:ReplicationGroup": [{ prop: "securityGroupIds" }],
    "aws:elasticache/cluster:Cluster": [{ prop: "securityGroupIds" }],
    "aws:efs/mountTarget:MountTarget": [{ prop: "securityGroups" }],
    "aws:lb/loadBalancer:LoadBalancer": [{ prop: "securityGroups" }],
    "aws:alb/loadBalancer:LoadBalancer": [{ prop: "securityGroups" }],
    "aws:elb/loadBalancer:LoadBalancer": [{ prop: "securityGroups" }],
    "aws:ecs/service:Service": [{ prop: "networkConfiguration", inner: "securityGroups" }],
    "aws:ec2/vpcEndpoint:VpcEndpoint": [{ prop: "securityGroupIds" }],
    "aws:lambda/function:Function": [{ prop: "vpcConfig", inner: "securityGroupIds" }],
    [sgTypes.group]: [{ prop: "ingress", inner: "securityGroups" }, { prop: "egress", inner: "securityGroups" }],
    [sgTypes.defaultGroup]: [{ prop: "ingress", inner: "securityGroups" }, { prop: "egress", inner: "securityGroups" }],
    [sgTypes.rule]: [{ prop: "sourceSecurityGroupId" }],
    [sgTypes.ingressRule]: [{ prop: "referencedSecurityGroupId" }],
    [sgTypes.egressRule]: [{ prop: "referencedSecurityGroupId" }],
};

/** Resources whose id is a security group's (or a VPC, whose default group `defaultSecurityGroupId` names). */
const groupSources = [sgTypes.group, sgTypes.defaultGroup, "aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc"];

/**
 * Names are ambiguous across VPCs and only resolve in the default VPC; ids pin the exact group. And a
 * group is judged by the rules it holds, so it must be one this stack declares: a literal id or a
 * lookup names a group whose rules the pack cannot read.
 */
export const securityGroupsById: StackValidationPolicy = {
    name: "security-groups-by-id",
    description: "Checks whether instances, launch templates and configurations, network interfaces, databases, caches, file "
        + "systems, load balancers, ECS services, VPC endpoints, functions and security group rules reference security groups "
        + "by id, never by name, and only groups this stack declares (whose rules the pack can read).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        for (const r of args.resources) {
            const refs = groupRefs[r.type];
            if (!refs) continue;
            const props = plain(r.props);
            const bad: string[] = [];
            const unresolved: string[] = [];
            for (const ref of refs) {
                const fromStack = sources(r, ref.prop).some(s => groupSources.includes(s.type));
                const inner = ref.inner;
                const values = inner ? (isUnknown(props[ref.prop]) ? [props[ref.prop]] : blocks(props[ref.prop]).flatMap(b => list(b[inner])))
                    : list(props[ref.prop]);
                if (ref.names && values.length > 0) {
                    bad.push(`${ref.prop} is set`);
                    continue;
                }
                const where = inner ? `${ref.prop}[].${inner}` : ref.prop;
                for (const v of values) {
                    if (isUnknown(v)) {
                        if (!fromStack) unresolved.push(`${where} holds a group id that is not known until deploy and comes from no group of this stack`);
                    } else if (typeof v === "string" && groupId.test(v)) {
                        unresolved.push(`${where} holds ${v}, a group this stack does not declare, whose rules cannot be read`);
                    } else {
                        // list() has dropped undefined and null: what is left is a value, but not a group id.
                        bad.push(`${where} holds ${JSON.stringify(v)}`);
                    }
                }
            }
            if (bad.length > 0) {
                report(`Security groups must be referenced by id, but ${bad.join("; ")}. Use vpcSecurityGroupIds `
                    + "(or securityGroups on a load balancer) with the security group resources' ids.", r.urn);
            }
            if (unresolved.length > 0 && !accepted.includes(r.name)) {
                report(cannotBeJudged("security-groups-by-id", r.name, unresolved.join("; ")), r.urn);
            }
        }
    },
};

/** Remote administration ports: Security Hub EC2.13/EC2.14 (and EC2.53/EC2.54 for the open-world case). */
const adminPorts = [22, 3389];

/** Nothing in the tier needs SSH or RDP; SSM Session Manager replaces both without an open port. */
export const noAdminPortIngress: ResourceValidationPolicy = {
    name: "no-admin-port-ingress",
    description: "Checks whether security group ingress (inline or standalone rule) stays off ports 22 and 3389 "
        + "(Security Hub EC2.13, EC2.14).",
    enforcementLevel: "mandatory",
    validateResource: forTypes(permissionTypes, (props, args, report) => {
        for (const p of permissionsOf({ type: args.type, props }).filter(x => x.direction === "ingress")) {
            const hits = adminPorts.filter(port => coversPort(p, port));
            if (hits.length > 0) {
                report(`${args.name}: ingress on ${portText(p)} admits port ${hits.join(" and ")} (SSH/RDP), from any `
                    + "source; narrow the port range and use SSM Session Manager for shell access.");
            }
        }
    }),
};

/** Tunables of {@link publicIngressOnlyOnLbPorts}. */
export interface PublicIngressConfig {
    /** Ports a load balancer's security group may open to the internet. */
    allowedPublicPorts: number[];
    /** Share of a family's public address space from which sources count as the internet. */
    internetShare: number;
}

/** An ingress permission with where it came from. */
interface Grant {
    resource: PolicyResource;
    permission: Permission;
    addresses: string[];
}

/**
 * Port ranges (or ICMP types) of each protocol within which the set of permissions covering a port does
 * not change. Every grant's bounds cut every protocol's ranges: a cut another protocol adds only splits a
 * range into parts that the same permissions cover, which judge the same.
 */
function segments(grants: Grant[]): { protocol: string; from: number; to: number }[] {
    const protocols = new Set(grants.map(g => g.permission.protocol));
    const points = [...new Set(grants.flatMap(g => [g.permission.from, g.permission.to + 1]))].sort((a, b) => a - b);
    const result: { protocol: string; from: number; to: number }[] = [];
    for (const protocol of protocols) {
        for (let i = 0; i + 1 < points.length; i++) {
            result.push({ protocol, from: points[i], to: points[i + 1] - 1 });
        }
    }
    return result;
}

function covers(g: Grant, s: { protocol: string; from: number; to: number }): boolean {
    const p = g.permission;
    if (allPorts(p)) {
        return true;
    }
    return p.protocol === s.protocol && p.from <= s.from && s.to <= p.to;
}

function describe(g: Grant): string {
    const named = g.permission.prefixListUrns.map(u => `prefix list ${u.split("::").pop()}`);
    const unresolved = g.permission.unresolved.map(u => `${u} (judged as the whole internet)`);
    const shown = [...g.permission.cidrs, ...named, ...unresolved];
    return shown.length > 4 ? `${shown.slice(0, 4).join(", ")} and ${shown.length - 4} more` : shown.join(", ");
}

/**
 * EC2.18/EC2.19: only the ALB faces the internet, and only on its listener ports. "The internet" is
 * judged by what the sources admit together: every rule on the same group and port is merged, CIDRs
 * and declared prefix lists alike, and the union measured against the public address space, so a
 * 0.0.0.0/0 split into halves, /8s or separate rules is still the internet. A stack rule because
 * whether a group is "a load balancer's group" is known only from the load balancers that use it.
 */
export const publicIngressOnlyOnLbPorts: StackValidationPolicy = {
    name: "public-ingress-only-on-lb-ports",
    description: "Checks whether ingress that admits the internet (CIDRs and prefix lists that together cover a large "
        + "part of the public IPv4 or IPv6 space, however split) is limited to the configured public ports of a load "
        + "balancer's security group, for inline and standalone rules (Security Hub EC2.18, EC2.19).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedPublicPorts: {
                type: "array",
                items: { type: "integer", minimum: 1, maximum: 65535 },
                default: [80, 443],
            },
            internetShare: { type: "number", minimum: 0.000001, maximum: 1, default: defaultInternetShare },
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<Partial<PublicIngressConfig>>();
        const allowed = config.allowedPublicPorts ?? [80, 443];
        const threshold = config.internetShare ?? defaultInternetShare;
        const lbGroups = new Set(ofTypes(args, [...lbTypes("loadBalancer:LoadBalancer"), "aws:elb/loadBalancer:LoadBalancer"])
            .flatMap(lb => groupKeys(lb, "securityGroups")));
        const lists = prefixListEntries(args.resources);
        const byGroup = new Map<string, Grant[]>();
        for (const r of ofTypes(args, permissionTypes)) {
            for (const permission of permissionsOf(r).filter(p => p.direction === "ingress")) {
                const grant = { resource: r, permission, addresses: addressesOf(permission, lists) };
                for (const key of targetGroups(r)) {
                    byGroup.set(key, [...(byGroup.get(key) ?? []), grant]);
                }
            }
        }
        const reported = new Set<Grant>();
        for (const [group, grants] of byGroup) {
            for (const s of segments(grants)) {
                const covering = grants.filter(g => covers(g, s));
                const open = openFamilies(covering.flatMap(g => g.addresses), threshold);
                // Every port of the range must be allowed (80-81 with both allowed is two allowed ports).
                const portOk = s.protocol !== "-1" && s.to - s.from < allowed.length
                    && Array.from({ length: s.to - s.from + 1 }, (_, i) => s.from + i).every(port => allowed.includes(port));
                if (open.length === 0 || (lbGroups.has(group) && portOk)) {
                    continue;
                }
                for (const g of covering.filter(c => !reported.has(c))) {
                    const share = publicShare(g.addresses);
                    if (share.ipv4 === 0 && share.ipv6 === 0) {
                        continue; // adds no public address to the union
                    }
                    reported.add(g);
                    const onLb = lbGroups.has(group);
                    const fix = onLb ? `open only ports ${allowed.join(", ")} to the internet (or add the port to allowedPublicPorts)`
                        : "reference the load balancer's security group by id instead of CIDRs";
                    report(`${g.resource.name}: ingress on ${portText(g.permission)} from ${describe(g)}`
                        + `${onLb ? "" : " on a group no load balancer uses"} admits the internet (${open.join(" and ")}: with `
                        + "the group's other rules on that port, a large part of the public address space). Only a load "
                        + `balancer's security group may do so, on ports ${allowed.join(", ")}; ${fix}.`, g.resource.urn);
                }
            }
        }
    },
};

/** EC2.2: the default security group is attached to anything launched without one, so it must admit nothing. */
export const defaultSecurityGroupNoRules: StackValidationPolicy = {
    name: "default-security-group-no-rules",
    description: "Checks whether the VPC's default security group has no ingress or egress rules, inline or as "
        + "standalone rule resources (Security Hub EC2.2).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const r of ofTypes(args, permissionTypes)) {
            // A group's own key is its URN, never a default group's: only default groups and rules are asked.
            const onDefault = r.type === sgTypes.defaultGroup || targetGroups(r).some(k => k.startsWith("default-security-group:"));
            if (onDefault && permissionsOf(r).length > 0) {
                report(`${r.name} adds rules to a VPC's default security group, which must have none; remove them (an `
                    + "aws.ec2.DefaultSecurityGroup with ingress: [] and egress: []) and attach purpose-built security "
                    + "groups by id instead.", r.urn);
            }
        }
    },
};

/** The security group rules, in report order. */
export const securityGroupPolicies = [securityGroupsById, noAdminPortIngress, publicIngressOnlyOnLbPorts,
    defaultSecurityGroupNoRules];
