import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The key prefix the ALB writes under (it appends AWSLogs/<account>/elasticloadbalancing/...). */
export const ACCESS_LOG_PREFIX = "alb";

/**
 * The service principal that delivers ALB access logs. AWS now documents it for every Region: "Previously,
 * for Regions available before August 2022, we required a policy that granted permissions to an ELB
 * account that was specific to the Region. This legacy policy is still supported, but we recommend that
 * you replace it with the newer policy" (ELB user guide, "Enable access logs for your Application Load
 * Balancer", step 2), so no per-Region account table is needed.
 */
export const ELB_LOG_DELIVERY_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";

/** Arguments for {@link AccessLogBucket}. */
export interface AccessLogBucketArgs {
    /** Days before a log object expires (the stack's logRetentionDays). */
    retentionDays: number;
    /** Refuse to delete the bucket (and its logs), like the ALB's deletion protection. */
    deletionProtection: boolean;
}

/**
 * A private S3 bucket in the ALB's region for its access logs: public access blocked, ACLs off
 * (bucket owner enforced), SSE-S3 (the only encryption ALB log delivery supports; SSE-KMS makes
 * delivery fail, same guide, step 1), TLS-only, objects expiring after the retention period, and a
 * policy that lets the ELB log delivery service write only under this account's prefix.
 * Create it with the region's provider; make the ALB depend on {@link ready}, because ELB writes a
 * test object when access logs are turned on and refuses the change if it cannot.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
    /** The bucket's name, for the ALB's accessLogs.bucket. */
    public readonly bucketName: pulumi.Output<string>;
    /** The bucket policy: once it exists, ELB may write. */
    public readonly ready: pulumi.Resource;
    /** The bucket. */
    public readonly bucket: aws.s3.Bucket;

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ha-web-tier:index:AccessLogBucket", name, {}, opts);
        const parent = { parent: this };
        // forceDestroy only once protection is off, so a destroy can remove a bucket that holds logs.
        const bucket = new aws.s3.Bucket(`${name}-bucket`, { forceDestroy: !args.deletionProtection },
            { parent: this, protect: args.deletionProtection });
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
                id: "expire-access-logs",
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
                        // The account id in the path keeps other accounts' load balancers out.
                        Sid: "ElbLogDelivery",
                        Effect: "Allow",
                        Principal: { Service: ELB_LOG_DELIVERY_PRINCIPAL },
                        Action: ["s3:PutObject"],
                        Resource: [pulumi.interpolate`${bucket.arn}/${ACCESS_LOG_PREFIX}/AWSLogs/${account}/*`],
                    },
                ],
            },
        }, { parent: this, dependsOn: [ownership, publicAccess] });
        this.bucketName = bucket.bucket;
        this.bucket = bucket;
        this.registerOutputs({ bucketName: this.bucketName, ready: this.ready, bucket });
    }
}
