import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmTopic } from "../observability/alarmTopic";
import { checkMetric, type Namespace, type Stat } from "../observability/metricCatalog";

/** When to page, per region; the config's `alarms` block. */
export interface AlarmThresholds {
    /** Target 5xx responses as a percentage of requests. */
    targetErrorPercent: number;
    /** Below this many requests in a minute, ratios and percentiles are not judged (one error in two requests is not an outage). */
    minRequestsPerMinute: number;
    /** 5xx responses the ALB itself returned, per minute. */
    elbErrorsPerMinute: number;
    /** p99 target response time, seconds. */
    p99LatencySeconds: number;
    /** Minutes in a row with an unhealthy target before paging. */
    unhealthyHostMinutes: number;
    /** Minutes in a row at maximum capacity before paging. */
    atMaxCapacityMinutes: number;
    /** Share of requests WAF blocked (or, in count mode, would have blocked), percent. */
    wafBlockedPercent: number;
}

/** Arguments for {@link RegionAlarms}. */
export interface RegionAlarmsArgs {
    /** The region the alarms watch (and live in: alarms notify topics of their own region). */
    region: string;
    /** The ALB's ARN, for zonal autoshift. */
    loadBalancerArn: pulumi.Input<string>;
    /** The ALB's ARN suffix, CloudWatch's LoadBalancer dimension. */
    loadBalancer: pulumi.Input<string>;
    /** The target group's ARN suffix, CloudWatch's TargetGroup dimension. */
    targetGroup: pulumi.Input<string>;
    /** The Auto Scaling group (its group metrics must be enabled). */
    asgName: pulumi.Input<string>;
    /** The web ACL's metric name; no WAF alarm without it. */
    webAcl?: string;
    /** When each alarm fires (`alarms.*` in the stack config). */
    thresholds: AlarmThresholds;
    /** Turn on ARC zonal autoshift for the ALB, with these alarms guarding its weekly practice runs. */
    zonalAutoshift: boolean;
    /** E-mail address subscribed to the region's alarm topic. */
    notificationEmail?: string;
}

const MINUTE = 60;

type Query = aws.types.input.cloudwatch.MetricAlarmMetricQuery;
/** An alarm's own settings; description, actions and the usual comparison are filled in. */
type AlarmSpec = Omit<aws.cloudwatch.MetricAlarmArgs, "comparisonOperator"> & Partial<Pick<aws.cloudwatch.MetricAlarmArgs, "comparisonOperator">>;

/** A metric fetched for an expression, checked against what AWS documents. */
function fetch(id: string, namespace: Namespace, metricName: string, dimensions: Record<string, pulumi.Input<string>>, stat: Stat): Query {
    checkMetric(namespace, metricName, Object.keys(dimensions), stat);
    return { id, metric: { namespace, metricName, dimensions, stat, period: MINUTE }, returnData: false };
}

/** The expression the alarm evaluates. */
function result(expression: string, label: string): Query {
    return { id: "result", expression, label, returnData: true };
}

/**
 * The child resources of a {@link RegionAlarms}, for callers that attach to or extend them. Kept outside the
 * class's fields: the component provider infers a schema output from every field, and a resource has
 * no schema type of its own there.
 */
export interface RegionAlarmsResources {
    /** The encrypted topic the alarms notify. */
    topic: AlarmTopic;
}

const REGIONALARMS_RESOURCES = new WeakMap<RegionAlarms, RegionAlarmsResources>();

/**
 * Alarms on what users feel in one region, notifying an encrypted topic in that region (so paging does
 * not depend on another region being up), and ARC zonal autoshift for the region's ALB: AWS moves traffic
 * away from an impaired Availability Zone without a human, and the weekly practice runs it requires end
 * when the 5xx-rate alarm fires and do not start while a target is unhealthy (ARC developer guide,
 * "Create a practice run configuration": an outcome alarm is required, a blocking alarm optional, both
 * CloudWatch alarms in the resource's region). Create it with the region's provider.
 *
 * Missing data: the ALB publishes request and error metrics only while requests flow and WAF only
 * nonzero counts (CloudWatch metrics for your Application Load Balancer; AWS WAF metrics), so silence
 * there means nothing happened and is not breaching. Group metrics are published every minute while
 * enabled, so a gap says nothing about headroom and keeps the alarm's state ("missing"). A region that
 * goes dark entirely is the Route 53 alarms' job.
 */
export class RegionAlarms extends pulumi.ComponentResource {
    /** The child resources: topic. */
    public get resources(): RegionAlarmsResources {
        return REGIONALARMS_RESOURCES.get(this)!;
    }

