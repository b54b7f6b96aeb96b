import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SOURCE_ATTRIBUTE } from "../../functions/shared/contract";
import { FailoverFunction, FailoverFunctionArgs } from "./failoverFunction";
import { RegionSwitchPlan, type RegionSwitchPlanArgs } from "./regionSwitchPlan";
import type { AlarmTopic } from "../observability/alarmTopic";
import { failoverSwitch } from "./failoverSwitch";
import { DnsName, HealthCheckSettings, healthStatusMetric, MISSING_HEALTH_DATA, RegionTarget, regionAliasRecord, regionHealthCheck, serviceAlarmTopic, unhealthyAlarm } from "./healthWatch";

/** What GlobalFailover needs to know of one region's tier; Inputs, not the tier itself. */
export interface RegionEndpoint extends RegionTarget {
    /** primary / standby in the failover modes, active in active-active. */
    role: "primary" | "standby" | "active";
    /** The region's ASG name (the failover function scales the standby's). */
    asgName: pulumi.Input<string>;
    /** The region's ASG ARN (the only ASG the failover function may update). */
    asgArn: pulumi.Input<string>;
}

/** Arguments for {@link GlobalFailover}. */
export interface GlobalFailoverArgs extends HealthCheckSettings {
    /** How the regions share traffic. */
    mode: "pilot-light" | "warm-standby" | "active-active";
    /** Every region, the primary first. */
    regions: RegionEndpoint[];
    /** Route 53 records for one name across the regions; without it, the ALB URLs are the endpoints. */
    dns?: DnsName;
    /**
     * Whether this component routes the name to the regions with failover (or latency) records. Off
     * behind Global Accelerator, which routes by itself and gets the name's only record; the health
     * checks and alarms stay, for notification and the wake path. @default true
     */
    records?: boolean;
    /**
     * ARC Region switch in place of the failover function (pilot-light and warm-standby): no function
     * or its subscription; plans triggered by the same alarms (RegionSwitchPlan). The failover settings
     * are still read for the recovery window and the replica. @default undefined (the failover function)
     */
    regionSwitch?: Pick<RegionSwitchPlanArgs, "minDelayMinutesBetweenExecutions" | "approvalRoleArn" | "targetPercent" | "scalingTimeoutMinutes">;
    /** E-mail address subscribed to the alarm topic (the subscription must be confirmed). */
    notificationEmail?: string;
    /** Inverts the primary's health check, so a `pulumi up` rehearses a failover and the next undoes it. */
    drill: boolean;
    /** How the failover function wakes and sleeps the standby; required in pilot-light and warm-standby. */
    failover?: Omit<FailoverFunctionArgs, "mode" | "primaryRegion" | "standbyRegion" | "standbyAsgName" | "standbyAsgArn" | "wakeAlarmName" | "wakeAlarmArn" | "recoveryAlarmName" | "recoveryAlarmArn" | "promoteAlarm" | "topicArn" | "topicKeyArn" | "notificationEmail" | "drill" | "primaryHealthCheckId" | "hold">;
}

/**
 * Options of {@link GlobalFailover}. It spans regions, so it takes one aws provider per region in
 * `providers`, keyed by region code, as DataTier does (Pulumi's own map is keyed by package and holds
 * one aws provider): us-east-1's, where Route 53's metrics and so the checks' alarms and topic live,
 * and in the failover modes the standby region's, where the failover function runs.
 */
export interface GlobalFailoverOptions extends Omit<pulumi.ComponentResourceOptions, "provider" | "providers"> {
    /** An aws provider for us-east-1 and, in the failover modes, for the standby region, keyed by region code. */
    providers: Record<string, aws.Provider>;
}

/**
 * Puts the regions behind one name: a Route 53 health check per region on the app's health path,
 * failover (or latency) records with those checks, an alarm on the primary's check in us-east-1 that
 * notifies an encrypted SNS topic only CloudWatch alarms and the failover function may publish to, and
 * in the failover modes the function in the standby region that wakes the standby, later puts it back
 * to sleep, and (with automatic promotion) promotes the replica once the primary has been down long enough.
 */
export class GlobalFailover extends pulumi.ComponentResource {
    /** Health check id per region. */
    public readonly healthCheckIds: Record<string, pulumi.Output<string>>;
    /** The alarm topic (us-east-1). */
    public readonly topicArn: pulumi.Output<string>;
    /** The failover function's name, in the standby region (failover modes only). */
    public readonly functionName?: pulumi.Output<string>;
    /** The failover function's dead-letter queue, in the standby region (failover modes only). */
    public readonly deadLetterQueueName?: pulumi.Output<string>;
    /** The Region switch plans' ARNs: the wake plan, and with automatic promotion the promotion plan. */
    public readonly regionSwitchPlanArns?: pulumi.Output<string>[];

