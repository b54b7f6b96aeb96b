/**
 * Which Availability Zones a region's tier uses: zones picked by AZ id among those that offer the
 * instance type, so every account gets the same usable physical zones. AZ names map to different
 * physical zones per account and some zones no longer offer current instance types (use1-az3);
 * picking the first N names gave some accounts a subnet in a zone that cannot launch the app
 * (kubernetes/test-infra#2919), or none at all when the region had fewer zones than asked for.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, NAMESPACE } from "../config";

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
    /** How many distinct zones. */
    count: number;
    /** The stack config key `count` came from (`regions[1].azCount`), named when the region cannot meet it. */
    configKey: string;
}

/** `use1-az10` after `use1-az9`. */
const byId = (a: Zone, b: Zone): number => a.id.localeCompare(b.id, "en", { numeric: true });

/**
 * The first `count` zones, by id, that are available and offer the instance type. Throws a
 * {@link ConfigError} naming the key when the region has fewer: a subnet must never be left without
 * a zone. Pure, so it is tested without Pulumi.
 */
export function pickZones(available: { names: readonly string[]; zoneIds: readonly string[] }, offeredIds: readonly string[], req: ZoneRequest): Zone[] {
    const offered = new Set(offeredIds);
    const zones = available.zoneIds
        .map((id, i) => ({ id, name: available.names[i] ?? "" }))
        .filter((z) => z.id && z.name && offered.has(z.id))
        .sort(byId);
    if (zones.length < req.count) {
        const found = zones.length === 0 ? "none" : zones.map((z) => z.id).join(", ");
        const fix = zones.length >= 2
            ? `set it to ${zones.length} or less, or pick an instance type offered in more zones`
            : "pick an instance type offered in at least 2 of its zones, or another region";
        throw new ConfigError([`${NAMESPACE}:${req.configKey}: ${req.count} exceeds the ${zones.length} Availability Zone(s) of ${req.region} that offer ${req.instanceType} (${found}); ${fix}`]);
    }
    return zones.slice(0, req.count);
}

/**
 * Looks up the region's zones and where the instance type is offered (by zone id), and picks
 * `count` of them. Pass `{ parent }` of a component created with the region's provider: the
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
    return pulumi.all([available, offerings]).apply(([a, o]) => pickZones({ names: a.names, zoneIds: a.zoneIds }, o.locations, req));
}
