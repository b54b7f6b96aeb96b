import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The key prefix Global Accelerator writes under (it appends AWSLogs/<account>/globalaccelerator/...). */
export const FLOW_LOG_PREFIX = "global-accelerator";

/**
 * The service principal that delivers Global Accelerator flow logs to S3 (GA developer guide, "Flow
 * logs in AWS Global Accelerator", "Amazon S3 bucket permissions for flow logs").
 */
export const LOG_DELIVERY_PRINCIPAL = "delivery.logs.amazonaws.com";

/** Arguments for {@link FlowLogBucket}. */
export interface FlowLogBucketArgs {
    /** Days before a log object expires (the stack's logRetentionDays). */
    retentionDays: number;
    /** Refuse to delete the bucket (and its logs), like the ALBs' access-log buckets. */
    deletionProtection: boolean;
}

/**
 * A private S3 bucket for the accelerator's flow logs, built like the ALBs' access-log buckets: public
 * access blocked, ACLs off (bucket owner enforced), SSE-S3, TLS-only, objects expiring after the
 * retention period. Its policy is the one the GA guide documents for log delivery (PutObject under
 * this account's prefix with bucket-owner-full-control, GetBucketAcl on the bucket). The program writes
 * it rather than letting the service attach it, because "If the user creating the flow log owns the
 * bucket, the service automatically attaches the following policy to the bucket" would rewrite a
 * policy Pulumi manages. SSE-S3 rather than a KMS key: with a customer key the key policy would have
 * to let the delivery service use it (same page). Create it with the primary region's provider; make
 * the accelerator depend on {@link ready}.
 */
export class FlowLogBucket extends pulumi.ComponentResource {
    /** The bucket's name, for the accelerator's flowLogsS3Bucket. */
    public readonly bucketName: pulumi.Output<string>;
    /** The bucket policy: once it exists, log delivery may write. */
    public readonly ready: pulumi.Resource;

    constructor(name: string, args: FlowLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:FlowLogBucket", name, {}, opts);
        const parent = { parent: this };
        // forceDestroy only once protection is off, so a destroy can remove a bucket that holds logs.
        const bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: !args.deletionProtection },
            { parent: this, protect: args.deletionProtection });
        // ACLs stay off: terraform-aws-modules/terraform-aws-global-accelerator#8 shows delivery set up
        // with an ACL failing on such buckets ("AccessControlListNotSupported"); the policy below needs none.
        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
            bucket: bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, parent);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, parent);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, parent);
        new aws.s3.BucketLifecycleConfiguration(`${name}-expiry`, {
            bucket: bucket.id,
            rules: [{
                id: "expire-flow-logs",
                status: "Enabled",
                filter: {},
                expiration: { days: args.retentionDays },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
            }],
        }, parent);
        const account = aws.getCallerIdentityOutput({}, parent).accountId;
        // S3 rejects concurrent changes to one bucket's configuration; the policy goes last.
        this.ready = new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket: bucket.id,
            // A document object, not JSON text: the policy gate reads it in a preview.
            policy: {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "DenyInsecureTransport",
                        Effect: "Deny",
                        Principal: "*",
                        Action: ["s3:*"],
                        Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                        Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                    {
                        // The account id in the path keeps other accounts' accelerators out.
                        Sid: "AWSLogDeliveryWrite",
                        Effect: "Allow",
                        Principal: { Service: LOG_DELIVERY_PRINCIPAL },
                        Action: ["s3:PutObject"],
                        Resource: [pulumi.interpolate`${bucket.arn}/${FLOW_LOG_PREFIX}/AWSLogs/${account}/*`],
                        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
                    },
                    {
                        Sid: "AWSLogDeliveryAclCheck",
                        Effect: "Allow",
                        Principal: { Service: LOG_DELIVERY_PRINCIPAL },
                        Action: ["s3:GetBucketAcl"],
                        Resource: [bucket.arn],
                    },
                ],
            },
        }, { parent: this, dependsOn: [ownership, publicAccess] });
        this.bucketName = bucket.bucket;
        this.registerOutputs({ bucketName: this.bucketName, ready: this.ready });
    }
}