    constructor(name: string, args: GlobalFailoverArgs, opts: GlobalFailoverOptions) {
        const { providers, ...rest } = opts;
        super("ha-web-tier:index:GlobalFailover", name, {}, rest);
        const failoverMode = args.mode !== "active-active";
        const needed = ["us-east-1", ...(failoverMode && args.regions[1] ? [args.regions[1].region] : [])];
        const missing = needed.filter((r) => !providers?.[r]);
        if (missing.length > 0) {
            throw new Error(`GlobalFailover ${name}: opts.providers has no provider for ${missing.join(", ")}; pass an aws provider for us-east-1`
                + " (Route 53's metrics live there) and for the standby region, keyed by region code");
        }
        const usEast1 = providers["us-east-1"];
        const standbyProvider = failoverMode ? providers[args.regions[1].region] : undefined;
        const global = { parent: this, provider: usEast1 };

        const checks = args.regions.map((r, i) => regionHealthCheck(name, r, args, i === 0 && args.drill, global));
        this.healthCheckIds = Object.fromEntries(args.regions.map((r, i) => [r.region, checks[i].id]));
        // With records to steer, the primary's record carries the switch's calculated check (endpoint
        // healthy and not held out by hand); the alarms and the probe keep watching the endpoint itself.
        // Behind Global Accelerator (records off) users follow the ALBs' health, not records: a switch would steer nothing.
        const sw = failoverMode && args.dns && args.records !== false && standbyProvider
            ? failoverSwitch(name, {
                stack: args.failover?.stack ?? pulumi.getStack(),
                standbyRegion: args.regions[1].region,
                primaryRegion: args.regions[0].region,
                primaryCheckId: checks[0].id,
                standbyAsgName: args.regions[1].asgName,
                failoverCapacity: args.failover?.failoverCapacity ?? 1,
                resting: args.failover?.standbyCapacity ?? { min: 0, desired: 0 },
            }, { parent: this, provider: standbyProvider }, global)
            : undefined;
        const recordCheck = (i: number) => (i === 0 && sw ? sw.routingCheckId : checks[i].id);

        if (args.dns && args.records !== false) {
            const dns = args.dns;
            let first: aws.route53.Record | undefined;
            args.regions.forEach((r, i) => {
                const routing = failoverMode
                    ? { failoverRoutingPolicies: [{ type: i === 0 ? "PRIMARY" : "SECONDARY" }] }
                    : { latencyRoutingPolicies: [{ region: r.region }] };
                // After the first: a stack grown from single-region holds a plain record for the name, which
                // the first region's record replaces in place; Route 53 refuses a routed record beside a
                // plain one ("cannot be created as a non-weighted set exists", kubernetes-sigs/external-dns#1411).
                const record = regionAliasRecord(name, r, dns, { setIdentifier: r.region, healthCheckId: recordCheck(i), ...routing },
                    first ? { ...global, dependsOn: [first] } : global);
                first ??= record;
            });
        }

        const alarms = serviceAlarmTopic(name, args.notificationEmail, global);
        this.topicArn = alarms.topicArn;

        const watched = failoverMode ? args.regions.slice(0, 1) : args.regions;
        const wakeAlarms = watched.map((r) => unhealthyAlarm(name, r.region, args.healthPath, this.healthCheckIds[r.region], alarms.topicArn, global));

        if (failoverMode && args.regionSwitch) {
            this.regionSwitchPlanArns = this.regionSwitchEngine(name, args, args.regionSwitch, { name: wakeAlarms[0].name, arn: wakeAlarms[0].arn }, alarms, global);
        } else if (failoverMode) {
            const primary = args.regions[0];
            const standby = args.regions[1];
            if (!args.failover) {
                throw new Error(`GlobalFailover ${name}: mode ${args.mode} needs the failover settings`);
            }
            const window = args.failover.recoveryWindowMinutes;
            // Goes to ALARM only after the primary has passed every minute of the window: CloudWatch does
            // the waiting, so a flapping primary never makes the standby bounce.
            const recovery = new aws.cloudwatch.MetricAlarm(`${name}-${primary.region}-recovered`, {
                alarmDescription: `${primary.region} has been healthy for ${window} minutes; the standby may scale back down`,
                ...healthStatusMetric(this.healthCheckIds[primary.region]),
                evaluationPeriods: window,
                datapointsToAlarm: window,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                // A gap is no evidence of health either: it must not count towards the window.
                treatMissingData: MISSING_HEALTH_DATA,
                alarmActions: [alarms.topicArn],
            }, global);
            // Promotion is one-way, so it waits for the primary to fail every minute of the configured
            // time; CloudWatch does the waiting, and the function re-reads both alarms before promoting.
            const replica = args.failover.replica;
            const promote = replica?.autoPromote
                ? new aws.cloudwatch.MetricAlarm(`${name}-${primary.region}-down-long`, {
                    alarmDescription: `${primary.region} has failed its health check for ${replica.autoPromoteAfterMinutes} minutes in a row; the failover function promotes the standby's replica (never in a drill)`,
                    ...healthStatusMetric(this.healthCheckIds[primary.region]),
                    evaluationPeriods: replica.autoPromoteAfterMinutes,
                    datapointsToAlarm: replica.autoPromoteAfterMinutes,
                    threshold: 1,
                    comparisonOperator: "LessThanThreshold",
                    // One-way: a gap in the metrics (a us-east-1 event) must never count as the primary failing.
                    treatMissingData: MISSING_HEALTH_DATA,
                    alarmActions: [alarms.topicArn],
                }, global)
                : undefined;
            const fn = new FailoverFunction(`${name}-fn`, {
                ...args.failover,
                mode: args.mode as "pilot-light" | "warm-standby",
                primaryRegion: primary.region,
                standbyRegion: standby.region,
                standbyAsgName: standby.asgName,
                standbyAsgArn: standby.asgArn,
                wakeAlarmName: wakeAlarms[0].name,
                wakeAlarmArn: wakeAlarms[0].arn,
                recoveryAlarmName: recovery.name,
                recoveryAlarmArn: recovery.arn,
                promoteAlarm: promote && { name: promote.name, arn: promote.arn },
                topicArn: alarms.topicArn,
                topicKeyArn: alarms.keyArn,
                notificationEmail: args.notificationEmail,
                drill: args.drill,
                primaryHealthCheckId: this.healthCheckIds[primary.region],
                hold: sw && { parameterArn: sw.holdParameterArn },
            }, { parent: this, provider: standbyProvider });
            // The function publishes its own notifications to the topic.
            alarms.admitPublishers([fn.roleArn]);
            // The subscription lives with the topic in us-east-1; it drops the function's own notifications.
            new aws.sns.TopicSubscription(`${name}-fn`, {
                topic: alarms.topicArn,
                protocol: "lambda",
                endpoint: fn.functionArn,
                filterPolicyScope: "MessageAttributes",
                filterPolicy: JSON.stringify({ [SOURCE_ATTRIBUTE]: [{ exists: false }] }),
            }, { ...global, dependsOn: [fn] });
            this.functionName = fn.functionName;
            this.deadLetterQueueName = fn.deadLetterQueueName;
        } else {
            alarms.admitPublishers([]);
        }

        this.registerOutputs({
            healthCheckIds: this.healthCheckIds, topicArn: this.topicArn, functionName: this.functionName,
            deadLetterQueueName: this.deadLetterQueueName, regionSwitchPlanArns: this.regionSwitchPlanArns,
        });
    }

