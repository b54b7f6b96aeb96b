/** The recorded resources as a graph the resilience model walks: by URN, by type, and along property dependencies. */
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN } from "../engine/pulumi-internals";

/** One recorded resource as the model reads it: what the plan's JSON lists for it. */
export interface ModelResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    /** AWS region of its provider, `global` without one, `multi-region` for a component spanning several. */
    region: string;
    /** Inputs in wire form: unknown values are the engine's unknown sentinel, secrets are wrapped. */
    inputs: Record<string, unknown>;
    /** Property name -> URNs of the resources its value came from. */
    propertyDependencies: Record<string, string[]>;
    /** A component's registered outputs, in wire form, when it registered any. */
    outputs?: Record<string, unknown>;
    dependencies: string[];
}

/** A value with secret wrappers removed; the unknown sentinel stays as it is. */
export function plain(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(plain);
    }
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (specialSigKey in o) {
            return plain(o.value);
        }
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
    }
    return v;
}

/** True when a value is known in the plan (not the unknown sentinel, not missing). */
export function isKnown(v: unknown): boolean {
    return v !== undefined && v !== null && v !== UNKNOWN;
}

/** A known number, or the fallback (an AWS or provider default) when unset or unknown. */
export function num(v: unknown, fallback: number): number {
    const x = plain(v);
    if (typeof x === "number" && Number.isFinite(x)) {
        return x;
    }
    if (typeof x === "string" && x.trim() !== "" && Number.isFinite(Number(x))) {
        return Number(x);
    }
    return fallback;
}

/** A known string, or undefined. */
export function str(v: unknown): string | undefined {
    const x = plain(v);
    return typeof x === "string" && x !== UNKNOWN ? x : undefined;
}

/** Reads a nested field without throwing on missing links; lists step into their first element by index. */
export function at(obj: unknown, ...path: (string | number)[]): unknown {
    let cur: unknown = plain(obj);
    for (const key of path) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<string | number, unknown>)[key];
    }
    return cur;
}

/** Type tokens the model reads, in one place. Load balancers have two spellings (`aws:lb`, `aws:alb`). */
export const T = {
    lb: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"],
    targetGroup: ["aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"],
    asg: ["aws:autoscaling/group:Group"],
    launchTemplate: ["aws:ec2/launchTemplate:LaunchTemplate"],
    subnet: ["aws:ec2/subnet:Subnet"],
    nat: ["aws:ec2/natGateway:NatGateway"],
    route: ["aws:ec2/route:Route"],
    routeTable: ["aws:ec2/routeTable:RouteTable"],
    rtAssociation: ["aws:ec2/routeTableAssociation:RouteTableAssociation"],
    vpc: ["aws:ec2/vpc:Vpc"],
    vpcEndpoint: ["aws:ec2/vpcEndpoint:VpcEndpoint"],
    eip: ["aws:ec2/eip:Eip"],
    healthCheck: ["aws:route53/healthCheck:HealthCheck"],
    record: ["aws:route53/record:Record"],
    zone: ["aws:route53/zone:Zone"],
    alarm: ["aws:cloudwatch/metricAlarm:MetricAlarm"],
    topic: ["aws:sns/topic:Topic"],
    subscription: ["aws:sns/topicSubscription:TopicSubscription"],
    fn: ["aws:lambda/function:Function"],
    eventTarget: ["aws:cloudwatch/eventTarget:EventTarget"],
    schedule: ["aws:scheduler/schedule:Schedule"],
    eventSourceMapping: ["aws:lambda/eventSourceMapping:EventSourceMapping"],
    rds: ["aws:rds/instance:Instance"],
    secret: ["aws:secretsmanager/secret:Secret"],
    parameter: ["aws:ssm/parameter:Parameter"],
    kmsKey: ["aws:kms/key:Key"],
    kmsReplicaKey: ["aws:kms/replicaKey:ReplicaKey"],
    instanceProfile: ["aws:iam/instanceProfile:InstanceProfile"],
    rolePolicy: ["aws:iam/rolePolicy:RolePolicy"],
    policy: ["aws:iam/policy:Policy"],
    rolePolicyAttachment: ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/policyAttachment:PolicyAttachment"],
    role: ["aws:iam/role:Role"],
    pullThroughCache: ["aws:ecr/pullThroughCacheRule:PullThroughCacheRule"],
    logGroup: ["aws:cloudwatch/logGroup:LogGroup"],
    webAcl: ["aws:wafv2/webAcl:WebAcl"],
    dynamoTable: ["aws:dynamodb/table:Table"],
    ecrRepository: ["aws:ecr/repository:Repository"],
    accelerator: ["aws:globalaccelerator/accelerator:Accelerator"],
    acceleratorListener: ["aws:globalaccelerator/listener:Listener"],
    endpointGroup: ["aws:globalaccelerator/endpointGroup:EndpointGroup"],
    regionSwitchPlan: ["aws:arcregionswitch/plan:Plan"],
} as const;

