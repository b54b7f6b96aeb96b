/**
 * Verdicts of the messaging, function and front door rules written out, message and all: topic and
 * queue encryption, runtimes, who may invoke a function, and what an accelerator publishes.
 */
import * as assert from "node:assert/strict";
import type { Policies, PolicyPackConfig } from "@pulumi/policy";
import type { RecordedResource } from "../../tools/engine/recorded";
import { frontDoorPolicies } from "../../policy/policies/frontDoor";
import { newestNodeRuntime } from "../../policy/policies/lambdaRuntimes";
import { messagingPolicies } from "../../policy/policies/messaging";
import { rec, U } from "./factories";
import { cannot, verdictsOf } from "./helpers";

const key = rec("aws:kms/key:Key", "key", { enableKeyRotation: true });
const topic = (name: string, kmsMasterKeyId: unknown, deps: Record<string, RecordedResource[]> = {}) => rec("aws:sns/topic:Topic", name, { kmsMasterKeyId }, deps);
const awsKey = "kmsMasterKeyId must name a customer-managed KMS key whose policy lets cloudwatch.amazonaws.com use it; alias/aws/sns would block alarm notifications.";
const fn = (name: string, props: Record<string, unknown>) => rec("aws:lambda/function:Function", name, { role: "r", ...props });
const permission = (name: string, props: Record<string, unknown>) => rec("aws:lambda/permission:Permission", name, { action: "lambda:InvokeFunction",
    function: "f", ...props });
