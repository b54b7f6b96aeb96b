/**
 * Verdicts of the Auto Scaling and DNS failover rules written out, message and all: health checks behind
 * a load balancer however attached, zones, launch templates in every reference, failover records and
 * where Route 53 alarms live.
 */
import * as assert from "node:assert/strict";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { autoscalingPolicies } from "../../policy/policies/autoscaling";
import { dnsFailoverPolicies } from "../../policy/policies/dnsFailover";
import { rec, U } from "./factories";
import { cannot, verdictsOf } from "./helpers";

/** asg-multi-az's line for a group with one subnet it cannot place in a zone. */
const unplaced = (name: string): string => cannot(name, "asg-multi-az",
    "1 of its subnets cannot be placed in an Availability Zone (not declared here, or without availabilityZone), so they may all share one");

const a = rec("aws:ec2/subnet:Subnet", "a", { availabilityZone: "eu-west-1a" });
const b = rec("aws:ec2/subnet:Subnet", "b", { availabilityZone: "eu-west-1b" });
const lt = rec("aws:ec2/launchTemplate:LaunchTemplate", "lt", { name: "app-lt" });
/** A group in two zones launching from the stack's template, behind nothing; `props` changes it. */
const asg = (name: string, props: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) => rec("aws:autoscaling/group:Group", name,
    { vpcZoneIdentifiers: [U, U], launchTemplate: { id: U }, ...props }, { vpcZoneIdentifiers: [a, b], launchTemplate: [lt], ...deps });
const elb = (name: string) => `${name} asg-elb-health-check: ${name}: an Auto Scaling group behind a load balancer must use healthCheckType "ELB" so instances `
    + "whose app fails the target group check are replaced; set healthCheckType: \"ELB\" with a grace period longer than boot and app start.";
const foreign = (name: string, where: string, what: string) => `${name} asg-launch-template: ${name}: ${where} names a launch template this stack does not `
    + `declare (${what}), so its IMDSv2, public IP and encryption settings cannot be checked; declare the template here and pass its id.`;
const alarm = (name: string, props: Record<string, unknown>, region?: unknown) => rec("aws:cloudwatch/metricAlarm:MetricAlarm", name,
    { comparisonOperator: "LessThanThreshold", evaluationPeriods: 1, ...props, ...(region === undefined ? {} : { region }) });
const inUsEast1 = (name: string, is: string) => `${name} route53-alarm-in-us-east-1: An alarm on AWS/Route53 metrics must be created in us-east-1, where `
    + `Route 53 publishes them, but its region is ${is}; create it (and the SNS topic it notifies) with an explicit us-east-1 provider.`;

