import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { instanceSubnets, instanceTypes, launchTypes } from "./launches";
import { declaredPublicReason, declaredSubnets, networkTypes, publicSubnets } from "./routes";
import {
    acceptUnresolvedSchema, blocks, cannotBeJudged, forTypes, get, isFalse, isTrue, isUnknown, list, ofTypes, plain, sources, type UnresolvedConfig,
} from "./util";
import { containerTypes } from "./containers";
import { fleetTypes } from "./fleets";

/** The type of a StackReference: another stack's outputs. */
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * Where a fleet launches: each inline launch specification's and each template override's subnetId (an
 * override's subnet wins over its template's, EC2 API reference, LaunchTemplateOverrides; a Spot Fleet
 * specification may list several, comma-separated, SpotFleetLaunchSpecification), else the subnets of the
 * launch templates it names. A specification or override with no subnet of its own and no template subnet
 * to inherit leaves the choice to AWS: with only an Availability Zone, EC2 launches into that zone's default
 * subnet, with neither into a default subnet of a zone it picks (EC2 user guide, "Spot Instance request
 * example launch specifications"), so one such entry makes the whole fleet unnamed (values empty).
 */
function fleetSubnets(r: PolicyResource): { values: unknown[]; from: PolicyResource[]; via: string } {
    const p = plain(r.props);
    const split = (v: unknown): unknown[] => (typeof v === "string" && !isUnknown(v) ? v.split(",").map((x) => x.trim()).filter(Boolean) : [v]);
    const from = [...sources(r, "launchSpecifications"), ...sources(r, "launchTemplateConfigs")];
    const templates = from.filter((s) => s.type === launchTypes.template);
    const ltSubnets = templates.flatMap((lt) => blocks(plain(lt.props).networkInterfaces).map((n) => n.subnetId).filter((v) => v !== undefined));
    const ltFrom = templates.flatMap((lt) => sources(lt, "networkInterfaces"));
    const specs = blocks(p.launchSpecifications).map((spec) => spec.subnetId);
    const configs = blocks(p.launchTemplateConfigs).map((c) => blocks(get(c, "overrides")));
    const overrides = configs.flatMap((os) => os.map((o) => o.subnetId));
    const via = "its launch specifications' and overrides' subnetId (or their launch templates' networkInterfaces)";
    // An override without a subnet, or a config without overrides, takes its template's subnets.
    const inherits = overrides.some((v) => v === undefined) || configs.some((os) => os.length === 0);
    if (specs.some((v) => v === undefined) || (inherits && ltSubnets.length === 0)) {
        return { values: [], from, via };
    }
    const own = [...specs, ...overrides].filter((v) => v !== undefined).flatMap(split);
    return { values: [...own, ...(inherits ? ltSubnets : [])], from: [...from, ...(inherits ? ltFrom : [])], via };
}

/**
 * EC2.15: a subnet that hands out public IPs makes every instance launched into it reachable. A
 * default subnet does so unless told otherwise (AWS creates default subnets with MapPublicIpOnLaunch
 * on, and aws.ec2.DefaultSubnet adopts the subnet as it is).
 */
export const subnetNoAutoPublicIp: ResourceValidationPolicy = {
    name: "subnet-no-auto-assign-public-ip",
    description: "Checks whether subnets, default subnets included (which map public IPs unless set otherwise), leave "
        + "mapPublicIpOnLaunch off (Security Hub EC2.15).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes([networkTypes.subnet, networkTypes.defaultSubnet], (props, args, report) => {
        const v = props.mapPublicIpOnLaunch;
        const isDefault = args.type === networkTypes.defaultSubnet;
        if (isUnknown(v)) {
            if (!(args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? []).includes(args.name)) {
                report(cannotBeJudged("subnet-no-auto-assign-public-ip", args.name, "mapPublicIpOnLaunch is not known until deploy"));
            }
        } else if (isTrue(v) || (isDefault && !isFalse(v))) {
            report(`${args.name}: mapPublicIpOnLaunch must be false${isDefault && v === undefined ? " (a default subnet maps public IPs unless it is set)" : ""}; `
                + "set it to false and give internet-facing resources (the ALB) their addresses explicitly.");
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
        for (const vpc of ofTypes(args, [networkTypes.vpc])) {
            const vpcId = plain(vpc.props).id;
            const covered = logs.some(l => sources(l, "vpcId").some(s => s.urn === vpc.urn)
                || (vpcId !== undefined && !isUnknown(vpcId) && plain(l.props).vpcId === vpcId));
            if (!covered) {
                report(`${vpc.name}: every VPC must have a flow log; add an aws.ec2.FlowLog with vpcId set to this VPC's id.`,
                    vpc.urn);
            }
        }
    },
};

/**
 * The core promise of the tier: app instances are reachable only through the ALB. A subnet is public
 * when it maps public IPs or when the route table that really applies to it (its association, else the
 * VPC's main table) routes to an internet gateway. Works during a first preview because subnet ids are
 * followed through property dependencies, not values. A literal id is judged by what a component
 * declares of it (an existing VPC's lookups); one nobody declares cannot be judged and is refused.
 */
export const appInPrivateSubnets: StackValidationPolicy = {
    name: "app-instances-private-subnets-only",
    description: "Checks whether every Auto Scaling group, EC2 instance (directly, through its network interfaces or its launch "
        + "template), Spot Fleet request and EC2 Fleet (specifications, overrides or their templates), ECS service (awsvpc) and EKS node group is placed only in private subnets of this stack, or of an existing "
        + "VPC a component declares (existingSubnets): no public IP on launch, not a default subnet, and no route to an internet "
        + "gateway (or a gateway the stack does not declare) in the route table that applies (the VPC's main table when not associated).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const publics = publicSubnets(args.resources);
        const declarations = declaredSubnets(args.resources);
        const check = (r: PolicyResource, values: unknown[], from: PolicyResource[], prop: string) => {
            const what = r.type === launchTypes.group ? "An Auto Scaling group" : r.type === containerTypes.service ? "An ECS service"
                : r.type === containerTypes.nodeGroup ? "An EKS node group" : r.type === fleetTypes.spotFleet ? "A Spot Fleet request"
                    : r.type === fleetTypes.fleet ? "An EC2 Fleet" : "An EC2 instance";
            if (values.length === 0) {
                report(`${r.name}: ${what} must name its subnets: set ${prop} to private subnet ids of this stack; without `
                    + "it AWS launches into the default VPC's public subnets.", r.urn);
                return;
            }
            // One dependency is one subnet, however many properties it reaches the resource through.
            const fromSubnets = [...new Map(from.filter(s => s.type === networkTypes.subnet).map(s => [s.urn, s])).values()];
            for (const s of fromSubnets.filter(x => publics.has(x.urn))) {
                report(`${r.name}: ${what} must only use private subnets, but ${prop} includes ${s.name}, which `
                    + `${publics.get(s.urn)}; use the private subnets (routed through NAT).`, r.urn);
            }
            const literal = values.filter(v => typeof v === "string" && !isUnknown(v));
            const known = new Set(fromSubnets.map(s => plain(s.props).id));
            for (const id of literal.filter(v => !known.has(v)).map(String)) {
                const declared = declarations.subnets.get(id);
                const reason = declared && declaredPublicReason(declared);
                if (reason) {
                    report(`${r.name}: ${what} must only use private subnets, but ${prop} includes ${id}, which ${reason}; `
                        + "use private subnets (routed through NAT).", r.urn);
                } else if (!declared) {
                    const unread = declarations.unknownFrom.length > 0
                        ? ` Some lookups of ${declarations.unknownFrom.join(", ")} are unknown: offline, the stack's lookups file does not declare them.` : "";
                    report(`${r.name}: ${what} must only use private subnets, but ${id} cannot be judged: it is not declared in this `
                        + "stack (no subnet resource of the stack has that id, and no component's existingSubnets describes it)."
                        + `${unread} Pass the private subnet resources' ids, or give the tier the existing network, whose lookups declare each subnet.`, r.urn);
                }
            }
            if (literal.length === 0 && fromSubnets.length === 0) {
                report(`${r.name}: ${what}: ${prop} does not come from any subnet of this stack; pass the private subnet `
                    + "resources' ids.", r.urn);
                return;
            }
            // Each value not known until deploy must be one of the subnets it depends on: one more (another stack's
            // output, a lookup) is a subnet nothing here declares, which may be public.
            const unknowns = values.filter(isUnknown).length;
            // Another stack's output inside a deploy-time value (joined into one id list, or beside a dependency that
            // only lent a zone) may name any subnet: dependencies cannot say which value it became.
            const foreign = from.filter(s => s.type === STACK_REFERENCE);
            if (unknowns > 0 && foreign.length > 0) {
                report(`${r.name}: ${what} must only use private subnets, but ${prop} is known only at deploy and takes a value from another `
                    + `stack (${foreign.map(s => s.name).join(", ")}), which cannot be judged here. Pass the private subnet resources' ids, or `
                    + "give the tier the existing network (regions[].existingVpc), whose lookups declare each subnet.", r.urn);
                return;
            }
            if (unknowns > fromSubnets.length) {
                report(`${r.name}: ${what} must only use private subnets, but ${unknowns - fromSubnets.length} of its ${prop} values cannot be judged: `
                    + "known only at deploy and from no subnet of this stack (another stack's output or a lookup). Pass the private subnet "
                    + "resources' ids, or give the tier the existing network, whose lookups declare each subnet.", r.urn);
            }
        };
        for (const asg of ofTypes(args, [launchTypes.group])) {
            check(asg, list(plain(asg.props).vpcZoneIdentifiers), sources(asg, "vpcZoneIdentifiers"), "vpcZoneIdentifiers");
        }
        for (const service of ofTypes(args, [containerTypes.service])) {
            // Tasks in awsvpc mode take the service's subnets; other modes run on instances judged above.
            const network = plain(service.props).networkConfiguration;
            if (network !== undefined) {
                check(service, list(get(network, "subnets")), sources(service, "networkConfiguration"), "networkConfiguration.subnets");
            }
        }
        for (const nodes of ofTypes(args, [containerTypes.nodeGroup])) {
            check(nodes, list(plain(nodes.props).subnetIds), sources(nodes, "subnetIds"), "subnetIds");
        }
        for (const inst of ofTypes(args, instanceTypes)) {
            const { values, from, via } = instanceSubnets(inst);
            check(inst, values, from, via);
        }
        for (const fleet of ofTypes(args, Object.values(fleetTypes))) {
            const { values, from, via } = fleetSubnets(fleet);
            check(fleet, values, from, via);
        }
    },
};

/** The network rules, in report order. */
export const networkPolicies = [subnetNoAutoPublicIp, vpcFlowLogsEnabled, appInPrivateSubnets];
