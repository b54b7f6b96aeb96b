import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { type FailoverEnvName, type FunctionEnvironment, RECONCILE_EVENT, UNKNOWN_ALARM_LOG, UNKNOWN_ALARM_METRIC, metricNamespace } from "../../functions/shared/contract";

/** How often the reconcile runs; it also re-publishes the manual hold, which Route 53's switch check bridges with its last known status. */
export const RECONCILE_EVERY_MINUTES = 5;
import { AlarmTopic } from "../observability/alarmTopic";
import { failoverStateTable, stateStatements } from "./failoverState";
import { StandbyFunction } from "./standbyFunction";

/** Where the failover function's source lives; bundled at deploy time. */
export const FAILOVER_ENTRY = path.resolve(__dirname, "..", "..", "functions", "failover", "handler.ts");

/** Arguments for {@link FailoverFunction}. */
export interface FailoverFunctionArgs {
    /** pilot-light (standby at 0) or warm-standby (standby already serving, scaled to full size). */
    mode: "pilot-light" | "warm-standby";
    /** Stack name, for messages and the metric namespace. */
    stack: string;
    /** The primary region, for messages. */
    primaryRegion: string;
    /** The standby region, where this function runs. */
    standbyRegion: string;
    /** The standby ASG the function scales. */
    standbyAsgName: pulumi.Input<string>;
    /** The standby ASG's ARN: the only ASG the function's role may update. */
    standbyAsgArn: pulumi.Input<string>;
    /** The alarm whose ALARM wakes the standby. */
    wakeAlarmName: pulumi.Input<string>;
    /** Its ARN: only messages carrying it wake, and the function reads its live state before acting. */
    wakeAlarmArn: pulumi.Input<string>;
    /** The alarm whose ALARM (primary healthy for the whole window) puts the standby back to sleep. */
    recoveryAlarmName: pulumi.Input<string>;
    /** Its ARN: only messages carrying it put the standby to sleep. */
    recoveryAlarmArn: pulumi.Input<string>;
    /** The alarm whose ALARM (primary failing for the promotion wait) promotes the replica; only with automatic promotion. */
    promoteAlarm?: { name: pulumi.Input<string>; arn: pulumi.Input<string> };
    /** Minutes the primary must stay healthy before the standby scales down. */
    recoveryWindowMinutes: number;
    /** Instances the standby is raised to (min and desired) when woken. */
    failoverCapacity: number;
    /** What the standby returns to after recovery. */
    standbyCapacity: { min: number; desired: number };
    /** The alarm topic (us-east-1) the function notifies. */
    topicArn: pulumi.Input<string>;
    /** The topic's KMS key, which publishing needs. */
    topicKeyArn: pulumi.Input<string>;
    /**
     * The standby region's read replica, which the function may promote once the primary has failed
     * for `autoPromoteAfterMinutes` (with `autoPromote`).
     */
    replica?: { identifier: pulumi.Input<string>; arn: pulumi.Input<string>; autoPromote: boolean; autoPromoteAfterMinutes: number };
    /** A drill (failover.drill): the function wakes and sleeps the standby but never promotes, and its role cannot. */
    drill: boolean;
    /**
     * Concurrent executions reserved for the function (failover.reservedConcurrency). Not needed for
     * correctness; it takes that many from the account's pool for this function alone.
     * @default undefined (none reserved)
     */
    reservedConcurrency?: number;
    /** Deletion protection on the state table (the stack's deletionProtection). */
    deletionProtection: boolean;
    /** E-mail address told when the function fails or parks an event in its dead-letter queue. */
    notificationEmail?: string;
    /** Days to keep the function's logs (a CloudWatch Logs retention value). */
    logRetentionDays: number;
    /**
     * Who lets users back onto a recovered primary (failover.failback): Route 53 as soon as the primary
     * passes (automatic), or a person releasing the manual hold (manual).
     * @default "automatic"
     */
    failback?: "automatic" | "manual";
    /** The manual switch's hold parameter (failoverSwitch.ts); without it there is nothing to hold. */
    hold?: { parameterArn: pulumi.Input<string> };
    /** The primary's endpoint check, whose history the reconcile reads. */
    primaryHealthCheckId: pulumi.Input<string>;
    /**
     * Minutes Route 53's checkers must have seen the primary healthy before the reconcile puts an awake
     * standby back to rest (failover.reconcileHoldMinutes). @default recoveryWindowMinutes
     */
    reconcileHoldMinutes?: number;
}