/**
 * Services whose data plane is global: their resources do not belong to one region's failure, even
 * though the plan records the provider's region for them (IAM and Route 53 keep a us-east-1 control
 * plane, Global Accelerator a us-west-2 one: "their control plane is hosted in a single AWS Region,
 * while their data plane is globally distributed", AWS Fault Isolation Boundaries, "Global services").
 * ARC Region switch runs a plan "from the Region being activated" on a data plane in each region (ARC
 * developer guide, "Region switch"), with its control plane in us-east-1.
 */
const GLOBAL_PREFIXES = ["aws:iam/", "aws:route53/", "aws:cloudfront/", "aws:organizations/", "aws:globalaccelerator/", "aws:arcregionswitch/"];

/** The recorded resources indexed for the walks the model makes. */
export class Graph {
    readonly resources: readonly ModelResource[];
    private readonly byUrn = new Map<string, ModelResource>();
    private readonly referrersOf = new Map<string, { from: ModelResource; prop: string }[]>();

    constructor(resources: readonly ModelResource[]) {
        this.resources = resources;
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
        }
        for (const r of resources) {
            for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
                for (const urn of urns) {
                    const list = this.referrersOf.get(urn) ?? [];
                    list.push({ from: r, prop });
                    this.referrersOf.set(urn, list);
                }
            }
        }
    }

    /** The resource with this URN, if recorded. */
    get(urn: string | undefined): ModelResource | undefined {
        return urn ? this.byUrn.get(urn) : undefined;
    }

    /** Every resource of these type tokens, in registration order. */
    ofType(types: readonly string[]): ModelResource[] {
        return this.resources.filter((r) => types.includes(r.type));
    }

    /** Resources a property's value came from, optionally only of some types. */
    refs(r: ModelResource, prop: string, types?: readonly string[]): ModelResource[] {
        const found = (r.propertyDependencies?.[prop] ?? []).map((u) => this.byUrn.get(u)).filter((x): x is ModelResource => !!x);
        return types ? found.filter((x) => types.includes(x.type)) : found;
    }

    /** Every resource any property of `r` came from. */
    allRefs(r: ModelResource, types?: readonly string[]): ModelResource[] {
        const urns = new Set(Object.values(r.propertyDependencies ?? {}).flat());
        const found = [...urns].map((u) => this.byUrn.get(u)).filter((x): x is ModelResource => !!x);
        return types ? found.filter((x) => types.includes(x.type)) : found;
    }

    /** Resources whose property `prop` (any, if omitted) came from `target`. */
    referrers(target: ModelResource, types?: readonly string[], prop?: string): ModelResource[] {
        const list = (this.referrersOf.get(target.urn) ?? [])
            .filter((x) => (!prop || x.prop === prop) && (!types || types.includes(x.from.type)))
            .map((x) => x.from);
        return [...new Set(list)];
    }
}

/** True for resources whose service has a global data plane (IAM, Route 53): no region's failure takes them. */
export function isGlobal(r: ModelResource): boolean {
    return r.region === "global" || GLOBAL_PREFIXES.some((p) => r.type.startsWith(p));
}

/**
 * Regions where a resource can be read: its own, plus the regions it is replicated to (Secrets
 * Manager replicas, KMS multi-Region replica keys). Undefined means everywhere (a global service).
 */
export function availableIn(g: Graph, r: ModelResource): Set<string> | undefined {
    if (isGlobal(r)) {
        return undefined;
    }
    const regions = new Set([r.region]);
    if (T.secret.includes(r.type as never)) {
        for (const replica of (plain(r.inputs.replicas) as unknown[] | undefined) ?? []) {
            const region = str(at(replica, "region"));
            if (region) {
                regions.add(region);
            }
        }
    }
    if (T.kmsKey.includes(r.type as never)) {
        for (const replica of g.referrers(r, T.kmsReplicaKey, "primaryKeyArn")) {
            regions.add(replica.region);
        }
    }
    return regions;
}

/** `type "name"` for messages. */
export function label(r: ModelResource): string {
    return `${r.type.split(":").pop()} "${r.name}"`;
}
