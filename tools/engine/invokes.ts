/**
 * Offline answers for the provider functions (invokes) the program calls. A real preview runs these
 * against AWS; offline they answer from the provider's region: zones and instance type offerings
 * from the sourced table in aws-zones.ts, subnets, route tables and NAT gateways of a network the
 * stack does not own from its lookups file (lookups.ts; what the file does not declare is unknown,
 * as a value computed at deploy time is), the rest with fixed, plausible values. Any other invoke
 * (or a filter an answer does not understand) throws, so a new lookup cannot silently return junk.
 */

/** What an invoke needs answering: its token, its arguments, and the region of its provider. */
export interface InvokeCall {
    token: string;
    inputs: Record<string, unknown>;
    /** The `region` input of the provider the invoke was sent with (or the stack's `aws:region`). */
    region: string | undefined;
    /** The stack's lookups file, when it has one: the only source of answers about existing networks. */
    lookups?: PlanLookups;
}

import { zonesOf } from "./aws-zones";
import type { LookupRoute, PlanLookups, RegionLookups } from "./lookups";
import { UNKNOWN } from "./pulumi-internals";

/** The placeholder account the offline plan pretends to deploy into. */
const PLAN_ACCOUNT_ID = "123456789012";

/** The image id public AMI parameters resolve to offline. */
const PLAN_AMI_ID = "ami-0123456789abcdef0";

function partitionOf(region: string): { partition: string; dnsSuffix: string } {
    if (region.startsWith("cn-")) {
        return { partition: "aws-cn", dnsSuffix: "amazonaws.com.cn" };
    }
    if (region.startsWith("us-gov-")) {
        return { partition: "aws-us-gov", dnsSuffix: "amazonaws.com" };
    }
    return { partition: "aws", dnsSuffix: "amazonaws.com" };
}

function requireRegion(call: InvokeCall): string {
    if (!call.region) {
        throw new Error(`invoke ${call.token} has no region: pass an explicit provider with a region (or set aws:region)`);
    }
    return call.region;
}

type Answer = (call: InvokeCall) => Record<string, unknown>;

type Filter = { name?: unknown; values?: unknown };

const filtersOf = (call: InvokeCall): Filter[] => (Array.isArray(call.inputs.filters) ? call.inputs.filters as Filter[] : []);

const filterNames = (call: InvokeCall): string[] => filtersOf(call).map((f) => String(f.name));

/** The values of the filter named `name` (undefined when there is none). */
function filterValues(call: InvokeCall, name: string): string[] | undefined {
    const f = filtersOf(call).find((x) => x.name === name);
    return f ? (Array.isArray(f.values) ? f.values.map(String) : []) : undefined;
}

/**
 * Whether every filter admits a zone with these attributes. A filter on anything else throws: an
 * answer that ignored it would be made up.
 */
function matchesFilters(call: InvokeCall, attributes: Record<string, string>): boolean {
    return filtersOf(call).every((f) => {
        const name = String(f.name);
        const value = attributes[name];
        if (value === undefined) {
            throw new Error(`the offline plan cannot answer ${call.token} filtered on ${name}; add it to tools/engine/invokes.ts`);
        }
        return (filterValues(call, name) ?? []).includes(value);
    });
}

/** The lookups file's part for the call's region (empty without a file or without that region). */
function declared(call: InvokeCall): RegionLookups {
    return call.lookups?.regions[requireRegion(call)] ?? { Subnets: [], RouteTables: [], NatGateways: [] };
}

/** An answer whose every field is unknown: what the plan cannot see, as a preview shows a value AWS computes. */
function unknownAnswer(fields: string[]): Record<string, unknown> {
    return Object.fromEntries(fields.map((f) => [f, UNKNOWN]));
}

/** Throws unless the call passes only `allowed` arguments (besides the region); an answer must not ignore one. */
function onlyArgs(call: InvokeCall, allowed: string[]): void {
    const extra = Object.keys(call.inputs).filter((k) => k !== "region" && !allowed.includes(k) && call.inputs[k] !== undefined);
    if (extra.length > 0) {
        throw new Error(`the offline plan answers ${call.token} only by ${allowed.join(" and ")}, not by ${extra.join(", ")}; add it to tools/engine/invokes.ts`);
    }
}

/**
 * A route as the provider's route table data source lists it: without the `local` route and routes a
 * virtual private gateway propagates (terraform-provider-aws, route table data source, dataSourceRoutesRead).
 */
