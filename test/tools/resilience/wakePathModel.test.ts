/**
 * How the model reads the paths that wake a standby (readTopology's wakePaths), over small synthetic
 * stacks: an alarm through a topic to a function, an EventBridge rule or schedule, an ARC Region switch
 * plan; what each detects, what it wakes and reaches, and which replicas it may promote.
 */
import * as assert from "node:assert/strict";
import type { ModelResource } from "../../../tools/resilience/graph";
import { readTopology, type WakePath } from "../../../tools/resilience/topology";
import { Stack, twoRegionStack, UNKNOWN } from "./synthetic";

const names = (rs: readonly ModelResource[] | undefined): string[] => (rs ?? []).map((r) => r.name);
const resource = (s: Stack, name: string): ModelResource => {
    const r = s.resources.find((x) => x.name === name);
    assert.ok(r, `no ${name}`);
    return r;
};
const paths = (s: Stack): WakePath[] => readTopology(s.resources).wakePaths;
const summary = (p: WakePath): Record<string, unknown> => ({
    fn: p.fn.name, engine: p.engine, trigger: p.trigger, detects: p.detects, wakes: names(p.wakes), chain: names(p.chain), reaches: names(p.reaches), promotes: names(p.promotes),
});
const drop = (s: Stack, ...n: string[]): void => {
    for (const x of n) s.resources.splice(s.resources.findIndex((r) => r.name === x), 1);
};

/** The pilot light without its function path, a Region switch plan in its place (inputs and dependencies overridable). */
function withPlan(inputs: Record<string, unknown>, deps: Record<string, string[]> = { workflows: ["us-east-1-asg", "us-west-2-asg"], associatedAlarms: ["unhealthy"] }): Stack {
    const s = twoRegionStack();
    drop(s, "fn-sub");
    s.add("aws:arcregionswitch/plan:Plan", "rs", "us-east-1", { triggers: [{ action: "activate" }], ...inputs }, deps);
    return s;
}
const steps = (...blocks: string[]): { executionBlockType: string }[] => blocks.map((executionBlockType) => ({ executionBlockType }));

