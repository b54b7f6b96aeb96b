/**
 * What the offline plan knows of networks the stack does not own: a stack's lookups file, per region
 * the subnets, route tables and NAT gateways of a VPC as the AWS CLI describes them
 * (`aws ec2 describe-subnets`, `describe-route-tables`, `describe-nat-gateways`, merged). The plan
 * answers lookups of those (invokes.ts) from this file only; anything it does not declare is unknown
 * offline, never made up, so the policy pack refuses what depends on it (docs/offline-plan.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { StackConfigFileError } from "./stack-config";
import { PLAN_ZONES } from "./aws-zones";

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8}([0-9a-f]{9})?$`), { error: `must be an id starting with ${prefix}-` });

/** A subnet as `describe-subnets` lists it (other fields are kept and ignored). */
const subnetSchema = z.looseObject({
    SubnetId: id("subnet"),
    VpcId: id("vpc"),
    AvailabilityZone: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/, { error: "must be a zone name such as us-east-1a" }),
    AvailabilityZoneId: z.string().regex(/^[a-z]+\d+-az\d+$/, { error: "must be a zone id such as use1-az6" }),
    MapPublicIpOnLaunch: z.boolean(),
});

/** A route as `describe-route-tables` lists it: a destination and one target. */
const routeSchema = z.looseObject({
    DestinationCidrBlock: z.string().optional(),
    DestinationIpv6CidrBlock: z.string().optional(),
    DestinationPrefixListId: z.string().optional(),
    GatewayId: z.string().optional(),
    NatGatewayId: z.string().optional(),
    TransitGatewayId: z.string().optional(),
    VpcPeeringConnectionId: z.string().optional(),
    NetworkInterfaceId: z.string().optional(),
    EgressOnlyInternetGatewayId: z.string().optional(),
    VpcEndpointId: z.string().optional(),
    CarrierGatewayId: z.string().optional(),
    LocalGatewayId: z.string().optional(),
    CoreNetworkArn: z.string().optional(),
    InstanceId: z.string().optional(),
    Origin: z.string().optional(),
});

const routeTableSchema = z.looseObject({
    RouteTableId: id("rtb"),
    VpcId: id("vpc"),
    Associations: z.array(z.looseObject({ Main: z.boolean(), SubnetId: id("subnet").optional() })),
    Routes: z.array(routeSchema),
});

const natGatewaySchema = z.looseObject({ NatGatewayId: id("nat"), SubnetId: id("subnet"), VpcId: id("vpc") });

const regionSchema = z.strictObject({
    Subnets: z.array(subnetSchema).default([]),
    RouteTables: z.array(routeTableSchema).default([]),
    NatGateways: z.array(natGatewaySchema).default([]),
});

const fileSchema = z.strictObject({
    /** Where the data came from (the commands and account); a lookups file without one is refused. */
    source: z.string().trim().min(1, { error: "must say where the data came from (the commands and account it was described in)" }),
    regions: z.record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "is not a region code" }), regionSchema),
});

/** A stack's lookups file, parsed. */
export type PlanLookups = z.infer<typeof fileSchema>;
/** One region's part of it. */
export type RegionLookups = z.infer<typeof regionSchema>;
/** A route as the file lists it. */
export type LookupRoute = z.infer<typeof routeSchema>;

/** The lookups file the plan reads for a stack file when `--lookups` names none: `<stack file>.lookups.json` beside it. */
export function lookupsFileFor(configFile: string): string {
    return configFile.replace(/\.ya?ml$/, "") + ".lookups.json";
}

/**
 * Reads and checks a lookups file: every subnet's zone must be in its region, and every route table
 * and NAT gateway must belong to a VPC with a declared subnet (a table of another VPC would be read as
 * that VPC's). Throws {@link StackConfigFileError} (`missing` when the file is not there).
 */
export function loadLookups(file: string): PlanLookups {
    let text: string;
    try {
        text = fs.readFileSync(path.resolve(file), "utf8");
    } catch {
        throw new StackConfigFileError(`${file}: cannot read the lookups file; check the path`, true);
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        throw new StackConfigFileError(`${file}: not valid JSON: ${(err as Error).message}`);
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
        const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"} ${i.message}`);
        throw new StackConfigFileError(`${file}: not a lookups file: ${problems.join("; ")}`);
    }
    const problems: string[] = [];
    for (const [region, r] of Object.entries(parsed.data.regions)) {
        const vpcs = new Set(r.Subnets.map((s) => s.VpcId));
        r.Subnets.filter((s) => !s.AvailabilityZone.startsWith(region)).forEach((s) => problems.push(`regions.${region}: subnet ${s.SubnetId} is in ${s.AvailabilityZone}, not in ${region}`));
        r.RouteTables.filter((t) => !vpcs.has(t.VpcId)).forEach((t) => problems.push(`regions.${region}: route table ${t.RouteTableId} is in ${t.VpcId}, which has no subnet in the file`));
        r.NatGateways.filter((n) => !vpcs.has(n.VpcId)).forEach((n) => problems.push(`regions.${region}: NAT gateway ${n.NatGatewayId} is in ${n.VpcId}, which has no subnet in the file`));
    }
    // What the rest checks assumes: every table and gateway is of a VPC the file describes in its region.
    if (problems.length === 0) {
        for (const [region, r] of Object.entries(parsed.data.regions)) {
            problems.push(...describedOnce(region, r).map((p) => `regions.${region}: ${p}`));
        }
    }
    if (problems.length > 0) {
        throw new StackConfigFileError(`${file}: not a lookups file: ${problems.join("; ")}`);
    }
    return parsed.data;
}