    /**
     * Region switch in place of the function: the alarms the function would read (the recovery alarm
     * only notifies, for Region switch never scales down; the "down long" alarm triggers the promotion
     * plan) and the plans. Region switch has no drill guard: in a drill there is no promotion plan.
     */
    private regionSwitchEngine(
        name: string,
        args: GlobalFailoverArgs,
        rs: NonNullable<GlobalFailoverArgs["regionSwitch"]>,
        wakeAlarm: { name: pulumi.Output<string>; arn: pulumi.Output<string> },
        alarms: AlarmTopic,
        global: pulumi.CustomResourceOptions,
    ): pulumi.Output<string>[] {
        const [primary, standby] = args.regions;
        if (!args.failover) {
            throw new Error(`GlobalFailover ${name}: mode ${args.mode} needs the failover settings`);
        }
        const window = args.failover.recoveryWindowMinutes;
        const check = this.healthCheckIds[primary.region];
        new aws.cloudwatch.MetricAlarm(`${name}-${primary.region}-recovered`, {
            alarmDescription: `${primary.region} has been healthy for ${window} minutes; Region switch never scales down: lower the standby by hand`,
            ...healthStatusMetric(check),
            evaluationPeriods: window,
            datapointsToAlarm: window,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [alarms.topicArn],
        }, global);
        const replica = args.failover.replica;
        const promote = replica?.autoPromote && !args.drill
            ? new aws.cloudwatch.MetricAlarm(`${name}-${primary.region}-down-long`, {
                alarmDescription: `${primary.region} has failed its health check for ${replica.autoPromoteAfterMinutes} minutes in a row; the Region switch promotion plan promotes the standby's replica`,
                ...healthStatusMetric(check),
                evaluationPeriods: replica.autoPromoteAfterMinutes,
                datapointsToAlarm: replica.autoPromoteAfterMinutes,
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                treatMissingData: "breaching",
                alarmActions: [alarms.topicArn],
            }, global)
            : undefined;
        const plan = new RegionSwitchPlan(`${name}-rs`, {
            ...rs,
            primaryRegion: primary.region,
            standbyRegion: standby.region,
            primaryAsgArn: primary.asgArn,
            standbyAsgArn: standby.asgArn,
            wakeAlarm,
            promotion: promote && replica ? { alarm: { name: promote.name, arn: promote.arn }, replicaArn: replica.arn } : undefined,
        }, global);
        // Only CloudWatch alarms publish to the topic: no function notifies.
        alarms.admitPublishers([]);
        return [plan.planArn, ...(plan.promotionPlanArn ? [plan.promotionPlanArn] : [])];
    }
}
