/**
 * Security group permissions, whichever of the four spellings declared them (inline blocks on
 * `SecurityGroup`/`DefaultSecurityGroup`, `ec2.SecurityGroupRule`, `vpc.SecurityGroupIngressRule` and
 * `...EgressRule`), with the group each applies to and every address it admits, prefix lists included.
 */
import type { PolicyResource } from "@pulumi/policy";
import { blocks, isUnknown, list, plain, sources, type Props } from "./util";

/** Type tokens this module understands. */
export const sgTypes = {
    group: "aws:ec2/securityGroup:SecurityGroup",
    defaultGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    rule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
} as const;

/** Every type that adds permissions to a group. */
export const permissionTypes: string[] = Object.values(sgTypes);

/** VPCs whose default group `defaultSecurityGroupId` names: a VPC of the stack, or the adopted default VPC. */
const vpcTypes = ["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc"];
const prefixListType = "aws:ec2/managedPrefixList:ManagedPrefixList";
const prefixListEntryType = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

/** One permission of a security group. */
export interface Permission {
    direction: "ingress" | "egress";
    /** "-1" (all traffic), "tcp", "udp", "icmp", a protocol number, ... */
    protocol: string;
    from: number;
    to: number;
    /** IPv4 and IPv6 CIDRs written on the rule (unknown values dropped). */
    cidrs: string[];
    /** Prefix list ids written literally (`pl-...`): lists the program does not declare. */
    prefixListIds: string[];
    /** URNs of declared prefix lists the rule's prefix list ids came from. */
    prefixListUrns: string[];
    /** Sources the pack cannot resolve (an unknown CIDR, an undeclared prefix list), judged as the whole internet. */
    unresolved: string[];
}

/** What an unresolvable source is judged as: everything of both families (the worst case AWS semantics allow). */
export const worstCase = ["0.0.0.0/0", "::/0"];

/** Types whose CIDR a rule may take without knowing it: the VPC's (or subnet's) own range, never the internet. */
const ownRanges = ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation",
    "aws:ec2/vpcIpv6CidrBlockAssociation:VpcIpv6CidrBlockAssociation"];

/** EC2 accepts protocol numbers for the named protocols; one spelling per protocol. */
const protocolNames: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", all: "-1" };

function protocolOf(v: unknown): string {
    if (v === undefined || v === null) {
        return "-1";
    }
    // An unknown protocol keeps its sentinel: judged by its ports, never guessed to be "all traffic".
    const p = typeof v === "string" || typeof v === "number" ? String(v).toLowerCase() : "unknown";
    return protocolNames[p] ?? p;
}

/** A port bound; unset or not yet known counts as the widest bound, so an unknown range is judged as all ports. */
function port(v: unknown, widest: number): number {
    const n = typeof v === "number" || typeof v === "string" ? Number(v) : NaN;
    return Number.isFinite(n) && !isUnknown(v) ? n : widest;
}

function strings(v: unknown): string[] {
    return list(v).filter((x): x is string => typeof x === "string" && !isUnknown(x));
}

/** The worst-case stand-ins for a block's sources the pack cannot resolve. */
function unresolvedSources(cidrs: unknown[], ids: unknown[], deps: Deps, cidrProps: string[], idProp: string): string[] {
    const out: string[] = [];
    const fromOwnRange = cidrProps.some(p => (deps[p] ?? []).some(d => ownRanges.includes(d.type)));
    if (cidrs.some(isUnknown) && !fromOwnRange) {
        out.push("a CIDR not known until deploy");
    }
    const fromList = (deps[idProp] ?? []).some(d => d.type === prefixListType);
    if (ids.some(isUnknown) && !fromList) {
        out.push("a prefix list not known until deploy");
    }
    out.push(...strings(ids).map(id => `prefix list ${id}, which this stack does not declare`));
    return out;
}

type Deps = NonNullable<PolicyResource["propertyDependencies"]> | Record<string, { type: string; urn: string }[]>;

function fromBlock(direction: Permission["direction"], rule: Props, plUrns: string[], deps: Deps, prop: string): Permission {
    const ids = list(rule.prefixListIds);
    const cidrs = [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)];
    return {
        direction,
        protocol: protocolOf(rule.protocol),
        from: port(rule.fromPort, 0),
        to: port(rule.toPort, 65535),
        cidrs: strings(cidrs),
        prefixListIds: strings(ids),
        // Property dependencies are per top-level property: an unknown id in this block may be any list behind it.
        prefixListUrns: ids.some(isUnknown) ? plUrns : [],
        unresolved: prop === "" ? unresolvedSources(cidrs, ids, deps, ["cidrBlocks", "ipv6CidrBlocks"], "prefixListIds")
            : unresolvedSources(cidrs, ids, deps, [prop], prop),
    };
}

