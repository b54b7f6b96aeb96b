/** How many Availability Zones a list of subnets spans, shared by the Auto Scaling and load balancer rules. */
import type { PolicyResource } from "@pulumi/policy";
import type { DeclaredSubnet } from "./routes";
import { isUnknown, list, plain, sources } from "./util";

/**
 * Zones the subnets behind `prop` span: the distinct zones of the stack's subnet resources and of the
 * subnets components declare (`declared`, an existing VPC's lookups) when they are known, else the
 * number of entries (each a subnet the stack cannot place in a zone offline). A literal id nobody
 * declares counts as a zone of its own: the private-subnets rule refuses it already.
 */
export function zoneCount(r: PolicyResource, prop: string, entries: unknown[] = list(plain(r.props)[prop]),
    declared: Map<string, DeclaredSubnet> = new Map()): number {
    const subnets = sources(r, prop).filter(s => s.type === "aws:ec2/subnet:Subnet");
    const literal = entries.filter((e): e is string => typeof e === "string" && !isUnknown(e));
    const zones = new Set([
        ...subnets.map(s => plain(s.props).availabilityZone ?? plain(s.props).availabilityZoneId),
        // A known id backed by a subnet resource (a unit test's mock id) is that resource, not an undeclared subnet.
        ...literal.map(e => declared.get(e)?.availabilityZone ?? (subnets.length === 0 ? `undeclared ${e}` : undefined)),
    ].filter(az => typeof az === "string" && !isUnknown(az)));
    return zones.size > 0 ? zones.size : entries.length;
}
