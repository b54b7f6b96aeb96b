/**
 * bootstrap/: what the workflows and a self-managed backend need, planned offline through the same gate
 * as the reference program: zero findings, roles trusted only by this repository's pull requests or
 * environments, and the deploy role kept out of the bootstrap's own identities.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT, runPlan } from "../../tools/plan";
import { UNKNOWN } from "../../tools/engine/pulumi-internals";
import { deployPolicy, previewPolicy } from "../../bootstrap/policies";

const BOOTSTRAP = { program: "bootstrap/index.ts", config: "bootstrap/Pulumi.account.yaml", policyPackConfig: "bootstrap/policy-pack-config.json" };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-"));

/** Every resource type bootstrap/ creates (the policy pack must have reviewed each). */
const TYPES = [
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:kms/alias:Alias",
    "aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketVersioning:BucketVersioning", "pulumi:providers:aws", "pulumi:pulumi:Stack",
];

describe("bootstrap", function () {
    this.timeout(60_000);
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    let plan: Awaited<ReturnType<typeof runPlan>>;
    before(async () => {
        plan = await runPlan(BOOTSTRAP);
    });

    it("plans clean, with zero findings, through the same gate as the reference program", () => {
        assert.equal(plan.exitCode, EXIT.clean, plan.text);
        assert.deepEqual(plan.result?.violations, []);
        assert.deepEqual([...new Set(plan.result?.resources.map((r) => r.type))].sort(), TYPES);
    });

    it("the gate reads the role policies before deploy: without the pack config, the creates AWS grants only on *, the preview role's "
        + "reads of functions and parameters on * and the deploy role's service-wide grants are findings", async () => {
        const strict = await runPlan({ program: BOOTSTRAP.program, config: BOOTSTRAP.config });
        assert.equal(strict.exitCode, EXIT.mandatory);
        assert.deepEqual(strict.result?.violations.map((v) => [v.policy, v.urn.split("::").pop()]),
            [["iam-no-write-on-any-resource", "preview"], ["iam-no-write-on-any-resource", "deploy"]]);
        const [preview, deploy] = strict.result?.violations.map((v) => v.message) ?? [];
        assert.match(preview ?? "", /but lambda:Get\* \(policy\), ssm:GetParameter \(policy\), ssm:GetParameters \(policy\) apply to every resource/);
        assert.match(deploy ?? "", /ec2:\* \(policy\).*iam:\* \(policy\), route53:CreateHealthCheck \(policy\), acm:RequestCertificate \(policy\), kms:CreateKey \(policy\) apply/);
    });

    it("only this repository's pull requests may assume the preview role, only its environments' jobs the deploy role", () => {
        const role = (name: string) => plan.result?.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === name);
        const trust = (name: string) => {
            const policy = role(name)?.inputs.assumeRolePolicy;
            assert.notEqual(policy, UNKNOWN);
            return JSON.parse(String(policy)).Statement[0].Condition.StringEquals;
        };
        assert.deepEqual(trust("preview"), { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": ["repo:ha-web-tier/ha-web-tier:pull_request"] });
        assert.deepEqual(trust("deploy")["token.actions.githubusercontent.com:sub"], ["repo:ha-web-tier/ha-web-tier:environment:prod"]);
        assert.equal(role("deploy")?.inputs.maxSessionDuration, 10800);
        assert.deepEqual(plan.result?.outputs.secretsProvider, "awskms://alias/ha-web-tier-state?region=us-west-2");
    });

    it("the preview role only reads (and takes the state lock); the deploy role cannot touch the bootstrap's own identities", () => {
        const state = { bucketArn: "arn:aws:s3:::b", keyAlias: "alias/k", keysArn: "arn:aws:kms:us-west-2:1:key/*" };
        const preview = JSON.parse(previewPolicy(state)).Statement as { Sid: string; Action: string[]; Resource: string[] }[];
        const writes = preview.flatMap((s) => s.Action.filter((a) => !/^[a-z0-9-]+:(Describe|Get|List)/.test(a)).map((a) => `${a} ${s.Resource.join(",")}`));
        assert.deepEqual(writes, ["s3:PutObject arn:aws:s3:::b/.pulumi/locks/*", "s3:DeleteObject arn:aws:s3:::b/.pulumi/locks/*", "kms:Decrypt arn:aws:kms:us-west-2:1:key/*"]);
        const deny = (JSON.parse(deployPolicy("aws", "123456789012")).Statement as { Effect: string; Resource: string[] }[]).filter((s) => s.Effect === "Deny");
        assert.deepEqual(deny.map((s) => s.Resource), [["arn:aws:iam::123456789012:role/ha-web-tier-bootstrap/*", "arn:aws:iam::123456789012:oidc-provider/*"]]);
        for (const r of plan.result?.resources.filter((x) => x.type === "aws:iam/role:Role") ?? []) {
            assert.equal(r.inputs.path, "/ha-web-tier-bootstrap/");
        }
    });

    it("without a state bucket there is no bucket, no key, and no backend URL; an existing OIDC provider is reused", async () => {
        const file = path.join(tmp, "Pulumi.cloud.yaml");
        fs.writeFileSync(file, fs.readFileSync(BOOTSTRAP.config, "utf8").replace("stateBucket: true", "stateBucket: false")
            + "  ha-web-tier-bootstrap:oidcProviderArn: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\n");
        const cloud = await runPlan({ ...BOOTSTRAP, config: file });
        assert.equal(cloud.exitCode, EXIT.clean, cloud.text);
        assert.deepEqual([...new Set(cloud.result?.resources.map((r) => r.type))].sort(),
            ["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "pulumi:providers:aws", "pulumi:pulumi:Stack"]);
        assert.equal(cloud.result?.outputs.backendUrl, undefined);
    });

    it("every config mistake is reported at once, exit 2", async () => {
        const file = path.join(tmp, "Pulumi.bad.yaml");
        fs.writeFileSync(file, "config:\n  ha-web-tier-bootstrap:repository: not a repo\n  ha-web-tier-bootstrap:environments: []\n  ha-web-tier-bootstrap:stateBuckets: true\n");
        const bad = await runPlan({ ...BOOTSTRAP, config: file });
        assert.equal(bad.exitCode, EXIT.invalidConfig);
        assert.deepEqual(bad.text.split("\n").slice(1).map((l) => l.trim()), [
            "ha-web-tier-bootstrap:environments: must list at least one GitHub environment the deploy role serves (one per stack, e.g. prod)",
            "ha-web-tier-bootstrap:repository: must be owner/repository on GitHub, e.g. acme/ha-web-tier",
            "ha-web-tier-bootstrap:stateBuckets: is not a known setting; remove it",
        ]);
    });
});