/**
 * The failover function in the standby region, with its dead-letter queue, state table, log group and
 * a role that may only read and raise or lower the standby ASG, read its alarms, read and write its one
 * state item, notify, and promote the replica. Create it with the standby region's provider.
 */
export class FailoverFunction extends pulumi.ComponentResource {
    /** The function's ARN, for the SNS subscription. */
    public readonly functionArn: pulumi.Output<string>;
    /** The function's name. */
    public readonly functionName: pulumi.Output<string>;
    /** Its dead-letter queue's name, for dashboards. */
    public readonly deadLetterQueueName: pulumi.Output<string>;
    /** The function's role, which the alarm topic's policy admits as a publisher. */
    public readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: FailoverFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:FailoverFunction", name, {}, opts);
        const parent = { parent: this };

        const dlq = new aws.sqs.Queue(`${name}-dlq`, {
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 14 * 24 * 3600,
        }, parent);
        const state = failoverStateTable(name, { deletionProtection: args.deletionProtection }, this);
        const dnsSuffix = aws.getPartitionOutput({}, parent).dnsSuffix;
        const alarmArns = [args.wakeAlarmArn, ...(args.promoteAlarm ? [args.promoteAlarm.arn] : [])];
        // Never in a drill: the role itself then cannot promote, whatever the function decides.
        const mayPromote = args.replica !== undefined && args.replica.autoPromote && !args.drill;
        const ops = this.opsTopic(name, args.notificationEmail);
        const environment: FunctionEnvironment<FailoverEnvName, pulumi.Input<string>> = {
            MODE: args.mode,
            STACK: args.stack,
            PRIMARY_REGION: args.primaryRegion,
            STANDBY_REGION: args.standbyRegion,
            STANDBY_ASG_NAME: args.standbyAsgName,
            WAKE_ALARM_NAME: args.wakeAlarmName,
            WAKE_ALARM_ARN: args.wakeAlarmArn,
            RECOVERY_ALARM_NAME: args.recoveryAlarmName,
            RECOVERY_ALARM_ARN: args.recoveryAlarmArn,
            PROMOTE_ALARM_NAME: args.promoteAlarm?.name ?? "",
            PROMOTE_ALARM_ARN: args.promoteAlarm?.arn ?? "",
            PROMOTE_AFTER_MINUTES: String(args.replica?.autoPromoteAfterMinutes ?? 10),
            RECOVERY_WINDOW_MINUTES: String(args.recoveryWindowMinutes),
            FAILOVER_MIN_SIZE: String(args.failoverCapacity),
            FAILOVER_DESIRED_CAPACITY: String(args.failoverCapacity),
            STANDBY_MIN_SIZE: String(args.standbyCapacity.min),
            STANDBY_DESIRED_CAPACITY: String(args.standbyCapacity.desired),
            STATE_TABLE_NAME: state.table.name,
            NOTIFY_TOPIC_ARN: args.topicArn,
            REPLICA_DB_IDENTIFIER: args.replica?.identifier ?? "",
            AUTO_PROMOTE: String(args.replica?.autoPromote ?? false),
            DRILL: String(args.drill),
            FAILBACK: args.failback ?? "automatic",
            HOLD_REGION: args.hold ? args.standbyRegion : "",
            PRIMARY_HEALTH_CHECK_ID: args.primaryHealthCheckId,
            RECONCILE_HOLD_MINUTES: String(args.reconcileHoldMinutes ?? args.recoveryWindowMinutes),
            POWERTOOLS_SERVICE_NAME: "ha-web-tier-failover",
        };
        const fn = new StandbyFunction(name, {
            description: `Wakes the ${args.standbyRegion} standby when ${args.primaryRegion} fails, and puts it back to sleep after recovery`,
            entry: FAILOVER_ENTRY,
            timeout: 60,
            memorySize: 256,
            environment,
            statements: [
                { Sid: "ScaleTheStandbyOnly", Effect: "Allow", Action: ["autoscaling:UpdateAutoScalingGroup"], Resource: [args.standbyAsgArn] },
                // A wake reads the group first so it only ever raises it. DescribeAutoScalingGroups has no
                // resource-level permissions ("Actions, resources, and condition keys for Amazon EC2 Auto
                // Scaling", Service Authorization Reference), so it can only be granted on "*"; it reads.
                { Sid: "ReadGroups", Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingGroups"], Resource: ["*"] },
                // The reconcile reads failed launches to tell a person when capacity is short; no resource-level permissions either.
                { Sid: "ReadScalingActivities", Effect: "Allow", Action: ["autoscaling:DescribeScalingActivities"], Resource: ["*"] },
                // Every wake, sleep and promotion is confirmed on the alarms' live state first.
                { Sid: "ReadTheAlarms", Effect: "Allow", Action: ["cloudwatch:DescribeAlarms"], Resource: alarmArns },
                ...stateStatements(state, args.standbyRegion, dnsSuffix),
                { Sid: "Notify", Effect: "Allow", Action: ["sns:Publish"], Resource: [args.topicArn] },
                { Sid: "NotifyEncrypted", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: [args.topicKeyArn] },
                { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlq.arn] },
                // The reconcile reads the primary's check history; GetMetricData has no resource-level permissions.
                { Sid: "ReadHealthHistory", Effect: "Allow", Action: ["cloudwatch:GetMetricData"], Resource: ["*"] },
                ...(args.hold ? [
                    { Sid: "ManualHold", Effect: "Allow" as const, Action: ["ssm:GetParameter", "ssm:PutParameter"], Resource: [args.hold.parameterArn] },
                    // PutMetricData has no resource-level permissions; the namespace condition keeps it to this stack's.
                    { Sid: "PublishHold", Effect: "Allow" as const, Action: ["cloudwatch:PutMetricData"], Resource: ["*"], Condition: { StringEquals: { "cloudwatch:namespace": metricNamespace(args.stack) } } },
                ] : []),
                // Describe lets recovery see a promoted replica and keep the standby up; promote only when allowed.
                ...(args.replica ? [{
                    Sid: "Replica",
                    Effect: "Allow" as const,
                    Action: mayPromote ? ["rds:DescribeDBInstances", "rds:PromoteReadReplica"] : ["rds:DescribeDBInstances"],
                    Resource: [args.replica.arn],
                }] : []),
            ],
            logRetentionDays: args.logRetentionDays,
            deadLetterTargetArn: dlq.arn,
            // Not needed for correctness: invocations confirm every action on the alarms' live state and
            // write the state item by compare-and-set. Reserving is opt-in (it fails on accounts that
            // cannot spare it; see docs/failover.md).
            reservedConcurrency: args.reservedConcurrency,
            errorsAlarm: {
                description: "The failover function failed; it retries, then parks the event in its dead-letter queue",
                evaluationPeriods: 1,
                topicArn: ops.topicArn,
            },
        }, parent);
        new aws.lambda.Permission(`${name}-from-sns`, {
            function: fn.functionName,
            action: "lambda:InvokeFunction",
            principal: "sns.amazonaws.com",
            sourceArn: args.topicArn,
        }, parent);

