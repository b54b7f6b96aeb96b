/**
 * The identity rules' verdicts written out, message and all, over the classes of documents and
 * attachments they read: unreadable statements, attachments of declared and undeclared policies,
 * Deny statements, and the rules' tunables. Each runs only the two identity rules through the gate.
 */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import { analyze } from "../../tools/plan/analyze";
import type { RecordedResource } from "../../tools/engine/recorded";
import { iamNoFullAdmin, iamNoWriteOnAnyResource } from "../../policy/policies/iam";
import { rec, U } from "./factories";

const role = (inputs: Record<string, unknown>, deps: Record<string, RecordedResource[]> = {}) =>
    rec("aws:iam/role:Role", "app-role", { assumeRolePolicy: "{}", ...inputs }, deps);
const rolePolicy = (policy: unknown, deps: Record<string, RecordedResource[]> = {}) =>
    rec("aws:iam/rolePolicy:RolePolicy", "app-policy", { role: "app", policy }, deps);
const attach = (policyArn: unknown, deps: Record<string, RecordedResource[]> = {}) =>
    rec("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-attach", { role: "app", policyArn }, deps);
const doc = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const bucket = rec("aws:s3/bucket:Bucket", "data", {});
const managed = rec("aws:iam/policy:Policy", "managed", { policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }) });

/** `name policy: message` for every finding of the identity rules, the description left out. */
async function verdicts(records: RecordedResource[], config?: PolicyPackConfig): Promise<string[]> {
    const v = await analyze(records, { policies: [iamNoFullAdmin, iamNoWriteOnAnyResource], config });
    return v.map((x) => `${x.urn.split("::").pop() ?? ""} ${x.policy}: ${x.message.slice(x.message.indexOf("\n") + 1)}`);
}

const unjudged = (what: string, allow = `iam-no-full-admin's acceptUnresolved: ["app-policy"]`) =>
    `app-policy iam-no-full-admin: app-policy: cannot be judged: ${what}; declare it in this stack, or allow it with ${allow}.`;

