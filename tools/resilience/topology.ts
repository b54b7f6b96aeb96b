/** Reads the architecture out of the recorded resources: web tiers, routing, wake paths and databases, by following property dependencies. */
import { at, Graph, isKnown, num, plain, str, T, type ModelResource } from "./graph";

/** How a DNS record shares traffic. */
export type Routing = "primary" | "secondary" | "latency" | "weighted" | "geo" | "simple";

/** One region's web tier: a load balancer in front of an Auto Scaling group. */
export interface Tier {
    region: string;
    asg: ModelResource;
    launchTemplate?: ModelResource;
    targetGroup?: ModelResource;
    loadBalancer?: ModelResource;
    instanceType?: string;
    capacity: { min: number; max: number; desired: number };
    /** Availability Zones the group launches into. */
    zones: string[];
    /** Availability Zones of the load balancer's subnets. */
    lbZones: string[];
    /** Literal subnet ids of the group or its load balancer that no component declares: their zones are unknown. */
    undeclared: string[];
    /** Per zone the group launches into: the NAT gateway its default route uses, or VPC endpoints only. */
    egress: { zone: string; nat?: ModelResource; natZone?: string; endpoints: boolean }[];
    /** NAT gateways of the tier's VPC, with their zones. */
    nats: { nat: ModelResource; zone?: string }[];
    /** Interface VPC endpoints of the tier's VPC. */
    endpoints: ModelResource[];
    /** The target group's health check (the provider's defaults where unset). */
    targetHealth: { interval: number; healthyThreshold: number; unhealthyThreshold: number; timeout: number };
    /** The Route 53 health check on this tier's load balancer. */
    healthCheck?: ModelResource;
    /** The DNS record that sends users here, and how. */
    record?: { record: ModelResource; routing: Routing };
    /** Behind Global Accelerator: the endpoint group holding this tier's load balancer, its traffic dial and the endpoint's weight. */
    frontDoor?: { group: ModelResource; dial: number; weight: number };
    /** Receives users' traffic while every region is healthy. */
    serving: boolean;
    /**
     * What the model cannot read about this tier (no load balancer in front, a classic load balancer,
     * subnets whose zone is unknown): scenarios that depend on it are `unknown`, never a finding.
     */
    missing: string[];
}

/** A chain that invokes a function (or starts a Region switch plan) which scales an Auto Scaling group: how a standby is woken. */
export interface WakePath {
    /** The function, or the Region switch plan. */
    fn: ModelResource;
    /** What acts: this project's failover function (or the probe), or an ARC Region switch plan. */
    engine: "function" | "arc-region-switch";
    /** A Region switch plan whose steps start with a manual approval. */
    approval?: boolean;
    /** Groups the function scales (its environment names them). */
    wakes: ModelResource[];
    /** From the detector to the function: alarm, topic, its key, subscription; or rule/schedule. */
    chain: ModelResource[];
    trigger: "alarm" | "schedule";
    /** Regions whose failure the trigger detects; undefined for a schedule, which probes on its own. */
    detects?: string[];
    /** Other resources the function reaches at run time (its environment names them). */
    reaches: ModelResource[];
    /** Read replicas its role may promote (`rds:PromoteReadReplica` on them). */
    promotes: ModelResource[];
}

/** An RDS instance: the writer or a read replica of it. */
export interface Database {
    instance: ModelResource;
    region: string;
    writer: boolean;
    multiAz: boolean;
    /** The writer a replica copies. */
    source?: ModelResource;
}

/** Everything the scenarios reason about. */
export interface Topology {
    graph: Graph;
    tiers: Tier[];
    wakePaths: WakePath[];
    databases: Database[];
    /** Every AWS region with resources, tier regions first. */
    regions: string[];
    /** True when DNS records or Global Accelerator route users between the tiers. */
    routed: boolean;
}

/**
 * What a region is for: `primary` (the one serving region), `active` (one of several serving
 * regions), `standby` (a web tier that serves only after a failover), `support` (no web tier:
 * alarms, topics, automation).
 */
export function regionRole(t: Topology, region: string): "primary" | "active" | "standby" | "support" {
    const tiers = t.tiers.filter((x) => x.region === region);
    if (tiers.length === 0) return "support";
    if (!tiers.some((x) => x.serving)) return "standby";
    return t.tiers.filter((x) => x.serving).length > 1 ? "active" : "primary";
}

/** How a placeholder zone starts: the subnet's zone is picked by AWS at deploy. */
export const UNPLACED = "zone of ";

