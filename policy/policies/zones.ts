/** How many Availability Zones a list of subnets spans, shared by the Auto Scaling and load balancer rules. */
import type { PolicyResource } from "@pulumi/policy";
import { isUnknown, list, plain, sources } from "./util";

/**
 * Zones the subnets behind `prop` surely span, and whether some entries could not be placed in a zone
 * (a subnet from a lookup, or one whose zone AWS picks at deploy): those may share a zone with the others.
 */
export function zonesOf(r: PolicyResource, prop: string, entries: unknown[] = list(plain(r.props)[prop])): { count: number; unplaced: number } {
    const subnets = sources(r, prop).filter(s => s.type === "aws:ec2/subnet:Subnet");
    const zoneOf = (s: PolicyResource) => plain(s.props).availabilityZone ?? plain(s.props).availabilityZoneId;
    const placed = subnets.filter(s => typeof zoneOf(s) === "string" && !isUnknown(zoneOf(s)));
    const zones = new Set(placed.map(zoneOf));
    return { count: zones.size, unplaced: Math.max(0, entries.length - placed.length) };
}
