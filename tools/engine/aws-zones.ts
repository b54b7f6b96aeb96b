/**
 * The one table the offline plan answers Availability Zone lookups from: per region, every zone's
 * AZ id (the same physical zone in every account) and the name the plan's account gives it.
 *
 * Source of the ids: AWS, "AWS Availability Zones" (AWS Regions and Availability Zones guide,
 * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html),
 * read 2026-11-25. It lists every commercial region; the plan's test holds this table equal to the
 * commercial regions @pulumi/aws knows, so a new region fails a test until it is added here.
 *
 * Names are not from that source: in the oldest regions each account maps names to ids its own way
 * (AWS, "AZ IDs", same guide), and the others map them uniformly but the guide does not list how.
 * The plan's account uses the mapping its documentation example shows for us-east-2, the one public
 * reports show for us-east-1 (use1-az3 as us-east-1e), us-west-1 and us-west-2, and letters in id
 * order elsewhere. Nothing may depend on the names being anyone's real ones: the program selects
 * zones by id and only then asks for the account's name of each, as a real deploy does.
 */
import { compareKeys } from "../../src/region/keyOrder";

/** One zone as DescribeAvailabilityZones reports it, plus what the plan's account may launch there. */
export interface PlanZone {
    /** AZ id, e.g. `use1-az4`. */
    id: string;
    /** The account's name for it, e.g. `us-east-1d`. */
    name: string;
    /**
     * False for a constrained zone that offers no current instance type. use1-az3 (us-east-1e in
     * most accounts) refuses t3.micro, t3.small, c5.large, m5.8xlarge and r5d.xlarge in public
     * reports (ned1313/Getting-Started-Terraform#44, RedHatGov/redhatgov.workshops#113,
     * compiler-explorer/infra#601, kubernetes-sigs/provider-aws-test-infra#354); AWS,
     * "Constrained Availability Zones" (same guide), explains why such zones stop growing.
     * The table offers it nothing, so the plan never picks it.
     */
    offersInstanceTypes: boolean;
}

/** `letter:id` pairs, one per zone; a `!` after the id marks a zone offering no current instance type. */
const SPEC: Record<string, string> = {
    // North America
    "us-east-1": "a:use1-az6 b:use1-az1 c:use1-az2 d:use1-az4 e:use1-az3! f:use1-az5",
    "us-east-2": "a:use2-az1 b:use2-az2 c:use2-az3",
    // usw1-az2 is left out: "Newer accounts can access two Availability Zones in US West (N. California)."
    "us-west-1": "a:usw1-az3 c:usw1-az1",
    "us-west-2": "a:usw2-az2 b:usw2-az1 c:usw2-az3 d:usw2-az4",
    "ca-central-1": "a:cac1-az1 b:cac1-az2 d:cac1-az4",
    "ca-west-1": "a:caw1-az1 b:caw1-az2 c:caw1-az3",
    "mx-central-1": "a:mxc1-az1 b:mxc1-az2 c:mxc1-az3",
    // Africa
    "af-south-1": "a:afs1-az1 b:afs1-az2 c:afs1-az3",
    // Asia Pacific
    "ap-east-1": "a:ape1-az1 b:ape1-az2 c:ape1-az3",
    "ap-east-2": "a:ape2-az1 b:ape2-az2 c:ape2-az3",
    "ap-northeast-1": "a:apne1-az1 b:apne1-az2 c:apne1-az3 d:apne1-az4",
    "ap-northeast-2": "a:apne2-az1 b:apne2-az2 c:apne2-az3 d:apne2-az4",
    "ap-northeast-3": "a:apne3-az1 b:apne3-az2 c:apne3-az3",
    "ap-south-1": "a:aps1-az1 b:aps1-az2 c:aps1-az3",
    "ap-south-2": "a:aps2-az1 b:aps2-az2 c:aps2-az3",
    "ap-southeast-1": "a:apse1-az1 b:apse1-az2 c:apse1-az3",
    "ap-southeast-2": "a:apse2-az1 b:apse2-az2 c:apse2-az3",
    "ap-southeast-3": "a:apse3-az1 b:apse3-az2 c:apse3-az3",
    "ap-southeast-4": "a:apse4-az1 b:apse4-az2 c:apse4-az3",
    "ap-southeast-5": "a:apse5-az1 b:apse5-az2 c:apse5-az3",
    "ap-southeast-6": "a:apse6-az1 b:apse6-az2 c:apse6-az3",
    "ap-southeast-7": "a:apse7-az1 b:apse7-az2 c:apse7-az3",
    // Europe
    "eu-central-1": "a:euc1-az1 b:euc1-az2 c:euc1-az3",
    "eu-central-2": "a:euc2-az1 b:euc2-az2 c:euc2-az3",
    "eu-north-1": "a:eun1-az1 b:eun1-az2 c:eun1-az3",
    "eu-south-1": "a:eus1-az1 b:eus1-az2 c:eus1-az3",
    "eu-south-2": "a:eus2-az1 b:eus2-az2 c:eus2-az3",
    "eu-west-1": "a:euw1-az1 b:euw1-az2 c:euw1-az3",
    "eu-west-2": "a:euw2-az1 b:euw2-az2 c:euw2-az3 d:euw2-az4",
    "eu-west-3": "a:euw3-az1 b:euw3-az2 c:euw3-az3",
    // Middle East
    "il-central-1": "a:ilc1-az1 b:ilc1-az2 c:ilc1-az3",
    "me-central-1": "a:mec1-az1 b:mec1-az2 c:mec1-az3",
    "me-south-1": "a:mes1-az1 b:mes1-az2 c:mes1-az3",
    // South America
    "sa-east-1": "a:sae1-az1 b:sae1-az2 c:sae1-az3",
};