/** The AZ name of a subnet, or a placeholder naming the subnet when AWS picks the zone at deploy. */
function zoneOf(subnet: ModelResource): string {
    return str(subnet.inputs.availabilityZone) ?? str(subnet.inputs.availabilityZoneId) ?? `${UNPLACED}${subnet.name}`;
}

/**
 * A subnet of a VPC the stack does not own, as a component declares it in its `existingSubnets`
 * output (what the program's lookups found: HaWebTier with an existing network).
 */
interface DeclaredSubnet {
    zone: string;
    /** The NAT gateway of its default route: a stand-in record named by its id, under the declaring component. */
    nat?: { nat: ModelResource; zone: string };
}

/** Subnets declared by components, by id; entries the plan could not read (unknown lookups) are left out. */
function declaredSubnets(g: Graph): Map<string, DeclaredSubnet> {
    const out = new Map<string, DeclaredSubnet>();
    for (const r of g.resources) {
        const entries = plain(r.outputs?.existingSubnets);
        for (const e of Array.isArray(entries) ? entries : []) {
            const id = str(at(e, "id"));
            const zone = str(at(e, "availabilityZone"));
            if (!id || !zone) continue;
            const natId = str(at(e, "natGateway", "id"));
            const natZone = str(at(e, "natGateway", "availabilityZone"));
            const nat = natId && natZone ? {
                nat: { urn: r.urn, type: T.nat[0], name: natId, parent: r.urn, region: r.region, inputs: {}, propertyDependencies: {}, dependencies: [] },
                zone: natZone,
            } : undefined;
            out.set(id, { zone, nat });
        }
    }
    return out;
}

/**
 * The subnets behind a property, each with its zone: the stack's subnet resources, or, when none backs
 * it, its literal ids as components declare them (no zone for an id nobody declares).
 */
function subnetsBehind(g: Graph, declared: Map<string, DeclaredSubnet>, r: ModelResource, prop: string,
): { zone?: string; id?: string; resource?: ModelResource; declared?: DeclaredSubnet }[] {
    const resources = g.refs(r, prop, T.subnet);
    if (resources.length > 0) {
        return resources.map((resource) => ({ zone: zoneOf(resource), resource }));
    }
    const ids = plain(r.inputs[prop]);
    return (Array.isArray(ids) ? ids : []).map(str).filter((id): id is string => id !== undefined)
        .map((id) => ({ id, zone: declared.get(id)?.zone, declared: declared.get(id) }));
}

const unique = <X>(xs: X[]): X[] => [...new Set(xs)];

// Provider defaults for an unset target-group health check (@pulumi/aws TargetGroupHealthCheck docs:
// interval 30 s, healthy and unhealthy thresholds 3, timeout 6 s for HTTP).
const TG_DEFAULTS = { interval: 30, healthyThreshold: 3, unhealthyThreshold: 3, timeout: 6 };

// Global Accelerator's defaults: a traffic dial of 100 and an endpoint weight of 128 (GA developer
// guide, "Traffic dials" and "Endpoint weights").
const GA_DEFAULTS = { dial: 100, weight: 128 };

function egressOf(g: Graph, subnet: ModelResource): { nat?: ModelResource; natZone?: string; endpoints: boolean } {
    const endpoints = g.referrers(subnet, T.vpcEndpoint, "subnetIds").some((e) => str(e.inputs.vpcEndpointType) === "Interface");
    for (const assoc of g.referrers(subnet, T.rtAssociation, "subnetId")) {
        for (const table of g.refs(assoc, "routeTableId", T.routeTable)) {
            for (const route of g.referrers(table, T.route, "routeTableId")) {
                if (str(route.inputs.destinationCidrBlock) !== "0.0.0.0/0") continue;
                const nat = g.refs(route, "natGatewayId", T.nat)[0];
                if (nat) {
                    const natSubnet = g.refs(nat, "subnetId", T.subnet)[0];
                    return { nat, natZone: natSubnet ? zoneOf(natSubnet) : undefined, endpoints };
                }
            }
        }
    }
    return { endpoints };
}

function recordRouting(rec: ModelResource): Routing {
    const failover = str(at(rec.inputs, "failoverRoutingPolicies", 0, "type"));
    if (failover) return failover === "PRIMARY" ? "primary" : "secondary";
    if (Array.isArray(plain(rec.inputs.latencyRoutingPolicies)) && (plain(rec.inputs.latencyRoutingPolicies) as unknown[]).length > 0) return "latency";
    if (Array.isArray(plain(rec.inputs.weightedRoutingPolicies)) && (plain(rec.inputs.weightedRoutingPolicies) as unknown[]).length > 0) return "weighted";
    if (Array.isArray(plain(rec.inputs.geolocationRoutingPolicies)) && (plain(rec.inputs.geolocationRoutingPolicies) as unknown[]).length > 0) return "geo";
    return "simple";
}