const group = (name: string, props: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec("aws:globalaccelerator/endpointGroup:EndpointGroup", name, { listenerArn: "arn:l", endpointGroupRegion: "eu-west-1", ...props }, deps);

const cases: { requirement: string; policies: Policies; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "a topic's key must be a customer key of this stack: the AWS key, none, or one the stack does not declare is refused or unjudged",
        policies: messagingPolicies,
        records: () => [key, topic("t1", U, { kmsMasterKeyId: [key] }), topic("t2", "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns"), topic("t3", ""),
            topic("t4", U), topic("t5", "arn:aws:kms:eu-west-1:123456789012:key/1234"), topic("t6", "alias/shared"), rec("aws:sns/topic:Topic", "t7", {}),
            topic("t8", "alias/aws/sns"), topic("t9", "alias/aws/sns2"), topic("t10", "arn:aws:kms:eu-west-1:123456789012:key/own", { kmsMasterKeyId: [key] })],
        config: { "sns-topic-kms-encrypted": { acceptUnresolved: ["t6"] } },
        expect: [`t2 sns-topic-kms-encrypted: ${awsKey}`, `t3 sns-topic-kms-encrypted: ${awsKey}`,
            cannot("t4", "sns-topic-kms-encrypted", "kmsMasterKeyId is not known until deploy and comes from no KMS key of this stack (it may be alias/aws/sns)"),
            cannot("t5", "sns-topic-kms-encrypted", "kmsMasterKeyId names arn:aws:kms:eu-west-1:123456789012:key/1234, a key this stack does not declare "
                + "(it may be the AWS managed aws/sns key)"), `t7 sns-topic-kms-encrypted: ${awsKey}`, `t8 sns-topic-kms-encrypted: ${awsKey}`,
            cannot("t9", "sns-topic-kms-encrypted", "kmsMasterKeyId names alias/aws/sns2, a key this stack does not declare (it may be the AWS managed aws/sns key)")] },
    { requirement: "a queue is encrypted unless SSE is off and no key is set; unknown settings cannot be judged",
        policies: messagingPolicies,
        records: () => [rec("aws:sqs/queue:Queue", "q1", { sqsManagedSseEnabled: false }), rec("aws:sqs/queue:Queue", "q2", { sqsManagedSseEnabled: "false", kmsMasterKeyId: "" }),
            rec("aws:sqs/queue:Queue", "q3", { sqsManagedSseEnabled: false, kmsMasterKeyId: "alias/k" }), rec("aws:sqs/queue:Queue", "q4", { sqsManagedSseEnabled: U }),
            rec("aws:sqs/queue:Queue", "q5", { sqsManagedSseEnabled: false, kmsMasterKeyId: U }), rec("aws:sqs/queue:Queue", "q6", { kmsMasterKeyId: U }),
            rec("aws:sqs/queue:Queue", "q7", { sqsManagedSseEnabled: false, kmsMasterKeyId: null })],
        expect: ["q1 sqs-queue-encrypted: A queue must be encrypted: leave sqsManagedSseEnabled on or set kmsMasterKeyId.",
            "q2 sqs-queue-encrypted: A queue must be encrypted: leave sqsManagedSseEnabled on or set kmsMasterKeyId.",
            cannot("q4", "sqs-queue-encrypted", "sqsManagedSseEnabled or kmsMasterKeyId is not known until deploy"),
            cannot("q5", "sqs-queue-encrypted", "sqsManagedSseEnabled or kmsMasterKeyId is not known until deploy"),
            "q7 sqs-queue-encrypted: A queue must be encrypted: leave sqsManagedSseEnabled on or set kmsMasterKeyId."] },
    { requirement: "a function's runtime must be supported (the config's list when given); images carry their own; unknowns cannot be judged",
        policies: messagingPolicies,
        records: () => [fn("f1", { runtime: "nodejs22.x" }), fn("f2", { runtime: "nodejs99.x" }), fn("f3", {}), fn("f4", { packageType: "Image" }),
            fn("f5", { runtime: U }), fn("f6", { runtime: newestNodeRuntime, packageType: U }), fn("f7", { runtime: "python3.13" })],
        config: { "lambda-runtime-supported": { supportedRuntimes: ["python3.13"] } },
        expect: [`f1 lambda-runtime-supported: f1: runtime "nodejs22.x" is not a supported Lambda runtime (deprecated on 2027-04-30); move to a supported one such as ${newestNodeRuntime}.`,
            `f2 lambda-runtime-supported: f2: runtime "nodejs99.x" is not a supported Lambda runtime; move to a supported one such as ${newestNodeRuntime}.`,
            `f3 lambda-runtime-supported: f3: runtime is unset is not a supported Lambda runtime; move to a supported one such as ${newestNodeRuntime}.`,
            cannot("f5", "lambda-runtime-supported", "runtime or packageType is not known until deploy"),
            cannot("f6", "lambda-runtime-supported", "runtime or packageType is not known until deploy")] },
    { requirement: "who may invoke: any principal, S3 without the account, a service without a source; a function URL without IAM",
        policies: messagingPolicies,
        records: () => [permission("p1", { principal: "*" }), permission("p2", { principal: "arn:aws:iam::*:root" }), permission("p3", { principal: "S3.amazonaws.com", sourceArn: "arn:aws:s3:::b" }),
            permission("p4", { principal: "s3.amazonaws.com", sourceAccount: "123456789012" }), permission("p5", { principal: "events.amazonaws.com" }),
            permission("p6", { principal: "events.amazonaws.com", sourceAccount: "123456789012" }), permission("p7", { principal: U }),
            permission("p8", { principal: "123456789012" }), permission("p9", { principal: 123456789012 }),
            rec("aws:lambda/functionUrl:FunctionUrl", "u1", { functionName: "f", authorizationType: "NONE" }),
            rec("aws:lambda/functionUrl:FunctionUrl", "u2", { functionName: "f", authorizationType: "aws_iam" }),
            rec("aws:lambda/functionUrl:FunctionUrl", "u3", { functionName: "f", authorizationType: U })],
        expect: ["p1 lambda-no-public-invoke: principal must not be \"*\"; grant the invoking service or account and set sourceArn.",
            "p2 lambda-no-public-invoke: principal must not be \"*\"; grant the invoking service or account and set sourceArn.",
            "p3 lambda-no-public-invoke: A permission for s3.amazonaws.com must set sourceAccount: a bucket ARN names no account, so any account that owns "
            + "a bucket of that name could invoke the function.",
            "p5 lambda-no-public-invoke: A permission for events.amazonaws.com must set sourceArn (or sourceAccount); without it any account's resources of "
            + "that service can invoke the function.",
            cannot("p7", "lambda-no-public-invoke", "principal is not known until deploy"),
            "u1 lambda-no-public-invoke: A function URL must use authorizationType \"AWS_IAM\"; \"NONE\" lets anyone invoke it.",
            cannot("u3", "lambda-no-public-invoke", "authorizationType is not known until deploy")] },
    { requirement: "accelerator flow logs must be written on, to a bucket and prefix",
        policies: frontDoorPolicies,
        records: () => [rec("aws:globalaccelerator/accelerator:Accelerator", "a1", {}),
            rec("aws:globalaccelerator/accelerator:Accelerator", "a2", { attributes: { flowLogsEnabled: true, flowLogsS3Bucket: U, flowLogsS3Prefix: "" } }),
            rec("aws:globalaccelerator/accelerator:Accelerator", "a3", { attributes: U }),
            rec("aws:globalaccelerator/accelerator:Accelerator", "a4", { attributes: { flowLogsEnabled: U } }),
            rec("aws:globalaccelerator/accelerator:Accelerator", "a5", { attributes: { flowLogsEnabled: true, flowLogsS3Bucket: "b", flowLogsS3Prefix: U } })],
        expect: ["a1 accelerator-flow-logs-enabled: a1: flow logs must be on; set attributes: { flowLogsEnabled: true, flowLogsS3Bucket: <a bucket>, "
            + "flowLogsS3Prefix: <a prefix> } (there is no attributes block).",
        "a2 accelerator-flow-logs-enabled: a2: flow logs must be on; set attributes: { flowLogsEnabled: true, flowLogsS3Bucket: <a bucket>, flowLogsS3Prefix: <a prefix> }.",
        "a3 accelerator-flow-logs-enabled: a3: flow logs must be on, but the attributes block is known only at deploy time, so whether they are cannot be judged; "
            + "write flowLogsEnabled: true in the args (the bucket and prefix may be computed).",
        "a4 accelerator-flow-logs-enabled: a4: flow logs must be on, but flowLogsEnabled is known only at deploy time, so whether they are cannot be judged; "
            + "write flowLogsEnabled: true in the args (the bucket and prefix may be computed)."] },
    { requirement: "an endpoint group names its region and preserves client addresses; endpoints that publish or that nothing declares are refused",
        policies: frontDoorPolicies,
        config: { "accelerator-endpoints-are-load-balancers": { acceptUnresolved: ["g5"] } },
        records: () => {
            const lb = rec("aws:lb/loadBalancer:LoadBalancer", "alb", {});
            const box = rec("aws:ec2/instance:Instance", "box", {});
            const lb2 = rec("aws:lb/loadBalancer:LoadBalancer", "alb2", {});
            return [lb, lb2, box, rec("aws:ec2/vpc:Vpc", "vpc", {}), group("g1", { endpointGroupRegion: "", endpointConfigurations: [{ endpointId: U, clientIpPreservationEnabled: false }, { endpointId: U }] },
                { endpointConfigurations: [lb, box] }),
            group("g2", { endpointConfigurations: U }), group("g3", { endpointConfigurations: [U] }),
            group("g4", { endpointConfigurations: [{ endpointId: "eipalloc-1", clientIpPreservationEnabled: true }, { endpointId: "arn:lb", clientIpPreservationEnabled: U },
                { endpointId: U, clientIpPreservationEnabled: true }] }),
            group("g5", { endpointConfigurations: [{ endpointId: U, clientIpPreservationEnabled: true }] }),
            group("g6", { endpointConfigurations: [{ endpointId: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api-1/abc", clientIpPreservationEnabled: true }] }),
            group("g7", { endpointConfigurations: [{ endpointId: "i-1", clientIpPreservationEnabled: true }, { endpointId: U, clientIpPreservationEnabled: true },
                { endpointId: U, clientIpPreservationEnabled: true }] }, { endpointConfigurations: [box, lb, rec("aws:ec2/vpc:Vpc", "vpc", {})] }),
            group("g8", { endpointConfigurations: [{ endpointId: U, clientIpPreservationEnabled: true }, { endpointId: U, clientIpPreservationEnabled: true }] },
                { endpointConfigurations: [lb, lb2] }),
            group("g9", { endpointConfigurations: [{ endpointId: U, clientIpPreservationEnabled: true }, { endpointId: U, clientIpPreservationEnabled: true }] },
                { endpointConfigurations: [lb, rec("aws:ec2/vpc:Vpc", "vpc", {})] })];
        },
        expect: ["g1 accelerator-endpoint-group-explicit: g1: endpointGroupRegion must be set to the endpoints' region; without it the provider uses its own (us-west-2 for Global Accelerator).",
            "g1 accelerator-endpoint-group-explicit: g1: every endpoint must set clientIpPreservationEnabled: true, so the load balancer, its WAF and its access logs see "
            + "the clients' addresses, not Global Accelerator's.",
            "g2 accelerator-endpoint-group-explicit: g2: every endpoint must set clientIpPreservationEnabled: true, but endpointConfigurations is known only at deploy time, "
            + "so it cannot be judged; write the endpoint list, with clientIpPreservationEnabled: true, in the args.",
            "g3 accelerator-endpoint-group-explicit: g3: every endpoint must set clientIpPreservationEnabled: true, but an endpoint's setting is known only at deploy time, "
            + "so it cannot be judged; write the endpoint list, with clientIpPreservationEnabled: true, in the args.",
            "g4 accelerator-endpoint-group-explicit: g4: every endpoint must set clientIpPreservationEnabled: true, but an endpoint's setting is known only at deploy time, "
            + "so it cannot be judged; write the endpoint list, with clientIpPreservationEnabled: true, in the args.",
            "g1 accelerator-endpoints-are-load-balancers: g1: the accelerator would publish box directly on the internet; put them behind a load balancer and name it as the endpoint.",
            cannot("g2", "accelerator-endpoints-are-load-balancers", "its endpoints are not known until deploy"),
            "g4 accelerator-endpoints-are-load-balancers: g4: the accelerator would publish eipalloc-1 directly on the internet; put them behind a load balancer and name it as the endpoint.",
            cannot("g4", "accelerator-endpoints-are-load-balancers", "endpoint arn:lb is not a load balancer this stack declares; 1 endpoint(s) come from no load balancer of this stack"),
            cannot("g6", "accelerator-endpoints-are-load-balancers", "endpoint arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/api-1/abc is not a "
                + "load balancer this stack declares"),
            "g7 accelerator-endpoints-are-load-balancers: g7: the accelerator would publish box, i-1 directly on the internet; put them behind a load balancer and name it as the endpoint.",
            cannot("g9", "accelerator-endpoints-are-load-balancers", "1 endpoint(s) come from no load balancer of this stack")] },
];

describe("policy pack: messaging, function and front door rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdictsOf(c.records(), c.policies, c.config), c.expect);
        });
    }
});
