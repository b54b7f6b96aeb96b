import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { AlarmTopic } from "../observability/alarmTopic";
import { type FunctionEnvironment, type ProbeEnvName } from "../../functions/shared/contract";
import { StandbyFunction } from "./standbyFunction";
import { PROBE_INTERVAL, probeRunChecks, probeTimeoutSeconds } from "./rto";

/** Where the probe function's source lives; bundled at deploy time. */
export const PROBE_ENTRY = path.resolve(__dirname, "..", "..", "functions", "probe", "handler.ts");

/** Arguments for {@link PrimaryProbe}. */
export interface PrimaryProbeArgs {
    /** Stack name, for messages. */
    stack: string;
    /** The region being probed. */
    primaryRegion: string;
    /** Where the probe runs: the standby's region, never the primary's or us-east-1 by choice. */
    standbyRegion: string;
    /** The primary ALB's DNS name, which the probe connects to. */
    primaryAlbDnsName: pulumi.Input<string>;
    /** The service's DNS name: the certificate's name, sent as SNI and Host. */
    hostName: string;
    /** The health path the probe requests. */
    healthPath: string;
    /** Text only the app's health response contains. */
    searchString: string;
    /** Consecutive failed checks before the probe asks Route 53 (the health checks' threshold). */
    failureThreshold: number;
    /** The primary's Route 53 health check; its checkers must agree (or its API be unreachable). */
    healthCheckId: pulumi.Input<string>;
    /** The standby group the probe may raise. */
    standbyAsgName: pulumi.Input<string>;
    /** Its ARN: the only group the probe's role may update. */
    standbyAsgArn: pulumi.Input<string>;
    /** Instances the standby is raised to, at least. */
    failoverCapacity: number;
    /** The standby's resting size, named in the notification's way back. */
    standbyCapacity: { min: number; desired: number };
    /** Subscribed to the probe's topic (wakes, and the probe's own failures). */
    notificationEmail?: string;
    /** Days to keep the function's logs. */
    logRetentionDays: number;
}

/**
 * The second detection path, in the standby region: an EventBridge Scheduler schedule invokes a
 * function every minute that checks the primary's health path several times and wakes the standby
 * when the checks fail and Route 53's checkers agree (or Route 53's API, in us-east-1, cannot be
 * reached). The alarm in us-east-1 stays the other trigger. Create it with the standby's provider.
 */
export class PrimaryProbe extends pulumi.ComponentResource {
    /** The probe function's name. */
    public readonly functionName: pulumi.Output<string>;
    /** The topic the probe notifies (standby region). */
    public readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: PrimaryProbeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:PrimaryProbe", name, {}, opts);
        const parent = { parent: this };
        const partition = aws.getPartitionOutput({}, parent).partition;
        const account = aws.getCallerIdentityOutput({}, parent).accountId;

