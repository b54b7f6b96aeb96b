/** How many Availability Zones a list of subnets spans, shared by the Auto Scaling and load balancer rules. */
import type { PolicyResource } from "@pulumi/policy";
import type { DeclaredSubnet } from "./routes";
import { isUnknown, list, plain, sources } from "./util";

/**
 * Zones the subnets behind `prop` span: the distinct zones of the stack's subnet resources and of the
 * subnets components declare (`declared`, an existing VPC's lookups) when they are known, else the
 * number of entries (each a subnet the stack cannot place in a zone offline).
 */
export function zoneCount(r: PolicyResource, prop: string, entries: unknown[] = list(plain(r.props)[prop]),
    declared: Map<string, DeclaredSubnet> = new Map()): number {
    const subnets = sources(r, prop).filter(s => s.type === "aws:ec2/subnet:Subnet");
    const zones = new Set([
        ...subnets.map(s => plain(s.props).availabilityZone ?? plain(s.props).availabilityZoneId),
        ...entries.map(e => (typeof e === "string" ? declared.get(e)?.availabilityZone : undefined)),
    ].filter(az => typeof az === "string" && !isUnknown(az)));
    return zones.size > 0 ? zones.size : entries.length;
}
