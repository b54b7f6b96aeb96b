/**
 * The manual switch: a way to hold the primary out of DNS (fail over by hand, or keep users on the
 * standby until a person fails back) that needs no deploy, no Route 53 API call and nothing in the
 * primary's region. AWS's "Standby Takes Over Primary" pattern (aws-samples/multi-region-failover-
 * pattern-standby-takes-over-primary): a custom metric in the standby region, a CloudWatch alarm on it,
 * and a Route 53 health check of type CLOUDWATCH_METRIC on that alarm, combined with the primary's
 * endpoint check in a CALCULATED check that the primary record carries. Route 53 follows the alarm's
 * data stream, not its state ("How Route 53 determines whether a health check is healthy"), and health
 * checks and the routing they drive are Route 53's data plane, which keeps working while its control
 * plane in us-east-1 is impaired (AWS whitepaper "AWS Fault Isolation Boundaries", Appendix B).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { HOLD_METRIC, holdParameterName, metricNamespace, type StandbyDescription, standbyParameterName } from "../../functions/shared/contract";

/** What {@link failoverSwitch} needs. */
export interface FailoverSwitchArgs {
    /** The stack's name: it names the parameters and the metric's namespace. */
    stack: string;
    /** The standby region, where the parameter, the metric and its alarm live. */
    standbyRegion: string;
    /** The primary's endpoint health check. */
    primaryCheckId: pulumi.Input<string>;
    /** The primary's region, for names. */
    primaryRegion: string;
    /** The standby group's name, published for the operators' command. */
    standbyAsgName: pulumi.Input<string>;
    /** What a wake raises it to. */
    failoverCapacity: number;
    /** Its size at rest. */
    resting: { min: number; desired: number };
}

/** What the switch gives the primary record and the functions. */
export interface FailoverSwitch {
    /** The CALCULATED check the primary record carries: healthy when the endpoint is and it is not held out. */
    routingCheckId: pulumi.Output<string>;
    /** The hold parameter's ARN, which the failover function may read and write. */
    holdParameterArn: pulumi.Output<string>;
    /** The alarm on the hold metric. */
    holdAlarmName: pulumi.Output<string>;
}

/**
 * Builds the switch. `standby` creates in the standby region, `global` in us-east-1 (Route 53's
 * control plane, used only at deploy time).
 */
export function failoverSwitch(name: string, args: FailoverSwitchArgs, standby: pulumi.CustomResourceOptions, global: pulumi.CustomResourceOptions): FailoverSwitch {
    // The source of truth: the commands write it, the reconcile re-publishes it. Nothing at deploy time
    // may reset a hold a person set, so the program only creates it.
    const hold = new aws.ssm.Parameter(`${name}-held`, {
        name: holdParameterName(args.stack),
        type: "String",
        value: "false",
        description: "true holds the primary out of DNS (manual failover, or manual failback pending); see docs/failover.md",
    }, { ...standby, ignoreChanges: ["value"] });
    new aws.ssm.Parameter(`${name}-standby`, {
        name: standbyParameterName(args.stack),
        type: "String",
        value: pulumi.output(args.standbyAsgName).apply((asg) => JSON.stringify({
            asg, failoverCapacity: args.failoverCapacity, resting: { minSize: args.resting.min, desiredCapacity: args.resting.desired },
        } satisfies StandbyDescription)),
        description: "The standby Auto Scaling group and its sizes, for the manual failover command",
    }, standby);
    const alarm = new aws.cloudwatch.MetricAlarm(`${name}-held`, {
        alarmDescription: `ALARM holds ${args.primaryRegion} out of DNS (Route 53 health check ${name}-switch); set by the failover commands and, with failback manual, by a wake`,
        namespace: metricNamespace(args.stack),
        metricName: HOLD_METRIC,
        // Route 53 supports standard-resolution metrics and these statistics only, no metric math
        // (Route 53 developer guide, "Values that you specify when you create or update health checks").
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // Between the reconcile's re-publishes the alarm keeps its state.
        treatMissingData: "ignore",
    }, standby);
    const switchCheck = new aws.route53.HealthCheck(`${name}-switch`, {
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: alarm.name,
        cloudwatchAlarmRegion: args.standbyRegion,
        // "If you choose to use the last known status, Route 53 uses the status of the health check from
        // the last time that CloudWatch had sufficient data"; a new check is healthy: the primary serves.
        // Never Healthy: a hold would then lapse between two re-publishes.
        insufficientDataHealthStatus: "LastKnownStatus",
        tags: { Name: `${name}-switch` },
    }, global);
    const routing = new aws.route53.HealthCheck(`${name}-${args.primaryRegion}-routing`, {
        type: "CALCULATED",
        childHealthchecks: [args.primaryCheckId, switchCheck.id],
        childHealthThreshold: 2,
        tags: { Name: `${name}-${args.primaryRegion}-routing` },
    }, global);
    return { routingCheckId: routing.id, holdParameterArn: hold.arn, holdAlarmName: alarm.name };
}
