import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { blocks, forTypes, get, isUnknown, list, ofTypes, plain, sources } from "./util";

const subnetType = "aws:ec2/subnet:Subnet";
const igwTypes = ["aws:ec2/internetGateway:InternetGateway", "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"];
const routeTableTypes = ["aws:ec2/routeTable:RouteTable", "aws:ec2/defaultRouteTable:DefaultRouteTable"];

/** EC2.15: a subnet that hands out public IPs makes every instance launched into it reachable. */
export const subnetNoAutoPublicIp: ResourceValidationPolicy = {
    name: "subnet-no-auto-assign-public-ip",
    description: "Checks whether subnets leave mapPublicIpOnLaunch off (Security Hub EC2.15).",
    enforcementLevel: "mandatory",
    validateResource: forTypes([subnetType], (props, _args, report) => {
        if (props.mapPublicIpOnLaunch === true) {
            report("mapPublicIpOnLaunch must be false; set it to false and give internet-facing "
                + "resources (the ALB) their addresses explicitly.");
        }
    }),
};

/** EC2.2: the default security group is attached to anything launched without one. */
export const defaultSecurityGroupNoRules: ResourceValidationPolicy = {
    name: "default-security-group-no-rules",
    description: "Checks whether the VPC's default security group has no ingress or egress rules (Security Hub EC2.2).",
    enforcementLevel: "mandatory",
    validateResource: forTypes(["aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"], (props, _args, report) => {
        if (list(props.ingress).length > 0 || list(props.egress).length > 0) {
            report("The default security group must have no rules; remove its ingress and egress blocks "
                + "and attach purpose-built security groups by id instead.");
        }
    }),
};

/** EC2.6: without flow logs there is no record of what reached or left the VPC. */
export const vpcFlowLogsEnabled: StackValidationPolicy = {
    name: "vpc-flow-logs-enabled",
    description: "Checks whether every VPC has a flow log (Security Hub EC2.6).",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        const logs = ofTypes(args, ["aws:ec2/flowLog:FlowLog"]);
        for (const vpc of ofTypes(args, ["aws:ec2/vpc:Vpc"])) {
            const vpcId = plain(vpc.props).id;
            const covered = logs.some(l => sources(l, "vpcId").some(s => s.urn === vpc.urn)
                || (vpcId !== undefined && !isUnknown(vpcId) && plain(l.props).vpcId === vpcId));
            if (!covered) {
                report("Every VPC must have a flow log; add an aws.ec2.FlowLog with vpcId set to this VPC's id.",
                    vpc.urn);
            }
        }
    },
};

function routesToInternet(route: Record<string, unknown>, deps: PolicyResource[]): boolean {
    const gw = route.gatewayId ?? route.egressOnlyGatewayId;
    if (typeof gw === "string" && /^e?igw-/.test(gw)) {
        return true;
    }
    return gw !== undefined && deps.some(d => igwTypes.includes(d.type));
}

/**
 * Which subnet URNs are public: a subnet is public when it maps public IPs on launch or its route
 * table (explicit association, else the VPC's main table) has a route to an internet gateway.
 */
