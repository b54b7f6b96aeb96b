import { strict as assert } from "assert";
import * as path from "path";
import { FAILOVER_ENV, PROBE_ENV, STATE_ITEM_KEY, UNKNOWN_ALARM_METRIC } from "../../functions/shared/contract";
import { parseSettings as parseFailoverSettings } from "../../functions/failover/settings";
import { parseSettings as parseProbeSettings } from "../../functions/probe/settings";
import type { RecordedResource } from "../../tools/engine/recorded";
import { ofType, policyDocument, providerRegion, readStackConfig, Recorded, ROOT, runProgram, withConfig } from "../mocks";

const PROD = readStackConfig(path.join(ROOT, "Pulumi.prod.yaml"));
const DNS = { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" };

type Statement = { Sid?: string; Action: string | string[]; Resource: string | string[]; Principal?: any; Condition?: any };

/**
 * A function's deployed environment with the mock engine's ARNs (arn:aws:mock:<region>:<account>:<Type>/<name>)
 * rewritten to the real form of their service, so the function's own settings parser can judge it.
 */
function deployedEnv(resources: Recorded[], functionName: string): Record<string, string> {
    const fn = ofType(resources, "aws:lambda/function:Function").find((f) => f.name === functionName);
    assert.ok(fn, `no function ${functionName}`);
    const real = (value: string) => value
        .replace(/^arn:aws:mock:([^:]+):(\d{12}):MetricAlarm\/(.+)$/, "arn:aws:cloudwatch:$1:$2:alarm:$3")
        .replace(/^arn:aws:mock:([^:]+):(\d{12}):Topic\/(.+)$/, "arn:aws:sns:$1:$2:$3");
    return Object.fromEntries(Object.entries(fn.inputs.environment.variables as Record<string, string>).map(([k, v]) => [k, real(String(v))]));
}

function policyOf(resources: Recorded[], name: string): { Statement: Statement[] } {
    const rp = resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === name);
    assert.ok(rp, `no role policy ${name}`);
    return policyDocument(rp.inputs.policy);
}

