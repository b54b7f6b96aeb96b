/**
 * The IAM documents of the bootstrap roles, as pure functions so tests read them without Pulumi: who may
 * assume each role (GitHub's OIDC subject of this repository's pull requests, or of its jobs in the
 * named environments) and what each may do.
 */

/** GitHub's OIDC issuer host; its tokens' audience for AWS is sts.amazonaws.com (GitHub docs, "Configuring OpenID Connect in Amazon Web Services"). */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * The subject claims GitHub puts in a job's token (GitHub docs, "OpenID Connect reference", example
 * subject claims): `repo:<owner>/<repo>:pull_request` for a pull request's jobs,
 * `repo:<owner>/<repo>:environment:<name>` for a job that names an environment.
 */
export const pullRequestSubject = (repository: string): string => `repo:${repository}:pull_request`;
/** See {@link pullRequestSubject}. */
export const environmentSubject = (repository: string, environment: string): string => `repo:${repository}:environment:${environment}`;

/** A role only GitHub's tokens with one of `subjects` (and the STS audience) may assume. */
export function githubTrustPolicy(providerArn: string, subjects: readonly string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Federated: providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com", [`${GITHUB_OIDC_HOST}:sub`]: [...subjects] },
            },
        }],
    });
}

/**
 * What a preview reads: the program's lookups (zones, instance type offerings, the AMI parameter) and the
 * provider's own reads, never object contents or secret values. Read verbs only, so they may be on "*"
 * (most of them have no resource-level permissions).
 */
export const READ_ACTIONS = [
    "ec2:Describe*", "elasticloadbalancing:Describe*", "autoscaling:Describe*", "route53:Get*", "route53:List*",
    "acm:Describe*", "acm:List*", "wafv2:Get*", "wafv2:List*", "sns:Get*", "sns:List*", "sqs:Get*", "sqs:List*",
    "lambda:Get*", "lambda:List*", "logs:Describe*", "logs:List*", "cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*",
    "ecr:Describe*", "ecr:List*", "iam:Get*", "iam:List*", "kms:Describe*", "kms:List*", "s3:GetBucket*", "s3:ListAllMyBuckets",
    "rds:Describe*", "rds:List*", "dynamodb:Describe*", "dynamodb:List*", "secretsmanager:Describe*", "secretsmanager:List*",
    "scheduler:Get*", "scheduler:List*", "ssm:GetParameter", "ssm:GetParameters", "sts:GetCallerIdentity",
    "arc-zonal-shift:Get*", "arc-zonal-shift:List*", "events:Describe*", "events:List*",
];

/** Regional services the program creates resources in; the deploy role may act on them in this account only. */
export const DEPLOY_SERVICES = [
    "ec2", "elasticloadbalancing", "autoscaling", "acm", "wafv2", "sns", "sqs", "lambda", "logs", "cloudwatch", "ecr",
    "kms", "rds", "dynamodb", "secretsmanager", "scheduler", "ssm", "events", "arc-zonal-shift",
];

/**
 * Create calls AWS authorises only on Resource "*" (no resource-level permissions; Service
 * Authorization Reference, each service's actions table). The pack's iam-no-write-on-any-resource
 * allows them through bootstrap/policy-pack-config.json, which names each.
 */
export const CREATE_ONLY_ON_ANY = ["route53:CreateHealthCheck", "acm:RequestCertificate", "kms:CreateKey"];

/** Where the deploy role's IAM rights end: the bootstrap roles live under this path and stay out of its reach. */
export const BOOTSTRAP_PATH = "/ha-web-tier-bootstrap/";

/** The alias of the KMS key for stack secrets (`awskms://alias/ha-web-tier-state`). */
export const STATE_KEY_ALIAS = "alias/ha-web-tier-state";

/** The state bucket and key a role uses, when there is one. */
export interface StateAccess {
    /** The bucket's ARN. */
    bucketArn: string;
    /** The key's alias: the key is chosen by it (kms:ResourceAliases), as its ARN is only known after deploy. */
    keyAlias: string;
    /** Every key of the account in the region (`arn:aws:kms:<region>:<account>:key/*`), narrowed by the alias. */
    keysArn: string;
}

/**
 * Only the key with this alias (AWS KMS developer guide, "Use aliases to control access to KMS keys",
 * condition key kms:ResourceAliases).
 */
const byAlias = (state: StateAccess): object => ({ "ForAnyValue:StringEquals": { "kms:ResourceAliases": state.keyAlias } });

const statement = (sid: string, effect: "Allow" | "Deny", action: string[], resource: string[], condition?: object) =>
    ({ Sid: sid, Effect: effect, Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) });

/** The preview role: reads, plus reading state and taking its lock (a self-managed backend locks a stack during a preview). */
export function previewPolicy(state?: StateAccess): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            statement("Read", "Allow", READ_ACTIONS, ["*"]),
            ...(state ? [
                statement("ReadState", "Allow", ["s3:GetObject", "s3:ListBucket", "s3:GetObjectVersion"], [state.bucketArn, `${state.bucketArn}/*`]),
                statement("LockState", "Allow", ["s3:PutObject", "s3:DeleteObject"], [`${state.bucketArn}/.pulumi/locks/*`]),
                statement("DecryptSecrets", "Allow", ["kms:Decrypt"], [state.keysArn], byAlias(state)),
            ] : []),
        ],
    });
}

/**
 * The deploy role: every action of the program's services on this account's resources (and AWS-owned
 * images and snapshots, which launches read), Route 53, IAM roles, policies and instance profiles
 * outside {@link BOOTSTRAP_PATH}, the few creates AWS grants only on "*", and the state.
 */
export function deployPolicy(partition: string, account: string, state?: StateAccess): string {
    const arn = (service: string, rest = `*:${account}:*`) => `arn:${partition}:${service}:${rest}`;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            statement("Read", "Allow", READ_ACTIONS, ["*"]),
            statement("Services", "Allow", DEPLOY_SERVICES.map((s) => `${s}:*`),
                [...DEPLOY_SERVICES.map((s) => arn(s)), arn("ec2", "*::image/*"), arn("ec2", "*::snapshot/*")]),
            statement("Dns", "Allow", ["route53:*"], [arn("route53", ":*")]),
            statement("Buckets", "Allow", ["s3:*"], [arn("s3", "::*")], { StringEquals: { "aws:ResourceAccount": account } }),
            statement("Identities", "Allow", ["iam:*"], [arn("iam", `:${account}:role/*`), arn("iam", `:${account}:policy/*`), arn("iam", `:${account}:instance-profile/*`)]),
            statement("NotTheBootstrap", "Deny", ["iam:*"], [arn("iam", `:${account}:role${BOOTSTRAP_PATH}*`), arn("iam", `:${account}:oidc-provider/*`)]),
            statement("CreateOnAny", "Allow", CREATE_ONLY_ON_ANY, ["*"]),
            ...(state ? [
                statement("State", "Allow", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetObjectVersion"], [state.bucketArn, `${state.bucketArn}/*`]),
                statement("Secrets", "Allow", ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], [state.keysArn], byAlias(state)),
            ] : []),
        ],
    });
}
