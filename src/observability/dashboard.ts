import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type DashboardModel, type GraphWidget, renderDashboard, type Widget } from "./dashboardModel";

/** What the dashboard shows of one region; plain values (see {@link StackDashboardArgs} for Inputs). */
export interface RegionPanel {
    /** AWS region code. */
    region: string;
    /** primary / standby / active, for the section heading. */
    role: string;
    /** The ALB's ARN suffix (app/<name>/<id>), CloudWatch's LoadBalancer dimension. */
    loadBalancer: string;
    /** The target group's ARN suffix (targetgroup/<name>/<id>), CloudWatch's TargetGroup dimension. */
    targetGroup: string;
    /** The Auto Scaling group's name, CloudWatch's AutoScalingGroupName dimension. */
    asgName: string;
    /** The web ACL's visibility metric name (CloudWatch's WebACL dimension); none without WAF. */
    webAcl?: string;
}

/** Everything the stack dashboard shows, as plain values. */
export interface StackDashboardContent {
    /** Heading of the dashboard. */
    title: string;
    /** One section per region, the primary first. */
    regions: RegionPanel[];
    /** Route 53 health check per region (its metrics exist only in us-east-1). */
    healthChecks: { region: string; healthCheckId: string }[];
    /** The failover function and its dead-letter queue, in the failover modes. */
    failover?: { region: string; functionName: string; deadLetterQueueName: string };
}

const MINUTE = 60;

/** Requests, responses by class, latency, targets, capacity and WAF of one region. */
function regionWidgets(p: RegionPanel): Widget[][] {
    const lb = { LoadBalancer: p.loadBalancer };
    const tg = { LoadBalancer: p.loadBalancer, TargetGroup: p.targetGroup };
    const asg = { AutoScalingGroupName: p.asgName };
    const alb = "AWS/ApplicationELB" as const;
    const graph = (title: string, lines: GraphWidget["lines"], yAxis?: GraphWidget["yAxis"]): GraphWidget =>
        ({ type: "graph", title: `${p.region}: ${title}`, region: p.region, period: MINUTE, lines, yAxis });
    const traffic = graph("requests and responses", [
        { namespace: alb, metricName: "RequestCount", dimensions: lb, stat: "Sum", label: "requests" },
        { namespace: alb, metricName: "HTTPCode_Target_2XX_Count", dimensions: lb, stat: "Sum", label: "2xx (targets)" },
        { namespace: alb, metricName: "HTTPCode_Target_4XX_Count", dimensions: lb, stat: "Sum", label: "4xx (targets)" },
        { namespace: alb, metricName: "HTTPCode_Target_5XX_Count", dimensions: lb, stat: "Sum", label: "5xx (targets)" },
        { namespace: alb, metricName: "HTTPCode_ELB_5XX_Count", dimensions: lb, stat: "Sum", label: "5xx (load balancer)" },
    ], { min: 0 });
    const latency = graph("target response time (s)", [
        { namespace: alb, metricName: "TargetResponseTime", dimensions: lb, stat: "p50", label: "p50" },
        { namespace: alb, metricName: "TargetResponseTime", dimensions: lb, stat: "p99", label: "p99" },
    ], { min: 0 });
    const targets = graph("targets", [
        { namespace: alb, metricName: "HealthyHostCount", dimensions: tg, stat: "Minimum", label: "healthy" },
        { namespace: alb, metricName: "UnHealthyHostCount", dimensions: tg, stat: "Maximum", label: "unhealthy" },
    ], { min: 0 });
    const capacity = graph("Auto Scaling group", [
        { namespace: "AWS/AutoScaling", metricName: "GroupInServiceInstances", dimensions: asg, stat: "Minimum", label: "in service" },
        { namespace: "AWS/AutoScaling", metricName: "GroupDesiredCapacity", dimensions: asg, stat: "Maximum", label: "desired" },
        { namespace: "AWS/AutoScaling", metricName: "GroupMaxSize", dimensions: asg, stat: "Maximum", label: "max" },
    ], { min: 0 });
    const errorRate = graph("target 5xx rate (%)", [
        { namespace: alb, metricName: "RequestCount", dimensions: lb, stat: "Sum", label: "requests", id: "requests", visible: false },
        { namespace: alb, metricName: "HTTPCode_Target_5XX_Count", dimensions: lb, stat: "Sum", label: "5xx", id: "errors", visible: false },
        { expression: "100 * FILL(errors, 0) / requests", label: "5xx %", id: "rate" },
    ], { min: 0 });
    const second: Widget[] = [capacity, errorRate];
    if (p.webAcl) {
        const waf = { Region: p.region, Rule: "ALL", WebACL: p.webAcl };
        second.push(graph("WAF", [
            { namespace: "AWS/WAFV2", metricName: "AllowedRequests", dimensions: waf, stat: "Sum", label: "allowed" },
            { namespace: "AWS/WAFV2", metricName: "BlockedRequests", dimensions: waf, stat: "Sum", label: "blocked" },
            { namespace: "AWS/WAFV2", metricName: "CountedRequests", dimensions: waf, stat: "Sum", label: "counted (would block)" },
        ], { min: 0 }));
    }
    return [[{ type: "text", markdown: `## ${p.region} (${p.role})` }], [traffic, latency, targets], second];
}

