/**
 * What every mode builds to watch a region from outside and put it behind a name: a Route 53
 * string-match health check on the region's ALB, the us-east-1 alarm on it, the encrypted topic the
 * alarm notifies, and the alias record. GlobalFailover and SingleRegionEndpoint both build them here,
 * so each piece has the same logical name and inputs in both: a stack that adds a second region keeps
 * the first region's check, alarm, topic (and its confirmed e-mail subscription) and record.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmTopic } from "../observability/alarmTopic";

/** How a region's tier is reached: health-check target and alias target. */
export interface RegionTarget {
    /** AWS region code. */
    region: string;
    /** The region's ALB DNS name. */
    albDnsName: pulumi.Input<string>;
    /** The ALB's canonical hosted zone id, for alias records. */
    albZoneId: pulumi.Input<string>;
    /** What the ALB answers health checks on: HTTPS/443 with a certificate, else HTTP/80. */
    healthCheck: { protocol: "HTTP" | "HTTPS"; port: number };
    /**
     * A value that resolves only once the region serves (HaWebTier's group ARN: a serving group is
     * created only once `minElbCapacity` instances pass the target group's checks). The region's health
     * check, and with it every alarm and probe that could wake a standby, is created after it.
     * @default no wait
     */
    servesAfter?: pulumi.Input<unknown>;
}

/** How Route 53 checks every region. */
export interface HealthCheckSettings {
    /** Path the health checks request. */
    healthPath: string;
    /** Text only the app's health response contains; redirects and ALB fixed responses fail the check. */
    searchString: string;
    /** Seconds between checks from each checker: 10 (fast, billed extra) or 30; fixed after creation. */
    requestInterval: 10 | 30;
    /** Consecutive failures before a checker calls the endpoint unhealthy, 1-10. */
    failureThreshold: number;
    /** Route 53 checker regions (at least 3); undefined lets Route 53 use all of them. */
    checkerRegions?: string[];
}

/** The service's name in Route 53. */
export interface DnsName {
    /** The hosted zone that holds the name. */
    hostedZoneId: pulumi.Input<string>;
    /** The name users reach. */
    recordName: string;
}

/**
 * A string-match check of the region's ALB on the health path, named `<name>-<region>`. `invert`
 * turns a healthy answer into a failure (a failover drill). Create it with the us-east-1 provider,
 * where its metrics are published.
 */
export function regionHealthCheck(name: string, target: RegionTarget, s: HealthCheckSettings, invert: boolean, opts: pulumi.CustomResourceOptions): aws.route53.HealthCheck {
    const https = target.healthCheck.protocol === "HTTPS";
    // "Route 53 considers a new health check to be healthy until there's enough data to determine the
    // actual status" (Route 53 developer guide, "How Route 53 determines whether a health check is
    // healthy"): a check created before the region serves turns unhealthy about interval x threshold
    // later, and wakes the standby on a first deploy. An Output in dependsOn adds the resources behind
    // it (@pulumi/pulumi runtime/dependsOn.js, gatherExplicitDependencies).
    const after = target.servesAfter === undefined ? undefined : pulumi.output(target.servesAfter).apply((): pulumi.Resource[] => []);
    return new aws.route53.HealthCheck(`${name}-${target.region}`, {
        type: https ? "HTTPS_STR_MATCH" : "HTTP_STR_MATCH",
        fqdn: target.albDnsName,
        port: target.healthCheck.port,
        resourcePath: s.healthPath,
        searchString: s.searchString,
        enableSni: https,
        requestInterval: s.requestInterval,
        failureThreshold: s.failureThreshold,
        regions: s.checkerRegions,
        invertHealthcheck: invert,
        tags: { Name: `${name}-${target.region}` },
    }, after ? { ...opts, dependsOn: after } : opts);
}

/** How every alarm on a Route 53 check treats a gap in its metric: as no evidence either way (see {@link unhealthyAlarm}). */
export const MISSING_HEALTH_DATA = "ignore";

/** One-minute datapoints of a Route 53 check: 1 healthy, 0 not. They exist only in us-east-1. */
export function healthStatusMetric(healthCheckId: pulumi.Input<string>) {
    return {
        namespace: "AWS/Route53",
        metricName: "HealthCheckStatus",
        dimensions: { HealthCheckId: healthCheckId },
        statistic: "Minimum",
        period: 60,
    };
}

/** The topic the alarms notify, `<name>-alarms`, with the e-mail subscription. Create it in us-east-1, beside the alarms. */
export function serviceAlarmTopic(name: string, notificationEmail: string | undefined, opts: pulumi.ComponentResourceOptions): AlarmTopic {
    return new AlarmTopic(`${name}-alarms`, {
        description: "Encrypts the ha-web-tier alarm topic; CloudWatch alarms may use it",
        notificationEmail,
    }, opts);
}

/**
 * `<name>-<region>-unhealthy`: ALARM on the first checker minute that reports the region unhealthy,
 * OK when it passes again, both to the topic. Missing data keeps the alarm where it is (`ignore`: "The
 * current alarm state is maintained", CloudWatch user guide, "Configuring how CloudWatch alarms treat
 * missing data"): Route 53 publishes HealthCheckStatus every minute for as long as the check exists,
 * whatever the endpoint does, so a gap is a pause of the metrics pipeline (a us-east-1 event), no
 * evidence about the region; treated as breaching it would wake the standby when the metrics resume
 * late, and as not breaching it would announce a failing primary healthy.
 */
export function unhealthyAlarm(name: string, region: string, healthPath: string, healthCheckId: pulumi.Input<string>, topicArn: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): aws.cloudwatch.MetricAlarm {
    return new aws.cloudwatch.MetricAlarm(`${name}-${region}-unhealthy`, {
        alarmDescription: `${region} fails its Route 53 health check (${healthPath})`,
        ...healthStatusMetric(healthCheckId),
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: MISSING_HEALTH_DATA,
        alarmActions: [topicArn],
        okActions: [topicArn],
    }, opts);
}

/**
 * The A alias record `<name>-<region>` from the service's name to the region's ALB. Without `routing`
 * it is a plain (simple) record; with it, one of a set (failover or latency) with the region's check.
 */
export function regionAliasRecord(
    name: string,
    target: RegionTarget,
    dns: DnsName,
    routing: Pick<aws.route53.RecordArgs, "setIdentifier" | "healthCheckId" | "failoverRoutingPolicies" | "latencyRoutingPolicies"> | undefined,
    opts: pulumi.CustomResourceOptions,
): aws.route53.Record {
    return new aws.route53.Record(`${name}-${target.region}`, {
        zoneId: dns.hostedZoneId,
        name: dns.recordName,
        type: "A",
        aliases: [{ name: target.albDnsName, zoneId: target.albZoneId, evaluateTargetHealth: true }],
        ...routing,
    }, opts);
}