describe("GlobalFailover (prod: pilot-light us-west-2 -> us-east-1, with DNS)", () => {
    let resources: Recorded[];
    let records: RecordedResource[];
    before(async () => {
        ({ resources, records } = await runProgram(withConfig(PROD, { dns: DNS, failover: { healthCheckInterval: 30, failureThreshold: 2, recoveryWindowMinutes: 20, notificationEmail: "ops@example.com" } }), "prod"));
    });

    it("each region must get a string-match health check on the app's health path, HTTPS once a certificate exists", () => {
        const checks = ofType(resources, "aws:route53/healthCheck:HealthCheck").filter((c) => c.inputs.fqdn !== undefined);
        assert.deepEqual(checks.map((c) => c.inputs.fqdn).sort(), ["us-east-1-alb.us-east-1.elb.amazonaws.com", "us-west-2-alb.us-west-2.elb.amazonaws.com"]);
        for (const c of checks) {
            assert.equal(c.inputs.type, "HTTPS_STR_MATCH");
            assert.equal(c.inputs.port, 443);
            assert.equal(c.inputs.resourcePath, "/health");
            assert.equal(c.inputs.searchString, "ha-web-tier: healthy");
            assert.equal(c.inputs.requestInterval, 30);
            assert.equal(c.inputs.failureThreshold, 2);
            assert.equal(c.inputs.invertHealthcheck, false);
        }
    });

    it("the records must fail over PRIMARY -> SECONDARY, each an alias with target health and its own check", () => {
        const checks = new Map(ofType(resources, "aws:route53/healthCheck:HealthCheck").map((c) => [c.name, c.id]));
        const records = ofType(resources, "aws:route53/record:Record").filter((r) => r.name.startsWith("global-"));
        assert.deepEqual(records.map((r) => [r.inputs.setIdentifier, r.inputs.failoverRoutingPolicies[0].type]).sort(), [["us-east-1", "SECONDARY"], ["us-west-2", "PRIMARY"]]);
        for (const r of records) {
            assert.equal(r.inputs.name, "app.example.com");
            assert.equal(r.inputs.zoneId, "Z123EXAMPLE");
            // The primary's record carries the manual switch's calculated check: its endpoint check and the hold.
            const own = r.inputs.failoverRoutingPolicies[0].type === "PRIMARY" ? `global-${r.inputs.setIdentifier}-routing` : `global-${r.inputs.setIdentifier}`;
            assert.equal(r.inputs.healthCheckId, checks.get(own));
            assert.equal(r.inputs.aliases[0].evaluateTargetHealth, true);
            assert.equal(r.inputs.aliases[0].name, `${r.inputs.setIdentifier}-alb.${r.inputs.setIdentifier}.elb.amazonaws.com`);
        }
    });

    it("the alarms and their topic must be created in us-east-1, and the topic encrypted with a key CloudWatch may use", () => {
        const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/Route53");
        assert.equal(alarms.length, 2);
        const topic = resources.find((r) => r.name === "global-alarms-topic")!;
        const key = resources.find((r) => r.name === "global-alarms-key")!;
        for (const r of [...alarms, topic, key]) {
            assert.equal(providerRegion(resources, r), "us-east-1", `${r.name} is not in us-east-1`);
        }
        assert.equal(topic.inputs.kmsMasterKeyId, "arn:aws:mock:us-east-1:123456789012:Key/global-alarms-key");
        const kmsPolicy = JSON.parse(key.inputs.policy);
        assert.ok(kmsPolicy.Statement.some((s: any) => s.Principal.Service === "cloudwatch.amazonaws.com" && s.Action.includes("kms:GenerateDataKey*")));
        const checkId = ofType(resources, "aws:route53/healthCheck:HealthCheck").find((c) => c.name === "global-us-west-2")!.id;
        for (const a of alarms) {
            assert.equal(a.inputs.metricName, "HealthCheckStatus");
            assert.equal(a.inputs.dimensions.HealthCheckId, checkId);
            assert.deepEqual(a.inputs.alarmActions, ["arn:aws:mock:us-east-1:123456789012:Topic/global-alarms-topic"]);
        }
    });

    it("a failing or stuck failover function, or a message from an unknown alarm, must raise an alarm in the standby region, on an encrypted topic there", () => {
        const names = ["global-fn-dead-letters", "global-fn-errors", "global-fn-unknown-alarms"];
        const alarms = names.map((n) => resources.find((r) => r.name === n && r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")!);
        assert.deepEqual(alarms.map((a) => [a.inputs.namespace, a.inputs.metricName]), [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible"], ["AWS/Lambda", "Errors"], ["ha-web-tier/prod", UNKNOWN_ALARM_METRIC],
        ]);
        const opsTopic = resources.find((r) => r.name === "global-fn-ops-topic")!;
        assert.equal(opsTopic.inputs.kmsMasterKeyId, "arn:aws:mock:us-east-1:123456789012:Key/global-fn-ops-key");
        for (const a of [...alarms, opsTopic]) {
            assert.equal(providerRegion(resources, a), "us-east-1", `${a.name} is not in the standby region`);
        }
        assert.ok(alarms.every((a) => a.inputs.alarmActions[0] === "arn:aws:mock:us-east-1:123456789012:Topic/global-fn-ops-topic"));
        // Region alarms have their own subscriptions; these are the failover path's.
        const emails = ofType(resources, "aws:sns/topicSubscription:TopicSubscription")
            .filter((s) => s.inputs.protocol === "email" && (s.name.startsWith("global-") || s.name.startsWith("probe-")));
        assert.deepEqual(emails.map((e) => e.inputs.topic).sort(), ["global-alarms-topic", "global-fn-ops-topic", "probe-notify-topic"].map((t) => `arn:aws:mock:us-east-1:123456789012:Topic/${t}`),
            "the e-mail address must hear of the failover, the function's own failures and the probe's wakes");
    });

    it("the unknown-alarm metric must count the function's own marked log lines, in its log group", () => {
        const filter = ofType(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter")[0];
        assert.equal(filter.inputs.logGroupName, "global-fn-logs");
        assert.equal(filter.inputs.pattern, '{ $.failoverEvent = "unknown-alarm" }');
        assert.deepEqual(filter.inputs.metricTransformation, { namespace: "ha-web-tier/prod", name: UNKNOWN_ALARM_METRIC, value: "1" });
        assert.equal(providerRegion(resources, filter), "us-east-1");
    });

    it("each topic must admit only CloudWatch alarms of this account and region, and the alarm topic the function's role too", () => {
        const topics = ofType(resources, "aws:sns/topic:Topic");
        const policies = ofType(resources, "aws:sns/topicPolicy:TopicPolicy");
        const topicArn = (t: Recorded) => `arn:aws:mock:${providerRegion(resources, t) ?? "us-east-1"}:123456789012:Topic/${t.name}`;
        assert.deepEqual(policies.map((p) => p.inputs.arn).sort(), topics.map(topicArn).sort(), "every topic needs exactly one policy");
        const role = resources.find((r) => r.name === "global-fn-role")!;
        for (const p of policies) {
            const doc = policyDocument(p.inputs.policy) as { Statement: Statement[] };
            const [cw, ...rest] = doc.Statement;
            assert.deepEqual(cw.Principal, { Service: "cloudwatch.amazonaws.com" });
            assert.equal(cw.Action, "sns:Publish");
            assert.equal(cw.Resource, p.inputs.arn);
            // Alarms publish only to topics in their own region: the topic's region is the alarms'.
            assert.deepEqual(cw.Condition, {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${String(p.inputs.arn).split(":")[3]}:123456789012:alarm:*` },
            });
            // The probe publishes its wakes to its own topic.
            const expectedRoles = p.name === "global-alarms-policy" ? [[`arn:aws:mock:us-east-1:123456789012:Role/${role.name}`]]
                : p.name === "probe-notify-policy" ? [["arn:aws:mock:us-east-1:123456789012:Role/probe-role"]] : [];
            assert.deepEqual(rest.map((st) => st.Principal.AWS), expectedRoles, p.name);
            assert.ok(rest.every((st) => st.Action === "sns:Publish" && !st.Condition));
        }
    });

    it("the state table must live in the standby region, with point-in-time recovery, a customer-managed key and deletion protection", () => {
        const table = ofType(resources, "aws:dynamodb/table:Table")[0];
        const key = resources.find((r) => r.name === "global-fn-state-key")!;
        assert.equal(providerRegion(resources, table), "us-east-1");
        assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
        assert.deepEqual(table.inputs.serverSideEncryption, { enabled: true, kmsKeyArn: "arn:aws:mock:us-east-1:123456789012:Key/global-fn-state-key" });
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(table.inputs.deletionProtectionEnabled, true);
        assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST");
        assert.equal(ofType(resources, "aws:dynamodb/tableItem:TableItem").length, 0, "pulumi up must never write the function's state");
    });

    it("the function's role may only get and put its one state item, and use the table's key only through DynamoDB", () => {
        const doc = policyOf(resources, "global-fn-policy");
        const dynamo = doc.Statement.filter((st) => ([] as string[]).concat(st.Action).some((a) => a.startsWith("dynamodb:")));
        assert.equal(dynamo.length, 1);
        assert.deepEqual(dynamo[0].Action, ["dynamodb:GetItem", "dynamodb:PutItem"]);
        assert.deepEqual(dynamo[0].Resource, ["arn:aws:mock:us-east-1:123456789012:Table/global-fn-state"]);
        assert.deepEqual(dynamo[0].Condition, { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [STATE_ITEM_KEY] } });
        const kms = doc.Statement.filter((st) => ([] as string[]).concat(st.Resource).includes("arn:aws:mock:us-east-1:123456789012:Key/global-fn-state-key"));
        assert.equal(kms.length, 1);
        assert.deepEqual(kms[0].Condition, { StringEquals: { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com" } });
        assert.ok(([] as string[]).concat(kms[0].Action).every((a) => a.startsWith("kms:") && !/Create|Delete|Put|Schedule|Disable/.test(a)));
    });

    it("pulumi up must leave the standby's minimum and desired capacity to the failover function, and the primary's minimum to config", () => {
        const ignored = (name: string) => records.find((r) => r.name === name)!.options.ignoreChanges.slice().sort();
        assert.deepEqual(ignored("us-east-1-asg"), ["desiredCapacity", "minSize"]);
        assert.deepEqual(ignored("us-west-2-asg"), ["desiredCapacity"]);
    });

    it("the failover function must not be created before its role may write to the dead-letter queue", () => {
        const fn = records.find((r) => r.type === "aws:lambda/function:Function" && r.name === "global-fn")!;
        const policy = records.find((r) => r.name === "global-fn-policy")!;
        assert.ok(fn.dependencies.includes(policy.urn));
    });

    it("the wake alarm must notify on ALARM and OK, the recovery alarm only after the primary has been healthy for the whole window", () => {
        const wake = resources.find((r) => r.name === "global-us-west-2-unhealthy")!;
        assert.equal(wake.inputs.comparisonOperator, "LessThanThreshold");
        assert.equal(wake.inputs.okActions.length, 1);
        const recovery = resources.find((r) => r.name === "global-us-west-2-recovered")!;
        assert.equal(recovery.inputs.comparisonOperator, "GreaterThanOrEqualToThreshold");
        assert.equal(recovery.inputs.evaluationPeriods * recovery.inputs.period, 20 * 60);
        assert.equal(recovery.inputs.datapointsToAlarm, 20);
        assert.equal(recovery.inputs.okActions, undefined);
    });

    it("the failover function must live in the standby region, with a dead-letter queue and no reserved concurrency by default", () => {
        const fn = ofType(resources, "aws:lambda/function:Function").find((f) => f.name === "global-fn")!;
        assert.equal(providerRegion(resources, fn), "us-east-1");
        assert.equal(fn.inputs.runtime, "nodejs24.x");
        assert.equal(fn.inputs.reservedConcurrentExecutions, undefined);
        const dlq = ofType(resources, "aws:sqs/queue:Queue")[0];
        assert.equal(providerRegion(resources, dlq), "us-east-1");
        assert.equal(fn.inputs.deadLetterConfig.targetArn, `arn:aws:mock:us-east-1:123456789012:Queue/${dlq.name}`);
        const env = fn.inputs.environment.variables;
        assert.equal(env.STANDBY_ASG_NAME, "us-east-1-asg");
        assert.equal(env.FAILOVER_DESIRED_CAPACITY, "2");
        assert.equal(env.STANDBY_DESIRED_CAPACITY, "0");
        assert.equal(env.MODE, "pilot-light");
        assert.equal(env.WAKE_ALARM_NAME, "global-us-west-2-unhealthy");
        assert.equal(env.WAKE_ALARM_ARN, "arn:aws:mock:us-east-1:123456789012:MetricAlarm/global-us-west-2-unhealthy");
        assert.equal(env.RECOVERY_ALARM_NAME, "global-us-west-2-recovered");
        assert.equal(env.RECOVERY_ALARM_ARN, "arn:aws:mock:us-east-1:123456789012:MetricAlarm/global-us-west-2-recovered");
        assert.equal(env.STATE_TABLE_NAME, "global-fn-state");
        assert.deepEqual([env.DRILL, env.AUTO_PROMOTE, env.PROMOTE_ALARM_ARN], ["false", "false", ""]);
        assert.ok(!Object.values(env).some((v) => String(v).includes("us-west-2-asg")), "the function must not know the primary ASG");
    });

    it("each function must accept the environment it is deployed with: every variable it reads is set, and consistently", () => {
        const failover = parseFailoverSettings(deployedEnv(resources, "global-fn"));
        assert.deepEqual([failover.primaryRegion, failover.standbyRegion, failover.wakeAlarmRegion, failover.notifyTopicRegion, failover.recoveryWindowMinutes],
            ["us-west-2", "us-east-1", "us-east-1", "us-east-1", 20]);
        const probe = parseProbeSettings(deployedEnv(resources, "probe"));
        assert.deepEqual([probe.primaryRegion, probe.standbyRegion, probe.standbyAsgName, probe.failureThreshold], ["us-west-2", "us-east-1", "us-east-1-asg", 2]);
    });

    it("the function's role may only update the standby ASG, and may use * only to read groups", () => {
        const doc = policyOf(resources, "global-fn-policy");
        const asgArn = "arn:aws:mock:us-east-1:123456789012:Group/us-east-1-asg";
        for (const s of doc.Statement) {
            const resourcesOf = ([] as string[]).concat(s.Resource);
            const actions = ([] as string[]).concat(s.Action);
            if (resourcesOf.includes("*")) {
                // Reads that support no resource-level permissions, and the hold metric held to its namespace.
                const allowed = [["autoscaling:DescribeAutoScalingGroups"], ["autoscaling:DescribeScalingActivities"], ["cloudwatch:GetMetricData"]];
                const namespaced = actions.join() === "cloudwatch:PutMetricData" && s.Condition?.StringEquals?.["cloudwatch:namespace"] === "ha-web-tier/prod";
                assert.ok(namespaced || allowed.some((a) => a.join() === actions.join()), `statement ${JSON.stringify(s)} uses *`);
            } else if (actions.some((a) => a.startsWith("autoscaling:"))) {
                assert.deepEqual([actions, resourcesOf], [["autoscaling:UpdateAutoScalingGroup"], [asgArn]]);
            }
        }
        assert.ok(doc.Statement.some((s) => ([] as string[]).concat(s.Action).includes("autoscaling:UpdateAutoScalingGroup")));
        const describe = doc.Statement.find((s) => ([] as string[]).concat(s.Action).includes("cloudwatch:DescribeAlarms"))!;
        assert.deepEqual(describe.Resource, ["arn:aws:mock:us-east-1:123456789012:MetricAlarm/global-us-west-2-unhealthy"]);
    });

    it("the function must be subscribed to the topic in us-east-1, without receiving its own notifications", () => {
        const subs = ofType(resources, "aws:sns/topicSubscription:TopicSubscription");
        const lambdaSub = subs.find((s) => s.inputs.protocol === "lambda")!;
        assert.equal(providerRegion(resources, lambdaSub), "us-east-1");
        assert.deepEqual(JSON.parse(lambdaSub.inputs.filterPolicy), { source: [{ exists: false }] });
        assert.equal(subs.find((s) => s.inputs.protocol === "email")?.inputs.endpoint, "ops@example.com");
        const perm = ofType(resources, "aws:lambda/permission:Permission")[0];
        assert.equal(perm.inputs.principal, "sns.amazonaws.com");
        assert.ok(perm.inputs.sourceArn.includes("Topic/global-alarms"));
    });


    it("the manual switch needs no deploy, no Route 53 API and nothing in the primary's region: a metric alarm in the standby region behind the primary record's check", () => {
        const check = (name: string) => ofType(resources, "aws:route53/healthCheck:HealthCheck").find((c) => c.name === name)!;
        const [routing, endpoint, sw] = [check("global-us-west-2-routing"), check("global-us-west-2"), check("global-switch")];
        assert.equal(routing.inputs.type, "CALCULATED");
        assert.equal(routing.inputs.childHealthThreshold, 2);
        assert.deepEqual(routing.inputs.childHealthchecks, [endpoint.id, sw.id]);
        const alarm = resources.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name === "global-held")!;
        assert.deepEqual([sw.inputs.type, sw.inputs.cloudwatchAlarmRegion, sw.inputs.insufficientDataHealthStatus], ["CLOUDWATCH_METRIC", "us-east-1", "LastKnownStatus"]);
        assert.equal(providerRegion(resources, alarm), "us-east-1", "the hold alarm is not in the standby region");
        assert.deepEqual([alarm.inputs.namespace, alarm.inputs.metricName, alarm.inputs.period, alarm.inputs.statistic, alarm.inputs.treatMissingData], ["ha-web-tier/prod", "PrimaryHeld", 60, "Maximum", "ignore"]);
        const param = records.find((r) => r.type === "aws:ssm/parameter:Parameter" && r.name === "global-held")!;
        const value = param.inputs.value;
        // The provider marks a parameter's value secret; the engine records it signature-tagged.
        assert.equal(typeof value === "object" && value !== null ? (value as { value?: string }).value : value, "false");
        assert.deepEqual([param.inputs.name, param.options.ignoreChanges], ["/ha-web-tier/prod/primary-held", ["value"]]);
        const schedule = ofType(resources, "aws:scheduler/schedule:Schedule").find((x) => x.name === "global-fn-reconcile")!;
        assert.deepEqual([schedule.inputs.scheduleExpression, JSON.parse(schedule.inputs.target.input)], ["rate(5 minutes)", { "ha-web-tier": "reconcile" }]);
        assert.equal(providerRegion(resources, schedule), "us-east-1");
    });

    it("the failover function's environment is exactly the contract both it and its component are typed by", () => {
        const env = ofType(resources, "aws:lambda/function:Function").find((f) => f.name === "global-fn")!.inputs.environment.variables as Record<string, string>;
        assert.deepEqual(Object.keys(env).sort(), [...FAILOVER_ENV, "POWERTOOLS_SERVICE_NAME"].sort());
        const probe = ofType(resources, "aws:lambda/function:Function").find((f) => f.name === "probe")!.inputs.environment.variables as Record<string, string>;
        assert.deepEqual(Object.keys(probe).sort(), [...PROBE_ENV, "POWERTOOLS_SERVICE_NAME"].sort());
        assert.deepEqual([env.FAILBACK, env.HOLD_REGION, env.RECONCILE_HOLD_MINUTES], ["automatic", "us-east-1", "20"]);
    });

    it("the primary's Route 53 check must be created only once the primary group serves, so a first deploy wakes nothing", () => {
        const asg = records.find((r) => r.type === "aws:autoscaling/group:Group" && r.name === "us-west-2-asg");
        const check = records.find((r) => r.type === "aws:route53/healthCheck:HealthCheck" && r.name === "global-us-west-2");
        assert.ok(asg && check);
        // Group creation waits for this many instances healthy in the target group (minElbCapacity).
        assert.equal(asg.inputs.minElbCapacity, 2);
        assert.ok(check.dependencies.includes(asg.urn), "the primary's health check does not wait for the primary to serve");
        // A standby resting at 0 has nothing to wait for.
        const standby = records.find((r) => r.type === "aws:autoscaling/group:Group" && r.name === "us-east-1-asg");
        assert.equal(standby?.inputs.minElbCapacity, undefined);
    });

    it("no alarm on a Route 53 check may treat missing data as evidence: a metrics gap neither wakes, promotes nor counts as healthy", () => {
        const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/Route53");
        assert.ok(alarms.length >= 2);
        for (const a of alarms) {
            assert.equal(a.inputs.treatMissingData, "ignore", `${a.name} treats missing data as ${a.inputs.treatMissingData}`);
        }
    });
});

describe("GlobalFailover (other modes and switches)", () => {
    it("the drill switch must invert only the primary's health check, and tell the function it is a drill", async () => {
        const { resources } = await runProgram(withConfig(PROD, { failover: { drill: true, notificationEmail: "ops@example.com" } }));
        const checks = ofType(resources, "aws:route53/healthCheck:HealthCheck").filter((c) => c.inputs.fqdn !== undefined);
        assert.deepEqual(checks.map((c) => [c.name, c.inputs.invertHealthcheck]).sort(), [["global-us-east-1", false], ["global-us-west-2", true]]);
        assert.equal(ofType(resources, "aws:lambda/function:Function").find((f) => f.name === "global-fn")!.inputs.environment.variables.DRILL, "true");
    });

    it("reserved concurrency, when configured, and deletionProtection false must reach the function and the state table", async () => {
        const { resources } = await runProgram(withConfig(PROD, { failover: { reservedConcurrency: 2, notificationEmail: "ops@example.com" }, deletionProtection: false }));
        assert.equal(ofType(resources, "aws:lambda/function:Function").find((f) => f.name === "global-fn")!.inputs.reservedConcurrentExecutions, 2);
        assert.equal(ofType(resources, "aws:dynamodb/table:Table")[0].inputs.deletionProtectionEnabled, false);
    });

    it("active-active without DNS must get health checks but no records, HTTP checks on port 80, and no probe", async () => {
        const cfg = readStackConfig(path.join(ROOT, "examples/active-active.yaml"));
        delete cfg["ha-web-tier:dns"];
        const { resources, outputs } = await runProgram(cfg);
        assert.equal(ofType(resources, "aws:route53/record:Record").length, 0);
        const checks = ofType(resources, "aws:route53/healthCheck:HealthCheck");
        assert.ok(checks.length === 3 && checks.every((c) => c.inputs.type === "HTTP_STR_MATCH" && c.inputs.port === 80));
        assert.equal(outputs.serviceUrl, "http://us-west-2-alb.us-west-2.elb.amazonaws.com");
        assert.equal(ofType(resources, "aws:lambda/function:Function").length, 0);
    });

    it("active-active must use latency records for every region and deploy no failover function", async () => {
        const cfg = withConfig(readStackConfig(path.join(ROOT, "examples/active-active.yaml")), { dns: DNS });
        const { resources } = await runProgram(cfg);
        const records = ofType(resources, "aws:route53/record:Record").filter((r) => r.name.startsWith("global-"));
        assert.deepEqual(records.map((r) => [r.inputs.setIdentifier, r.inputs.latencyRoutingPolicies[0].region]).sort(), [["eu-west-1", "eu-west-1"], ["us-east-2", "us-east-2"], ["us-west-2", "us-west-2"]]);
        assert.ok(records.every((r) => r.inputs.healthCheckId && r.inputs.failoverRoutingPolicies === undefined));
        assert.equal(ofType(resources, "aws:lambda/function:Function").length, 0);
        const policy = ofType(resources, "aws:sns/topicPolicy:TopicPolicy").filter((p) => p.name === "global-alarms-policy");
        assert.deepEqual(policy.map((p) => p.inputs.arn), ["arn:aws:mock:us-east-1:123456789012:Topic/global-alarms-topic"], "the alarm topic must admit CloudWatch alarms only");
        assert.equal(policyDocument(policy[0].inputs.policy).Statement.length, 1);
        const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.startsWith("global-"));
        assert.equal(alarms.length, 3);
        assert.ok(alarms.every((a) => providerRegion(resources, a) === "us-east-1"));
        assert.ok(ofType(resources, "pulumi:providers:aws").some((p) => p.name === "us-east-1"), "a us-east-1 provider must exist even when no region is us-east-1");
    });

    it("warm-standby must keep the standby serving and let the function scale it to the primary's size", async () => {
        const { resources } = await runProgram(readStackConfig(path.join(ROOT, "examples/warm-standby.yaml")));
        const fn = ofType(resources, "aws:lambda/function:Function").find((f) => f.name === "global-fn")!;
        assert.equal(providerRegion(resources, fn), "us-west-2");
        const env = fn.inputs.environment.variables;
        assert.deepEqual([env.MODE, env.STANDBY_MIN_SIZE, env.FAILOVER_DESIRED_CAPACITY], ["warm-standby", "1", "3"]);
        const standbyAsg = resources.find((r) => r.name === "us-west-2-asg")!;
        assert.equal(standbyAsg.inputs.minSize, 1);
    });

    it("with a database, the function must know the standby's replica and may only describe it unless auto-promotion is on", async () => {
        const base = readStackConfig(path.join(ROOT, "examples/warm-standby.yaml"));
        const manual = await runProgram(base);
        const replica = ofType(manual.resources, "aws:rds/instance:Instance").find((r) => r.inputs.replicateSourceDb)!;
        const env = ofType(manual.resources, "aws:lambda/function:Function").find((f) => f.name === "global-fn")!.inputs.environment.variables;
        assert.equal(replica.inputs.identifier, undefined, "RDS names the replica, so a database flip cannot collide");
        assert.equal(env.REPLICA_DB_IDENTIFIER, replica.name);
        assert.equal(env.AUTO_PROMOTE, "false");
        const manualRds = policyOf(manual.resources, "global-fn-policy").Statement.find((s) => String(s.Action).includes("rds:"))!;
        assert.deepEqual(manualRds.Action, ["rds:DescribeDBInstances"]);
        assert.deepEqual(manualRds.Resource, [`arn:aws:mock:us-west-2:123456789012:Instance/${replica.name}`]);

        assert.equal(ofType(manual.resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.endsWith("-down-long")).length, 0);
    });

    it("automatic promotion must wait for an alarm that has seen the primary fail every minute of autoPromoteAfterMinutes, and a drill must take the right to promote away", async () => {
        const base = readStackConfig(path.join(ROOT, "examples/warm-standby.yaml"));
        const auto = await runProgram(withConfig(base, { database: { enabled: true, autoPromote: true, autoPromoteAfterMinutes: 25 } }));
        const waitAlarm = auto.resources.find((r) => r.name === "global-us-east-1-down-long")!;
        const check = auto.resources.find((r) => r.name === "global-us-east-1" && r.type === "aws:route53/healthCheck:HealthCheck")!;
        assert.equal(providerRegion(auto.resources, waitAlarm), "us-east-1");
        assert.deepEqual(
            [waitAlarm.inputs.metricName, waitAlarm.inputs.dimensions.HealthCheckId, waitAlarm.inputs.period, waitAlarm.inputs.evaluationPeriods, waitAlarm.inputs.datapointsToAlarm],
            ["HealthCheckStatus", check.id, 60, 25, 25],
        );
        assert.deepEqual([waitAlarm.inputs.comparisonOperator, waitAlarm.inputs.threshold, waitAlarm.inputs.treatMissingData], ["LessThanThreshold", 1, "ignore"]);
        assert.deepEqual(waitAlarm.inputs.alarmActions, ["arn:aws:mock:us-east-1:123456789012:Topic/global-alarms-topic"]);
        const env = ofType(auto.resources, "aws:lambda/function:Function").find((f) => f.name === "global-fn")!.inputs.environment.variables;
        const waitArn = "arn:aws:mock:us-east-1:123456789012:MetricAlarm/global-us-east-1-down-long";
        assert.deepEqual([env.AUTO_PROMOTE, env.PROMOTE_ALARM_NAME, env.PROMOTE_ALARM_ARN, env.PROMOTE_AFTER_MINUTES], ["true", "global-us-east-1-down-long", waitArn, "25"]);
        const parsed = parseFailoverSettings(deployedEnv(auto.resources, "global-fn"));
        assert.deepEqual([parsed.autoPromote, parsed.promoteAlarm?.name, parsed.promoteAfterMinutes, parsed.replicaDbIdentifier !== undefined], [true, "global-us-east-1-down-long", 25, true]);
        const doc = policyOf(auto.resources, "global-fn-policy");
        const autoRds = doc.Statement.find((s) => String(s.Action).includes("rds:"))!;
        assert.ok(([] as string[]).concat(autoRds.Action).includes("rds:PromoteReadReplica"));
        assert.ok(doc.Statement.some((s) => String(s.Action).includes("cloudwatch:DescribeAlarms") && ([] as string[]).concat(s.Resource).includes(waitArn)));

        const drill = await runProgram(withConfig(base, { database: { enabled: true, autoPromote: true }, failover: { drill: true, notificationEmail: "ops@example.com" } }));
        const drillRds = policyOf(drill.resources, "global-fn-policy").Statement.find((s) => String(s.Action).includes("rds:"))!;
        assert.deepEqual(drillRds.Action, ["rds:DescribeDBInstances"]);
    });
});