function buildTier(g: Graph, asg: ModelResource, wakeTargets: Set<string>, declared: Map<string, DeclaredSubnet>): Tier {
    const placed = subnetsBehind(g, declared, asg, "vpcZoneIdentifiers");
    const subnets = placed.flatMap((s) => (s.resource ? [s.resource] : []));
    const launchTemplate = g.allRefs(asg, T.launchTemplate)[0];
    const targetGroup = g.refs(asg, "targetGroupArns", T.targetGroup)[0]
        ?? g.referrers(asg, ["aws:autoscaling/attachment:Attachment"]).flatMap((a) => g.allRefs(a, T.targetGroup))[0];
    const listeners = targetGroup ? g.referrers(targetGroup, ["aws:lb/listener:Listener", "aws:alb/listener:Listener"]) : [];
    const loadBalancer = listeners.flatMap((l) => g.refs(l, "loadBalancerArn", T.lb))[0];
    const lbSubnets = loadBalancer ? subnetsBehind(g, declared, loadBalancer, "subnets") : [];
    const declaredNats = [...new Map(placed.flatMap((s) => (s.declared?.nat ? [[s.declared.nat.nat.name, s.declared.nat] as const] : []))).values()];
    const vpcs = new Set(subnets.flatMap((s) => g.refs(s, "vpcId", T.vpc)).map((v) => v.urn));
    const inVpc = (r: ModelResource): boolean => g.allRefs(r, T.vpc).some((v) => vpcs.has(v.urn))
        || g.refs(r, "subnetId", T.subnet).some((s) => g.refs(s, "vpcId", T.vpc).some((v) => vpcs.has(v.urn)));
    const hc = plain(targetGroup?.inputs.healthCheck) as Record<string, unknown> | undefined;
    const healthCheck = loadBalancer ? g.referrers(loadBalancer, T.healthCheck)[0] : undefined;
    const rec = loadBalancer ? g.referrers(loadBalancer, T.record, "aliases")[0] : undefined;
    const capacity = { min: num(asg.inputs.minSize, 0), max: num(asg.inputs.maxSize, 0), desired: num(asg.inputs.desiredCapacity, num(asg.inputs.minSize, 0)) };
    const record = rec ? { record: rec, routing: recordRouting(rec) } : undefined;
    const missing: string[] = [];
    const classic = plain(asg.inputs.loadBalancers);
    if (Array.isArray(classic) && classic.length > 0) {
        missing.push("it is behind a classic load balancer, whose zones and health checks the model does not read");
    } else if (!loadBalancer) {
        missing.push("no load balancer in front of it was found, so which zones serve users is unknown");
    }
    const entries = plain(asg.inputs.vpcZoneIdentifiers);
    if (placed.length === 0 && !Array.isArray(entries)) {
        missing.push("its subnet list is not in the plan (known only after deploy, or unset), so the zones it launches into are unknown");
    }
    const unknownSubnets = (Array.isArray(entries) ? entries.length : 0) - placed.filter((x) => x.zone !== undefined).length;
    if (unknownSubnets > 0) {
        missing.push(`${unknownSubnets} of its subnets are declared neither in this stack nor by a component, so their zones are unknown`);
    }
    const unplaced = [...placed, ...lbSubnets].flatMap((x) => (x.resource && x.zone?.startsWith(UNPLACED) ? [x.resource] : []));
    if (unplaced.length > 0) {
        missing.push(`${unplaced.map((x) => x.name).join(", ")} ${unplaced.length > 1 ? "have" : "has"} no Availability Zone set (AWS picks one at deploy)`);
    }
    const group = loadBalancer ? g.referrers(loadBalancer, T.endpointGroup, "endpointConfigurations")[0] : undefined;
    const frontDoor = group
        ? { group, dial: num(group.inputs.trafficDialPercentage, GA_DEFAULTS.dial), weight: num(at(group.inputs, "endpointConfigurations", 0, "weight"), GA_DEFAULTS.weight) }
        : undefined;
    return {
        region: asg.region,
        asg,
        launchTemplate,
        targetGroup,
        loadBalancer,
        instanceType: launchTemplate ? str(launchTemplate.inputs.instanceType) : undefined,
        capacity,
        zones: unique(placed.flatMap((s) => s.zone ?? [])).sort(),
        lbZones: unique(lbSubnets.flatMap((s) => s.zone ?? [])).sort(),
        undeclared: unique([...placed, ...lbSubnets].flatMap((s) => (s.zone === undefined && s.id ? [s.id] : []))),
        egress: placed.flatMap((s) => (s.zone === undefined ? [] : s.resource ? [{ zone: s.zone, ...egressOf(g, s.resource) }]
            : [{ zone: s.zone, nat: s.declared?.nat?.nat, natZone: s.declared?.nat?.zone, endpoints: false }])),
        nats: [...g.ofType(T.nat).filter(inVpc).map((nat) => {
            const s = g.refs(nat, "subnetId", T.subnet)[0];
            return { nat, zone: s ? zoneOf(s) : undefined };
        }), ...declaredNats],
        endpoints: g.ofType(T.vpcEndpoint).filter((e) => str(e.inputs.vpcEndpointType) === "Interface" && inVpc(e)),
        targetHealth: {
            interval: num(hc?.interval, TG_DEFAULTS.interval),
            healthyThreshold: num(hc?.healthyThreshold, TG_DEFAULTS.healthyThreshold),
            unhealthyThreshold: num(hc?.unhealthyThreshold, TG_DEFAULTS.unhealthyThreshold),
            timeout: num(hc?.timeout, TG_DEFAULTS.timeout),
        },
        healthCheck,
        record,
        frontDoor,
        // GA's dial and weight say who serves, or a record does; without either, whatever runs at rest and is not woken.
        serving: frontDoor
            ? frontDoor.dial > 0 && frontDoor.weight > 0
            : record ? record.routing !== "secondary" : capacity.desired > 0 && !wakeTargets.has(asg.urn),
        missing,
    };
}

