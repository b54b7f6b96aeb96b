import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { STATE_ITEM_KEY, STATE_KEY_ATTRIBUTE } from "../../functions/shared/contract";

/** The failover function's state table and the key that encrypts it. */
export interface FailoverState {
    /** The table; its name goes to the function as STATE_TABLE_NAME. */
    table: aws.dynamodb.Table;
    /** The customer-managed key the table is encrypted with; the function's role must be allowed to use it. */
    key: aws.kms.Key;
}

/**
 * The table holding the failover function's one state item, in the standby region (created with the
 * parent's provider) so the function needs nothing from the primary's region. On demand (a handful of
 * writes a year), point-in-time recovery on, encrypted with a customer-managed key: $1 a month buys a
 * key whose use shows in CloudTrail and that the account controls, like the other keys of the tier. The
 * key keeps KMS's default policy (the account's IAM policies decide who may use it), as the database
 * keys do. Nothing writes the item at deploy time: a missing item reads as asleep, so `pulumi up` never
 * overwrites what the function recorded.
 */
export function failoverStateTable(name: string, args: { deletionProtection: boolean }, parent: pulumi.Resource): FailoverState {
    const key = new aws.kms.Key(`${name}-state-key`, {
        description: "Encrypts the ha-web-tier failover function's state table",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
    }, { parent });
    const table = new aws.dynamodb.Table(`${name}-state`, {
        billingMode: "PAY_PER_REQUEST",
        hashKey: STATE_KEY_ATTRIBUTE,
        attributes: [{ name: STATE_KEY_ATTRIBUTE, type: "S" }],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
        deletionProtectionEnabled: args.deletionProtection,
    }, { parent });
    return { table, key };
}

/**
 * The role statements for the state item: read it and write it (the function writes only with a
 * condition; IAM has no key that could require one, so the role is held to the one item instead), and
 * use the key only through DynamoDB in the table's region. The key actions are those AWS CDK grants for
 * reading and writing an encrypted table (aws/aws-cdk, packages/@aws-cdk/aws-dynamodb/lib/perms.ts).
 */
export function stateStatements(state: FailoverState, region: string, dnsSuffix: pulumi.Input<string>): aws.types.input.iam.PolicyStatement[] {
    return [
        {
            Sid: "StateItemOnly",
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
            Resource: [state.table.arn],
            Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [STATE_ITEM_KEY] } },
        },
        {
            Sid: "StateKeyThroughDynamoDb",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
            Resource: [state.key.arn],
            Condition: { StringEquals: { "kms:ViaService": pulumi.interpolate`dynamodb.${region}.${dnsSuffix}` } },
        },
    ];
}
