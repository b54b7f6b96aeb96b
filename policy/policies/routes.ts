/**
 * Routes as the VPC resolves them: which route table applies to each subnet (its explicit association,
 * else the VPC's main table, which `MainRouteTableAssociation` can replace), which routes that table
 * holds (inline, on `DefaultRouteTable`, or `aws.ec2.Route` resources, including routes added through
 * `vpc.mainRouteTableId` or `vpc.defaultRouteTableId`), and so which subnets are public; and what
 * components declare of subnets the stack uses but does not manage (an existing VPC).
 */
import type { PolicyResource } from "@pulumi/policy";
import { blocks, isTrue, isUnknown, plain, sources, type Props } from "./util";

/** Type tokens this module reads. */
export const networkTypes = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
    route: "aws:ec2/route:Route",
    association: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    mainAssociation: "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation",
    internetGateway: "aws:ec2/internetGateway:InternetGateway",
    internetGatewayAttachment: "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
    defaultSubnet: "aws:ec2/defaultSubnet:DefaultSubnet",
} as const;

const t = networkTypes;

/** The key of the main route table a VPC is created with (`vpc.mainRouteTableId`, `vpc.defaultRouteTableId`). */
function originalMainKey(vpcUrn: string): string {
    return `main-route-table:${vpcUrn}`;
}

/** The route table a property names: a route table resource, a VPC's original main table, or nothing known. */
function tableKeys(r: PolicyResource, prop: string): string[] {
    return sources(r, prop).flatMap(s => s.type === t.routeTable ? [s.urn]
        : s.type === t.vpc ? [originalMainKey(s.urn)]
            : s.type === t.defaultRouteTable ? tableKeys(s, "defaultRouteTableId")
                : []);
}

/**
 * A route that sends traffic to an internet gateway: the subnets behind it are public (VPC user guide,
 * "Subnet route tables": a subnet whose route table has a route to an internet gateway is a public
 * subnet). An egress-only internet gateway admits no inbound connection, so it does not count.
 */
function toInternetGateway(route: Props, deps: PolicyResource[]): PolicyResource | "literal" | "unresolved" | undefined {
    const gw = route.gatewayId;
    if (typeof gw === "string" && gw.startsWith("igw-")) {
        return "literal";
    }
    if (gw === undefined || gw === null || gw === "") {
        return undefined;
    }
    const igw = deps.find(d => d.type === t.internetGateway || d.type === t.internetGatewayAttachment);
    if (igw) {
        return igw;
    }
    // A gateway the stack does not declare (a lookup, another stack) may be an internet gateway: judged as one.
    return isUnknown(gw) && !deps.some(d => d.type === "aws:ec2/vpnGateway:VpnGateway") ? "unresolved" : undefined;
}

/** How a route to an internet gateway reads in a message. */
function gatewayText(gw: PolicyResource | "literal" | "unresolved", literal: unknown): string {
    return gw === "literal" ? String(literal) : gw === "unresolved" ? "a gateway this stack does not declare (judged as an internet gateway)" : gw.name;
}

/** Why a subnet is public, for messages. */
export type PublicReasons = Map<string, string>;

/**
 * Public subnets of the stack, by URN, with the reason: it maps public IPs on launch, or the route
 * table that applies to it routes to an internet gateway.
 */
export function publicSubnets(resources: PolicyResource[]): PublicReasons {
    const names = new Map<string, string>();
    const internetRoutes = new Map<string, string>(); // table key -> "route X to gateway Y"
    const addRoute = (keys: string[], what: string) => keys.forEach(k => internetRoutes.set(k, internetRoutes.get(k) ?? what));
    for (const rt of resources.filter(r => r.type === t.routeTable || r.type === t.defaultRouteTable)) {
        const keys = rt.type === t.routeTable ? [rt.urn] : tableKeys(rt, "defaultRouteTableId");
        keys.forEach(k => names.set(k, rt.name));
        for (const route of blocks(plain(rt.props).routes)) {
            const gw = toInternetGateway(route, sources(rt, "routes"));
            if (gw) {
                addRoute(keys, `an inline route to ${gatewayText(gw, route.gatewayId)}`);
            }
        }
    }
    for (const route of resources.filter(r => r.type === t.route)) {
        const gw = toInternetGateway(plain(route.props), sources(route, "gatewayId"));
        if (gw) {
            addRoute(tableKeys(route, "routeTableId"), `route ${route.name} to ${gw === "literal" ? "an internet gateway" : gatewayText(gw, undefined)}`);
        }
    }
    const mainOf = new Map<string, string>(); // VPC URN -> table key that is main now
    for (const a of resources.filter(r => r.type === t.mainAssociation)) {
        const table = tableKeys(a, "routeTableId")[0];
        sources(a, "vpcId").filter(v => v.type === t.vpc).forEach(v => table && mainOf.set(v.urn, table));
    }
    const explicit = new Map<string, string>(); // subnet URN -> table key
    for (const a of resources.filter(r => r.type === t.association)) {
        const table = tableKeys(a, "routeTableId")[0];
        sources(a, "subnetId").filter(s => s.type === t.subnet).forEach(s => table && explicit.set(s.urn, table));
    }
    const result: PublicReasons = new Map();
    for (const subnet of resources.filter(r => r.type === t.defaultSubnet)) {
        // A default subnet's VPC is the default VPC, whose main route table AWS created with a route to its internet gateway.
        result.set(subnet.urn, "is a default subnet, routed to the default VPC's internet gateway");
    }
    for (const subnet of resources.filter(r => r.type === t.subnet)) {
        if (isTrue(plain(subnet.props).mapPublicIpOnLaunch)) {
            result.set(subnet.urn, "maps public IPs on launch");
            continue;
        }
        const vpc = sources(subnet, "vpcId").find(v => v.type === t.vpc);
        const table = explicit.get(subnet.urn) ?? (vpc ? mainOf.get(vpc.urn) ?? originalMainKey(vpc.urn) : undefined);
        const route = table ? internetRoutes.get(table) : undefined;
        if (table && route) {
            const named = names.get(table);
            const how = explicit.has(subnet.urn) ? `its route table ${named ?? table}`
                : `the main route table of ${vpc?.name ?? "its VPC"}${named ? ` (${named})` : ""}, which applies because the `
                    + "subnet has no explicit route table association";
            result.set(subnet.urn, `is routed to the internet by ${route} in ${how}`);
        }
    }
    return result;
}