function providerRoutes(routes: LookupRoute[]): Record<string, string>[] {
    return routes.filter((r) => r.GatewayId !== "local" && r.Origin !== "EnableVgwRoutePropagation").map((r) => ({
        cidrBlock: r.DestinationCidrBlock ?? "", ipv6CidrBlock: r.DestinationIpv6CidrBlock ?? "", destinationPrefixListId: r.DestinationPrefixListId ?? "",
        gatewayId: r.GatewayId ?? "", natGatewayId: r.NatGatewayId ?? "", transitGatewayId: r.TransitGatewayId ?? "",
        vpcPeeringConnectionId: r.VpcPeeringConnectionId ?? "", networkInterfaceId: r.NetworkInterfaceId ?? "",
        egressOnlyGatewayId: r.EgressOnlyInternetGatewayId ?? "", vpcEndpointId: r.VpcEndpointId ?? "", carrierGatewayId: r.CarrierGatewayId ?? "",
        localGatewayId: r.LocalGatewayId ?? "", coreNetworkArn: r.CoreNetworkArn ?? "", instanceId: r.InstanceId ?? "",
    }));
}

const SUBNET_FIELDS = ["id", "arn", "vpcId", "availabilityZone", "availabilityZoneId", "cidrBlock", "mapPublicIpOnLaunch", "state"];

/** Lookups of a network the stack does not own, answered from its lookups file only. */
const existingNetworkAnswers: Record<string, Answer> = {
    "aws:ec2/getSubnet:getSubnet": (call) => {
        onlyArgs(call, ["id"]);
        const s = declared(call).Subnets.find((x) => x.SubnetId === call.inputs.id);
        if (!s) return unknownAnswer(SUBNET_FIELDS);
        return {
            id: s.SubnetId, arn: `arn:aws:ec2:${requireRegion(call)}:${PLAN_ACCOUNT_ID}:subnet/${s.SubnetId}`, vpcId: s.VpcId,
            availabilityZone: s.AvailabilityZone, availabilityZoneId: s.AvailabilityZoneId, mapPublicIpOnLaunch: s.MapPublicIpOnLaunch,
            cidrBlock: typeof s.CidrBlock === "string" ? s.CidrBlock : "", state: "available",
        };
    },
    "aws:ec2/getRouteTables:getRouteTables": (call) => {
        onlyArgs(call, ["filters", "vpcId"]);
        const net = declared(call);
        const names = filterNames(call).sort().join(",");
        // A table list can be known only for a VPC whose tables the file declares (describe-route-tables lists them all).
        const tablesOf = (vpc: unknown) => (net.RouteTables.some((t) => t.VpcId === vpc) ? net.RouteTables.filter((t) => t.VpcId === vpc) : undefined);
        let found: RegionLookups["RouteTables"] | undefined;
        if (names === "association.subnet-id" && call.inputs.vpcId === undefined) {
            const subnet = filterValues(call, "association.subnet-id")?.[0];
            const vpc = net.Subnets.find((x) => x.SubnetId === subnet)?.VpcId;
            found = vpc === undefined ? undefined : tablesOf(vpc)?.filter((t) => t.Associations.some((a) => a.SubnetId === subnet));
        } else if (names === "association.main" && typeof call.inputs.vpcId === "string" && filterValues(call, "association.main")?.join() === "true") {
            found = tablesOf(call.inputs.vpcId)?.filter((t) => t.Associations.some((a) => a.Main));
        } else {
            throw new Error(`the offline plan answers ${call.token} only by association.subnet-id, or by vpcId with association.main true; add the others to tools/engine/invokes.ts`);
        }
        return found ? { id: requireRegion(call), ids: found.map((t) => t.RouteTableId) } : unknownAnswer(["id", "ids"]);
    },
    "aws:ec2/getRouteTable:getRouteTable": (call) => {
        onlyArgs(call, ["routeTableId"]);
        const t = declared(call).RouteTables.find((x) => x.RouteTableId === call.inputs.routeTableId);
        if (!t) return unknownAnswer(["id", "routeTableId", "vpcId", "routes", "associations"]);
        return {
            id: t.RouteTableId, routeTableId: t.RouteTableId, vpcId: t.VpcId, routes: providerRoutes(t.Routes),
            associations: t.Associations.map((a) => ({ main: a.Main, subnetId: a.SubnetId ?? "", routeTableId: t.RouteTableId, gatewayId: "", routeTableAssociationId: "" })),
        };
    },
    "aws:ec2/getNatGateway:getNatGateway": (call) => {
        onlyArgs(call, ["id"]);
        const n = declared(call).NatGateways.find((x) => x.NatGatewayId === call.inputs.id);
        if (!n) return unknownAnswer(["id", "subnetId", "vpcId", "state"]);
        return { id: n.NatGatewayId, subnetId: n.SubnetId, vpcId: n.VpcId, state: "available", connectivityType: "public" };
    },
};