/** Regions a detector watches: through a Route 53 check to its load balancer, or directly. */
function watchedRegions(g: Graph, alarm: ModelResource): string[] {
    const regions: string[] = [];
    for (const ref of g.allRefs(alarm)) {
        if (T.healthCheck.includes(ref.type as never)) {
            regions.push(...g.allRefs(ref, T.lb).map((lb) => lb.region));
        } else if ([...T.lb, ...T.targetGroup, ...T.asg].includes(ref.type as never)) {
            regions.push(ref.region);
        }
    }
    return unique(regions);
}

/** An alarm that fires when its target fails (not a recovery alarm watching for health). */
function firesOnFailure(alarm: ModelResource): boolean {
    if (str(alarm.inputs.metricName) !== "HealthCheckStatus") {
        return true;
    }
    return (str(alarm.inputs.comparisonOperator) ?? "").startsWith("LessThan");
}

function policyAllows(policy: ModelResource, action: string): boolean {
    const doc = plain(policy.inputs.policy);
    const parsed = typeof doc === "string" && isKnown(doc) ? (() => { try { return JSON.parse(doc) as unknown; } catch { return undefined; } })() : doc;
    const statements = (at(parsed, "Statement") as unknown[] | undefined) ?? [];
    return (Array.isArray(statements) ? statements : [statements]).some((s) => {
        const actions = plain(at(s, "Action"));
        return str(at(s, "Effect")) === "Allow" && (Array.isArray(actions) ? actions : [actions]).includes(action);
    });
}

function wakePathsOf(g: Graph, fn: ModelResource, asgs: ModelResource[]): WakePath[] {
    const envRefs = g.refs(fn, "environment");
    const wakes = envRefs.filter((r) => asgs.includes(r));
    const reaches = envRefs.filter((r) => !wakes.includes(r));
    const roles = g.refs(fn, "role");
    const promotes = unique(roles.flatMap((role) => g.referrers(role, T.rolePolicy, "role"))
        .filter((p) => policyAllows(p, "rds:PromoteReadReplica"))
        .flatMap((p) => g.refs(p, "policy", T.rds)));
    const paths: WakePath[] = [];
    for (const sub of g.referrers(fn, T.subscription, "endpoint")) {
        for (const topic of g.refs(sub, "topic", T.topic)) {
            const keys = g.refs(topic, "kmsMasterKeyId");
            for (const alarm of g.referrers(topic, T.alarm, "alarmActions").filter(firesOnFailure)) {
                paths.push({ fn, engine: "function", wakes, reaches, promotes, trigger: "alarm", detects: watchedRegions(g, alarm), chain: [alarm, topic, ...keys, sub, fn] });
            }
        }
    }
    for (const target of g.referrers(fn, T.eventTarget, "arn")) {
        for (const rule of g.refs(target, "rule")) {
            const scheduled = isKnown(plain(rule.inputs.scheduleExpression));
            paths.push({ fn, engine: "function", wakes, reaches, promotes, trigger: scheduled ? "schedule" : "alarm", detects: scheduled ? undefined : [], chain: [rule, target, fn] });
        }
    }
    for (const schedule of g.referrers(fn, T.schedule)) {
        paths.push({ fn, engine: "function", wakes, reaches, promotes, trigger: "schedule", chain: [schedule, fn] });
    }
    return paths;
}

