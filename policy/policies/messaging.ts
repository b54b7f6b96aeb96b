import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, isUnknown } from "./util";

/**
 * SNS.1, plus the reason the tier needs a customer key: CloudWatch alarms cannot publish to a topic
 * encrypted with the AWS-managed `alias/aws/sns` key (aws/aws-cdk#11121).
 */
export const snsTopicKmsEncrypted: ResourceValidationPolicy = {
    name: "sns-topic-kms-encrypted",
    description: "Checks whether SNS topics are encrypted with a customer-managed KMS key (Security Hub SNS.1).",
    enforcementLevel: "mandatory",
    validateResource: forTypes(["aws:sns/topic:Topic"], (props, _args, report) => {
        const key = props.kmsMasterKeyId;
        if (isUnknown(key)) {
            return;
        }
        if (typeof key !== "string" || key.length === 0 || /(^|:)alias\/aws\/sns$/.test(key)) {
            report("kmsMasterKeyId must name a customer-managed KMS key whose policy lets cloudwatch.amazonaws.com "
                + "use it; alias/aws/sns would block alarm notifications.");
        }
    }),
};

/** SQS.1: failover state passes through queues; encryption at rest is the baseline. */
export const sqsQueueEncrypted: ResourceValidationPolicy = {
    name: "sqs-queue-encrypted",
    description: "Checks whether SQS queues are encrypted at rest (Security Hub SQS.1).",
    enforcementLevel: "mandatory",
    validateResource: forTypes(["aws:sqs/queue:Queue"], (props, _args, report) => {
        if (props.sqsManagedSseEnabled === false && props.kmsMasterKeyId === undefined) {
            report("A queue must be encrypted: leave sqsManagedSseEnabled on or set kmsMasterKeyId.");
        }
    }),
};

/**
 * Runtimes AWS has deprecated (no more security patches); the default of `deprecatedRuntimes`.
 * As of 2026-11: nodejs20.x since 2026-04-30, python3.9 since 2025-12-15 (AWS Lambda runtimes page).
 */
export const deprecatedLambdaRuntimes = [
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x",
    "nodejs16.x", "nodejs18.x", "nodejs20.x", "python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
    "ruby2.5", "ruby2.7",
    "java8", "go1.x", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet5.0", "dotnet6",
    "dotnet7", "provided",
];

/** Tunables of {@link lambdaRuntimeSupported}. */
export interface LambdaRuntimeConfig {
    /** Runtime identifiers treated as deprecated. */
    deprecatedRuntimes: string[];
}

/** Lambda.2: deprecated runtimes stop receiving security patches and eventually block updates. */
export const lambdaRuntimeSupported: ResourceValidationPolicy = {
    name: "lambda-runtime-supported",
    description: "Checks whether Lambda functions use a runtime that is not deprecated (Security Hub Lambda.2).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            deprecatedRuntimes: { type: "array", items: { type: "string" }, default: deprecatedLambdaRuntimes },
        },
    },
    validateResource: forTypes(["aws:lambda/function:Function"], (props, args, report) => {
        const deprecated = args.getConfig<Partial<LambdaRuntimeConfig>>().deprecatedRuntimes ?? deprecatedLambdaRuntimes;
        if (typeof props.runtime === "string" && deprecated.includes(props.runtime)) {
            report(`runtime ${props.runtime} is deprecated; move to a supported runtime such as nodejs24.x.`);
        }
    }),
};

/** Lambda.1: a function anyone (or any account's SNS topic or bucket) can invoke is a public endpoint. */
export const lambdaNoPublicInvoke: ResourceValidationPolicy = {
    name: "lambda-no-public-invoke",
    description: "Checks whether Lambda permissions and function URLs do not let any principal invoke the function "
        + "(Security Hub Lambda.1).",
    enforcementLevel: "mandatory",
    validateResource: forTypes(["aws:lambda/permission:Permission", "aws:lambda/functionUrl:FunctionUrl"],
        (props, args, report) => {
            if (args.type === "aws:lambda/functionUrl:FunctionUrl") {
                if (props.authorizationType === "NONE") {
                    report("A function URL must use authorizationType \"AWS_IAM\"; NONE lets anyone invoke it.");
                }
                return;
            }
            const principal = props.principal;
            const scoped = props.sourceArn !== undefined || props.sourceAccount !== undefined;
            if (principal === "*") {
                report("principal must not be \"*\"; grant the invoking service or account and set sourceArn.");
            } else if (typeof principal === "string" && principal.endsWith(".amazonaws.com") && !scoped) {
                report(`A permission for ${principal} must set sourceArn (or sourceAccount); without it any `
                    + "account's resources of that service can invoke the function.");
            }
        }),
};

/** The messaging and function rules, in report order. */
export const messagingPolicies = [snsTopicKmsEncrypted, sqsQueueEncrypted, lambdaRuntimeSupported,
    lambdaNoPublicInvoke];
