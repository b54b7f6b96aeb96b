import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { INITIAL_STATE } from "../functions/failover/initialState";
import { AlarmTopic } from "./alarmTopic";
import { bundleFunction } from "./lambdaBundle";

/** Where the failover function's source lives; bundled at deploy time. */
export const FAILOVER_ENTRY = path.resolve(__dirname, "..", "functions", "failover", "handler.ts");

/** The state record the function starts from (see functions/failover/state.ts): asleep since the epoch. */
export const INITIAL_FAILOVER_STATE = JSON.stringify(INITIAL_STATE);

/** Arguments for {@link FailoverFunction}. */
export interface FailoverFunctionArgs {
    /** pilot-light (standby at 0) or warm-standby (standby already serving, scaled to full size). */
    mode: "pilot-light" | "warm-standby";
    /** Stack name, for messages and the state parameter's name. */
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
    /** Its ARN: the function reads its state before scaling the standby back in. */
    wakeAlarmArn: pulumi.Input<string>;
    /** The alarm whose ALARM (primary healthy for the whole window) puts the standby back to sleep. */
    recoveryAlarmName: pulumi.Input<string>;
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
    /** The standby region's read replica, which the function may promote. */
    replica?: { identifier: pulumi.Input<string>; arn: pulumi.Input<string>; autoPromote: boolean };
    /** E-mail address told when the function fails or parks an event in its dead-letter queue. */
    notificationEmail?: string;
    /** Days to keep the function's logs (a CloudWatch Logs retention value). */
    logRetentionDays: number;
}

/**
 * The failover function in the standby region, with its dead-letter queue, state parameter, log group
 * and a role that may only scale the standby ASG, record its state, notify, and promote the replica.
 * Create it with the standby region's provider.
 */
export class FailoverFunction extends pulumi.ComponentResource {
    /** The function's ARN, for the SNS subscription. */
    public readonly functionArn: pulumi.Output<string>;
    /** The function's name. */
    public readonly functionName: pulumi.Output<string>;
    /** Its dead-letter queue's name, for dashboards. */
    public readonly deadLetterQueueName: pulumi.Output<string>;