const cases: { requirement: string; policies: Policies; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "a group behind a load balancer, inline or by an attachment of either kind, uses ELB health checks; unknown cannot be judged",
        policies: autoscalingPolicies,
        records: () => {
            const g3 = asg("g3", {});
            const g4 = asg("g4", { healthCheckType: "EC2" });
            return [a, b, lt, asg("g1", { targetGroupArns: ["arn:tg"] }), asg("g2", { trafficSources: [{ identifier: "x" }], healthCheckType: "elb" }), g3, g4,
                rec("aws:autoscaling/attachment:Attachment", "att", { autoscalingGroupName: U }, { autoscalingGroupName: [g3] }),
                rec("aws:autoscaling/trafficSourceAttachment:TrafficSourceAttachment", "tsa", { autoscalingGroupName: U }, { autoscalingGroupName: [g4] }),
                asg("g5", { loadBalancers: ["clb"], healthCheckType: U }), asg("g6", {})];
        },
        expect: [elb("g1"), elb("g3"), elb("g4"),
            cannot("g5", "asg-elb-health-check", "healthCheckType is not known until deploy")] },
    { requirement: "a group spans two zones through its subnets or its zones; one zone, or subnets it cannot place, are refused",
        policies: autoscalingPolicies,
        records: () => [a, b, lt, asg("z1", { availabilityZones: ["eu-west-1a", "eu-west-1b"], vpcZoneIdentifiers: [U] }, { vpcZoneIdentifiers: [a] }),
            asg("z2", { vpcZoneIdentifiers: [U] }, { vpcZoneIdentifiers: [a] }), asg("z3", { vpcZoneIdentifiers: ["subnet-1"] }, { vpcZoneIdentifiers: [] })],
        expect: ["z2 asg-multi-az: z2: an Auto Scaling group must span at least two Availability Zones, but it spans 1; list private subnets in two or more "
            + "AZs in vpcZoneIdentifiers.",
        unplaced("z3")] },
    { requirement: "only subnets with a known zone place a group; a subnet the stack declares is counted once even when a component declares it too",
        policies: autoscalingPolicies,
        records: () => {
            const own = rec("aws:ec2/subnet:Subnet", "own", { id: "subnet-a", availabilityZone: "eu-west-1a" });
            const later = rec("aws:ec2/subnet:Subnet", "later", { availabilityZone: U });
            const box = rec("aws:ec2/instance:Instance", "box", { availabilityZone: "eu-west-1c" });
            const tier = rec("ha-web-tier:index:HaWebTier", "euw1", {}, {}, { custom: false, outputs: { existingSubnets: [{ id: "subnet-a", vpcId: "vpc-1",
                availabilityZone: "eu-west-1a", mapPublicIpOnLaunch: false, routeTable: { id: "rtb-1", main: false, routes: [] } }] } });
            const odd = rec("aws:ec2/subnet:Subnet", "odd", { availabilityZone: 7 });
            return [a, b, lt, own, later, box, tier, odd, asg("z4", { vpcZoneIdentifiers: ["subnet-a", U] }, { vpcZoneIdentifiers: [own, later] }),
                asg("z5", { vpcZoneIdentifiers: [U, U] }, { vpcZoneIdentifiers: [a, box] }), asg("z6", { vpcZoneIdentifiers: [U, U, U] }, { vpcZoneIdentifiers: [a, b, later] }),
                asg("z7", { vpcZoneIdentifiers: [U, U] }, { vpcZoneIdentifiers: [a, odd] })];
        },
        expect: [unplaced("z4"),
        unplaced("z5"),
        unplaced("z7")] },
    { requirement: "every template reference must be one the stack declares, by dependency or by name; a launch configuration is refused",
        policies: autoscalingPolicies,
        records: () => [a, b, lt, asg("t1", { launchTemplate: { name: "app-lt" } }, { launchTemplate: [] }),
            asg("t3", { launchTemplate: { id: "lt-9" } }, { launchTemplate: [] }), asg("t4", { launchTemplate: { id: U } }, { launchTemplate: [a] }),
            asg("t5", { launchTemplate: undefined, mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateId: U },
                overrides: [{ instanceType: "t3.small", launchTemplateSpecification: { launchTemplateName: "app-lt" } }] } } }, { launchTemplate: [], mixedInstancesPolicy: [lt] }),
            asg("t2", { launchTemplate: undefined,
            launchConfiguration: "lc", mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification: { launchTemplateName: "other" },
                overrides: [{ instanceType: "t3.small", launchTemplateSpecification: { launchTemplateId: U } }, { instanceRequirements: {},
                    launchTemplateSpecification: { launchTemplateId: "lt-1" } }, { instanceType: "t3.large" }] } } }, { launchTemplate: [] })],
        expect: [foreign("t3", "launchTemplate", "\"lt-9\""), foreign("t4", "launchTemplate", "a value looked up elsewhere"),
            "t2 asg-launch-template: t2 launches from a launch configuration; use a launch template (launchTemplate: { id, version }) declared in this stack.",
            foreign("t2", "mixedInstancesPolicy.launchTemplate", "\"other\""), foreign("t2", "mixedInstancesPolicy overrides[0] (t3.small)", "a value looked up elsewhere"),
            foreign("t2", "mixedInstancesPolicy overrides[1] (instance requirements)", "\"lt-1\"")] },
    { requirement: "a PRIMARY failover record in any case needs a health check; a secondary does not",
        policies: dnsFailoverPolicies,
        records: () => [rec("aws:route53/record:Record", "r1", { failoverRoutingPolicies: [{ type: "primary" }], healthCheckId: "" }),
            rec("aws:route53/record:Record", "r2", { failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: U }),
            rec("aws:route53/record:Record", "r3", { failoverRoutingPolicies: [{ type: "SECONDARY" }] }),
            rec("aws:route53/record:Record", "r4", { failoverRoutingPolicies: [{ type: "PRIMARY" }], healthCheckId: "hc-0123" })],
        expect: ["r1 failover-primary-has-health-check: A PRIMARY failover record must set healthCheckId to a Route 53 health check on the primary region's "
            + "endpoint; without it Route 53 never fails over."] },
    { requirement: "an alarm on Route 53 metrics, directly or in a metric query, must be in us-east-1; an unknown region cannot be judged",
        policies: dnsFailoverPolicies,
        records: () => [alarm("a1", { namespace: "AWS/Route53" }), alarm("a2", { metricQueries: [{ id: "m", metric: { namespace: "AWS/Route53" } }] }, "eu-west-1"),
            alarm("a3", { namespace: "AWS/Route53" }, U), alarm("a4", { namespace: "AWS/Route53" }, "us-east-1"), alarm("a5", { namespace: "AWS/EC2" }, "eu-west-1")],
        expect: [inUsEast1("a1", "not set explicitly"), inUsEast1("a2", "\"eu-west-1\""),
            cannot("a3", "route53-alarm-in-us-east-1", "its region is not known until deploy")] },
    { requirement: "what the Auto Scaling and DNS rules cannot judge, the team may accept by name, as their messages say",
        policies: [...autoscalingPolicies, ...dnsFailoverPolicies],
        records: () => [a, b, lt, asg("g5", { loadBalancers: ["clb"], healthCheckType: U }), asg("z3", { vpcZoneIdentifiers: ["subnet-1"], healthCheckType: U },
            { vpcZoneIdentifiers: [] }), alarm("a3", { namespace: "AWS/Route53" }, U)],
        config: { "asg-elb-health-check": { acceptUnresolved: ["g5"] }, "asg-multi-az": { acceptUnresolved: ["z3"] },
            "route53-alarm-in-us-east-1": { acceptUnresolved: ["a3"] } },
        expect: [] },
];

describe("policy pack: Auto Scaling and DNS failover rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            const strip = (x: Record<string, unknown>) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined));
            assert.deepEqual(await verdictsOf(c.records().map((r) => ({ ...r, inputs: strip(r.inputs) })), c.policies, c.config), c.expect);
        });
    }
});