        // Its own topic in the standby region: a wake while us-east-1 is down must still reach a person.
        const topic = new AlarmTopic(`${name}-notify`, {
            description: "Encrypts the ha-web-tier probe's notifications",
            notificationEmail: args.notificationEmail,
        }, parent);
        const environment: FunctionEnvironment<ProbeEnvName, pulumi.Input<string>> = {
            STACK: args.stack,
            PRIMARY_REGION: args.primaryRegion,
            STANDBY_REGION: args.standbyRegion,
            PRIMARY_ENDPOINT: args.primaryAlbDnsName,
            HOST_NAME: args.hostName,
            HEALTH_PATH: args.healthPath,
            SEARCH_STRING: args.searchString,
            HEALTH_CHECK_ID: args.healthCheckId,
            STANDBY_ASG_NAME: args.standbyAsgName,
            FAILOVER_CAPACITY: String(args.failoverCapacity),
            STANDBY_MIN_SIZE: String(args.standbyCapacity.min),
            STANDBY_DESIRED_CAPACITY: String(args.standbyCapacity.desired),
            FAILURE_THRESHOLD: String(args.failureThreshold),
            PROBES_PER_RUN: String(probeRunChecks(args.failureThreshold)),
            PROBE_INTERVAL_SECONDS: String(PROBE_INTERVAL),
            NOTIFY_TOPIC_ARN: topic.topicArn,
            POWERTOOLS_SERVICE_NAME: "ha-web-tier-probe",
        };
        const probe = new StandbyFunction(name, {
            description: `Probes ${args.primaryRegion} from ${args.standbyRegion} every minute and wakes the standby when it fails and Route 53 agrees`,
            entry: PROBE_ENTRY,
            // Each run checks for longer than the longest gap between two runs (runs overlap, so a failure
            // never waits for the next run; see rto.ts), then has room for Route 53, the wake and the notice.
            timeout: probeTimeoutSeconds(args.failureThreshold),
            memorySize: 128,
            environment,
            statements: [
                // DescribeAutoScalingGroups supports no resource-level permissions; it only reads.
                { Sid: "ReadGroups", Effect: "Allow", Action: ["autoscaling:DescribeAutoScalingGroups"], Resource: "*" },
                { Sid: "RaiseTheStandbyOnly", Effect: "Allow", Action: ["autoscaling:UpdateAutoScalingGroup"], Resource: [args.standbyAsgArn] },
                { Sid: "AskRoute53", Effect: "Allow", Action: ["route53:GetHealthCheckStatus"], Resource: [pulumi.interpolate`arn:${partition}:route53:::healthcheck/${args.healthCheckId}`] },
                { Sid: "Notify", Effect: "Allow", Action: ["sns:Publish"], Resource: [topic.topicArn] },
                { Sid: "NotifyEncrypted", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: [topic.keyArn] },
            ],
            logRetentionDays: args.logRetentionDays,
            errorsAlarm: {
                description: "The ha-web-tier probe failed in 3 of the last 5 minutes; the alarm path in us-east-1 is the only trigger left",
                evaluationPeriods: 5,
                datapointsToAlarm: 3,
                topicArn: topic.topicArn,
                notifyOk: true,
            },
        }, parent);
        const fn = { name: probe.functionName, arn: probe.functionArn };
        // Replaces SNS's default topic policy: only the account's alarms (the probe's own) and this role publish.
        topic.admitPublishers([probe.roleArn]);
        // A failed run is not retried: the next one starts within a minute and sees the present.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, {
            functionName: fn.name,
            maximumRetryAttempts: 0,
            maximumEventAgeInSeconds: 60,
        }, parent);

        const schedulerRole = new aws.iam.Role(`${name}-scheduler`, {
            // The source-account condition keeps another account's schedules from using this role.
            assumeRolePolicy: account.apply((acct) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [{
                    Effect: "Allow",
                    Principal: { Service: "scheduler.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": acct } },
                }],
            })),
        }, parent);
        const invoke = new aws.iam.RolePolicy(`${name}-scheduler`, {
            role: schedulerRole.id,
            policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [fn.arn] }] },
        }, parent);
        new aws.scheduler.Schedule(`${name}-schedule`, {
            description: `Runs the ha-web-tier probe of ${args.primaryRegion} every minute`,
            // rate(1 minute) is the shortest rate Scheduler offers; OFF means no flexible delay.
            scheduleExpression: "rate(1 minute)",
            flexibleTimeWindow: { mode: "OFF" },
            target: {
                arn: fn.arn,
                roleArn: schedulerRole.arn,
                retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
            },
        }, { parent: this, dependsOn: [invoke] });

        this.alarms(name, probe.functionName, topic.topicArn);

        this.functionName = probe.functionName;
        this.topicArn = topic.topicArn;
        this.registerOutputs({ functionName: this.functionName, topicArn: this.topicArn });
    }

    /** A probe that stopped running reaches a person through the probe's topic (its errors alarm is the function's own). */
    private alarms(name: string, functionName: pulumi.Output<string>, topicArn: pulumi.Output<string>): void {
        new aws.cloudwatch.MetricAlarm(`${name}-silent`, {
            namespace: "AWS/Lambda",
            dimensions: { FunctionName: functionName },
            statistic: "Sum",
            alarmActions: [topicArn],
            okActions: [topicArn],
            alarmDescription: "The ha-web-tier probe has not run for 5 minutes; the alarm path in us-east-1 is the only trigger left",
            metricName: "Invocations",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
        }, { parent: this });
    }
}
