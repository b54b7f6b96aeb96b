/**
 * A VPC the tier uses but does not own: what AWS says of each of its subnets (zone, public IPs on
 * launch, the route table that really applies, the NAT gateway its default route uses) and what is
 * wrong with them for this tier. Nothing about our own Network is assumed of someone else's VPC.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { compareKeys } from "./keyOrder";

/**
 * Whether a subnet of an existing network serves the load balancer (public) or the instances
 * (private); a const object and a type, so the component provider's schema infers it as an enum.
 */
export const SubnetRole = { Public: "public", Private: "private" } as const;
/** One of {@link SubnetRole}'s values. */
export type SubnetRole = (typeof SubnetRole)[keyof typeof SubnetRole];

/** The VPC and subnets a tier is given instead of building a Network. */
export interface ExistingNetworkArgs {
    /** The VPC's id (`vpc-...`). */
    vpcId: pulumi.Input<string>;
    /**
     * Subnets for the internet-facing ALB: one per Availability Zone, at least two zones, each routed
     * to an internet gateway.
     */
    publicSubnetIds: pulumi.Input<string>[];
    /**
     * Subnets for the app instances (and the database): at least two zones, each with a public subnet
     * in the same zone, no route to an internet gateway, no public IPs on launch, and egress to ECR, SSM,
     * CloudWatch Logs and Auto Scaling (a NAT gateway or VPC endpoints: the tier creates neither here).
     */
    privateSubnetIds: pulumi.Input<string>[];
    /**
     * What errors call these args: each problem is reported as `<argPath>.<arg>[i]: ...`. A program
     * that reads them from its own config passes the config key (`ha-web-tier:regions[0].existingVpc`),
     * so every problem names what to fix there. @default existingNetwork
     */
    argPath?: string;
}

/** The route table that applies to a subnet. */
export interface RouteTableFacts {
    /** The route table's id (`rtb-`). */
    id: string;
    /** True when it applies as the VPC's main table (the subnet has no explicit association). */
    main: boolean;
    /** Its routes, without the `local` route and propagated ones. */
    routes: RouteFacts[];
}

/** The NAT gateway a subnet's IPv4 default route uses. */
export interface NatGatewayFacts {
    /** The NAT gateway's id (`nat-`). */
    id: string;
    /** The zone the gateway is in (its name). */
    availabilityZone: string;
}

/** A route of a route table: where it sends which destination. */
export interface RouteFacts {
    /** IPv4 or IPv6 CIDR block, or prefix list id. */
    destination: string;
    /** Its target's id: an internet gateway (`igw-`), NAT gateway (`nat-`), transit gateway (`tgw-`), ... */
    target: string;
}

/**
 * One subnet as AWS describes it. A component that uses subnets it does not manage registers these as
 * its `existingSubnets` output, which is how the policy pack and the offline plan's resilience model
 * judge them (docs/architecture.md, "Bring your own VPC").
 */
export interface SubnetFacts {
    /** `subnet-...`. */
    id: string;
    /** What the tier uses it for. */
    role: SubnetRole;
    /** The VPC it belongs to. */
    vpcId: string;
    /** This account's name of its zone (`us-east-1a`). */
    availabilityZone: string;
    /** Its zone's id, the same physical zone in every account (`use1-az6`). */
    availabilityZoneId: string;
    /** Whether instances launched into it get a public IPv4 address by default. */
    mapPublicIpOnLaunch: boolean;
    /**
     * The route table that applies to it: its explicit association, else the VPC's main table (VPC user
     * guide, "Subnet route tables": a subnet not explicitly associated uses the main route table).
     * Routes as the provider's data source lists them: without the `local` route and propagated ones.
     */
    routeTable: RouteTableFacts;
    /** The NAT gateway its IPv4 default route (0.0.0.0/0) uses, with that gateway's zone. */
    natGateway?: NatGatewayFacts;
}

