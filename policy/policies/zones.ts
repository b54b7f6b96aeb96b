/** How many Availability Zones a list of subnets spans, shared by the Auto Scaling and load balancer rules. */
import type { PolicyResource } from "@pulumi/policy";
import type { DeclaredSubnet } from "./routes";
import { isUnknown, list, plain, sources } from "./util";

/**
 * Zones the subnets behind `prop` surely span: those of the stack's subnet resources and of the
 * subnets components declare (`declared`, an existing VPC's lookups), and how many entries could not be
 * placed in a zone (a subnet nobody declares, from a lookup, or one whose zone AWS picks at deploy):
 * those may share a zone with the others.
 */
export function zonesOf(r: PolicyResource, prop: string, entries: unknown[] = list(plain(r.props)[prop]),
    declared: Map<string, DeclaredSubnet> = new Map()): { count: number; unplaced: number } {
    const subnets = sources(r, prop).filter(s => s.type === "aws:ec2/subnet:Subnet");
    const zoneOf = (s: PolicyResource) => plain(s.props).availabilityZone ?? plain(s.props).availabilityZoneId;
    const placed = subnets.filter(s => typeof zoneOf(s) === "string" && !isUnknown(zoneOf(s)));
    const known = new Set(subnets.map(s => plain(s.props).id));
    // A known id backed by a subnet resource (a unit test's mock id) is that resource, not an undeclared subnet.
    const literal = entries.filter((e): e is string => typeof e === "string" && !isUnknown(e) && !known.has(e));
    const declaredZones = literal.map(e => declared.get(e)?.availabilityZone).filter((z): z is string => typeof z === "string");
    const zones = new Set([...placed.map(zoneOf), ...declaredZones]);
    return { count: zones.size, unplaced: Math.max(0, entries.length - placed.length - declaredZones.length) };
}