    /** The topic these alarms notify. */
    public readonly topicArn: pulumi.Output<string>;
    /** Alarm ARNs by role, for dashboards and tests. */
    public readonly alarmArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: RegionAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:RegionAlarms", name, {}, opts);
        const res = {} as RegionAlarmsResources;
        const t = args.thresholds;
        const topic = new AlarmTopic(`${name}-topic`, {
            description: `Encrypts the ha-web-tier alarm topic of ${args.region}; CloudWatch alarms may use it`,
            notificationEmail: args.notificationEmail,
        }, { parent: this });
        // Only the account's CloudWatch alarms publish here.
        topic.admitPublishers([]);
        const lb = { LoadBalancer: args.loadBalancer };
        const tg = { LoadBalancer: args.loadBalancer, TargetGroup: args.targetGroup };
        const asg = { AutoScalingGroupName: args.asgName };
        const alb = "AWS/ApplicationELB" as const;
        const requests = fetch("requests", alb, "RequestCount", lb, "Sum");
        const alarm = (role: string, description: string, spec: AlarmSpec) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${role}`, {
                alarmDescription: `${args.region}: ${description}`,
                comparisonOperator: "GreaterThanThreshold",
                alarmActions: [topic.topicArn],
                okActions: [topic.topicArn],
                ...spec,
            }, { parent: this });

        // A ratio, not a count: 50 errors are an outage at 100 requests a minute and noise at 100,000.
        const errorRate = alarm("target-5xx-rate", `more than ${t.targetErrorPercent}% of requests got a 5xx from the app (3 of 5 minutes)`, {
            metricQueries: [requests, fetch("errors", alb, "HTTPCode_Target_5XX_Count", lb, "Sum"),
                result(`IF(requests >= ${t.minRequestsPerMinute}, 100 * FILL(errors, 0) / requests, 0)`, "target 5xx %")],
            threshold: t.targetErrorPercent, evaluationPeriods: 5, datapointsToAlarm: 3, treatMissingData: "notBreaching",
        });
        // The ALB's own 5xx (502/503/504: no healthy target, target reset or timed out) never reach the app's
        // metrics; requests it rejects before choosing a target are missing from RequestCount, hence a count.
        const elbErrors = alarm("elb-5xx", `the load balancer returned more than ${t.elbErrorsPerMinute} 5xx a minute (3 of 5 minutes)`, {
            namespace: alb, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb, statistic: "Sum", period: MINUTE,
            threshold: t.elbErrorsPerMinute, evaluationPeriods: 5, datapointsToAlarm: 3, treatMissingData: "notBreaching",
        });
        checkMetric(alb, "HTTPCode_ELB_5XX_Count", Object.keys(lb), "Sum");
        const latency = alarm("p99-latency", `p99 target response time above ${t.p99LatencySeconds} s (3 of 5 minutes)`, {
            metricQueries: [requests, fetch("p99", alb, "TargetResponseTime", lb, "p99"),
                result(`IF(requests >= ${t.minRequestsPerMinute}, p99, 0)`, "p99 target response time")],
            threshold: t.p99LatencySeconds, evaluationPeriods: 5, datapointsToAlarm: 3, treatMissingData: "notBreaching",
        });
        const unhealthy = alarm("unhealthy-hosts", `a target has failed its health check for ${t.unhealthyHostMinutes} minutes`, {
            namespace: alb, metricName: "UnHealthyHostCount", dimensions: tg, statistic: "Maximum", period: MINUTE,
            threshold: 0, evaluationPeriods: t.unhealthyHostMinutes, datapointsToAlarm: t.unhealthyHostMinutes, treatMissingData: "notBreaching",
        });
        checkMetric(alb, "UnHealthyHostCount", Object.keys(tg), "Maximum");
        const atMax = alarm("asg-at-max", `the Auto Scaling group has been at its maximum for ${t.atMaxCapacityMinutes} minutes: it cannot add capacity`, {
            metricQueries: [fetch("desired", "AWS/AutoScaling", "GroupDesiredCapacity", asg, "Maximum"),
                fetch("max", "AWS/AutoScaling", "GroupMaxSize", asg, "Maximum"),
                result("IF(desired >= max, 1, 0)", "at maximum capacity")],
            threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold",
            evaluationPeriods: t.atMaxCapacityMinutes, datapointsToAlarm: t.atMaxCapacityMinutes, treatMissingData: "missing",
        });
        const arns: Record<string, pulumi.Output<string>> = {
            targetErrorRate: errorRate.arn, elbErrors: elbErrors.arn, latency: latency.arn, unhealthyHosts: unhealthy.arn, atMaxCapacity: atMax.arn,
        };
        if (args.webAcl) {
            // Counted requests are the ones count mode would have blocked; in block mode they are none.
            const waf = { Region: args.region, Rule: "ALL", WebACL: args.webAcl };
            arns.wafBlocked = alarm("waf-blocked-rate", `WAF blocked (or would block) more than ${t.wafBlockedPercent}% of requests (3 of 5 minutes): an attack, or a rule hitting real users`, {
                metricQueries: [fetch("allowed", "AWS/WAFV2", "AllowedRequests", waf, "Sum"), fetch("blocked", "AWS/WAFV2", "BlockedRequests", waf, "Sum"),
                    fetch("counted", "AWS/WAFV2", "CountedRequests", waf, "Sum"),
                    { id: "total", expression: "FILL(allowed, 0) + FILL(blocked, 0)", returnData: false },
                    result(`IF(total >= ${t.minRequestsPerMinute}, 100 * (FILL(blocked, 0) + FILL(counted, 0)) / total, 0)`, "WAF blocked %")],
                threshold: t.wafBlockedPercent, evaluationPeriods: 5, datapointsToAlarm: 3, treatMissingData: "notBreaching",
            }).arn;
        }

        if (args.zonalAutoshift) {
            new aws.arczonalshift.ZonalAutoshiftConfiguration(`${name}-autoshift`, {
                resourceArn: args.loadBalancerArn,
                zonalAutoshiftStatus: "ENABLED",
                outcomeAlarms: [{ type: "CLOUDWATCH", alarmIdentifier: errorRate.arn }],
                blockingAlarms: [{ type: "CLOUDWATCH", alarmIdentifier: unhealthy.arn }],
            }, { parent: this });
        }

        this.topicArn = topic.topicArn;
        this.alarmArns = arns;
        res.topic = topic;
        REGIONALARMS_RESOURCES.set(this, res);
        this.registerOutputs({ topicArn: this.topicArn, alarmArns: this.alarmArns, topic });
    }
}