/** One problem with an existing network: the arg it is about (and the list index), and what is wrong with the fix. */
export interface NetworkProblem {
    /** The arg of {@link ExistingNetworkArgs} it is about. */
    arg: "vpcId" | "publicSubnetIds" | "privateSubnetIds";
    /** The position in that list, when it is about one subnet. */
    index?: number;
    /** What is wrong, and the fix. */
    message: string;
}

/** Args refer to this many ids of one kind at least: one subnet per zone, two zones, for an ALB and for the group. */
export const MIN_SUBNETS = 2;

/** The route that makes a subnet public: one to an internet gateway (egress-only gateways, `eigw-`, admit no inbound). */
export function internetRoute(routes: readonly RouteFacts[]): RouteFacts | undefined {
    return routes.find((r) => r.target.startsWith("igw-"));
}

/** Where the table is, for messages. */
function tableText(f: SubnetFacts): string {
    return f.routeTable.main
        ? `the VPC's main route table ${f.routeTable.id}, which applies because the subnet has no explicit association`
        : `its route table ${f.routeTable.id}`;
}

/**
 * What is wrong with the subnets for this tier, each with the arg it is about and its fix. `facts` are
 * public subnets first, then private ones, in arg order; `offeredZoneIds` are the zone ids that offer
 * the tier's instance type. Pure, so it is tested without Pulumi.
 */
export function existingNetworkProblems(vpcId: string, facts: readonly SubnetFacts[], offeredZoneIds: readonly string[], instanceType: string): NetworkProblem[] {
    const problems: NetworkProblem[] = [];
    const publics = facts.filter((f) => f.role === "public");
    const privates = facts.filter((f) => f.role === "private");
    const at = (f: SubnetFacts, message: string) => {
        const list = f.role === "public" ? publics : privates;
        problems.push({ arg: f.role === "public" ? "publicSubnetIds" : "privateSubnetIds", index: list.indexOf(f), message });
    };
    for (const f of facts) {
        if (f.vpcId !== vpcId) {
            at(f, `${f.id} is in ${f.vpcId}, not in vpcId ${vpcId}; list subnets of ${vpcId}`);
            continue;
        }
        const igw = internetRoute(f.routeTable.routes);
        if (f.role === "public" && !igw) {
            at(f, `${f.id} has no route to an internet gateway in ${tableText(f)}, so an internet-facing load balancer there cannot be reached; list public subnets`);
        } else if (f.role === "public" && igw && !f.routeTable.routes.some((r) => r.destination === "0.0.0.0/0" && r.target.startsWith("igw-"))) {
            // The ALB is IPv4 (the default ipAddressType): its replies to clients anywhere need "a route that sends all
            // traffic destined outside the VPC (0.0.0.0/0) to the Internet gateway" (EC2 user guide, "Troubleshoot
            // connecting to your instance"); a narrower or IPv6-only route reaches some clients or none.
            at(f, `${f.id} routes only ${igw.destination} to ${igw.target} in ${tableText(f)}, not 0.0.0.0/0, so an internet-facing IPv4 load balancer there cannot answer most clients; list public subnets whose table routes 0.0.0.0/0 to an internet gateway`);
        }
        if (f.role === "private" && igw) {
            at(f, `${f.id} is routed to the internet (${igw.destination} -> ${igw.target}) by ${tableText(f)}, so instances there would be public; list private subnets (egress through a NAT gateway or VPC endpoints)`);
        }
        if (f.role === "private" && f.mapPublicIpOnLaunch) {
            at(f, `${f.id} gives instances a public IPv4 address on launch (MapPublicIpOnLaunch); list private subnets that do not`);
        }
        if (f.role === "private" && !offeredZoneIds.includes(f.availabilityZoneId)) {
            at(f, `${f.id} is in ${f.availabilityZoneId} (${f.availabilityZone}), which does not offer ${instanceType}; list subnets in zones that do, or pick another instance type`);
        }
    }
    publics.forEach((f, i) => {
        const first = publics.findIndex((g) => g.availabilityZoneId === f.availabilityZoneId);
        // CreateLoadBalancer: "You can specify only one subnet per Availability Zone" (ELB API reference).
        if (first < i) {
            at(f, `${f.id} is in ${f.availabilityZone} like publicSubnetIds[${first}]; a load balancer takes one subnet per Availability Zone, so list one per zone`);
        }
    });
    const publicZones = new Set(publics.map((f) => f.availabilityZoneId));
    for (const f of privates) {
        // "If you register targets in an Availability Zone but do not enable the Availability Zone, these
        // registered targets do not receive traffic from the load balancer" (ELB guide, "Availability Zones").
        if (!publicZones.has(f.availabilityZoneId)) {
            at(f, `${f.id} is in ${f.availabilityZone}, where no public subnet is, so the load balancer would send no traffic to instances there; add a public subnet in ${f.availabilityZone} or drop this one`);
        }
    }
    for (const [arg, list] of [["publicSubnetIds", publics], ["privateSubnetIds", privates]] as const) {
        // Counted by zone id: names differ per account, ids are the physical zones (AWS RAM guide, "Availability Zone IDs").
        const zones = [...new Set(list.map((f) => f.availabilityZone))].sort();
        if (list.length > 0 && new Set(list.map((f) => f.availabilityZoneId)).size < 2) {
            problems.push({ arg, message: `span ${zones.length} Availability Zone (${zones.join(", ")}); the tier must survive the loss of a zone, so list subnets in at least 2` });
        }
    }
    return problems;
}