function parse(region: string, spec: string): PlanZone[] {
    return spec.split(" ").map((entry) => {
        const m = /^([a-z]):([a-z0-9]+-az\d+)(!?)$/.exec(entry);
        if (!m?.[1] || !m[2]) {
            throw new Error(`aws-zones.ts: malformed zone "${entry}" for ${region}`);
        }
        return { id: m[2], name: `${region}${m[1]}`, offersInstanceTypes: m[3] !== "!" };
    });
}

/** Zones per region, in the table's name order. */
export const PLAN_ZONES: Readonly<Record<string, readonly PlanZone[]>> = Object.fromEntries(
    Object.entries(SPEC).map(([region, spec]) => [region, parse(region, spec)]),
);

/** The zones of `region`, or a failure that says where to add them; the plan never makes zones up. */
export function zonesOf(region: string): readonly PlanZone[] {
    const zones = PLAN_ZONES[region];
    if (!zones) {
        throw new Error(`the offline plan has no Availability Zones for ${region}; add the region to tools/engine/aws-zones.ts from AWS's "AWS Availability Zones" page`);
    }
    return zones;
}

/**
 * A zone lookup a program asked to be judged with its other config problems, because it refused its
 * config before making it (the reference program's `ConfigError.zoneRequirements`): `key` needs
 * `azCount` zones of `region` that offer `instanceType`.
 */
export interface ZoneRequirement {
    /** The full config key, e.g. `ha-web-tier:regions[1].azCount`. */
    key: string;
    region: string;
    instanceType: string;
    azCount: number;
}

/**
 * What the program's own lookup would report for a requirement, answered from this table (the source of
 * every zone answer the plan gives), in the words of src/region/zones.ts `zoneShortfall` (a test holds
 * them equal); nothing when the region has the zones or is not in the table.
 */
export function zoneShortfallOf(req: ZoneRequirement): string | undefined {
    const zones = (PLAN_ZONES[req.region] ?? []).filter((z) => z.offersInstanceTypes)
        .sort((a, b) => compareKeys(a.id, b.id));
    if (!PLAN_ZONES[req.region] || zones.length >= req.azCount) {
        return undefined;
    }
    const found = zones.length === 0 ? "none" : zones.map((z) => z.id).join(", ");
    const fix = zones.length >= 2
        ? `set it to ${zones.length} or less, or pick an instance type offered in more zones`
        : "pick an instance type offered in at least 2 of its zones, or another region";
    return `${req.key}: ${req.azCount} exceeds the ${zones.length} Availability Zone(s) of ${req.region} that offer ${req.instanceType} (${found}); ${fix}`;
}
