import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bundleFunction, LAMBDA_ASSUME_ROLE_POLICY, LAMBDA_RUNTIME } from "./lambdaBundle";

/** The alarm on the function's errors: when it fires, and whom it tells. */
export interface ErrorsAlarmArgs {
    /** What the alarm means and what to do, for the person it reaches. */
    description: string;
    /** One-minute periods evaluated. */
    evaluationPeriods: number;
    /** Periods with errors among them that fire the alarm. @default evaluationPeriods */
    datapointsToAlarm?: number;
    /** The topic told on ALARM (and on OK with `notifyOk`). */
    topicArn: pulumi.Input<string>;
    /** Also tell the topic when the errors stop. @default false */
    notifyOk?: boolean;
}

/** Arguments for {@link StandbyFunction}. */
export interface StandbyFunctionArgs {
    /** The Lambda function's description. */
    description: pulumi.Input<string>;
    /** The handler's TypeScript source (export `handler`), bundled at deploy time. */
    entry: string;
    /** Seconds before Lambda stops an invocation. */
    timeout: number;
    /** MB of memory. */
    memorySize: number;
    /** The function's environment (typed by the contract in functions/shared/contract.ts at the caller). */
    environment: Record<string, pulumi.Input<string>>;
    /** What the function may do besides writing its own logs; one statement per purpose, with a Sid. */
    statements: aws.types.input.iam.PolicyStatement[];
    /** Days to keep the function's logs (a CloudWatch Logs retention value). */
    logRetentionDays: number;
    /** Where failed asynchronous events go (the role must be allowed to send there). @default none */
    deadLetterTargetArn?: pulumi.Input<string>;
    /** Concurrent executions reserved for the function. @default none reserved */
    reservedConcurrency?: number;
    /** The alarm on the function's errors. */
    errorsAlarm: ErrorsAlarmArgs;
}

/**
 * One function of the failover path, in the standby region: its log group, a role that may write only
 * there plus the given statements, the function (arm64, JSON logs, bundled from source) and an alarm
 * on its errors. The failover function and the probe are both built with it, so each has the same
 * shape. Its children keep the names they had when their parent built them (`<name>-logs`,
 * `<name>-role`, `<name>-policy`, `<name>`, `<name>-errors`) and take their old URNs as aliases, so
 * stacks deployed before this component existed update in place.
 */
export class StandbyFunction extends pulumi.ComponentResource {
    /** The function's ARN. */
    public readonly functionArn: pulumi.Output<string>;
    /** The function's name. */
    public readonly functionName: pulumi.Output<string>;
    /** The function's role's ARN. */
    public readonly roleArn: pulumi.Output<string>;
    /** The function's log group's name. */
    public readonly logGroupName: pulumi.Output<string>;
    /** The function's log group's ARN. */
    public readonly logGroupArn: pulumi.Output<string>;

    constructor(name: string, args: StandbyFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:StandbyFunction", name, {}, opts);
        // Before this component, the same children hung directly off the caller (FailoverFunction,
        // PrimaryProbe): the alias keeps each one's URN, so nothing is replaced.
        const child = (more: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions =>
            ({ parent: this, aliases: opts?.parent ? [{ parent: opts.parent }] : [], ...more });

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: args.logRetentionDays }, child());
        const role = new aws.iam.Role(`${name}-role`, { assumeRolePolicy: LAMBDA_ASSUME_ROLE_POLICY }, child());
        const policy = new aws.iam.RolePolicy(`${name}-policy`, {
            role: role.id,
            // A document object, not a JSON string: the policy gate checks actions and resources in a
            // preview, while the ARNs are still unknown.
            policy: {
                Version: "2012-10-17",
                Statement: [
                    ...args.statements,
                    { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [logGroup.arn, pulumi.interpolate`${logGroup.arn}:*`] },
                ],
            },
        }, child());
        const fn = new aws.lambda.Function(name, {
            description: args.description,
            runtime: LAMBDA_RUNTIME,
            architectures: ["arm64"],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleFunction(args.entry)) }),
            role: role.arn,
            timeout: args.timeout,
            memorySize: args.memorySize,
            reservedConcurrentExecutions: args.reservedConcurrency,
            deadLetterConfig: args.deadLetterTargetArn ? { targetArn: args.deadLetterTargetArn } : undefined,
            loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
            environment: { variables: args.environment },
            // Lambda checks at creation that the role may send to the dead-letter queue.
        }, child({ dependsOn: [policy] }));
        const a = args.errorsAlarm;
        new aws.cloudwatch.MetricAlarm(`${name}-errors`, {
            alarmDescription: a.description,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn.name },
            statistic: "Sum",
            period: 60,
            evaluationPeriods: a.evaluationPeriods,
            ...(a.datapointsToAlarm !== undefined ? { datapointsToAlarm: a.datapointsToAlarm } : {}),
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            alarmActions: [a.topicArn],
            ...(a.notifyOk ? { okActions: [a.topicArn] } : {}),
        }, child());

        this.functionArn = fn.arn;
        this.functionName = fn.name;
        this.roleArn = role.arn;
        this.logGroupName = logGroup.name;
        this.logGroupArn = logGroup.arn;
        this.registerOutputs({
            functionArn: this.functionArn, functionName: this.functionName, roleArn: this.roleArn, logGroupName: this.logGroupName, logGroupArn: this.logGroupArn,
        });
    }
}
