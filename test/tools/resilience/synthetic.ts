/**
 * Small synthetic resource lists for the resilience model's pure tests: a two-region stack shaped like
 * the program's (load balancer, Auto Scaling group, NAT per zone, health checks, failover records, the
 * alarm -> topic -> function wake path), built from plain records so each test changes one thing.
 */
import * as assert from "node:assert/strict";
import { assess, type Scenario } from "../../../tools/resilience";
import type { ModelResource } from "../../../tools/resilience/graph";
import { UNKNOWN } from "../../../tools/engine/pulumi-internals";

/** Builds resources with URNs from their names; property dependencies are given by name. */
export class Stack {
    readonly resources: ModelResource[] = [];

    add(type: string, name: string, region: string, inputs: Record<string, unknown> = {}, deps: Record<string, string[]> = {}): ModelResource {
        const urnOf = (n: string): string => {
            const found = this.resources.find((r) => r.name === n);
            if (!found) throw new Error(`synthetic stack: ${name} depends on ${n}, which is not defined yet`);
            return found.urn;
        };
        const propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.map(urnOf)]));
        const r: ModelResource = {
            urn: `urn:pulumi:test::p::${type}::${name}`, type, name, region, inputs,
            propertyDependencies, dependencies: [...new Set(Object.values(propertyDependencies).flat())],
        };
        this.resources.push(r);
        return r;
    }

    /** Replaces a resource's inputs (merged) in place. */
    set(name: string, inputs: Record<string, unknown>): void {
        const r = this.resources.find((x) => x.name === name);
        if (!r) throw new Error(`no ${name}`);
        r.inputs = { ...r.inputs, ...inputs };
    }

    /** Adds property dependencies to an existing resource. */
    link(name: string, prop: string, targets: string[]): void {
        const r = this.resources.find((x) => x.name === name);
        if (!r) throw new Error(`no ${name}`);
        const urns = targets.map((t) => this.resources.find((x) => x.name === t)?.urn ?? "");
        r.propertyDependencies = { ...r.propertyDependencies, [prop]: [...(r.propertyDependencies[prop] ?? []), ...urns] };
    }
}

/** A boot script pulling `image`, base64 as a launch template carries it. */
export function userData(image: string): string {
    return Buffer.from(`#!/bin/bash\nfor i in 1 2 3; do docker pull '${image}' && break; done\ndocker run -d --name app \\\n  --network host \\\n  '${image}'\n`).toString("base64");
}

export interface TierOptions {
    region: string;
    zones: string[];
    desired: number;
    /** One NAT per zone, one for all, or none. */
    nat: "per-az" | "single";
    /** The launch template's user data (base64), or the unknown sentinel. */
    userData?: string;
    instanceType?: string;
}

/** One region's web tier, named `<region>-...`. */
export function addTier(s: Stack, o: TierOptions): void {
    const r = o.region;
    s.add("aws:ec2/vpc:Vpc", `${r}-vpc`, r, { cidrBlock: "10.0.0.0/16" });
    o.zones.forEach((z, i) => {
        s.add("aws:ec2/subnet:Subnet", `${r}-public-${i}`, r, { availabilityZone: z }, { vpcId: [`${r}-vpc`] });
        s.add("aws:ec2/subnet:Subnet", `${r}-private-${i}`, r, { availabilityZone: z }, { vpcId: [`${r}-vpc`] });
    });
    const natCount = o.nat === "per-az" ? o.zones.length : 1;
    for (let i = 0; i < natCount; i++) {
        s.add("aws:ec2/natGateway:NatGateway", `${r}-nat-${i}`, r, {}, { subnetId: [`${r}-public-${i}`] });
        s.add("aws:ec2/eip:Eip", `${r}-eip-${i}`, r, { domain: "vpc" });
    }
    o.zones.forEach((_, i) => {
        s.add("aws:ec2/routeTable:RouteTable", `${r}-rt-${i}`, r, {}, { vpcId: [`${r}-vpc`] });
        s.add("aws:ec2/route:Route", `${r}-default-${i}`, r, { destinationCidrBlock: "0.0.0.0/0" },
            { routeTableId: [`${r}-rt-${i}`], natGatewayId: [`${r}-nat-${Math.min(i, natCount - 1)}`] });
        s.add("aws:ec2/routeTableAssociation:RouteTableAssociation", `${r}-assoc-${i}`, r, {}, { subnetId: [`${r}-private-${i}`], routeTableId: [`${r}-rt-${i}`] });
    });
    s.add("aws:lb/loadBalancer:LoadBalancer", `${r}-alb`, r, { loadBalancerType: "application" }, { subnets: o.zones.map((_, i) => `${r}-public-${i}`) });
    s.add("aws:lb/targetGroup:TargetGroup", `${r}-tg`, r, { healthCheck: { interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 } });
    s.add("aws:lb/listener:Listener", `${r}-http`, r, { port: 80 }, { loadBalancerArn: [`${r}-alb`], defaultActions: [`${r}-tg`] });
    s.add("aws:iam/role:Role", `${r}-app`, r);
    s.add("aws:iam/instanceProfile:InstanceProfile", `${r}-profile`, r, {}, { role: [`${r}-app`] });
    s.add("aws:ec2/launchTemplate:LaunchTemplate", `${r}-lt`, r, {
        instanceType: o.instanceType ?? "t3.small", userData: o.userData ?? userData(`123456789012.dkr.ecr.${r}.amazonaws.com/app:1`),
        blockDeviceMappings: [{ ebs: { volumeSize: 20, volumeType: "gp3" } }],
    }, { iamInstanceProfile: [`${r}-profile`] });
    s.add("aws:autoscaling/group:Group", `${r}-asg`, r, { minSize: o.desired, maxSize: 6, desiredCapacity: o.desired },
        { vpcZoneIdentifiers: o.zones.map((_, i) => `${r}-private-${i}`), targetGroupArns: [`${r}-tg`], launchTemplate: [`${r}-lt`] });
}