/** The permissions a resource declares. Resources of other types declare none. */
export function permissionsOf(r: { type: string; props: unknown; propertyDependencies?: PolicyResource["propertyDependencies"] }): Permission[] {
    const p = plain(r.props);
    const deps: Deps = r.propertyDependencies ?? {};
    const lists = (prop: string) => (deps[prop] ?? []).filter(d => d.type === prefixListType).map(d => d.urn);
    switch (r.type) {
        case sgTypes.group:
        case sgTypes.defaultGroup: {
            // A whole rule list not known until deploy may hold anything: judged as all traffic from anywhere.
            const whole = (direction: Permission["direction"]): Permission[] => (isUnknown(p[direction])
                ? [{ direction, protocol: "-1", from: 0, to: 65535, cidrs: [], prefixListIds: [], prefixListUrns: [],
                    unresolved: [`${direction} rules not known until deploy`] }] : []);
            return [...blocks(p.ingress).map(b => fromBlock("ingress", b, lists("ingress"), deps, "ingress")), ...whole("ingress"),
                ...blocks(p.egress).map(b => fromBlock("egress", b, lists("egress"), deps, "egress")), ...whole("egress")];
        }
        case sgTypes.rule: {
            // EC2 compares the rule type as written by the provider, which accepts only lower case.
            const type = typeof p.type === "string" ? p.type.toLowerCase() : p.type;
            return type === "ingress" || type === "egress" ? [fromBlock(type, p, lists("prefixListIds"), deps, "")] : [];
        }
        case sgTypes.ingressRule:
        case sgTypes.egressRule: {
            const id = p.prefixListId;
            const cidrs = [p.cidrIpv4, p.cidrIpv6];
            return [{
                direction: r.type === sgTypes.ingressRule ? "ingress" : "egress",
                protocol: protocolOf(p.ipProtocol),
                from: port(p.fromPort, 0),
                to: port(p.toPort, 65535),
                cidrs: strings(cidrs),
                prefixListIds: strings(id),
                prefixListUrns: isUnknown(id) ? lists("prefixListId") : [],
                unresolved: unresolvedSources(cidrs, list(id), deps, ["cidrIpv4", "cidrIpv6"], "prefixListId"),
            }];
        }
        default:
            return [];
    }
}

/** True when the permission covers every port (all traffic, or a protocol without ports such as ICMP given -1). */
export function allPorts(p: Permission): boolean {
    return p.protocol === "-1";
}

/** True when the permission admits the port. */
export function coversPort(p: Permission, port: number): boolean {
    return allPorts(p) || (p.from <= port && port <= p.to);
}

/** "all ports", "port 80" or "ports 1000-2000", for messages. */
export function portText(p: Permission): string {
    return allPorts(p) ? "all ports" : p.from === p.to ? `port ${p.from}` : `ports ${p.from}-${p.to}`;
}

/** The key of a VPC's default security group, which `vpc.defaultSecurityGroupId` and `DefaultSecurityGroup` both name. */
function defaultGroupKey(vpcUrn: string): string {
    return `default-security-group:${vpcUrn}`;
}

/**
 * Keys of the security groups a resource's group reference (`securityGroupId`, or a load balancer's
 * `securityGroups`) names: a group resource's URN, the default group of a VPC (referenced through the
 * VPC's `defaultSecurityGroupId` or a `DefaultSecurityGroup`), or a literal `sg-` id.
 */
export function groupKeys(r: PolicyResource, prop: string): string[] {
    const keys = sources(r, prop).flatMap(s => s.type === sgTypes.group ? [s.urn]
        : vpcTypes.includes(s.type) ? [defaultGroupKey(s.urn)]
            : s.type === sgTypes.defaultGroup ? sources(s, "vpcId").filter(v => vpcTypes.includes(v.type)).map(v => defaultGroupKey(v.urn))
                : []);
    const value = plain(r.props)[prop];
    // A group id not known until deploy that came from no group of this stack (a lookup, another stack): its own key.
    const unresolved = list(value).some(isUnknown) && keys.length === 0 ? [`undeclared-group:${r.urn}`] : [];
    return [...keys, ...strings(value), ...unresolved];
}

/** The group keys a permission-bearing resource applies to: itself for inline blocks, else its `securityGroupId`. */
export function targetGroups(r: PolicyResource): string[] {
    if (r.type === sgTypes.group) {
        return [r.urn];
    }
    if (r.type === sgTypes.defaultGroup) {
        return sources(r, "vpcId").filter(v => vpcTypes.includes(v.type)).map(v => defaultGroupKey(v.urn));
    }
    return groupKeys(r, "securityGroupId");
}

/** CIDRs of every prefix list the program declares, by URN: inline entries plus `ManagedPrefixListEntry` resources. */
export function prefixListEntries(resources: PolicyResource[]): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const pl of resources.filter(r => r.type === prefixListType)) {
        result.set(pl.urn, blocks(plain(pl.props).entries).map(e => e.cidr).filter((c): c is string => typeof c === "string"));
    }
    for (const entry of resources.filter(r => r.type === prefixListEntryType)) {
        const cidr = plain(entry.props).cidr;
        // An entry of a list the stack does not declare adds to nothing: that list is unresolved wherever it is used.
        for (const pl of sources(entry, "prefixListId")) {
            if (typeof cidr === "string") {
                result.get(pl.urn)?.push(cidr);
            }
        }
    }
    return result;
}

/** Every CIDR a permission admits: its own, those of the declared prefix lists it references, and the worst case for what it cannot resolve. */
export function addressesOf(p: Permission, lists: Map<string, string[]>): string[] {
    return [...p.cidrs, ...p.prefixListUrns.flatMap(u => lists.get(u) ?? []), ...(p.unresolved.length > 0 ? worstCase : [])];
}