/** The id format AWS gives, for the checks an arg can have before any lookup. */
export const ID_FORMAT = { vpc: /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/, subnet: /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/ } as const;

/**
 * Problems an existing network's ids have before anything is looked up: format, count and repeats.
 * Only plain strings are checked (an id from another stack is known at deploy time).
 */
export function existingNetworkArgProblems(args: ExistingNetworkArgs): NetworkProblem[] {
    const problems: NetworkProblem[] = [];
    if (typeof args.vpcId === "string" && !ID_FORMAT.vpc.test(args.vpcId)) {
        problems.push({ arg: "vpcId", message: `${args.vpcId} is not a VPC id; use the id AWS shows, such as vpc-0123456789abcdef0` });
    }
    const seen = new Map<string, string>();
    for (const arg of ["publicSubnetIds", "privateSubnetIds"] as const) {
        const ids = args[arg];
        if (ids.length < MIN_SUBNETS) {
            problems.push({ arg, message: `lists ${ids.length} subnet(s); list at least ${MIN_SUBNETS}, in different Availability Zones` });
        }
        ids.forEach((id, index) => {
            if (typeof id !== "string") return;
            if (!ID_FORMAT.subnet.test(id)) {
                problems.push({ arg, index, message: `${id} is not a subnet id; use the id AWS shows, such as subnet-0123456789abcdef0` });
            } else if (seen.has(id)) {
                problems.push({ arg, index, message: `${id} is listed twice (also ${seen.get(id)}); a subnet is either public or private, once` });
            } else {
                seen.set(id, `${arg}[${index}]`);
            }
        });
    }
    return problems;
}

/** `arg[index]: message` or `arg: message`: how a problem reads without a config key. */
export function problemText(p: NetworkProblem): string {
    return `${p.arg}${p.index === undefined ? "" : `[${p.index}]`}: ${p.message}`;
}

/**
 * Problems with an existing network passed to a component, one line each naming its arg (under
 * `argPath`). A run error, so the CLI prints the lines without a stack trace.
 */
export class ExistingNetworkError extends pulumi.RunError {
    /** Every problem, `<argPath>.<arg>[i]: message`, one line each. */
    readonly problems: string[];

    constructor(readonly component: string, argPath: string, problems: readonly NetworkProblem[]) {
        // Sorted by the arg each names, as a program's config errors are (privateSubnetIds[2] before [10]).
        const keyOf = (line: string): string => line.slice(0, line.indexOf(": "));
        const lines = problems.map((p) => `${argPath}.${problemText(p)}`)
            .sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
        super(`${component}: the existing network does not fit:\n  ${lines.join("\n  ")}`);
        this.name = "ExistingNetworkError";
        this.problems = lines;
    }
}

