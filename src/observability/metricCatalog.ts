/**
 * The CloudWatch metrics the program alarms on and charts, each with the dimension sets AWS documents
 * for it, so that no alarm or dashboard widget can name a metric or a dimension combination AWS never
 * publishes (CloudWatch accepts such a query and then shows nothing, forever). One source page per
 * namespace; the table lists only what the program uses. Checked against the pages on 2026-11-25.
 */

/** The namespaces the program reads. */
export type Namespace = "AWS/ApplicationELB" | "AWS/AutoScaling" | "AWS/WAFV2" | "AWS/Route53" | "AWS/Lambda" | "AWS/SQS";

/** What AWS documents for one namespace. */
interface NamespaceEntry {
    /** The AWS page that lists the metrics and their dimensions. */
    source: string;
    /** The only region that publishes the namespace, when there is one. */
    onlyIn?: string;
    /** Metric name -> every documented dimension set (names sorted). */
    metrics: Record<string, readonly (readonly string[])[]>;
}

const albTargetSets = [["LoadBalancer"], ["AvailabilityZone", "LoadBalancer"], ["LoadBalancer", "TargetGroup"], ["AvailabilityZone", "LoadBalancer", "TargetGroup"]];
const targetGroupSets = [["LoadBalancer", "TargetGroup"], ["AvailabilityZone", "LoadBalancer", "TargetGroup"]];
const asgSets = [["AutoScalingGroupName"]];

/** The documented metrics, by namespace. */
export const METRIC_CATALOG: Record<Namespace, NamespaceEntry> = {
    "AWS/ApplicationELB": {
        // RequestCount counts only requests for which a target was chosen; ELB 5xx for rejected requests
        // are in HTTPCode_ELB_5XX_Count alone. Metrics are published only while requests flow.
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html",
        metrics: {
            RequestCount: albTargetSets,
            HTTPCode_Target_2XX_Count: albTargetSets,
            HTTPCode_Target_3XX_Count: albTargetSets,
            HTTPCode_Target_4XX_Count: albTargetSets,
            HTTPCode_Target_5XX_Count: albTargetSets,
            TargetResponseTime: albTargetSets,
            HTTPCode_ELB_4XX_Count: [["LoadBalancer"], ["AvailabilityZone", "LoadBalancer"]],
            HTTPCode_ELB_5XX_Count: [["LoadBalancer"], ["AvailabilityZone", "LoadBalancer"]],
            HealthyHostCount: targetGroupSets,
            UnHealthyHostCount: targetGroupSets,
        },
    },
    "AWS/AutoScaling": {
        // Group metrics exist only for the metrics listed in the group's enabledMetrics.
        source: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-metrics.html",
        metrics: {
            GroupDesiredCapacity: asgSets,
            GroupInServiceInstances: asgSets,
            GroupMaxSize: asgSets,
            GroupMinSize: asgSets,
            GroupTotalInstances: asgSets,
        },
    },
    "AWS/WAFV2": {
        // WebACL is the web ACL's visibility metric name; Rule "ALL" aggregates the web ACL. Nonzero values only.
        source: "https://docs.aws.amazon.com/waf/latest/developerguide/waf-metrics.html",
        metrics: {
            AllowedRequests: [["Region", "Rule", "WebACL"]],
            BlockedRequests: [["Region", "Rule", "WebACL"]],
            CountedRequests: [["Region", "Rule", "WebACL"]],
        },
    },
    "AWS/Route53": {
        source: "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html",
        onlyIn: "us-east-1",
        metrics: { HealthCheckStatus: [["HealthCheckId"]] },
    },
    "AWS/Lambda": {
        source: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html",
        metrics: { Invocations: [["FunctionName"]], Errors: [["FunctionName"]], Throttles: [["FunctionName"]] },
    },
    "AWS/SQS": {
        source: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html",
        metrics: { ApproximateNumberOfMessagesVisible: [["QueueName"]] },
    },
};

/** A statistic CloudWatch computes: the five basic ones or a percentile such as p99. */
export type Stat = "Sum" | "Average" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

const STAT_RE = /^(Sum|Average|Minimum|Maximum|SampleCount|p(100|\d{1,2}(\.\d{1,2})?))$/;

/**
 * Throws unless AWS documents `metricName` in `namespace` with exactly these dimension names, the
 * statistic is one CloudWatch computes, and (for a namespace published in one region only) the metric
 * is read in that region.
 */
export function checkMetric(namespace: Namespace, metricName: string, dimensionNames: readonly string[], stat: string, region?: string): void {
    const entry = METRIC_CATALOG[namespace];
    const sets = entry?.metrics[metricName];
    if (!sets) {
        throw new Error(`${namespace} ${metricName} is not a metric AWS documents (${entry?.source ?? "unknown namespace"})`);
    }
    const wanted = [...dimensionNames].sort().join(",");
    if (!sets.some((s) => [...s].sort().join(",") === wanted)) {
        throw new Error(`${namespace} ${metricName} is not published with dimensions [${wanted}]; AWS documents ${sets.map((s) => `[${s.join(",")}]`).join(" ")} (${entry.source})`);
    }
    if (!STAT_RE.test(stat)) {
        throw new Error(`${namespace} ${metricName}: ${stat} is not a CloudWatch statistic`);
    }
    if (entry.onlyIn && region !== undefined && region !== entry.onlyIn) {
        throw new Error(`${namespace} ${metricName} exists only in ${entry.onlyIn}, not ${region} (${entry.source})`);
    }
}
