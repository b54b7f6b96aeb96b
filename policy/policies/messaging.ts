import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { lambdaRuntimeDeprecations, newestNodeRuntime, supportedRuntimes } from "./lambdaRuntimes";
import {
    acceptUnresolvedSchema, cannotBeJudged, forTypes, isFalse, isUnknown, ofTypes, plain, sourcesOfType, unresolvedFor, upper, type UnresolvedConfig,
} from "./util";

/**
 * SNS.1, plus the reason the tier needs a customer key: CloudWatch alarms cannot publish to a topic
 * encrypted with the AWS-managed `alias/aws/sns` key (aws/aws-cdk#11121). A key id not known until
 * deploy is a customer key only when it came from a key of this stack.
 */
export const snsTopicKmsEncrypted: StackValidationPolicy = {
    name: "sns-topic-kms-encrypted",
    description: "Checks whether SNS topics are encrypted with a customer-managed KMS key of this stack (Security Hub SNS.1).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateStack: (args, report) => {
        const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
        for (const topic of ofTypes(args, ["aws:sns/topic:Topic"])) {
            const key = plain(topic.props).kmsMasterKeyId;
            const judgeable = sourcesOfType(topic, "kmsMasterKeyId", keyTypes).length > 0 || accepted.includes(topic.name);
            if (isUnknown(key)) {
                if (!judgeable) {
                    report(cannotBeJudged("sns-topic-kms-encrypted", topic.name, "kmsMasterKeyId is not known until deploy and comes "
                        + "from no KMS key of this stack (it may be alias/aws/sns)"), topic.urn);
                }
            } else if (typeof key !== "string" || key.length === 0 || /(^|:)alias\/aws\/sns$/.test(key)) {
                report("kmsMasterKeyId must name a customer-managed KMS key whose policy lets cloudwatch.amazonaws.com "
                    + "use it; alias/aws/sns would block alarm notifications.", topic.urn);
            } else if (!judgeable) {
                // A literal id or ARN (a lookup's result) may be the AWS managed key itself: only this stack's keys are known.
                report(cannotBeJudged("sns-topic-kms-encrypted", topic.name, `kmsMasterKeyId names ${key}, a key this stack does not declare `
                    + "(it may be the AWS managed aws/sns key)"), topic.urn);
            }
        }
    },
};

/** Key resources (and aliases of them) a topic's key id may come from. */
const keyTypes = ["aws:kms/key:Key", "aws:kms/alias:Alias", "aws:kms/replicaKey:ReplicaKey"];

/** SQS.1: failover state passes through queues; encryption at rest is the baseline (an empty key id is no key). */
export const sqsQueueEncrypted: ResourceValidationPolicy = {
    name: "sqs-queue-encrypted",
    description: "Checks whether SQS queues are encrypted at rest (Security Hub SQS.1).",
    enforcementLevel: "mandatory",
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(["aws:sqs/queue:Queue"], (props, args, report) => {
        const sse = props.sqsManagedSseEnabled;
        const key = props.kmsMasterKeyId;
        if (isUnknown(sse) || (isUnknown(key) && isFalse(sse))) {
            unresolvedFor("sqs-queue-encrypted", args, report)("sqsManagedSseEnabled or kmsMasterKeyId is not known until deploy");
        } else if (isFalse(sse) && (key === undefined || key === null || key === "")) {
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
            ...acceptUnresolvedSchema,
        },
    },
    validateResource: forTypes(["aws:lambda/function:Function"], (props, args, report) => {
        const supported = args.getConfig<Partial<LambdaRuntimeConfig>>().supportedRuntimes ?? supportedRuntimes();
        const runtime = props.runtime;
        if (isUnknown(runtime) || isUnknown(props.packageType)) {
            unresolvedFor("lambda-runtime-supported", args, report)("runtime or packageType is not known until deploy");
            return;
        }
        if (upper(props.packageType) === "IMAGE" || (typeof runtime === "string" && supported.includes(runtime))) {
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
    configSchema: { properties: { ...acceptUnresolvedSchema } },
    validateResource: forTypes(["aws:lambda/permission:Permission", "aws:lambda/functionUrl:FunctionUrl"],
        (props, args, report) => {
            const unresolved = unresolvedFor("lambda-no-public-invoke", args, report);
            if (args.type === "aws:lambda/functionUrl:FunctionUrl") {
                const auth = upper(props.authorizationType);
                if (isUnknown(auth)) {
                    unresolved("authorizationType is not known until deploy");
                } else if (auth !== "AWS_IAM") {
                    report(`A function URL must use authorizationType "AWS_IAM"; ${JSON.stringify(props.authorizationType)} lets anyone invoke it.`);
                }
                return;
            }
            const principal = props.principal;
            const scoped = props.sourceArn !== undefined || props.sourceAccount !== undefined;
            if (isUnknown(principal)) {
                unresolved("principal is not known until deploy");
            } else if (principal === "*" || (typeof principal === "string" && principal.includes("*"))) {
                report("principal must not be \"*\"; grant the invoking service or account and set sourceArn.");
            } else if (typeof principal === "string" && principal.toLowerCase() === "s3.amazonaws.com" && props.sourceAccount === undefined) {
                // S3 bucket ARNs carry no account: another account can create a bucket of that name (Lambda developer guide,
                // "Granting function access to AWS services": use SourceAccount with S3).
                report("A permission for s3.amazonaws.com must set sourceAccount: a bucket ARN names no account, so any account "
                    + "that owns a bucket of that name could invoke the function.");
            } else if (typeof principal === "string" && principal.endsWith(".amazonaws.com") && !scoped) {
                report(`A permission for ${principal} must set sourceArn (or sourceAccount); without it any `
                    + "account's resources of that service can invoke the function.");
            }
        }),
};

/** The messaging and function rules, in report order. */
export const messagingPolicies = [snsTopicKmsEncrypted, sqsQueueEncrypted, lambdaRuntimeSupported,
    lambdaNoPublicInvoke];
