import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Arguments for {@link AlarmTopic}. */
export interface AlarmTopicArgs {
    /** E-mail address subscribed to the topic (AWS sends a confirmation first). */
    notificationEmail?: string;
    /** What the topic is for, on its key. */
    description: string;
}

/**
 * An SNS topic that CloudWatch alarms can publish to, encrypted with a customer-managed KMS key whose
 * policy lets CloudWatch use it: alarms cannot publish to a topic encrypted with the AWS-managed
 * aws/sns key. Alarms publish only to topics in their own region, so create it with that region's provider.
 */
export class AlarmTopic extends pulumi.ComponentResource {
    /** The topic's ARN, for alarm actions and subscriptions. */
    public readonly topicArn: pulumi.Output<string>;
    /** The key's ARN, which publishers other than CloudWatch need kms:GenerateDataKey* on. */
    public readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:AlarmTopic", name, {}, opts);
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;
        const key = new aws.kms.Key(`${name}-key`, {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.all([identity.accountId, partition]).apply(([account, part]) => JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "AccountAdministers", Effect: "Allow", Principal: { AWS: `arn:${part}:iam::${account}:root` }, Action: "kms:*", Resource: "*" },
                    // As in the CloudWatch guide for encrypted alarm topics; the key is only usable through SNS.
                    { Sid: "CloudWatchAlarmsPublish", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*" },
                ],
            })),
        }, parent);
        const topic = new aws.sns.Topic(`${name}-topic`, { kmsMasterKeyId: key.arn }, parent);
        if (args.notificationEmail) {
            new aws.sns.TopicSubscription(`${name}-email`, { topic: topic.arn, protocol: "email", endpoint: args.notificationEmail }, parent);
        }
        this.topicArn = topic.arn;
        this.keyArn = key.arn;
        this.registerOutputs({ topicArn: this.topicArn, keyArn: this.keyArn });
    }
}
