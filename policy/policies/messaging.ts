import type { ResourceValidationPolicy } from "@pulumi/policy";
import { lambdaRuntimeDeprecations, newestNodeRuntime, supportedRuntimes } from "./lambdaRuntimes";
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

/** Tunables of {@link lambdaRuntimeSupported}. */
export interface LambdaRuntimeConfig {
    /** Runtime identifiers that count as supported; the default is the sourced table minus runtimes past their date. */
    supportedRuntimes: string[];
}

/**
 * Lambda.2: a deprecated runtime gets no security patches and, a few months later, blocks updates, so a
 * failover function on it could not be fixed during an incident. An allow-list, so a runtime the table
 * does not know (a typo, a deprecated one) fails too. Container-image functions carry their own runtime.
 */
export const lambdaRuntimeSupported: ResourceValidationPolicy = {
    name: "lambda-runtime-supported",
    description: "Checks whether Lambda functions use a runtime AWS currently supports (Security Hub Lambda.2).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            supportedRuntimes: { type: "array", items: { type: "string" }, default: supportedRuntimes() },
        },
    },
    validateResource: forTypes(["aws:lambda/function:Function"], (props, args, report) => {
        const supported = args.getConfig<Partial<LambdaRuntimeConfig>>().supportedRuntimes ?? supportedRuntimes();
        const runtime = props.runtime;
        if (props.packageType === "Image" || isUnknown(runtime) || (typeof runtime === "string" && supported.includes(runtime))) {
            return;
        }
        const date = typeof runtime === "string" ? lambdaRuntimeDeprecations[runtime] : undefined;
        report(`${args.name}: runtime ${runtime === undefined ? "is unset" : JSON.stringify(runtime)} is not a supported Lambda `
            + `runtime${date ? ` (deprecated on ${date})` : ""}; move to a supported one such as ${newestNodeRuntime}.`);
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
