import { strict as assert } from "assert";
import * as path from "path";
import { ELB_LOG_DELIVERY_PRINCIPAL } from "../../src/region/accessLogs";
import { checkMetric, type Namespace } from "../../src/observability/metricCatalog";
import type { RecordedResource } from "../../tools/engine/recorded";
import { ofType, policyDocument, providerRegion, readStackConfig, type Recorded, ROOT, runProgram, withConfig } from "../mocks";

const PROD = readStackConfig(path.join(ROOT, "Pulumi.prod.yaml"));
const REGIONS = ["us-west-2", "us-east-1"];
const ALB = "aws:lb/loadBalancer:LoadBalancer";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const arnOf = (r: Recorded, region: string) => `arn:aws:mock:${region}:123456789012:${r.type.split(":").pop()}/${r.name}`;

/**
 * Whether WAF counts a request for `uriPath` under a rate rule's scope-down statement: the statement's
 * meaning, evaluated for the statement kinds the program may use (anything else fails the test).
 */
function counted(statement: any, uriPath: string): boolean {
    if (statement.notStatement) {
        return !counted(statement.notStatement.statement, uriPath);
    }
    const b = statement.byteMatchStatement;
    if (b) {
        assert.deepEqual(Object.keys(b.fieldToMatch), ["uriPath"], "the scope-down must look at the path");
        assert.ok((b.textTransformations ?? []).every((t: any) => t.type === "NONE"), "a transformation would change which paths match");
        const s: string = b.searchString;
        switch (b.positionalConstraint) {
            case "EXACTLY": return uriPath === s;
            case "STARTS_WITH": return uriPath.startsWith(s);
            case "ENDS_WITH": return uriPath.endsWith(s);
            case "CONTAINS": return uriPath.includes(s);
        }
    }
    throw new Error(`the test does not know how WAF evaluates ${JSON.stringify(statement)}`);
}