    constructor(name: string, args: FailoverFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:FailoverFunction", name, {}, opts);
        const parent = { parent: this };

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: args.logRetentionDays }, parent);
        const dlq = new aws.sqs.Queue(`${name}-dlq`, {
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 14 * 24 * 3600,
        }, parent);
        // The function owns the value at run time; `pulumi up` must not reset it.
        const state = new aws.ssm.Parameter(`${name}-state`, {
            name: `/ha-web-tier/${args.stack}/failover-state`,
            type: "String",
            value: INITIAL_FAILOVER_STATE,
            description: "Last action of the ha-web-tier failover function and the alarm time that caused it",
        }, { parent: this, ignoreChanges: ["value"] });

        const role = new aws.iam.Role(`${name}-role`, {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
        }, parent);
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            // A document object, not a JSON string: the policy gate checks actions and resources in a
            // preview, while the ARNs are still unknown.
            policy: {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "ScaleTheStandbyOnly", Effect: "Allow", Action: ["autoscaling:UpdateAutoScalingGroup"], Resource: [args.standbyAsgArn] },
                    // Before scaling in, the function checks that the primary is not failing again.
                    { Sid: "ReadTheWakeAlarm", Effect: "Allow", Action: ["cloudwatch:DescribeAlarms"], Resource: [args.wakeAlarmArn] },
                    { Sid: "State", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:PutParameter"], Resource: [state.arn] },
                    { Sid: "Notify", Effect: "Allow", Action: ["sns:Publish"], Resource: [args.topicArn] },
                    { Sid: "NotifyEncrypted", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: [args.topicKeyArn] },
                    { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`] },
                    { Sid: "DeadLetters", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: [dlq.arn] },
                    // Describe lets recovery see a promoted replica and keep the standby up; promote only when allowed.
                    ...(args.replica ? [{
                        Sid: "Replica",
                        Effect: "Allow" as const,
                        Action: args.replica.autoPromote ? ["rds:DescribeDBInstances", "rds:PromoteReadReplica"] : ["rds:DescribeDBInstances"],
                        Resource: [args.replica.arn],
                    }] : []),
                ],
            },
        }, parent);

        const fn = new aws.lambda.Function(`${name}`, {
            description: `Wakes the ${args.standbyRegion} standby when ${args.primaryRegion} fails, and puts it back to sleep after recovery`,
            runtime: "nodejs24.x",
            architectures: ["arm64"],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleFunction(FAILOVER_ENTRY)) }),
            role: role.arn,
            timeout: 60,
            memorySize: 256,
            // One at a time: the state record is read, acted on and written without races.
            reservedConcurrentExecutions: 1,
            deadLetterConfig: { targetArn: dlq.arn },
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            environment: {
                variables: {
                    MODE: args.mode,
                    STACK: args.stack,
                    PRIMARY_REGION: args.primaryRegion,
                    STANDBY_REGION: args.standbyRegion,
                    STANDBY_ASG_NAME: args.standbyAsgName,
                    WAKE_ALARM_NAME: args.wakeAlarmName,
                    WAKE_ALARM_ARN: args.wakeAlarmArn,
                    RECOVERY_ALARM_NAME: args.recoveryAlarmName,
                    RECOVERY_WINDOW_MINUTES: String(args.recoveryWindowMinutes),
                    FAILOVER_MIN_SIZE: String(args.failoverCapacity),
                    FAILOVER_DESIRED_CAPACITY: String(args.failoverCapacity),
                    STANDBY_MIN_SIZE: String(args.standbyCapacity.min),
                    STANDBY_DESIRED_CAPACITY: String(args.standbyCapacity.desired),
                    STATE_PARAMETER_NAME: state.name,
                    NOTIFY_TOPIC_ARN: args.topicArn,
                    REPLICA_DB_IDENTIFIER: args.replica?.identifier ?? "",
                    AUTO_PROMOTE: String(args.replica?.autoPromote ?? false),
                    POWERTOOLS_SERVICE_NAME: "ha-web-tier-failover",
                },
            },
            // Lambda checks at creation that the role may send to the dead-letter queue.
        }, { parent: this, dependsOn: [policy] });
        new aws.lambda.Permission(`${name}-from-sns`, {
            function: fn.name,
            action: "lambda:InvokeFunction",
            principal: "sns.amazonaws.com",
            sourceArn: args.topicArn,
        }, parent);

        this.failureAlarms(name, fn, dlq, args.notificationEmail);

        this.functionArn = fn.arn;
        this.functionName = fn.name;
        this.deadLetterQueueName = dlq.name;
        this.registerOutputs({ functionArn: this.functionArn, functionName: this.functionName });
    }

    /**
     * A failed wake is retried twice and then parked in the dead-letter queue, and the wake alarm does
     * not fire again while it stays in ALARM: without these alarms a standby could silently stay asleep.
     * They live in the standby region (alarms publish only to topics in their own region).
     */
    private failureAlarms(name: string, fn: aws.lambda.Function, dlq: aws.sqs.Queue, email?: string): void {
        const ops = new AlarmTopic(`${name}-ops`, {
            description: "Encrypts the ha-web-tier failover function's failure alarms",
            notificationEmail: email,
        }, { parent: this });
        const common = {
            period: 60,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [ops.topicArn],
        };
        new aws.cloudwatch.MetricAlarm(`${name}-dead-letters`, {
            ...common,
            alarmDescription: "A failover event could not be handled and waits in the dead-letter queue; act on it by hand",
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: dlq.name },
            statistic: "Maximum",
        }, { parent: this });
        new aws.cloudwatch.MetricAlarm(`${name}-errors`, {
            ...common,
            alarmDescription: "The failover function failed; it retries, then parks the event in its dead-letter queue",
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn.name },
            statistic: "Sum",
        }, { parent: this });
    }
}