/**
 * The program's shape in pilot-light: us-west-2 serves, us-east-1 rests at `standbyDesired` and is
 * woken by an alarm on us-west-2's health check -> SNS topic -> function, all in us-east-1.
 */
export function twoRegionStack(opts: { standbyDesired?: number; standbyUserData?: string; standbyNat?: "per-az" | "single"; records?: boolean } = {}): Stack {
    const s = new Stack();
    addTier(s, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b", "us-west-2c"], desired: 2, nat: "per-az" });
    addTier(s, { region: "us-east-1", zones: ["us-east-1a", "us-east-1b"], desired: opts.standbyDesired ?? 0, nat: opts.standbyNat ?? "single", userData: opts.standbyUserData });
    for (const r of ["us-west-2", "us-east-1"]) {
        s.add("aws:route53/healthCheck:HealthCheck", `hc-${r}`, "us-east-1", { type: "HTTP_STR_MATCH", requestInterval: 10, failureThreshold: 3, resourcePath: "/health" }, { fqdn: [`${r}-alb`] });
        if (opts.records ?? true) {
            s.add("aws:route53/record:Record", `rec-${r}`, "us-east-1", { failoverRoutingPolicies: [{ type: r === "us-west-2" ? "PRIMARY" : "SECONDARY" }] },
                { aliases: [`${r}-alb`], healthCheckId: [`hc-${r}`] });
        }
    }
    addWakePath(s, "us-east-1", "us-west-2", "us-east-1");
    return s;
}

/** An alarm on `watched`'s health check, its topic and key in `alarmRegion`, and a function in `fnRegion` that scales us-east-1's group. */
export function addWakePath(s: Stack, alarmRegion: string, watched: string, fnRegion: string): void {
    s.add("aws:kms/key:Key", "alarms-key", alarmRegion);
    s.add("aws:sns/topic:Topic", "alarms-topic", alarmRegion, {}, { kmsMasterKeyId: ["alarms-key"] });
    s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "unhealthy", alarmRegion,
        { namespace: "AWS/Route53", metricName: "HealthCheckStatus", comparisonOperator: "LessThanThreshold", threshold: 1 },
        { dimensions: [`hc-${watched}`], alarmActions: ["alarms-topic"] });
    s.add("aws:iam/role:Role", "fn-role", fnRegion);
    s.add("aws:lambda/function:Function", "fn", fnRegion, { runtime: "nodejs22.x" }, { environment: ["us-east-1-asg", "alarms-topic"], role: ["fn-role"] });
    s.add("aws:sns/topicSubscription:TopicSubscription", "fn-sub", alarmRegion, { protocol: "lambda" }, { topic: ["alarms-topic"], endpoint: ["fn"] });
}

/** The scenario `id` of a stack's assessment; fails naming the scenarios there are when it is missing. */
export function scenarioOf(resources: readonly ModelResource[], id: string): Scenario {
    const scenarios = assess(resources).scenarios;
    const found = scenarios.find((x) => x.id === id);
    assert.ok(found, `no scenario ${id} in ${scenarios.map((x) => x.id).join(", ")}`);
    return found;
}

export { UNKNOWN };