        this.failureAlarms(name, { dlq, logGroupName: fn.logGroupName, stack: args.stack, topicArn: ops.topicArn });
        this.reconcileSchedule(name, fn.functionArn, args.standbyRegion);

        this.functionArn = fn.functionArn;
        this.functionName = fn.functionName;
        this.deadLetterQueueName = dlq.name;
        this.roleArn = fn.roleArn;
        this.registerOutputs({ functionArn: this.functionArn, functionName: this.functionName, deadLetterQueueName: this.deadLetterQueueName, roleArn: this.roleArn });
    }

    /**
     * Every few minutes the function reconciles (functions/failover/reconcile.ts): the one path that puts
     * a standby back to rest when no alarm transition will. Asynchronous, no retries: the next run is
     * minutes away.
     */
    private reconcileSchedule(name: string, functionArn: pulumi.Output<string>, region: string): void {
        const parent = { parent: this };
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        const role = new aws.iam.Role(`${name}-reconcile`, {
            // The source-account condition keeps another account's schedules from using this role.
            assumeRolePolicy: account.apply((acct) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": acct } } }],
            })),
        }, parent);
        const invoke = new aws.iam.RolePolicy(`${name}-reconcile`, {
            role: role.id,
            policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [functionArn] }] },
        }, parent);
        new aws.scheduler.Schedule(`${name}-reconcile`, {
            description: `Reconciles the ha-web-tier standby in ${region} every ${RECONCILE_EVERY_MINUTES} minutes`,
            scheduleExpression: `rate(${RECONCILE_EVERY_MINUTES} minutes)`,
            flexibleTimeWindow: { mode: "OFF" },
            target: {
                arn: functionArn,
                roleArn: role.arn,
                input: JSON.stringify(RECONCILE_EVENT),
                retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 120 },
            },
        }, { parent: this, dependsOn: [invoke] });
    }

    /**
     * The topic in the standby region that the function's failure alarms notify (alarms publish only to
     * topics in their own region); only those alarms publish there.
     */
    private opsTopic(name: string, email?: string): AlarmTopic {
        const ops = new AlarmTopic(`${name}-ops`, {
            description: "Encrypts the ha-web-tier failover function's failure alarms",
            notificationEmail: email,
        }, { parent: this });
        ops.admitPublishers([]);
        return ops;
    }

    /**
     * A failed wake is retried twice and then parked in the dead-letter queue, and the wake alarm does
     * not fire again while it stays in ALARM: without these alarms (and the errors alarm of the
     * function itself) a standby could silently stay asleep. A message from an alarm the function does
     * not know (a stale name after an alarm was replaced, or a forged message) is refused without
     * failing; a metric filter on its log line makes that reach a person too.
     */
    private failureAlarms(
        name: string,
        parts: { dlq: aws.sqs.Queue; logGroupName: pulumi.Output<string>; stack: string; topicArn: pulumi.Output<string> },
    ): void {
        const { dlq, logGroupName } = parts;
        const common = {
            period: 60,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [parts.topicArn],
        };
        new aws.cloudwatch.MetricAlarm(`${name}-dead-letters`, {
            ...common,
            alarmDescription: "A failover event could not be handled and waits in the dead-letter queue; act on it by hand",
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: dlq.name },
            statistic: "Maximum",
        }, { parent: this });
        const namespace = metricNamespace(parts.stack);
        new aws.cloudwatch.LogMetricFilter(`${name}-unknown-alarms`, {
            logGroupName,
            pattern: `{ $.${UNKNOWN_ALARM_LOG.field} = "${UNKNOWN_ALARM_LOG.value}" }`,
            metricTransformation: { namespace, name: UNKNOWN_ALARM_METRIC, value: "1" },
        }, { parent: this });
        new aws.cloudwatch.MetricAlarm(`${name}-unknown-alarms`, {
            ...common,
            alarmDescription: "The failover function received a message from an alarm it does not know and ignored it: a stale alarm name "
                + "after a replace (failover would then not happen) or a forged message. Find the log lines with "
                + `${UNKNOWN_ALARM_LOG.field} = ${UNKNOWN_ALARM_LOG.value}, then run pulumi up or investigate the publisher.`,
            namespace,
            metricName: UNKNOWN_ALARM_METRIC,
            statistic: "Sum",
        }, { parent: this });
    }
}