const answers: Record<string, Answer> = {
    ...existingNetworkAnswers,
    "aws:index/getAvailabilityZones:getAvailabilityZones": (call) => {
        const region = requireRegion(call);
        // Every zone in the table is an available Availability Zone (AZs are always opt-in-not-required).
        const zones = zonesOf(region).filter(() => matchesFilters(call, {
            "opt-in-status": "opt-in-not-required", "zone-type": "availability-zone", state: "available", "region-name": region,
        }) && (call.inputs.state === undefined || call.inputs.state === "available"));
        return {
            id: region,
            names: zones.map((z) => z.name),
            zoneIds: zones.map((z) => z.id),
            groupNames: zones.map(() => region),
            state: call.inputs.state,
        };
    },
    "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings": (call) => {
        const region = requireRegion(call);
        const locationType = typeof call.inputs.locationType === "string" ? call.inputs.locationType : "region";
        const types = filterValues(call, "instance-type");
        if (!types || filterNames(call).some((n) => n !== "instance-type" && n !== "location")) {
            throw new Error(`the offline plan answers ${call.token} only for an instance-type filter (and optionally location); add the others to tools/engine/invokes.ts`);
        }
        if (locationType !== "availability-zone" && locationType !== "availability-zone-id") {
            throw new Error(`the offline plan answers ${call.token} only by availability-zone or availability-zone-id, not ${locationType}`);
        }
        const locations = filterValues(call, "location");
        const offers = zonesOf(region).filter((z) => z.offersInstanceTypes)
            .map((z) => (locationType === "availability-zone-id" ? z.id : z.name))
            .filter((l) => !locations || locations.includes(l));
        const rows = types.flatMap((type) => offers.map((location) => ({ type, location })));
        return {
            id: region,
            instanceTypes: rows.map((r) => r.type),
            locations: rows.map((r) => r.location),
            locationTypes: rows.map(() => locationType),
        };
    },
    "aws:ssm/getParameter:getParameter": (call) => {
        const region = requireRegion(call);
        const name = String(call.inputs.name);
        // Public AMI parameters answer with an image id; anything else with a marker value.
        const value = name.startsWith("/aws/service/") && name.includes("ami")
            ? PLAN_AMI_ID
            : `plan-parameter-value:${name}`;
        return {
            id: name, name, value, insecureValue: value, type: "String", version: 1,
            arn: `arn:${partitionOf(region).partition}:ssm:${region}:${PLAN_ACCOUNT_ID}:parameter${name.startsWith("/") ? "" : "/"}${name}`,
            withDecryption: call.inputs.withDecryption ?? true,
        };
    },
    "aws:index/getCallerIdentity:getCallerIdentity": (call) => ({
        id: PLAN_ACCOUNT_ID,
        accountId: PLAN_ACCOUNT_ID,
        arn: `arn:${partitionOf(call.region ?? "us-east-1").partition}:iam::${PLAN_ACCOUNT_ID}:user/plan`,
        userId: "AIDAPLANPLANPLANPLAN",
    }),
    "aws:index/getPartition:getPartition": (call) => {
        const { partition, dnsSuffix } = partitionOf(call.region ?? "us-east-1");
        return { id: partition, partition, dnsSuffix, reverseDnsPrefix: dnsSuffix.split(".").reverse().join(".") };
    },
    "aws:index/getRegion:getRegion": (call) => {
        const region = requireRegion(call);
        return {
            id: region, name: region, region,
            endpoint: `ec2.${region}.${partitionOf(region).dnsSuffix}`,
            description: region,
        };
    },
};

/** Answers an invoke as AWS would for a fresh stack, or throws naming the invoke it cannot answer. */
export function answerInvoke(call: InvokeCall): Record<string, unknown> {
    const answer = answers[call.token];
    if (!answer) {
        throw new Error(`the offline plan has no answer for invoke ${call.token}; add one to tools/engine/invokes.ts`);
    }
    return answer(call);
}