/**
 * A subnet the stack uses but does not manage, as a component declares it: an entry of its
 * `existingSubnets` output, what the program's lookups found in AWS (HaWebTier with an existing
 * network registers one). Read-only lookups never reach a policy pack (pulumi/pulumi#3950), and a
 * component's registered outputs do: the engine's stack analysis reads final outputs.
 */
export interface DeclaredSubnet {
    id: string;
    vpcId: string;
    availabilityZone: string;
    mapPublicIpOnLaunch: boolean;
    routeTable: { id: string; main: boolean; routes: { destination: string; target: string }[] };
    /** The component that declares it. */
    declaredBy: string;
}

/** What the stack's components declare of subnets they use, and which declared some the preview cannot read. */
export interface Declarations {
    subnets: Map<string, DeclaredSubnet>;
    /** Names of the components with an entry that is unknown (a lookup not answered, as offline without the VPC's lookups). */
    unknownFrom: string[];
}

/** A declaration the pack can read: every field it judges by, with its type. */
function readDeclared(v: unknown, declaredBy: string): DeclaredSubnet | undefined {
    const p = plain(v);
    const rt = plain(p.routeTable);
    const routes = rt.routes;
    if (typeof p.id !== "string" || isUnknown(p.id) || typeof p.vpcId !== "string" || typeof p.availabilityZone !== "string"
        || typeof p.mapPublicIpOnLaunch !== "boolean" || typeof rt.id !== "string" || typeof rt.main !== "boolean" || !Array.isArray(routes)
        || !routes.every(r => typeof plain(r).destination === "string" && typeof plain(r).target === "string")) {
        return undefined;
    }
    return {
        id: p.id, vpcId: p.vpcId, availabilityZone: p.availabilityZone, mapPublicIpOnLaunch: p.mapPublicIpOnLaunch,
        routeTable: { id: rt.id, main: rt.main, routes: routes.map(r => ({ destination: String(plain(r).destination), target: String(plain(r).target) })) },
        declaredBy,
    };
}

/** Subnets declared by components' `existingSubnets` outputs, by id. Provider resources' properties never declare. */
export function declaredSubnets(resources: PolicyResource[]): Declarations {
    const subnets = new Map<string, DeclaredSubnet>();
    const unknownFrom = new Set<string>();
    for (const r of resources.filter(x => !x.type.startsWith("aws:") && !x.type.startsWith("pulumi:"))) {
        const entries = plain(r.props).existingSubnets;
        if (entries === undefined) {
            continue;
        }
        if (!Array.isArray(entries)) {
            unknownFrom.add(r.name);
            continue;
        }
        for (const e of entries) {
            const d = readDeclared(e, r.name);
            if (d) {
                // Declared twice, the public one stands: a later component must not declare a public subnet private.
                const prior = subnets.get(d.id);
                if (!prior || (!declaredPublicReason(prior) && declaredPublicReason(d))) {
                    subnets.set(d.id, d);
                }
            } else {
                unknownFrom.add(r.name);
            }
        }
    }
    return { subnets, unknownFrom: [...unknownFrom] };
}

/** Why a declared subnet is public (it maps public IPs, or the table that applies routes to an internet gateway), or nothing. */
export function declaredPublicReason(s: DeclaredSubnet): string | undefined {
    if (s.mapPublicIpOnLaunch) {
        return "maps public IPs on launch";
    }
    const igw = s.routeTable.routes.find(r => r.target.startsWith("igw-"));
    if (!igw) {
        return undefined;
    }
    const table = s.routeTable.main
        ? `the VPC's main route table ${s.routeTable.id}, which applies because the subnet has no explicit association`
        : `its route table ${s.routeTable.id}`;
    return `is routed to the internet by route ${igw.destination} -> ${igw.target} in ${table} (as ${s.declaredBy} looked it up)`;
}
