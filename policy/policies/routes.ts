/**
 * Routes as the VPC resolves them: which route table applies to each subnet (its explicit association,
 * else the VPC's main table, which `MainRouteTableAssociation` can replace), which routes that table
 * holds (inline, on `DefaultRouteTable`, or `aws.ec2.Route` resources, including routes added through
 * `vpc.mainRouteTableId` or `vpc.defaultRouteTableId`), and so which subnets are public.
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