export function publicSubnets(resources: PolicyResource[]): Set<string> {
    const publicTables = new Set<string>();
    for (const rt of resources.filter(r => routeTableTypes.includes(r.type))) {
        const routeDeps = sources(rt, "routes");
        if (blocks(plain(rt.props).routes).some(route => routesToInternet(route, routeDeps))) {
            publicTables.add(rt.urn);
        }
    }
    for (const route of resources.filter(r => r.type === "aws:ec2/route:Route")) {
        const deps = [...sources(route, "gatewayId"), ...sources(route, "egressOnlyGatewayId")];
        if (routesToInternet(plain(route.props), deps)) {
            const tables = [...sources(route, "routeTableId"), ...sources(route, "defaultRouteTableId")];
            tables.filter(t => routeTableTypes.includes(t.type)).forEach(t => publicTables.add(t.urn));
        }
    }
    const tableOfSubnet = new Map<string, string>();
    for (const assoc of resources.filter(r => r.type === "aws:ec2/routeTableAssociation:RouteTableAssociation")) {
        const table = sources(assoc, "routeTableId").find(t => routeTableTypes.includes(t.type));
        for (const subnet of sources(assoc, "subnetId").filter(s => s.type === subnetType)) {
            if (table) {
                tableOfSubnet.set(subnet.urn, table.urn);
            }
        }
    }
    // A subnet without an explicit association uses its VPC's main route table.
    const mainTableOfVpc = new Map<string, string>();
    for (const r of resources) {
        const vpcProp = r.type === "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation" ? "vpcId"
            : r.type === "aws:ec2/defaultRouteTable:DefaultRouteTable" ? "defaultRouteTableId" : undefined;
        if (!vpcProp) {
            continue;
        }
        const vpc = sources(r, vpcProp).find(v => v.type === "aws:ec2/vpc:Vpc");
        const table = r.type === "aws:ec2/defaultRouteTable:DefaultRouteTable" ? r
            : sources(r, "routeTableId").find(t => routeTableTypes.includes(t.type));
        if (vpc && table) {
            mainTableOfVpc.set(vpc.urn, table.urn);
        }
    }
    const result = new Set<string>();
    for (const subnet of resources.filter(r => r.type === subnetType)) {
        const vpc = sources(subnet, "vpcId").find(v => v.type === "aws:ec2/vpc:Vpc");
        const table = tableOfSubnet.get(subnet.urn) ?? (vpc ? mainTableOfVpc.get(vpc.urn) : undefined);
        if (plain(subnet.props).mapPublicIpOnLaunch === true || (table && publicTables.has(table))) {
            result.add(subnet.urn);
        }
    }
    return result;
}

/**
 * The core promise of the tier: app instances are reachable only through the ALB. Works during a
 * first preview because subnet ids are followed through property dependencies, not values.
 */
export const appInPrivateSubnets: StackValidationPolicy = {
    name: "app-instances-private-subnets-only",
    description: "Checks whether every Auto Scaling group and EC2 instance is placed only in private subnets "
        + "(no public IP on launch, no route to an internet gateway) of this stack.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const publics = publicSubnets(args.resources);
        const check = (r: PolicyResource, prop: string, what: string) => {
            const value = get(plain(r.props), prop);
            const values = list(value);
            if (values.length === 0) {
                report(`${what} must name its subnets: set ${prop} to private subnet ids of this stack; without `
                    + "it AWS launches into the default VPC's public subnets.", r.urn);
                return;
            }
            const fromSubnets = sources(r, prop).filter(s => s.type === subnetType);
            for (const s of fromSubnets.filter(s => publics.has(s.urn))) {
                report(`${what} must only use private subnets, but ${prop} includes ${s.name}, which maps public `
                    + "IPs or routes to an internet gateway; use the private subnets (routed through NAT).", r.urn);
            }
            const literal = values.filter(v => typeof v === "string" && !isUnknown(v));
            const known = new Set(fromSubnets.map(s => plain(s.props).id));
            for (const id of literal.filter(v => !known.has(v))) {
                report(`${what} must only use subnets this stack manages, so they can be shown to be private; `
                    + `${String(id)} is a literal id. Pass the private subnet resources' ids instead.`, r.urn);
            }
            if (literal.length === 0 && fromSubnets.length === 0) {
                report(`${what}: ${prop} does not come from any subnet of this stack; pass the private subnet `
                    + "resources' ids.", r.urn);
            }
        };
        for (const asg of ofTypes(args, ["aws:autoscaling/group:Group"])) {
            check(asg, "vpcZoneIdentifiers", "An Auto Scaling group");
        }
        for (const inst of ofTypes(args, ["aws:ec2/instance:Instance"])) {
            check(inst, "subnetId", "An EC2 instance");
        }
    },
};

/** The network rules, in report order. */
export const networkPolicies = [subnetNoAutoPublicIp, defaultSecurityGroupNoRules, vpcFlowLogsEnabled,
    appInPrivateSubnets];