/**
 * The paths of an ARC Region switch plan: its triggers' alarms start it; its Auto Scaling steps raise
 * the group of the region the workflow activates (the other group is the step's source); its RDS
 * steps promote the replicas they name. A plan without a trigger starts only when a person starts it,
 * so it is no path.
 */
function planPathsOf(g: Graph, plan: ModelResource, asgs: ModelResource[]): WakePath[] {
    const workflows = (plain(plan.inputs.workflows) as unknown[] | undefined) ?? [];
    const steps = workflows.flatMap((w) => {
        const target = str(at(w, "workflowTargetRegion"));
        const own = (plain(at(w, "steps")) as unknown[] | undefined) ?? [];
        const nested = own.flatMap((s) => ((plain(at(s, "parallelConfigs", 0, "steps")) as unknown[] | undefined) ?? []));
        return [...own, ...nested].map((step) => ({ step, target }));
    });
    const blockOf = (step: unknown): string => str(at(step, "executionBlockType")) ?? "";
    // Property dependencies say which groups the plan names; the workflow's region says which it raises.
    const named = g.refs(plan, "workflows").filter((r) => asgs.includes(r));
    const wakes = steps.some(({ step }) => blockOf(step) === "EC2AutoScaling")
        ? named.filter((asg) => steps.some(({ step, target }) => blockOf(step) === "EC2AutoScaling" && (target === undefined || target === asg.region)))
        : [];
    const promotes = steps.some(({ step }) => blockOf(step) === "RdsPromoteReadReplica") ? g.refs(plan, "workflows", T.rds) : [];
    const approval = steps.some(({ step }) => blockOf(step) === "ManualApproval");
    const triggerAlarms = g.refs(plan, "associatedAlarms", T.alarm);
    const triggers = (plain(plan.inputs.triggers) as unknown[] | undefined) ?? [];
    if (triggers.length === 0 || (wakes.length === 0 && promotes.length === 0)) {
        return [];
    }
    return triggerAlarms.filter(firesOnFailure).map((alarm) => ({
        fn: plan, engine: "arc-region-switch" as const, approval, wakes, reaches: [], promotes,
        trigger: "alarm" as const, detects: watchedRegions(g, alarm), chain: [alarm, plan],
    }));
}

/** Reads tiers, routing, wake paths and databases from the recorded resources. */
export function readTopology(resources: readonly ModelResource[]): Topology {
    const g = new Graph(resources);
    const asgs = g.ofType(T.asg);
    const wakePaths = [
        ...g.ofType(T.fn).filter((fn) => g.refs(fn, "environment").some((r) => asgs.includes(r))).flatMap((fn) => wakePathsOf(g, fn, asgs)),
        ...g.ofType(T.regionSwitchPlan).flatMap((plan) => planPathsOf(g, plan, asgs)),
    ];
    const wakeTargets = new Set(wakePaths.flatMap((p) => p.wakes.map((w) => w.urn)));
    const declared = declaredSubnets(g);
    const tiers = asgs.map((asg) => buildTier(g, asg, wakeTargets, declared));
    const routed = tiers.some((t) => t.record || t.frontDoor);
    if (!routed && !tiers.some((t) => t.serving)) {
        // Nothing runs at rest outside the woken groups: whatever has capacity serves.
        tiers.forEach((t) => { t.serving = t.capacity.desired > 0; });
    }
    const databases = g.ofType(T.rds).map((instance): Database => {
        const source = g.refs(instance, "replicateSourceDb", T.rds)[0];
        const replica = !!source || isKnown(plain(instance.inputs.replicateSourceDb));
        return { instance, region: instance.region, writer: !replica, multiAz: plain(instance.inputs.multiAz) === true, source };
    });
    // Serving regions first, then standbys, then regions without a web tier.
    const tierRegions = unique([...tiers.filter((t) => t.serving), ...tiers.filter((t) => !t.serving)].map((t) => t.region));
    const others = unique(resources.map((r) => r.region)).filter((r) => r !== "global" && r !== "multi-region" && !tierRegions.includes(r)).sort();
    return { graph: g, tiers, wakePaths, databases, regions: [...tierRegions, ...others], routed };
}