/** The dashboard's content: a heading, one section per region, then failover signals. */
export function stackDashboard(c: StackDashboardContent): DashboardModel {
    const health: GraphWidget = {
        type: "graph", title: "Route 53 health check per region (1 = healthy)", region: "us-east-1", period: MINUTE,
        lines: c.healthChecks.map((h) => ({ namespace: "AWS/Route53", metricName: "HealthCheckStatus",
            dimensions: { HealthCheckId: h.healthCheckId }, stat: "Minimum", label: h.region })),
        yAxis: { min: 0, max: 1 },
    };
    const failover: Widget[] = [];
    if (c.failover) {
        const fn = { FunctionName: c.failover.functionName };
        failover.push({
            type: "graph", title: `failover function (${c.failover.region})`, region: c.failover.region, period: MINUTE,
            lines: [
                { namespace: "AWS/Lambda", metricName: "Invocations", dimensions: fn, stat: "Sum", label: "invocations" },
                { namespace: "AWS/Lambda", metricName: "Errors", dimensions: fn, stat: "Sum", label: "errors" },
                { namespace: "AWS/Lambda", metricName: "Throttles", dimensions: fn, stat: "Sum", label: "throttles" },
            ],
            yAxis: { min: 0 },
        }, {
            type: "graph", title: `failover dead letters (${c.failover.region})`, region: c.failover.region, period: MINUTE,
            lines: [{ namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: c.failover.deadLetterQueueName }, stat: "Maximum", label: "events waiting" }],
            yAxis: { min: 0 },
        });
    }
    return {
        start: "-PT3H",
        rows: [
            [{ type: "text", markdown: `# ${c.title}` }],
            ...c.regions.flatMap(regionWidgets),
            [{ type: "text", markdown: "## Across regions" }],
            [health, ...failover],
        ],
    };
}

/** A dashboard name CloudWatch accepts (letters, digits, - and _; at most 255 characters). */
export function dashboardName(project: string, stack: string): string {
    return `${project}-${stack}`.replace(/[^A-Za-z0-9_-]/g, "-").slice(0, 255);
}

/** The console URL of a dashboard, in the console of the region's partition. */
export function dashboardUrl(region: string, name: string): string {
    const host = region.startsWith("cn-") ? "console.amazonaws.cn"
        : region.startsWith("us-gov-") ? "console.amazonaws-us-gov.com" : "console.aws.amazon.com";
    return `https://${host}/cloudwatch/home?region=${region}#dashboards/dashboard/${encodeURIComponent(name)}`;
}

/** Arguments for {@link StackDashboard}: the content, with values that may still be Outputs. */
export interface StackDashboardArgs {
    /** The dashboard's name (unique in the account: dashboards are global). */
    dashboardName: string;
    /** The region whose console links to it (the primary). */
    region: string;
    /** What it shows. */
    content: pulumi.Input<{
        title: string;
        regions: pulumi.Input<{ [K in keyof RegionPanel]: pulumi.Input<RegionPanel[K]> }>[];
        healthChecks: pulumi.Input<{ region: string; healthCheckId: pulumi.Input<string> }>[];
        failover?: pulumi.Input<{ region: string; functionName: pulumi.Input<string>; deadLetterQueueName: pulumi.Input<string> }>;
    }>;
}

/**
 * One CloudWatch dashboard for the whole stack, with every region's section (dashboards are global,
 * and each widget reads its own region's metrics). Create it with the primary region's provider.
 */
export class StackDashboard extends pulumi.ComponentResource {
    /** The dashboard's console URL. */
    public readonly url: pulumi.Output<string>;
    /** The dashboard body, for tests and reviews. */
    public readonly body: pulumi.Output<string>;

    constructor(name: string, args: StackDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:StackDashboard", name, {}, opts);
        this.body = pulumi.output(args.content).apply((c) => renderDashboard(stackDashboard(c as StackDashboardContent)));
        const dashboard = new aws.cloudwatch.Dashboard(`${name}`, { dashboardName: args.dashboardName, dashboardBody: this.body }, { parent: this });
        this.url = dashboard.dashboardName.apply((n) => dashboardUrl(args.region, n));
        this.registerOutputs({ url: this.url, body: this.body });
    }
}