const cases: { requirement: string; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "an Effect IAM does not know (it compares case-sensitively) cannot be judged",
        records: () => [rolePolicy(doc({ Effect: "allow", Action: "*", Resource: "*" }))],
        expect: [unjudged(`in policy, statement 0 has an Effect that is neither "Allow" nor "Deny" (IAM compares it case-sensitively)`)] },
    { requirement: "an Action not known until deploy cannot be judged, even when it comes from the stack",
        records: () => [bucket, rolePolicy(doc({ Effect: "Allow", Action: U, Resource: "*" }), { policy: [bucket] })],
        expect: [unjudged("in policy, statement 0's Action is not known until deploy")] },
    { requirement: "a NotAction not known until deploy cannot be judged",
        records: () => [bucket, rolePolicy(doc({ Effect: "Allow", NotAction: [U], Resource: "*" }), { policy: [bucket] })],
        expect: [unjudged("in policy, statement 0's NotAction is not known until deploy")] },
    { requirement: "a Resource not known until deploy that no resource of the stack gave cannot be judged",
        records: () => [rolePolicy(doc({ Effect: "Allow", Action: "s3:PutObject", Resource: U }))],
        expect: [unjudged("in policy, statement 0's Resource is not known until deploy and comes from no resource of this stack")] },
    { requirement: "a NotResource not known until deploy is every resource but one: a write there is a write on every resource",
        records: () => [rolePolicy(doc({ Effect: "Allow", Action: "s3:PutObject", NotResource: U }))],
        expect: ["app-policy iam-no-write-on-any-resource: app-policy: writes and reads of data must be scoped to resource ARNs, but s3:PutObject (policy) "
            + "apply to every resource; list the ARNs, or add an action to this policy's allowedActions if AWS grants it only on \"*\" (or, for a "
            + "reviewed deploy role, its name to allowedPolicies: [\"app-policy\"])."] },
    { requirement: "a Resource the stack's own bucket gave is that bucket: no finding",
        records: () => [bucket, rolePolicy(doc({ Effect: "Allow", Action: "s3:PutObject", Resource: U }), { policy: [bucket] })], expect: [] },
    { requirement: "an unknown ARN next to \"*\" changes nothing: read-only actions on every resource pass",
        records: () => [rolePolicy(doc({ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: [U, "*"] }))], expect: [] },
    { requirement: "a role's inline policies not known until deploy cannot be read",
        records: () => [role({ inlinePolicies: U })],
        expect: ["app-role iam-no-full-admin: app-role: cannot be judged: its policy document (inlinePolicies) cannot be read: the document is not known "
            + "until deploy (a string computed from outputs); pass it as an object, whose ARNs may stay unknown; declare it in this stack, or allow it "
            + "with iam-no-full-admin's acceptUnresolved: [\"app-role\"]."] },
    { requirement: "an inline policy's unknown Resource is the stack's own only when the role's inlinePolicies came from a resource of the stack",
        records: () => [bucket, role({ inlinePolicies: [{ name: "a", policy: doc({ Effect: "Allow", Action: "s3:PutObject", Resource: U }) }] }, { inlinePolicies: [bucket] }),
            rec("aws:iam/role:Role", "other-role", { assumeRolePolicy: "{}", inlinePolicies: [{ name: "a", policy: doc({ Effect: "Allow", Action: "s3:PutObject", Resource: U }) }] })],
        expect: ["other-role iam-no-full-admin: other-role: cannot be judged: in inlinePolicies[0].policy, statement 0's Resource is not known until deploy "
            + "and comes from no resource of this stack; declare it in this stack, or allow it with iam-no-full-admin's acceptUnresolved: [\"other-role\"]."] },
    { requirement: "a statement that names no action grants nothing, even on every resource",
        records: () => [rolePolicy(doc({ Effect: "Allow", Resource: "*" }))], expect: [] },
    { requirement: "Deny of everything is not administrator, nor a write on every resource",
        records: () => [rolePolicy(doc({ Effect: "Deny", Action: "*", Resource: "*" }, { Effect: "Deny", Action: "s3:PutObject", Resource: "*" }))], expect: [] },
    { requirement: "administrator access is named with the statement that grants it and the fix",
        records: () => [rolePolicy(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }, { Effect: "Allow", Action: "*", Resource: "*" }))],
        expect: ["app-policy iam-no-full-admin: app-policy: policy statement 1 allows every action on every resource: administrator access. "
            + "List the actions the identity needs and the ARNs it needs them on."] },
    { requirement: "NotAction and NotResource administrator access names what it leaves out",
        records: () => [rolePolicy(doc({ Effect: "Allow", NotAction: ["iam:*", "kms:*"], NotResource: ["arn:aws:s3:::a", "arn:aws:s3:::b"] }))],
        expect: ["app-policy iam-no-full-admin: app-policy: policy statement 0 allows every action but iam:*, kms:* on every resource but "
            + "arn:aws:s3:::a, arn:aws:s3:::b: administrator access. List the actions the identity needs and the ARNs it needs them on."] },
    { requirement: "an attachment of a policy the stack declares is judged by that policy's document",
        records: () => [managed, attach(U, { policyArn: [managed] })], expect: [] },
    { requirement: "an attachment of a policy not known until deploy that comes from no policy of the stack cannot be judged",
        records: () => [bucket, attach(U, { policyArn: [bucket] })],
        expect: ["app-attach iam-no-full-admin: app-attach: cannot be judged: policyArn names a policy that is not known until deploy and comes from no policy "
            + "of this stack (a lookup or another stack); declare it in this stack, or allow it with iam-no-full-admin's acceptUnresolved: [\"app-attach\"]."] },
    { requirement: "an attachment naming something that is not an ARN string cannot be judged",
        records: () => [rec("aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "app-attach", { roleName: "app", policyArns: [42] })],
        expect: ["app-attach iam-no-full-admin: app-attach: cannot be judged: policyArns names a policy that is not known until deploy and comes from no policy "
            + "of this stack (a lookup or another stack); declare it in this stack, or allow it with iam-no-full-admin's acceptUnresolved: [\"app-attach\"]."] },
    { requirement: "a customer managed policy the stack does not declare cannot be judged, naming the ARN to allow",
        records: () => [attach("arn:aws:iam::123456789012:policy/ops")],
        expect: ["app-attach iam-no-full-admin: app-attach: cannot be judged: policyArn names arn:aws:iam::123456789012:policy/ops, a customer managed policy "
            + "this stack does not declare, so its document cannot be read; declare it in this stack, or allow it with iam-no-full-admin's "
            + "allowedPolicyArns: [\"arn:aws:iam::123456789012:policy/ops\"] once reviewed."] },
    { requirement: "a customer managed policy listed in allowedPolicyArns is accepted",
        records: () => [attach("arn:aws:iam::123456789012:policy/ops")],
        config: { "iam-no-full-admin": { allowedPolicyArns: ["arn:aws:iam::123456789012:policy/ops"] } }, expect: [] },
    { requirement: "an AWS managed administrator policy is named with the fix",
        records: () => [attach("arn:aws:iam::aws:policy/AdministratorAccess")],
        expect: ["app-attach iam-no-full-admin: app-attach: policyArn attaches arn:aws:iam::aws:policy/AdministratorAccess, an AWS managed policy that grants "
            + "administrator access; attach a policy that lists the actions and ARNs the identity needs."] },
    { requirement: "writes and data reads on every resource are listed with where they are written and both ways out",
        records: () => [rolePolicy(doc({ Effect: "Allow", Action: ["s3:PutObject", "ssm:GetParameter", "ec2:DescribeInstances"], Resource: "*" }))],
        expect: ["app-policy iam-no-write-on-any-resource: app-policy: writes and reads of data must be scoped to resource ARNs, but s3:PutObject (policy), "
            + "ssm:GetParameter (policy) apply to every resource; list the ARNs, or add an action to this policy's allowedActions if AWS grants it only "
            + "on \"*\" (or, for a reviewed deploy role, its name to allowedPolicies: [\"app-policy\"])."] },
    { requirement: "an AWS managed *FullAccess policy is named by its policy name",
        records: () => [attach("arn:aws:iam::aws:policy/AmazonS3FullAccess")],
        expect: ["app-attach iam-no-write-on-any-resource: app-attach: writes and reads of data must be scoped to resource ARNs, but AmazonS3FullAccess "
            + "(an AWS managed policy attached by policyArn) apply to every resource; list the ARNs, or add an action to this policy's allowedActions if "
            + "AWS grants it only on \"*\" (or, for a reviewed deploy role, its name to allowedPolicies: [\"app-attach\"])."] },
    { requirement: "a *FullAccess-named ARN of the stack's own policy is judged by its document, not its name",
        records: () => [managed, attach("arn:aws:iam::aws:policy/AmazonS3FullAccess", { policyArn: [managed] })], expect: [] },
    { requirement: "an action listed in allowedActions may apply to every resource",
        records: () => [rolePolicy(doc({ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }))],
        config: { "iam-no-write-on-any-resource": { allowedActions: ["S3:PutObject"] } }, expect: [] },
    { requirement: "a reviewed identity listed in allowedPolicies may write every resource",
        records: () => [rolePolicy(doc({ Effect: "Allow", Action: "s3:PutObject", Resource: "*" }))],
        config: { "iam-no-write-on-any-resource": { allowedPolicies: ["app-policy"] } }, expect: [] },
];

describe("policy pack: identity rules' verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdicts(c.records(), c.config), c.expect);
        });
    }
});