describe("resilience model: reading the wake paths", () => {
    it("an alarm on a health check, its topic, key and subscription wake the group the function names; the rest it names it reaches", () => {
        const s = twoRegionStack();
        s.add("aws:dynamodb/table:Table", "state", "us-east-1");
        resource(s, "fn").propertyDependencies.environment?.push(resource(s, "state").urn);
        assert.deepEqual(paths(s).map(summary), [{
            fn: "fn", engine: "function", trigger: "alarm", detects: ["us-west-2"], wakes: ["us-east-1-asg"],
            chain: ["unhealthy", "alarms-topic", "alarms-key", "fn-sub", "fn"], reaches: ["alarms-topic", "state"], promotes: [],
        }]);
    });

    it("an alarm watches the region of the load balancer, target group or group it names, not of its topic", () => {
        const s = twoRegionStack();
        const alarm = resource(s, "unhealthy");
        alarm.inputs = { metricName: "UnHealthyHostCount", comparisonOperator: "GreaterThanThreshold" };
        alarm.propertyDependencies = { dimensions: [resource(s, "us-west-2-tg").urn, resource(s, "us-west-2-asg").urn], alarmActions: [resource(s, "alarms-topic").urn] };
        assert.deepEqual(paths(s)[0]?.detects, ["us-west-2"]);
    });

    it("an alarm for a health check's recovery wakes nothing; other metrics fire on failure whatever their comparison", () => {
        const s = twoRegionStack();
        resource(s, "unhealthy").inputs = { metricName: "HealthCheckStatus", comparisonOperator: "GreaterThanOrEqualToThreshold", threshold: 1 };
        assert.deepEqual(paths(s), []);
        resource(s, "unhealthy").inputs = { metricName: "HealthCheckStatus" };
        assert.deepEqual(paths(s), []);
        resource(s, "unhealthy").inputs = { metricName: "HealthCheckPercentageHealthy", comparisonOperator: "GreaterThanThreshold" };
        assert.equal(paths(s).length, 1);
    });

    it("a topic an alarm notifies only when it returns to OK or lacks data wakes nothing", () => {
        const s = twoRegionStack();
        const alarm = resource(s, "unhealthy");
        alarm.propertyDependencies = { dimensions: alarm.propertyDependencies.dimensions ?? [], okActions: [resource(s, "alarms-topic").urn] };
        assert.deepEqual(paths(s), []);
    });

    it("a function reached by no subscription, rule or schedule is no wake path; one that names no group is not read at all", () => {
        const s = twoRegionStack();
        drop(s, "fn-sub");
        s.add("aws:lambda/function:Function", "other", "us-east-1", {}, { role: ["fn-role"] });
        s.add("aws:sns/topicSubscription:TopicSubscription", "other-sub", "us-east-1", { protocol: "lambda" }, { topic: ["alarms-topic"], endpoint: ["other"] });
        // An e-mail subscription whose filter policy names the function (its messages only) does not invoke it.
        s.add("aws:sns/topicSubscription:TopicSubscription", "ops-mail", "us-east-1", { protocol: "email" }, { topic: ["alarms-topic"], filterPolicy: ["fn"] });
        assert.deepEqual(paths(s), []);
    });

    it("only the function's own role grants promotion, and only a target invoking the function makes a rule its trigger", () => {
        const s = twoRegionStack();
        s.add("aws:iam/role:Role", "ops-role", "us-east-1");
        s.add("aws:rds/instance:Instance", "replica", "us-east-1", { replicateSourceDb: UNKNOWN });
        s.add("aws:iam/rolePolicy:RolePolicy", "ops-promote", "us-east-1", { policy: { Statement: [{ Effect: "Allow", Action: "rds:PromoteReadReplica" }] } },
            { role: ["ops-role"], policy: ["replica", "fn-role"] });
        // The function is told the other role's ARN (to assume it, say), whose policy names the function's role: neither makes it the function's.
        resource(s, "fn").propertyDependencies.environment?.push(resource(s, "ops-role").urn);
        s.add("aws:sfn/stateMachine:StateMachine", "runbook", "us-east-1");
        s.add("aws:cloudwatch/eventRule:EventRule", "nightly", "us-east-1", { scheduleExpression: "cron(0 3 * * ? *)" });
        s.add("aws:cloudwatch/eventTarget:EventTarget", "to-runbook", "us-east-1", {}, { rule: ["nightly"], arn: ["runbook"], input: ["fn"] });
        assert.deepEqual(paths(s).map((p) => [p.trigger, names(p.promotes)]), [["alarm", []]]);
    });

    it("a scheduled rule probes on its own; a rule on events detects no region", () => {
        const s = twoRegionStack();
        drop(s, "fn-sub");
        s.add("aws:cloudwatch/eventRule:EventRule", "every-minute", "us-east-1", { scheduleExpression: "rate(1 minute)" });
        s.add("aws:cloudwatch/eventTarget:EventTarget", "to-fn", "us-east-1", {}, { rule: ["every-minute"], arn: ["fn"] });
        s.add("aws:cloudwatch/eventRule:EventRule", "on-event", "us-east-1", { eventPattern: "{}", scheduleExpression: UNKNOWN });
        s.add("aws:cloudwatch/eventTarget:EventTarget", "to-fn-2", "us-east-1", {}, { rule: ["on-event"], arn: ["fn"] });
        s.add("aws:scheduler/schedule:Schedule", "sched", "us-east-1", { scheduleExpression: "rate(5 minutes)" }, { target: ["fn"] });
        assert.deepEqual(paths(s).map((p) => [p.engine, p.trigger, p.detects, names(p.chain)]), [
            ["function", "schedule", undefined, ["every-minute", "to-fn", "fn"]],
            ["function", "alarm", [], ["on-event", "to-fn-2", "fn"]],
            ["function", "schedule", undefined, ["sched", "fn"]],
        ]);
    });

    it("a function may promote the replicas its role's policies allow rds:PromoteReadReplica on, in any spelling of the document", () => {
        const promotes = (policy: unknown, effect = "Allow"): string[] => {
            const s = twoRegionStack();
            s.add("aws:rds/instance:Instance", "replica", "us-east-1", { replicateSourceDb: UNKNOWN });
            s.add("aws:iam/rolePolicy:RolePolicy", "fn-policy", "us-east-1", { policy: typeof policy === "function" ? (policy as (e: string) => unknown)(effect) : policy },
                { role: ["fn-role"], policy: ["replica"] });
            return names(paths(s)[0]?.promotes);
        };
        const statement = (effect: string, action: unknown): unknown => ({ Effect: effect, Action: action });
        assert.deepEqual(promotes({ Statement: [statement("Allow", "rds:PromoteReadReplica")] }), ["replica"]);
        assert.deepEqual(promotes({ Statement: statement("Allow", ["rds:DescribeDBInstances", "rds:PromoteReadReplica"]) }), ["replica"]);
        assert.deepEqual(promotes(JSON.stringify({ Statement: [statement("Allow", "rds:DescribeDBInstances"), statement("Allow", "rds:PromoteReadReplica")] })), ["replica"]);
        assert.deepEqual(promotes({ Statement: [statement("Deny", "rds:PromoteReadReplica")] }), []);
        assert.deepEqual(promotes("{not json"), []);
        assert.deepEqual(promotes(UNKNOWN), []);
        assert.deepEqual(promotes({}), []);
    });

    it("a Region switch plan raises the group of the region its workflow activates, from its failure alarms, with or without approval", () => {
        const s = withPlan({ workflows: [{ workflowTargetRegion: "us-east-1", steps: steps("ManualApproval", "EC2AutoScaling") }] });
        assert.deepEqual(paths(s).map((p) => [p.fn.name, p.engine, p.approval, p.trigger, p.detects, names(p.wakes), names(p.chain), names(p.promotes), names(p.reaches)]),
            [["rs", "arc-region-switch", true, "alarm", ["us-west-2"], ["us-east-1-asg"], ["unhealthy", "rs"], [], []]]);
        // A second workflow activating us-west-2 with no scaling step of its own raises nothing there.
        const two = withPlan({ workflows: [{ workflowTargetRegion: "us-east-1", steps: steps("EC2AutoScaling") }, { workflowTargetRegion: "us-west-2", steps: steps("ManualApproval") }] });
        assert.deepEqual(names(paths(two)[0]?.wakes), ["us-east-1-asg"]);
        const noApproval = withPlan({ workflows: [{ workflowTargetRegion: "us-east-1", steps: steps("EC2AutoScaling") }] });
        assert.equal(paths(noApproval)[0]?.approval, false);
    });

    it("a workflow without a target region raises every group it names; steps nested in a parallel block count", () => {
        const s = withPlan({ workflows: [{ steps: [{ executionBlockType: "Parallel", parallelConfigs: [{ steps: steps("EC2AutoScaling") }] }] }] },
            { workflows: ["us-east-1-asg", "us-west-2-asg", "alarms-topic"], associatedAlarms: ["unhealthy"] });
        assert.deepEqual(names(paths(s)[0]?.wakes), ["us-east-1-asg", "us-west-2-asg"]);
    });

    it("a plan's RDS step promotes the replicas it names; a plan with neither step, no trigger or only recovery alarms is no path", () => {
        const promote = (blocks: string[], extra: Record<string, unknown> = {}): WakePath[] => {
            const s = withPlan({ workflows: [{ workflowTargetRegion: "us-east-1", steps: steps(...blocks) }], ...extra },
                { workflows: ["us-east-1-asg"], associatedAlarms: ["unhealthy"] });
            s.add("aws:rds/instance:Instance", "replica", "us-east-1", { replicateSourceDb: UNKNOWN });
            // The plan names the replica: re-point it now that the replica exists.
            resource(s, "rs").propertyDependencies.workflows = [resource(s, "us-east-1-asg").urn, resource(s, "replica").urn];
            return paths(s);
        };
        assert.deepEqual(promote(["RdsPromoteReadReplica"]).map((p) => [names(p.wakes), names(p.promotes)]), [[[], ["replica"]]]);
        assert.deepEqual(promote(["EC2AutoScaling"]).map((p) => [names(p.wakes), names(p.promotes)]), [[["us-east-1-asg"], []]]);
        assert.deepEqual(promote(["EC2AutoScaling", "RdsPromoteReadReplica"]).map((p) => [names(p.wakes), names(p.promotes)]), [[["us-east-1-asg"], ["replica"]]]);
        assert.deepEqual(promote(["ManualApproval"]), []);
        assert.deepEqual(promote(["EC2AutoScaling"], { triggers: [] }), []);
        assert.deepEqual(promote(["EC2AutoScaling"], { triggers: undefined }), []);
        const recovery = withPlan({ workflows: [{ workflowTargetRegion: "us-east-1", steps: steps("EC2AutoScaling") }] });
        resource(recovery, "unhealthy").inputs = { metricName: "HealthCheckStatus", comparisonOperator: "GreaterThanThreshold" };
        assert.deepEqual(paths(recovery), []);
    });

    it("the groups a path wakes are not serving; the others with capacity are", () => {
        const t = readTopology(twoRegionStack({ standbyDesired: 1, records: false }).resources);
        assert.deepEqual(t.tiers.map((x) => x.serving), [true, false]);
    });
});