/** Non-local, non-propagated routes as `{ destination, target }`. */
function routesOf(routes: readonly aws.types.output.ec2.GetRouteTableRoute[]): RouteFacts[] {
    return routes.map((r) => ({
        destination: r.cidrBlock || r.ipv6CidrBlock || r.destinationPrefixListId,
        target: r.gatewayId || r.natGatewayId || r.transitGatewayId || r.vpcPeeringConnectionId || r.networkInterfaceId
            || r.egressOnlyGatewayId || r.vpcEndpointId || r.carrierGatewayId || r.localGatewayId || r.coreNetworkArn || r.instanceId || "",
    }));
}

/**
 * Looks up one subnet: its attributes, the route table that applies to it (an explicit association,
 * else its VPC's main table) and the NAT gateway of its default route. `getRouteTable({ subnetId })`
 * fails for a subnet on the main table ("query returned no results": DescribeRouteTables matches only
 * explicit associations; cloudposse/terraform-aws-vpc-peering-multi-account#45,
 * hashicorp/terraform-provider-aws#12099), so the tables are listed, which may come back empty. Pass
 * `{ parent }` of a component created with the region's provider, or `{ provider }`: the lookups must
 * run in the subnet's region.
 */
export function lookupSubnet(id: pulumi.Input<string>, role: SubnetFacts["role"], opts: pulumi.InvokeOutputOptions): pulumi.Output<SubnetFacts> {
    const subnet = aws.ec2.getSubnetOutput({ id }, opts);
    const explicit = aws.ec2.getRouteTablesOutput({ filters: [{ name: "association.subnet-id", values: [id] }] }, opts);
    const main = aws.ec2.getRouteTablesOutput({ vpcId: subnet.vpcId, filters: [{ name: "association.main", values: ["true"] }] }, opts);
    const tableId = pulumi.all([explicit.ids, main.ids, subnet.id]).apply(([e, m, sid]) => {
        const found = e[0] ?? m[0];
        if (!found) throw new Error(`subnet ${sid}: neither an associated route table nor its VPC's main route table was found`);
        return found;
    });
    const table = aws.ec2.getRouteTableOutput({ routeTableId: tableId }, opts);
    const routes = table.routes.apply(routesOf);
    const natGateway = routes.apply((rs) => {
        const nat = rs.find((r) => r.destination === "0.0.0.0/0" && r.target.startsWith("nat-"))?.target;
        if (!nat) return undefined;
        const natSubnet = aws.ec2.getNatGatewayOutput({ id: nat }, opts).subnetId;
        return aws.ec2.getSubnetOutput({ id: natSubnet }, opts).availabilityZone.apply((az) => ({ id: nat, availabilityZone: az }));
    });
    return pulumi.all([subnet, table.id, explicit.ids, routes, natGateway]).apply(([s, rtb, e, rs, nat]): SubnetFacts => ({
        id: s.id, role, vpcId: s.vpcId, availabilityZone: s.availabilityZone, availabilityZoneId: s.availabilityZoneId,
        mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
        routeTable: { id: rtb, main: e.length === 0, routes: rs },
        ...(nat ? { natGateway: nat } : {}),
    }));
}

/**
 * Every subnet of an existing network, public ones first, each looked up on its own: a subnet the
 * lookups cannot see (offline, one the stack's lookups file does not declare) leaves only its own
 * entry unknown.
 */
export function lookupSubnets(args: ExistingNetworkArgs, opts: pulumi.InvokeOutputOptions): pulumi.Output<SubnetFacts>[] {
    return [
        ...args.publicSubnetIds.map((id) => lookupSubnet(id, "public", opts)),
        ...args.privateSubnetIds.map((id) => lookupSubnet(id, "private", opts)),
    ];
}