/** Each id of `ids` listed more than once, as a problem. */
function repeats(what: string, ids: string[]): string[] {
    return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))].map((id) => `${what} ${id} is listed more than once; list each once, as AWS describes it`);
}

/**
 * What AWS never describes, so a file that does is not what the commands printed and its answers would be
 * made up: an id listed twice, a zone name with two zone ids (or a zone id of another region), a VPC with
 * no main route table or more than one ("Each VPC has a main route table"; "a subnet can only be
 * associated with one route table at a time": VPC user guide, "Configure route tables"), a route to a
 * NAT gateway the file does not describe, and a propagated route to anything but a virtual private
 * gateway (route propagation: VPN user guide, "Route tables and VPN route priority").
 */
function describedOnce(region: string, r: RegionLookups): string[] {
    const problems = [
        ...repeats("subnet", r.Subnets.map((s) => s.SubnetId)),
        ...repeats("route table", r.RouteTables.map((t) => t.RouteTableId)),
        ...repeats("NAT gateway", r.NatGateways.map((n) => n.NatGatewayId)),
    ];
    // Zone ids are the same in every account (names are not), so the plan's zone table knows them.
    const regionZoneIds = PLAN_ZONES[region]?.map((z) => z.id);
    const idOf = new Map<string, string>();
    const nameOf = new Map<string, string>();
    for (const s of r.Subnets) {
        const [name, id] = [s.AvailabilityZone, s.AvailabilityZoneId];
        if (regionZoneIds && !regionZoneIds.includes(id)) {
            problems.push(`subnet ${s.SubnetId} has zone id ${id}, which is not a zone of ${region} (${regionZoneIds.join(", ")})`);
            continue;
        }
        if (idOf.has(name) && idOf.get(name) !== id) {
            problems.push(`subnet ${s.SubnetId} puts ${name} at ${id}, but another subnet puts it at ${idOf.get(name)}; an account maps each zone name to one zone id`);
        } else if (nameOf.has(id) && nameOf.get(id) !== name) {
            problems.push(`subnet ${s.SubnetId} calls ${id} ${name}, but another subnet calls it ${nameOf.get(id)}; an account maps each zone id to one zone name`);
        }
        if (!idOf.has(name)) idOf.set(name, id);
        if (!nameOf.has(id)) nameOf.set(id, name);
    }
    for (const vpc of new Set(r.Subnets.map((s) => s.VpcId))) {
        const tables = r.RouteTables.filter((t) => t.VpcId === vpc);
        const mains = tables.filter((t) => t.Associations.some((a) => a.Main)).map((t) => t.RouteTableId);
        if (tables.length === 0) {
            problems.push(`${vpc} has subnets but no route tables in the file; add what describe-route-tables lists for it`);
        } else if (mains.length !== 1) {
            problems.push(`${vpc} has ${mains.length === 0 ? "no main route table" : `${mains.length} main route tables (${mains.join(", ")})`} in the file, but a VPC has exactly one; add what describe-route-tables lists for it, unedited`);
        }
    }
    for (const s of r.Subnets) {
        const tables = r.RouteTables.filter((t) => t.Associations.some((a) => !a.Main && a.SubnetId === s.SubnetId)).map((t) => t.RouteTableId);
        if (tables.length > 1) {
            problems.push(`subnet ${s.SubnetId} is associated with ${tables.join(" and ")}, but a subnet is associated with one route table at a time`);
        }
    }
    const nats = new Set(r.NatGateways.map((n) => n.NatGatewayId));
    const subnets = new Set(r.Subnets.map((s) => s.SubnetId));
    for (const t of r.RouteTables) {
        for (const route of t.Routes) {
            if (route.NatGatewayId !== undefined && !nats.has(route.NatGatewayId)) {
                problems.push(`route table ${t.RouteTableId} routes to ${route.NatGatewayId}, which the file does not describe; add what describe-nat-gateways lists for it`);
            }
            if (route.Origin === "EnableVgwRoutePropagation" && !route.GatewayId?.startsWith("vgw-")) {
                problems.push(`route table ${t.RouteTableId} has a propagated route to ${route.GatewayId ?? route.NatGatewayId ?? "a target"}, but only a virtual private gateway (vgw-) propagates routes`);
            }
        }
    }
    for (const n of r.NatGateways.filter((x) => !subnets.has(x.SubnetId))) {
        problems.push(`NAT gateway ${n.NatGatewayId} is in ${n.SubnetId}, which the file does not describe; add what describe-subnets lists for it`);
    }
    return problems;
}