describe("each region's edge (prod stack with DNS and an e-mail address, under mocks)", () => {
    let resources: Recorded[];
    let records: RecordedResource[];
    let outputs: Record<string, any>;
    const byName = (name: string) => resources.find((r) => r.name === name)!;
    const recordOf = (name: string) => records.find((r) => r.name === name)!;
    before(async () => {
        ({ resources, records, outputs } = await runProgram(withConfig(PROD, {
            dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
            failover: { notificationEmail: "ops@example.com" },
        }), "prod"));
    });

    it("every ALB must be associated with a REGIONAL web ACL of its own region, with the managed rule groups and metrics on", () => {
        const albs = ofType(resources, ALB);
        assert.equal(albs.length, 2);
        for (const alb of albs) {
            const region = providerRegion(resources, alb)!;
            const assoc = ofType(resources, "aws:wafv2/webAclAssociation:WebAclAssociation").filter((a) => a.inputs.resourceArn === arnOf(alb, region));
            assert.equal(assoc.length, 1, `${alb.name} has ${assoc.length} web ACL associations`);
            const acl = ofType(resources, "aws:wafv2/webAcl:WebAcl").find((a) => arnOf(a, providerRegion(resources, a)!) === assoc[0].inputs.webAclArn)!;
            assert.equal(providerRegion(resources, acl), region);
            assert.equal(acl.inputs.scope, "REGIONAL");
            assert.deepEqual(acl.inputs.defaultAction, { allow: {} });
            const groups = acl.inputs.rules.filter((r: any) => r.statement.managedRuleGroupStatement).map((r: any) => r.statement.managedRuleGroupStatement);
            assert.deepEqual(groups.map((g: any) => `${g.vendorName}/${g.name}`),
                ["AWS/AWSManagedRulesAmazonIpReputationList", "AWS/AWSManagedRulesCommonRuleSet", "AWS/AWSManagedRulesKnownBadInputsRuleSet"]);
            // Block mode: managed groups keep their own (blocking) actions, the rate rule blocks.
            assert.ok(acl.inputs.rules.every((r: any) => r.overrideAction ? "none" in r.overrideAction : "block" in r.action));
            for (const v of [acl.inputs.visibilityConfig, ...acl.inputs.rules.map((r: any) => r.visibilityConfig)]) {
                assert.deepEqual([v.cloudwatchMetricsEnabled, v.sampledRequestsEnabled], [true, true]);
            }
            assert.equal(new Set(acl.inputs.rules.map((r: any) => r.priority)).size, acl.inputs.rules.length, "rule priorities must be unique");
        }
    });

    it("the rate rule must limit each client IP but never count the health path Route 53 requests", () => {
        for (const acl of ofType(resources, "aws:wafv2/webAcl:WebAcl")) {
            const rate = acl.inputs.rules.map((r: any) => r.statement.rateBasedStatement).filter(Boolean);
            assert.equal(rate.length, 1);
            assert.deepEqual([rate[0].aggregateKeyType, rate[0].limit, rate[0].evaluationWindowSec], ["IP", 2000, 300]);
            const scope = rate[0].scopeDownStatement;
            assert.equal(counted(scope, "/health"), false, "the health path is rate-limited");
            for (const p of ["/", "/login", "/health/../admin", "/healthz", "/api/health"]) {
                assert.equal(counted(scope, p), true, `${p} escapes the rate limit`);
            }
        }
    });

    it("WAF must log to a CloudWatch Logs group named aws-waf-logs-*, kept for the log retention, without credentials", () => {
        const configs = ofType(resources, "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration");
        assert.equal(configs.length, 2);
        for (const c of configs) {
            const region = providerRegion(resources, c)!;
            const group = ofType(resources, "aws:cloudwatch/logGroup:LogGroup").find((g) => c.inputs.logDestinationConfigs[0] === arnOf(g, region))!;
            assert.match(group.inputs.namePrefix ?? group.inputs.name, /^aws-waf-logs-/);
            assert.equal(group.inputs.retentionInDays, 90);
            assert.equal(c.inputs.resourceArn, arnOf(ofType(resources, "aws:wafv2/webAcl:WebAcl").find((a) => providerRegion(resources, a) === region)!, region));
            assert.deepEqual(c.inputs.redactedFields.map((f: any) => f.singleHeader.name).sort(), ["authorization", "cookie"]);
        }
    });

    it("every ALB must log to a private, SSE-S3, TLS-only bucket in its region that only ELB log delivery may write, under this account", () => {
        for (const region of REGIONS) {
            const alb = byName(`${region}-alb`);
            const bucket = byName(`${region}-access-logs-bucket`);
            assert.equal(providerRegion(resources, bucket), region);
            assert.deepEqual(alb.inputs.accessLogs, { bucket: `${region}-access-logs-bucket-1a2b3c4`, prefix: "alb", enabled: true });
            const bucketArn = arnOf(bucket, region);
            const pab = byName(`${region}-access-logs-public-access`).inputs;
            assert.deepEqual([pab.bucket, pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [`Bucket-${region}-access-logs-bucket`, true, true, true, true]);
            assert.equal(byName(`${region}-access-logs-ownership`).inputs.rule.objectOwnership, "BucketOwnerEnforced");
            // ALB log delivery supports SSE-S3 only.
            assert.deepEqual(byName(`${region}-access-logs-encryption`).inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
            assert.equal(byName(`${region}-access-logs-expiry`).inputs.rules[0].expiration.days, 90);
            const doc = policyDocument(byName(`${region}-access-logs-policy`).inputs.policy);
            const deny = doc.Statement.find((s: any) => s.Effect === "Deny");
            assert.deepEqual([deny.Principal, deny.Action, deny.Condition], ["*", ["s3:*"], { Bool: { "aws:SecureTransport": "false" } }]);
            assert.deepEqual(deny.Resource, [bucketArn, `${bucketArn}/*`]);
            const allows = doc.Statement.filter((s: any) => s.Effect === "Allow");
            assert.deepEqual(allows, [{ Sid: "ElbLogDelivery", Effect: "Allow", Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL }, Action: ["s3:PutObject"],
                Resource: [`${bucketArn}/alb/AWSLogs/123456789012/*`] }]);
            // ELB writes a test object when logs are turned on: the policy must exist first.
            assert.ok(recordOf(`${region}-alb`).dependencies.includes(recordOf(`${region}-access-logs-policy`).urn));
            assert.deepEqual([recordOf(`${region}-access-logs-bucket`).options.protect, bucket.inputs.forceDestroy], [true, false]);
        }
    });

    it("every ALB must allow zonal shift, mitigate desync defensively and keep cross-zone on; autoshift's practice runs are guarded by the region's alarms", () => {
        for (const region of REGIONS) {
            const alb = byName(`${region}-alb`);
            assert.deepEqual([alb.inputs.enableZonalShift, alb.inputs.desyncMitigationMode], [true, "defensive"]);
            assert.equal(byName(`${region}-tg`).inputs.loadBalancingCrossZoneEnabled, "true");
            const autoshift = ofType(resources, "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration").filter((z) => z.inputs.resourceArn === arnOf(alb, region));
            assert.equal(autoshift.length, 1);
            assert.equal(providerRegion(resources, autoshift[0]), region);
            assert.equal(autoshift[0].inputs.zonalAutoshiftStatus, "ENABLED");
            assert.deepEqual(autoshift[0].inputs.outcomeAlarms, [{ type: "CLOUDWATCH", alarmIdentifier: arnOf(byName(`${region}-alarms-target-5xx-rate`), region) }]);
            assert.deepEqual(autoshift[0].inputs.blockingAlarms, [{ type: "CLOUDWATCH", alarmIdentifier: arnOf(byName(`${region}-alarms-unhealthy-hosts`), region) }]);
        }
    });

    it("HTTPS must use a TLS 1.3 policy that still lets Route 53's checkers in with TLS 1.2, and send HSTS", () => {
        const https = ofType(resources, "aws:lb/listener:Listener").filter((l) => l.inputs.protocol === "HTTPS");
        assert.equal(https.length, 2);
        for (const l of https) {
            assert.equal(l.inputs.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
            assert.equal(l.inputs.routingHttpResponseStrictTransportSecurityHeaderValue, "max-age=31536000");
        }
    });

    // Role -> the metrics the alarm reads, as namespace/name [dimension names].
    const ALARMS: Record<string, string[]> = {
        "target-5xx-rate": ["AWS/ApplicationELB/RequestCount [LoadBalancer]", "AWS/ApplicationELB/HTTPCode_Target_5XX_Count [LoadBalancer]"],
        "elb-5xx": ["AWS/ApplicationELB/HTTPCode_ELB_5XX_Count [LoadBalancer]"],
        "p99-latency": ["AWS/ApplicationELB/RequestCount [LoadBalancer]", "AWS/ApplicationELB/TargetResponseTime [LoadBalancer]"],
        "unhealthy-hosts": ["AWS/ApplicationELB/UnHealthyHostCount [LoadBalancer,TargetGroup]"],
        "asg-at-max": ["AWS/AutoScaling/GroupDesiredCapacity [AutoScalingGroupName]", "AWS/AutoScaling/GroupMaxSize [AutoScalingGroupName]"],
        "waf-blocked-rate": ["AWS/WAFV2/AllowedRequests [Region,Rule,WebACL]", "AWS/WAFV2/BlockedRequests [Region,Rule,WebACL]", "AWS/WAFV2/CountedRequests [Region,Rule,WebACL]"],
    };
    const metricsOf = (a: Recorded) => (a.inputs.metricQueries ?? [{ metric: { ...a.inputs, stat: a.inputs.statistic } }])
        .filter((q: any) => q.metric).map((q: any) => q.metric);

    it("each region must alarm on user pain, on its own metrics, to an encrypted topic of its own region that the e-mail address hears", () => {
        for (const region of REGIONS) {
            const topic = byName(`${region}-alarms-topic-topic`);
            assert.equal(providerRegion(resources, topic), region);
            assert.ok(topic.inputs.kmsMasterKeyId, "the topic must be encrypted with the topic's key");
            assert.ok(ofType(resources, "aws:sns/topicSubscription:TopicSubscription")
                .some((s) => s.inputs.topic === arnOf(topic, region) && s.inputs.endpoint === "ops@example.com"));
            const dims: Record<string, string> = {
                LoadBalancer: `app/${region}-alb/0123456789abcdef`, TargetGroup: `targetgroup/${region}-tg/0123456789abcdef`,
                AutoScalingGroupName: `${region}-asg`, Region: region, Rule: "ALL", WebACL: `ha-web-tier-prod-${region}`,
            };
            for (const [role, expected] of Object.entries(ALARMS)) {
                const alarm = byName(`${region}-alarms-${role}`);
                assert.equal(providerRegion(resources, alarm), region, `${alarm.name} is not in ${region}`);
                assert.deepEqual([alarm.inputs.alarmActions, alarm.inputs.okActions], [[arnOf(topic, region)], [arnOf(topic, region)]]);
                const metrics = metricsOf(alarm);
                assert.deepEqual(metrics.map((m: any) => `${m.namespace}/${m.metricName} [${Object.keys(m.dimensions).sort().join(",")}]`), expected, role);
                for (const m of metrics) {
                    checkMetric(m.namespace as Namespace, m.metricName, Object.keys(m.dimensions), m.stat, region);
                    for (const [k, v] of Object.entries(m.dimensions)) {
                        assert.equal(v, dims[k], `${alarm.name}: ${k}`);
                    }
                }
            }
            // A ratio of requests, not a count of errors; judged only above the minimum traffic.
            const rate = byName(`${region}-alarms-target-5xx-rate`);
            const expr = rate.inputs.metricQueries.find((q: any) => q.returnData).expression;
            assert.equal(expr, "IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)");
            assert.deepEqual([rate.inputs.threshold, rate.inputs.treatMissingData], [5, "notBreaching"]);
            const unhealthy = byName(`${region}-alarms-unhealthy-hosts`).inputs;
            assert.deepEqual([unhealthy.threshold, unhealthy.comparisonOperator, unhealthy.evaluationPeriods, unhealthy.datapointsToAlarm], [0, "GreaterThanThreshold", 5, 5]);
            assert.equal(byName(`${region}-alarms-asg-at-max`).inputs.treatMissingData, "missing");
        }
    });

    it("one dashboard, kept with the primary, must chart every region's ALB, targets and ASG, the health checks and the failover function", () => {
        const dashboards = ofType(resources, "aws:cloudwatch/dashboard:Dashboard");
        assert.equal(dashboards.length, 1);
        assert.equal(providerRegion(resources, dashboards[0]), "us-west-2");
        const body = JSON.parse(dashboards[0].inputs.dashboardBody);
        assert.ok(body.widgets.length > 0 && body.widgets.length <= 500);
        const metrics = body.widgets.filter((w: any) => w.type === "metric")
            .flatMap((w: any) => w.properties.metrics.filter((m: any[]) => typeof m[0] === "string").map((m: any[]) => ({ region: w.properties.region, m })));
        const dimsOf = (m: any[]) => Object.fromEntries(m.slice(2, -1).flatMap((v, i, a) => (i % 2 ? [] : [[v, a[i + 1]]])));
        for (const { region, m } of metrics) {
            checkMetric(m[0], m[1], Object.keys(dimsOf(m)), m[m.length - 1].stat, region);
        }
        const has = (region: string, name: string, dim: string, value: string) =>
            metrics.some((x: any) => x.region === region && x.m[1] === name && dimsOf(x.m)[dim] === value);
        for (const region of REGIONS) {
            assert.ok(has(region, "RequestCount", "LoadBalancer", `app/${region}-alb/0123456789abcdef`), `${region}'s ALB is missing`);
            assert.ok(has(region, "HealthyHostCount", "TargetGroup", `targetgroup/${region}-tg/0123456789abcdef`), `${region}'s targets are missing`);
            assert.ok(has(region, "GroupInServiceInstances", "AutoScalingGroupName", `${region}-asg`), `${region}'s ASG is missing`);
            assert.ok(has(region, "BlockedRequests", "WebACL", `ha-web-tier-prod-${region}`), `${region}'s WAF is missing`);
            assert.ok(has("us-east-1", "HealthCheckStatus", "HealthCheckId", `HealthCheck-global-${region}`), `${region}'s health check is missing`);
        }
        assert.ok(has("us-east-1", "Errors", "FunctionName", "global-fn"));
        assert.ok(has("us-east-1", "ApproximateNumberOfMessagesVisible", "QueueName", "global-fn-dlq"));
        // Widgets stay on the 24-column grid and never overlap.
        const cells = new Set<string>();
        for (const w of body.widgets) {
            assert.ok(w.x >= 0 && w.x + w.width <= 24, JSON.stringify(w));
            for (let x = w.x; x < w.x + w.width; x++) {
                for (let y = w.y; y < w.y + w.height; y++) {
                    assert.ok(!cells.has(`${x},${y}`), `widgets overlap at ${x},${y}`);
                    cells.add(`${x},${y}`);
                }
            }
        }
    });

    it("the stack must output the dashboard URL, the web ACL ARNs and the access-log buckets per region", () => {
        assert.equal(outputs.dashboardUrl, "https://console.aws.amazon.com/cloudwatch/home?region=us-west-2#dashboards/dashboard/ha-web-tier-prod");
        assert.deepEqual(Object.keys(outputs.wafWebAclArns).sort(), [...REGIONS].sort());
        assert.deepEqual(outputs.accessLogBuckets, Object.fromEntries(REGIONS.map((r) => [r, `${r}-access-logs-bucket-1a2b3c4`])));
        assert.match(outputs.wafWebAclArns["us-east-1"], /^arn:aws:mock:us-east-1:123456789012:WebAcl\/us-east-1-waf-acl$/);
    });
});

describe("each region's edge (active-active, WAF and autoshift off, no deletion protection, under mocks)", () => {
    let resources: Recorded[];
    let records: RecordedResource[];
    let outputs: Record<string, any>;
    before(async () => {
        ({ resources, records, outputs } = await runProgram(withConfig(readStackConfig(path.join(ROOT, "examples/active-active.yaml")), {
            waf: { enabled: false }, alb: { zonalAutoshift: false }, deletionProtection: false, logRetentionDays: 14,
        })));
    });

    it("waf.enabled false must leave no web ACL, WAF alarm, WAF chart or output behind", () => {
        assert.equal(resources.filter((r) => r.type.startsWith("aws:wafv2/")).length, 0);
        assert.ok(!resources.some((r) => r.name.endsWith("-waf-blocked-rate")));
        assert.ok(!ofType(resources, "aws:cloudwatch/dashboard:Dashboard")[0].inputs.dashboardBody.includes("AWS/WAFV2"));
        assert.deepEqual(outputs.wafWebAclArns, {});
        assert.equal(ofType(resources, ALARM).filter((a) => !a.name.startsWith("global-")).length, 3 * 5);
    });

    it("without autoshift, zonal shift stays available to operators, and the dashboard charts all three regions", () => {
        assert.equal(ofType(resources, "aws:arczonalshift/zonalAutoshiftConfiguration:ZonalAutoshiftConfiguration").length, 0);
        assert.ok(ofType(resources, ALB).every((a) => a.inputs.enableZonalShift === true));
        const body = ofType(resources, "aws:cloudwatch/dashboard:Dashboard")[0].inputs.dashboardBody;
        for (const region of ["us-west-2", "us-east-2", "eu-west-1"]) {
            assert.ok(body.includes(`app/${region}-alb/0123456789abcdef`) && body.includes(`"${region}-asg"`), region);
        }
        assert.ok(!body.includes("AWS/Lambda"), "active-active has no failover function to chart");
    });

    it("without deletion protection the log buckets may be destroyed with their logs, which expire after the retention", () => {
        for (const bucket of ofType(resources, "aws:s3/bucket:Bucket")) {
            assert.equal(bucket.inputs.forceDestroy, true);
            assert.equal(records.find((r) => r.name === bucket.name)!.options.protect, false);
        }
        const expiries = ofType(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
        assert.deepEqual(expiries.map((e) => e.inputs.rules[0].expiration.days), [14, 14, 14]);
    });
});
