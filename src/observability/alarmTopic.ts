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
 * aws/sns key. Alarms publish only to topics in their own region, so create it with that region's
 * provider. Call {@link AlarmTopic.admitPublishers} once, when the roles that may publish exist: until
 * then the topic has SNS's default policy, which lets every principal of the account publish.
 */
export class AlarmTopic extends pulumi.ComponentResource {
    /** The topic's ARN, for alarm actions and subscriptions. */
    public readonly topicArn: pulumi.Output<string>;
    /** The key's ARN, which publishers other than CloudWatch need kms:GenerateDataKey* on. */
    public readonly keyArn: pulumi.Output<string>;

    // Kept for admitPublishers; not outputs of the component (JavaScript private fields are not properties).
    readonly #name: string;
    readonly #account: pulumi.Output<string>;
    readonly #partition: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:AlarmTopic", name, {}, opts);
        const parent = { parent: this };
        const identity = aws.getCallerIdentityOutput({}, parent);
        const partition = aws.getPartitionOutput({}, parent).partition;
        this.#name = name;
        this.#account = identity.accountId;
        this.#partition = partition;
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

    /**
     * Replaces SNS's default topic policy (any principal of the account may publish) with one that lets
     * only CloudWatch alarms of this account and region, and the given roles, publish: the
     * cloudwatch.amazonaws.com service principal with aws:SourceAccount and aws:SourceArn on the
     * account's alarms (Amazon SNS developer guide, "Example cases for Amazon SNS access control"; AWS
     * re:Post knowledge center, "cloudwatch-receive-sns-for-alarm-trigger"). Principals whose own IAM
     * policies allow sns:Publish on the topic can still publish within the account: a topic policy
     * only adds grants there. That is why the failover function also believes a message only from its
     * own alarms' ARNs and acts only on their live state.
     */
    admitPublishers(roleArns: pulumi.Input<string>[]): aws.sns.TopicPolicy {
        const region = this.topicArn.apply((arn) => arn.split(":")[3]);
        const cloudWatch = {
            Sid: "CloudWatchAlarmsOfThisAccount",
            Effect: "Allow" as const,
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: this.topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": this.#account },
                ArnLike: { "aws:SourceArn": pulumi.interpolate`arn:${this.#partition}:cloudwatch:${region}:${this.#account}:alarm:*` },
            },
        };
        const roles = roleArns.length === 0 ? [] : [{
            Sid: "Roles",
            Effect: "Allow" as const,
            Principal: { AWS: roleArns },
            Action: "sns:Publish",
            Resource: this.topicArn,
        }];
        // A document object, not a JSON string, so the policy gate can read it while ARNs are unknown.
        return new aws.sns.TopicPolicy(`${this.#name}-policy`, {
            arn: this.topicArn,
            policy: { Version: "2012-10-17", Statement: [cloudWatch, ...roles] },
        }, { parent: this });
    }
}
