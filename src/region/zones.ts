/**
 * Which Availability Zones a region's tier uses: zones picked by AZ id among those that offer the
 * instance type, so every account gets the same usable physical zones. AZ names map to different
 * physical zones per account and some zones no longer offer current instance types (use1-az3);
 * picking the first N names gave some accounts a subnet in a zone that cannot launch the app
 * (kubernetes/test-infra#2919), or none at all when the region had fewer zones than asked for.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { compareKeys } from "./keyOrder";

/** One Availability Zone: its id (the same physical zone in every account) and this account's name for it. */
export interface Zone {
    /** The zone id (`usw2-az1`): the same physical zone in every account. */
    id: string;
    /** This account's name for the zone (`us-west-2a`). */
    name: string;
}

/** What to pick zones for. */
export interface ZoneRequest {
    /** AWS region code, for messages. */
    region: string;
    /** The EC2 instance type every picked zone must offer. */
    instanceType: string;
}

/** `use1-az10` after `use1-az9`. */
const byId = (a: Zone, b: Zone): number => compareKeys(a.id, b.id);

/**
 * Every zone, by id, that is available and offers the instance type. Pure, so it is tested without
 * Pulumi; a zone id without a name (an offering in a zone the account does not have) is never kept.
 */
export function offeredZones(available: { names: readonly string[]; zoneIds: readonly string[] }, offeredIds: readonly string[]): Zone[] {
    const offered = new Set(offeredIds);
    return available.zoneIds
        .map((id, i) => ({ id, name: available.names[i] ?? "" }))
        .filter((z) => z.id && z.name && offered.has(z.id))
        .sort(byId);
}

/**
 * Why `count` zones cannot be had among `zones` (what the region offers and the fix), or nothing when
 * they can. The caller prefixes the name its user knows the count by (an arg, a config key).
 */
export function zoneShortfall(zones: readonly Zone[], req: ZoneRequest, count: number): string | undefined {
    if (zones.length >= count) return undefined;
    const found = zones.length === 0 ? "none" : zones.map((z) => z.id).join(", ");
    const fix = zones.length >= 2
        ? `set it to ${zones.length} or less, or pick an instance type offered in more zones`
        : "pick an instance type offered in at least 2 of its zones, or another region";
    return `${count} exceeds the ${zones.length} Availability Zone(s) of ${req.region} that offer ${req.instanceType} (${found}); ${fix}`;
}

/** The first `count` of `zones`; a region with fewer throws naming `azCount`: a subnet must never be left without a zone. */
export function pickZones(zones: readonly Zone[], req: ZoneRequest, count: number): Zone[] {
    const short = zoneShortfall(zones, req, count);
    if (short) throw new pulumi.RunError(`azCount: ${short}`);
    return zones.slice(0, count);
}

/**
 * Looks up the region's zones and where the instance type is offered (by zone id): every usable zone,
 * by id. Pass `{ parent }` of a component created with the region's provider, or `{ provider }`: the
 * lookups must run in that region.
 */
export function usableZones(req: ZoneRequest, opts: pulumi.InvokeOutputOptions): pulumi.Output<Zone[]> {
    const available = aws.getAvailabilityZonesOutput({
        state: "available",
        // AZs only: Local and Wavelength Zones are opt-in and cannot host this tier's subnets.
        filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }, { name: "zone-type", values: ["availability-zone"] }],
    }, opts);
    const offerings = aws.ec2.getInstanceTypeOfferingsOutput({
        locationType: "availability-zone-id",
        filters: [{ name: "instance-type", values: [req.instanceType] }],
    }, opts);
    return pulumi.all([available, offerings]).apply(([a, o]) => offeredZones({ names: a.names, zoneIds: a.zoneIds }, o.locations));
}
