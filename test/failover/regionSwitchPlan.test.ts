import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { GlobalFailover } from "../../src/failover/globalFailover";
import { APPROVAL_TIMEOUT_MINUTES, REGION_SWITCH_PRINCIPAL, RegionSwitchPlan } from "../../src/failover/regionSwitchPlan";
import { providerUrnOf, type RecordedResource } from "../../tools/engine/recorded";
import { ofType, promiseOf, settle, useMocks } from "../mocks";
import { stackRun } from "../stack/stackRuns";

const FILE = "examples/region-switch.yaml";
type Statement = { Sid: string; Action: string[]; Resource: string[]; Condition?: unknown };

describe("ARC Region switch as the engine (examples/region-switch.yaml: pilot-light us-east-2 -> us-west-2, automatic promotion)", () => {
    let resources: RecordedResource[];
    const of = (type: string) => resources.filter((r) => r.type === type);
    const byUrn = (urn: string) => resources.find((r) => r.urn === urn);
    const from = (r: RecordedResource, prop: string) => (r.propertyDependencies[prop] ?? []).map((u) => byUrn(u)).filter((x): x is RecordedResource => !!x);
    const regionOf = (r: RecordedResource) => byUrn(providerUrnOf(r.provider ?? ""))?.inputs.region;
    const plans = () => of("aws:arcregionswitch/plan:Plan");
    const plan = (suffix: string) => {
        const p = plans().find((x) => x.name === `global-rs${suffix}`);
        assert.ok(p, `no plan global-rs${suffix}`);
        return p;
    };
    const stepsOf = (p: RecordedResource) => (p.inputs.workflows as { steps: Record<string, any>[] }[]).flatMap((w) => w.steps);
    before(async () => {
        ({ resources } = await stackRun(FILE));
    });

    it("deploys no failover function, no probe and no subscription: the plans are the only actor on the standby", () => {
        assert.deepEqual(of("aws:lambda/function:Function"), []);
        assert.deepEqual(of("aws:scheduler/schedule:Schedule"), []);
        assert.deepEqual(of("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.protocol === "lambda"), []);
        assert.deepEqual(plans().map((p) => regionOf(p)), ["us-east-1", "us-east-1"], "plan changes go to Region switch's control plane in us-east-1");
    });

    it("the wake plan activates the standby when the primary's health-check alarm is red, at most once per configured delay", () => {
        const wake = plan("");
        assert.deepEqual([wake.inputs.recoveryApproach, wake.inputs.regions, wake.inputs.primaryRegion], ["activePassive", ["us-east-2", "us-west-2"], "us-east-2"]);
        const [trigger, ...more] = wake.inputs.triggers as Record<string, any>[];
        assert.equal(more.length, 0);
        assert.deepEqual([trigger.action, trigger.targetRegion, trigger.minDelayMinutesBetweenExecutions], ["activate", "us-west-2", 60]);
        assert.deepEqual(trigger.conditions.map((c: any) => c.condition), ["red"]);
        const alarms = from(wake, "associatedAlarms");
        assert.deepEqual(alarms.map((a) => a.name), ["global-us-east-2-unhealthy"]);
        assert.deepEqual((wake.inputs.associatedAlarms as any[]).map((a) => a.alarmType), ["trigger"]);
        // The trigger names the alarm by the associated alarm's key; both come from the same alarm.
        assert.ok(from(wake, "triggers").includes(alarms[0]));
    });

    it("its one step raises the standby's group to the primary's capacity, naming one group per region", () => {
        const wake = plan("");
        const workflows = wake.inputs.workflows as Record<string, any>[];
        assert.deepEqual(workflows.map((w) => [w.workflowTargetAction, w.workflowTargetRegion]), [["activate", "us-west-2"]]);
        const [scale, ...more] = stepsOf(wake);
        assert.equal(more.length, 0, "no approval step unless one is configured");
        assert.equal(scale.executionBlockType, "EC2AutoScaling");
        const config = scale.ec2AsgCapacityIncreaseConfigs[0];
        assert.deepEqual([config.capacityMonitoringApproach, config.targetPercent, config.timeoutMinutes], ["sampledMaxInLast24Hours", 100, 10]);
        assert.deepEqual(from(wake, "workflows").filter((r) => r.type === "aws:autoscaling/group:Group").map((g) => g.name).sort(), ["us-east-2-asg", "us-west-2-asg"]);
    });

    it("the promotion plan promotes the standby's replica once the primary has failed for the promotion wait", () => {
        const promote = plan("-promote");
        assert.deepEqual(from(promote, "associatedAlarms").map((a) => a.name), ["global-us-east-2-down-long"]);
        const [step, ...more] = stepsOf(promote);
        assert.equal(more.length, 0);
        assert.equal(step.executionBlockType, "RdsPromoteReadReplica");
        assert.deepEqual(Object.keys(step.rdsPromoteReadReplicaConfigs[0].dbInstanceArnMap), ["us-west-2"]);
        const replica = from(promote, "workflows").filter((r) => r.type === "aws:rds/instance:Instance");
        assert.deepEqual(replica.map((r) => regionOf(r)), ["us-west-2"]);
    });

    it("the execution role is Region switch's alone, may update only the standby's group and promote only the replica", () => {
        const [role] = of("aws:iam/role:Role").filter((r) => r.name === "global-rs-role");
        assert.ok(role);
        const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
        assert.deepEqual(trust.Statement.map((s: any) => s.Principal), [{ Service: REGION_SWITCH_PRINCIPAL }]);
        const policy = of("aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "global-rs-policy");
        assert.ok(policy);
        const statements = (policy.inputs.policy as { Statement: Statement[] }).Statement;
        const writes = statements.filter((s) => s.Action.some((a) => /:(Update|Promote|Modify)/.test(a)));
        assert.deepEqual(writes.map((s) => s.Sid), ["ScaleTheStandbyOnly", "PromoteTheReplicaOnly"]);
        for (const s of writes) {
            assert.ok(!s.Resource.includes("*"), `${s.Sid} on "*"`);
        }
        const asgs = from(policy, "policy").filter((r) => r.type === "aws:autoscaling/group:Group");
        assert.deepEqual(asgs.map((g) => g.name), ["us-west-2-asg"], "the primary's group is never updated");
        for (const p of plans()) {
            assert.ok(p.dependencies.includes(policy.urn), `${p.name} is evaluated before its role may act`);
            assert.ok(from(p, "executionRole").includes(role));
        }
    });
});

describe("RegionSwitchPlan (under mocks)", () => {
    it("a configured approver puts a manual approval step before the scaling, and no promotion means one plan without RDS rights", async () => {
        const recorder = useMocks();
        const provider = new aws.Provider("us-east-1", { region: "us-east-1" });
        const plan = new RegionSwitchPlan("rs", {
            primaryRegion: "us-east-2", standbyRegion: "us-west-2",
            primaryAsgArn: "arn:aws:autoscaling:us-east-2:123456789012:autoScalingGroup:1:autoScalingGroupName/p",
            standbyAsgArn: "arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:2:autoScalingGroupName/s",
            targetPercent: 50, scalingTimeoutMinutes: 12,
            wakeAlarm: { name: "wake", arn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:wake" },
            minDelayMinutesBetweenExecutions: 15, approvalRoleArn: "arn:aws:iam::123456789012:role/approver",
        }, { provider });
        await promiseOf(plan.planArn);
        await settle();
        assert.equal(plan.promotionPlanArn, undefined);
        const [p, ...more] = ofType(recorder.resources, "aws:arcregionswitch/plan:Plan");
        assert.equal(more.length, 0);
        const steps = p.inputs.workflows[0].steps;
        assert.deepEqual(steps.map((s: any) => s.executionBlockType), ["ManualApproval", "EC2AutoScaling"]);
        assert.deepEqual(steps[0].executionApprovalConfigs, [{ approvalRole: "arn:aws:iam::123456789012:role/approver", timeoutMinutes: APPROVAL_TIMEOUT_MINUTES }]);
        assert.equal(steps[1].ec2AsgCapacityIncreaseConfigs[0].targetPercent, 50);
        const [policy] = ofType(recorder.resources, "aws:iam/rolePolicy:RolePolicy");
        assert.ok(!policy.inputs.policy.Statement.some((s: any) => s.Action.some((a: string) => a.startsWith("rds:"))));
    });
});

describe("GlobalFailover with ARC Region switch in a drill (under mocks)", () => {
    it("a drill wakes the standby through the plan but creates no promotion plan: Region switch has no drill guard", async () => {
        const recorder = useMocks();
        const usEast1 = new aws.Provider("us-east-1", { region: "us-east-1" });
        const usWest2 = new aws.Provider("us-west-2", { region: "us-west-2" });
        const region = (name: string, role: "primary" | "standby") => ({
            region: name, role, albDnsName: `${name}.elb.amazonaws.com`, albZoneId: "Z35SXDOTRQ7X7K", healthCheck: { protocol: "HTTPS" as const, port: 443 },
            asgName: `${name}-asg`, asgArn: `arn:aws:autoscaling:${name}:123456789012:autoScalingGroup:1:autoScalingGroupName/${name}-asg`,
        });
        const failover = new GlobalFailover("global", {
            mode: "pilot-light", healthPath: "/health", searchString: "ok", requestInterval: 10, failureThreshold: 3,
            regions: [region("us-east-2", "primary"), region("us-west-2", "standby")],
            dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" }, drill: true,
            failover: {
                stack: "drill", recoveryWindowMinutes: 15, failoverCapacity: 2, standbyCapacity: { min: 0, desired: 0 }, logRetentionDays: 30, deletionProtection: false,
                replica: { identifier: "replica", arn: "arn:aws:rds:us-west-2:123456789012:db:replica", autoPromote: true, autoPromoteAfterMinutes: 10 },
            },
            regionSwitch: { minDelayMinutesBetweenExecutions: 30, targetPercent: 100, scalingTimeoutMinutes: 10 },
        }, { providers: { "us-east-1": usEast1, "us-west-2": usWest2 } });
        await promiseOf(failover.topicArn);
        await settle();
        assert.deepEqual(ofType(recorder.resources, "aws:arcregionswitch/plan:Plan").map((p) => p.name), ["global-rs"]);
        assert.deepEqual(ofType(recorder.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.endsWith("-down-long")), []);
        assert.deepEqual(ofType(recorder.resources, "aws:lambda/function:Function"), []);
        assert.equal(failover.regionSwitchPlanArns?.length, 1);
    });
});
