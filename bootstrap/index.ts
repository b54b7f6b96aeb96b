/**
 * What the ha-web-tier workflows need in an AWS account, created once by hand with an administrator's
 * credentials: GitHub's OIDC provider, a read-only preview role for this repository's pull requests, a
 * deploy role for its jobs in the named GitHub environments and, for a self-managed backend, an
 * encrypted, versioned S3 bucket for state and a KMS key for stack secrets. Its outputs are the
 * repository variables the workflows read. Planned offline like the reference program:
 * `npm run plan -- --program bootstrap/index.ts --config bootstrap/Pulumi.account.yaml`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { loadBootstrapConfig } from "./config";
import { BOOTSTRAP_PATH, deployPolicy, STATE_KEY_ALIAS, environmentSubject, githubTrustPolicy, GITHUB_OIDC_HOST, previewPolicy, pullRequestSubject, type StateAccess } from "./policies";

const cfg = loadBootstrapConfig();
const region = new pulumi.Config("aws").require("region");
const provider = new aws.Provider("bootstrap", {
    region: region as aws.Region,
    defaultTags: { tags: { Project: "ha-web-tier", Stack: pulumi.getStack(), ManagedBy: "pulumi" } },
});
const opts = { provider };
const identity = aws.getCallerIdentityOutput({}, opts);
const partition = aws.getPartitionOutput({}, opts);

// One provider per URL per account: an account that already trusts GitHub passes its ARN. No thumbprint:
// IAM verifies GitHub's certificate through its own trusted CAs (IAM user guide, "Create an OpenID
// Connect (OIDC) identity provider in IAM"), so the provider's thumbprint list is optional.
const oidcProvider = cfg.oidcProviderArn
    ? undefined
    : new aws.iam.OpenIdConnectProvider("github", {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdLists: ["sts.amazonaws.com"],
    }, opts);
// The provider's ARN follows from the account and the URL, so the trust policies are known before deploy
// and the policy pack reads them offline; the roles wait for the provider through dependsOn.
const oidcProviderArn = cfg.oidcProviderArn
    ? pulumi.output(cfg.oidcProviderArn)
    : pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
const roleOpts = { ...opts, dependsOn: oidcProvider ? [oidcProvider] : [] };

let state: pulumi.Output<StateAccess> | undefined;
let bucket: aws.s3.Bucket | undefined;
let key: aws.kms.Key | undefined;
let keyAlias: aws.kms.Alias | undefined;
if (cfg.stateBucket) {
    key = new aws.kms.Key("state-secrets", {
        description: "ha-web-tier stack secrets (pulumi --secrets-provider awskms://)",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
    }, opts);
    keyAlias = new aws.kms.Alias("state-secrets", { name: STATE_KEY_ALIAS, targetKeyId: key.keyId }, opts);
    // Named, not auto-named: bucket names are global, and a name known before deploy lets the roles'
    // policies (and so the policy pack, offline) read the bucket's ARN.
    bucket = new aws.s3.Bucket("state", {
        bucket: pulumi.interpolate`ha-web-tier-state-${identity.accountId}-${region}`,
        forceDestroy: false,
    }, { ...opts, protect: true });
    new aws.s3.BucketVersioning("state", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration("state", {
        bucket: bucket.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    }, opts);
    new aws.s3.BucketPublicAccessBlock("state", {
        bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }, opts);
    new aws.s3.BucketOwnershipControls("state", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts);
    state = pulumi.all([partition.partition, identity.accountId]).apply(([p, account]) => ({
        bucketArn: `arn:${p}:s3:::ha-web-tier-state-${account}-${region}`,
        keyAlias: STATE_KEY_ALIAS,
        keysArn: `arn:${p}:kms:${region}:${account}:key/*`,
    }));
    // The ARN from the bucket's known name, not bucket.arn (known only after deploy): the policy pack
    // reads the document offline instead of refusing it as not yet known.
    new aws.s3.BucketPolicy("state", {
        bucket: bucket.id,
        policy: state.apply(({ bucketArn: arn }) => JSON.stringify({
            Version: "2012-10-17",
            Statement: [{
                Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            }],
        })),
    }, opts);
}

const stateOrNone: pulumi.Output<StateAccess | undefined> = state ?? pulumi.output(undefined);

const preview = new aws.iam.Role("preview", {
    path: BOOTSTRAP_PATH,
    description: `pulumi preview of ${cfg.repository}'s pull requests (read-only)`,
    assumeRolePolicy: oidcProviderArn.apply((arn) => githubTrustPolicy(arn, [pullRequestSubject(cfg.repository)])),
    maxSessionDuration: 3600,
}, roleOpts);
new aws.iam.RolePolicy("preview", { role: preview.name, policy: stateOrNone.apply((s) => previewPolicy(s)) }, opts);

const deploy = new aws.iam.Role("deploy", {
    path: BOOTSTRAP_PATH,
    description: `pulumi up of ${cfg.repository} from its GitHub environments ${cfg.environments.join(", ")}`,
    assumeRolePolicy: oidcProviderArn.apply((arn) => githubTrustPolicy(arn, cfg.environments.map((e) => environmentSubject(cfg.repository, e)))),
    // deploy.yml asks for 3-hour credentials: a first deploy with the data tier takes well over an hour.
    maxSessionDuration: 10800,
}, roleOpts);
new aws.iam.RolePolicy("deploy", {
    role: deploy.name,
    policy: pulumi.all([partition.partition, identity.accountId, stateOrNone]).apply(([p, account, s]) => deployPolicy(p, account, s)),
}, opts);

/** Repository variable AWS_PREVIEW_ROLE_ARN. */
export const previewRoleArn = preview.arn;
/** Repository variable AWS_DEPLOY_ROLE_ARN. */
export const deployRoleArn = deploy.arn;
/** The account's GitHub OIDC provider. */
export const githubOidcProviderArn = oidcProviderArn;
/** Repository variable PULUMI_BACKEND_URL, for a self-managed backend. */
export const backendUrl = bucket ? pulumi.interpolate`s3://${bucket.bucket}?region=${region}` : undefined;
/** Repository variable PULUMI_SECRETS_PROVIDER: stacks' secrets encrypted with the KMS key. */
export const secretsProvider = keyAlias ? pulumi.interpolate`awskms://${keyAlias.name}?region=${region}` : undefined;
