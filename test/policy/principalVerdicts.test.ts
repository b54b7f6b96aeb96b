/**
 * no-public-or-foreign-principals' verdicts written out, message and all, over the classes it reads:
 * which accounts are the stack's own (providers, trusted, proven by a key policy), principals of every
 * kind and spelling, conditions that pin the caller, and where functions, topics and targets send.
 */
import * as assert from "node:assert/strict";
import type { PolicyPackConfig } from "@pulumi/policy";
import { analyze } from "../../tools/plan/analyze";
import type { RecordedResource } from "../../tools/engine/recorded";
import { noForeignPrincipals } from "../../policy/policies/resourcePolicies";
import { rec, U } from "./factories";

const OWN = "123456789012";
const FOREIGN = "999988887777";
const doc = (...statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements });
const provider = (allowedAccountIds: unknown) => rec("pulumi:providers:aws", "p", { region: "eu-west-1", allowedAccountIds });
const queuePolicy = (...statements: unknown[]) => rec("aws:sqs/queuePolicy:QueuePolicy", "q", { queueUrl: "u", policy: doc(...statements) });
const trust = (...statements: unknown[]) => rec("aws:iam/role:Role", "r", { assumeRolePolicy: JSON.stringify(doc(...statements)) });
const key = (policy: unknown, extra: Record<string, unknown> = {}) => rec("aws:kms/key:Key", "k", { policy: JSON.stringify(policy), ...extra });
const send = { Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" };

/** `name: message` for every finding of the rule, the description left out. */
async function verdicts(records: RecordedResource[], config?: PolicyPackConfig): Promise<string[]> {
    const v = await analyze(records, { policies: [noForeignPrincipals], config });
    return v.map((x) => x.message.slice(x.message.indexOf("\n") + 1));
}

const fix = "keep access within this stack's accounts (name them with the provider's allowedAccountIds), or list a partner in "
    + "no-public-or-foreign-principals' trustedAccounts.";
const outside = (name: string, what: string) => `${name}: access must stay within this stack's accounts, but ${what}; ${fix}`;
const unjudged = (name: string, what: string) => `${name}: cannot be judged: ${what}; declare it in this stack, or allow it with `
    + `no-public-or-foreign-principals's acceptUnresolved: ["${name}"].`;
const anyone = (i: number, pinned = "") => `policy: statement ${i} allows any principal${pinned} without a condition on the caller's account `
    + "(aws:SourceAccount, aws:PrincipalAccount), organization or VPC";

const cases: { requirement: string; records: () => RecordedResource[]; config?: PolicyPackConfig; expect: string[] }[] = [
    { requirement: "any principal pinned to an account a provider allows (a JSON list, as the CLI passes it) stays within the stack",
        records: () => [provider(JSON.stringify([OWN])), queuePolicy({ ...send, Principal: "*", Condition: { StringEquals: { "aws:SourceAccount": OWN } } })],
        expect: [] },
    { requirement: "a provider's allowedAccountIds as a plain list names the stack's accounts too",
        records: () => [provider([OWN]), queuePolicy({ ...send, Principal: { AWS: `arn:aws:iam::${OWN}:root` } })], expect: [] },
    { requirement: "a provider's allowedAccountIds as one bare id (valid JSON for a number) is that account",
        records: () => [provider(FOREIGN), queuePolicy({ ...send, Principal: { AWS: FOREIGN } })], expect: [] },
    { requirement: "an allowedAccountIds that is not valid JSON names no account",
        records: () => [provider(`[${FOREIGN}`), queuePolicy({ ...send, Principal: { AWS: FOREIGN } })],
        expect: [outside("q", `policy: statement 0 grants account ${FOREIGN} (${FOREIGN})`)] },
    { requirement: "any principal pinned to another account is public, naming the account it is pinned to",
        records: () => [queuePolicy({ ...send, Principal: { AWS: ["*"] }, Condition: { StringEquals: { "AWS:SourceOwner": FOREIGN } } })],
        expect: [outside("q", anyone(0, `, pinned only to ${FOREIGN}`))] },
    { requirement: "an account pin the pack cannot read (not known until deploy, not a string) may be any account: public",
        records: () => [queuePolicy({ ...send, Principal: "*", Condition: { StringEquals: { "aws:SourceAccount": [U, true] } } })],
        expect: [outside("q", anyone(0, ", pinned only to a value not known until deploy, ?"))] },
    { requirement: "an account pin written as a number is that account; operators that are not objects and other keys pin nothing",
        records: () => [provider([OWN]), queuePolicy({ ...send, Principal: "*", Condition: { Bool: "true", StringEquals: { "aws:PrincipalAccount": Number(OWN) } } }),
            rec("aws:sqs/queuePolicy:QueuePolicy", "q2", { queueUrl: "u", policy: doc({ ...send, Principal: "*", Condition: { Null: null, StringLike: { "aws:UserAgent": "x" } } }) })],
        expect: [outside("q2", anyone(0))] },
    { requirement: "any principal pinned by organization or VPC is not public; a Deny is never a grant",
        records: () => [queuePolicy({ ...send, Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } },
            { ...send, Effect: "Deny", Principal: "*" })], expect: [] },
    { requirement: "a negated or IfExists operator on the caller's account pins nothing: a request without the key, an anonymous one included, passes it",
        records: () => [provider([OWN]), queuePolicy({ ...send, Principal: "*", Condition: { StringNotEquals: { "aws:SourceAccount": OWN } } },
            { ...send, Principal: "*", Condition: { StringEqualsIfExists: { "aws:SourceAccount": OWN } } },
            { ...send, Principal: "*", Condition: { "ForAllValues:StringEquals": { "aws:PrincipalAccount": OWN } } })],
        expect: [outside("q", [anyone(0), anyone(1), anyone(2)].join("; "))] },
    { requirement: "a principal ARN or source ARN pin keeps the caller in the stack only when its account is the stack's; a wildcard account, an "
        + "external id or a wildcard organization pins nothing, and an ARN naming no account (a bucket's, which another account may "
        + "create once it is deleted) pins only beside the stack's account",
        records: () => [provider([OWN]), queuePolicy({ ...send, Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${OWN}:role/app-*` } } },
            { ...send, Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } } },
            { ...send, Principal: "*", Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:sns:eu-west-1:${FOREIGN}:t` } } },
            { ...send, Principal: "*", Condition: { StringEquals: { "sts:ExternalId": "abc" } } },
            { ...send, Principal: "*", Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } },
            { ...send, Principal: "*", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::the-stack-bucket" } } },
            { ...send, Principal: "*", Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::the-stack-bucket" }, StringEquals: { "aws:SourceAccount": OWN } } })],
        expect: [outside("q", [anyone(1, ", pinned only to arn:aws:iam::*:role/*"), anyone(2, `, pinned only to arn:aws:sns:eu-west-1:${FOREIGN}:t`),
            anyone(3), anyone(4, ", pinned only to o-*"), anyone(5, ", pinned only to arn:aws:s3:::the-stack-bucket")].join("; "))] },
    { requirement: "an organization or VPC pin the pack cannot read, or a source ARN that is not an ARN, may be anyone",
        records: () => [provider([OWN]), queuePolicy({ ...send, Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": U } } },
            { ...send, Principal: "*", Condition: { StringEquals: { "aws:SourceVpc": true } } },
            { ...send, Principal: "*", Condition: { StringEquals: { "aws:SourceArn": "my-topic" } } })],
        expect: [outside("q", [anyone(0, ", pinned only to a value not known until deploy"), anyone(1, ", pinned only to ?"),
            anyone(2, ", pinned only to my-topic")].join("; "))] },
    { requirement: "an OIDC subject with a wildcard right after its first segment, or in a GitHub owner, lets every owner in; one that names them pins it",
        records: () => {
            const sub = "token.actions.githubusercontent.com:sub";
            const github = (value: string) => ({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "token.actions.githubusercontent.com" },
                Condition: { StringLike: { [sub]: value } } });
            return [trust(github("ab:*"), github("repo:ab*/r:ref:refs/heads/main"), github("system:serviceaccount:repo:a*"), github("repo:o/r:*"))];
        },
        expect: [outside("r", [0, 1].map((i) => `assumeRolePolicy: statement ${i} trusts token.actions.githubusercontent.com without pinning the token's subject `
            + "(a <provider>:sub condition naming it, e.g. repo:<owner>/<repo>:environment:<name>): any identity that provider issues a token to, "
            + "such as every GitHub repository").join("; "))] },
    { requirement: "an EKS service account trust pinned to a namespace pins the subject",
        records: () => [trust({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity",
            Principal: { Federated: `arn:aws:iam::${OWN}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC` },
            Condition: { StringLike: { "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:app:*" },
                StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com" } } })],
        expect: [] },
    { requirement: "NotPrincipal in an Allow is the world",
        records: () => [queuePolicy({ ...send, NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` } })],
        expect: [outside("q", "policy: statement 0 allows every principal but the ones NotPrincipal names: the world")] },
    { requirement: "another account named in a resource policy is granted; in a trust policy it may assume the role",
        records: () => [queuePolicy({ ...send, Principal: { AWS: FOREIGN } }), trust({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` } })],
        expect: [outside("q", `policy: statement 0 grants account ${FOREIGN} (${FOREIGN})`),
            outside("r", `assumeRolePolicy: statement 0 lets account ${FOREIGN} (arn:aws:iam::${FOREIGN}:root) assume the role`)] },
    { requirement: "a principal that is neither an account nor an ARN cannot be judged",
        records: () => [queuePolicy({ ...send, Principal: { AWS: "AIDAEXAMPLE" } })],
        expect: [unjudged("q", "policy: statement 0 names principal \"AIDAEXAMPLE\", which is neither an account nor an ARN")] },
    { requirement: "a principal not known until deploy that no resource of the stack gave cannot be judged",
        records: () => [queuePolicy({ ...send, Principal: { AWS: U } })],
        expect: [unjudged("q", "policy: statement 0's Principal is not known until deploy and comes from no resource of this stack")] },
    { requirement: "an Effect that is neither Allow nor Deny cannot be judged, and the team may accept it",
        records: () => [queuePolicy({ ...send, Effect: "allow", Principal: "*" }), rec("aws:sqs/queuePolicy:QueuePolicy", "q2", { queueUrl: "u", policy: doc({ ...send, Effect: "allow" }) })],
        config: { "no-public-or-foreign-principals": { acceptUnresolved: ["q2"] } },
        expect: [unjudged("q", "statement 0 of policy has an Effect that is neither \"Allow\" nor \"Deny\"")] },
    { requirement: "a policy document not known until deploy cannot be read",
        records: () => [rec("aws:sqs/queuePolicy:QueuePolicy", "q", { queueUrl: "u", policy: U })],
        expect: [unjudged("q", "its policy cannot be read: the document is not known until deploy (a string computed from outputs); pass it as an object, whose ARNs may stay unknown")] },
    { requirement: "a federated principal with no condition admits anyone its provider issues a token to",
        records: () => [trust({ Effect: "Allow", Action: "sts:AssumeRoleWithSAML", Principal: { Federated: `arn:aws:iam::${OWN}:saml-provider/corp` } })],
        expect: [outside("r", `assumeRolePolicy: statement 0 trusts arn:aws:iam::${OWN}:saml-provider/corp with no condition: anyone that provider issues a token to`)] },
    { requirement: "a SAML provider under a condition is the provider's users; an OIDC issuer host must pin the subject",
        records: () => [trust({ Effect: "Allow", Action: "sts:AssumeRoleWithSAML", Principal: { Federated: `arn:aws:iam::${OWN}:saml-provider/corp` },
            Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } },
        { Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "accounts.google.com" },
            Condition: { StringEquals: { "accounts.google.com:sub": "*" } } })],
        expect: [outside("r", "assumeRolePolicy: statement 1 trusts accounts.google.com without pinning the token's subject (a <provider>:sub condition naming it, "
            + "e.g. repo:<owner>/<repo>:environment:<name>): any identity that provider issues a token to, such as every GitHub repository")] },
    { requirement: "a Lambda permission for another account, or whose source account is another, lets that account invoke",
        records: () => [rec("aws:lambda/permission:Permission", "perm", { action: "lambda:InvokeFunction", function: "f", principal: "s3.amazonaws.com", sourceAccount: FOREIGN })],
        expect: [outside("perm", `sourceAccount lets account ${FOREIGN} invoke the function`)] },
    { requirement: "a Lambda permission's principal and source account not known until deploy, from no resource of the stack, cannot be judged",
        records: () => [rec("aws:lambda/permission:Permission", "perm", { action: "lambda:InvokeFunction", function: "f", principal: U, sourceAccount: U })],
        expect: [unjudged("perm", "principal is not known until deploy and comes from no resource of this stack; sourceAccount is not known until deploy "
            + "and comes from no resource of this stack")] },
    { requirement: "a subscription over plain HTTP (in any case) delivers in plain text",
        records: () => [rec("aws:sns/topicSubscription:TopicSubscription", "sub", { topic: "t", protocol: "HTTP", endpoint: "http://example.com/hook" })],
        expect: [outside("sub", "delivers notifications in plain text to \"http://example.com/hook\" (protocol \"http\")")] },
    { requirement: "an event target in another account is named with where it is written",
        records: () => [rec("aws:cloudwatch/eventTarget:EventTarget", "tgt", { rule: "r", arn: `arn:aws:sqs:eu-west-1:${FOREIGN}:q` })],
        expect: [outside("tgt", `sends to arn:aws:sqs:eu-west-1:${FOREIGN}:q (arn), in account ${FOREIGN}`)] },
    { requirement: "a schedule target not known until deploy, from no resource of the stack, cannot be judged; a function's success destination in its own account passes",
        records: () => [rec("aws:scheduler/schedule:Schedule", "sch", { target: U }),
            rec("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "cfg", { functionName: "f",
                destinationConfig: { onSuccess: { destination: `arn:aws:sqs:eu-west-1:${OWN}:ok` }, onFailure: null } })],
        config: { "no-public-or-foreign-principals": { trustedAccounts: [OWN] } },
        expect: [unjudged("sch", "target.arn is not known until deploy and comes from no resource of this stack")] },
    { requirement: "the one account a key policy lets manage the key is the stack's own; Denies, other actions and any principal prove nothing",
        records: () => [key(doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OWN}:root` }, Action: "kms:*", Resource: "*" },
            { Effect: "Deny", Principal: { AWS: FOREIGN }, Action: "kms:PutKeyPolicy", Resource: "*" },
            { Effect: "Allow", Principal: { AWS: OWN }, Action: ["kms:Decrypt", "kms:PutKeyPolicy"], Resource: "*" },
            { Effect: "Allow", Principal: "*", Action: "kms:PutKeyPolicy", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": OWN } } })),
        queuePolicy({ ...send, Principal: { AWS: OWN } })], expect: [] },
    { requirement: "a key created bypassing the lockout check, or managed by two accounts, proves no account; nor does a queue policy",
        records: () => [key(doc({ Effect: "Allow", Principal: { AWS: OWN }, Action: "kms:PutKeyPolicy", Resource: "*" }), { bypassPolicyLockoutSafetyCheck: true }),
            rec("aws:kms/key:Key", "k2", { policy: doc({ Effect: "Allow", Principal: { AWS: [FOREIGN, `arn:aws:iam::${OWN}:root`] }, Action: "kms:*", Resource: "*" }) }),
            rec("aws:kms/key:Key", "k3", { policy: U }),
            rec("aws:sqs/queuePolicy:QueuePolicy", "q3", { queueUrl: "u", policy: doc({ Effect: "Allow", Principal: { AWS: FOREIGN }, Action: "kms:*", Resource: "*" }) }),
            rec("aws:sqs/queue:Queue", "q4", { allowedAccountIds: [FOREIGN] })],
        expect: [outside("k", `policy: statement 0 grants account ${OWN} (${OWN})`),
            outside("k2", `policy: statement 0 grants account ${FOREIGN} (${FOREIGN}); policy: statement 0 grants account ${OWN} (arn:aws:iam::${OWN}:root)`),
            unjudged("k3", "its policy cannot be read: the document is not known until deploy (a string computed from outputs); pass it as an object, whose ARNs may stay unknown"),
            outside("q3", `policy: statement 0 grants account ${FOREIGN} (${FOREIGN})`)] },
    { requirement: "\"*\" among named principals is any principal; services are not accounts; principals that only look like accounts are neither",
        records: () => [provider([OWN]), queuePolicy({ ...send, Principal: { AWS: [`arn:aws:iam::${OWN}:root`, "*"], Service: "sns.amazonaws.com" } }),
            rec("aws:sqs/queuePolicy:QueuePolicy", "q2", { queueUrl: "u", policy: doc({ ...send, Principal: { AWS: ["AIDA999988887777", "9999888877771",
                "xarn:aws:iam::999988887777:root", "arn:aws:sts::assumed-role"] } }) })],
        expect: [outside("q", anyone(0)), unjudged("q2", "policy: statement 0 names principal \"AIDA999988887777\", which is neither an account nor an ARN; "
            + "policy: statement 0 names principal \"9999888877771\", which is neither an account nor an ARN; policy: statement 0 names principal "
            + "\"xarn:aws:iam::999988887777:root\", which is neither an account nor an ARN")] },
    { requirement: "an OIDC provider among federated principals must pin the token's subject; SAML providers are named only when unconditioned",
        records: () => [trust({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: [`arn:aws:iam::${OWN}:saml-provider/corp`,
            `arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com`] },
        Condition: { StringNotEquals: { "token.actions.githubusercontent.com:sub": "repo:o/r:ref:main" }, StringEquals: { "token.actions.githubusercontent.com:subject": "x",
            "token.actions.githubusercontent.com:sub": [] }, StringLike: { "token.actions.githubusercontent.com:sub": ["repo:o/r:ref:main", "repo:*"] },
        "ForAnyValue:StringEquals": null } })],
        expect: [outside("r", `assumeRolePolicy: statement 0 trusts arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com without pinning the `
            + "token's subject (a <provider>:sub condition naming it, e.g. repo:<owner>/<repo>:environment:<name>): any identity that provider issues a token "
            + "to, such as every GitHub repository")] },
    { requirement: "a subject pinned by ForAnyValue, by a pattern within one repository, or a Cognito identity pool is pinned",
        records: () => [trust({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "token.actions.githubusercontent.com" },
            Condition: { "ForAnyValue:StringEquals": { "token.actions.githubusercontent.com:sub": ["repo:o/r:environment:prod"] } } },
        { Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "token.actions.githubusercontent.com" },
            Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:o/r:*" } } },
        { Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: "cognito-identity.amazonaws.com" },
            Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "eu-west-1:pool" } } })], expect: [] },
    { requirement: "values a resource of the stack gave are the stack's; destinations not known until deploy from nowhere cannot be judged",
        records: () => [queuePolicy({ ...send, Principal: { AWS: U } }), rec("aws:lambda/permission:Permission", "perm", { action: "lambda:InvokeFunction", function: "f",
            principal: U, sourceAccount: OWN }, { principal: [trust()] }), trust(),  // the role the principal and the destination came from
        rec("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "cfg", { functionName: "f", destinationConfig: U }),
        rec("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "cfg2", { functionName: "f", destinationConfig: { onSuccess: "x", onFailure: { destination: U } } },
            { destinationConfig: [trust()] }), // the same role's record: deps name it by URN
        rec("aws:sns/topicSubscription:TopicSubscription", "sub", { topic: "t", protocol: "https", endpoint: "https://example.com" })],
        config: { "no-public-or-foreign-principals": { trustedAccounts: [OWN] } },
        expect: [unjudged("q", "policy: statement 0's Principal is not known until deploy and comes from no resource of this stack"),
            unjudged("cfg", "destinationConfig.onSuccess.destination is not known until deploy and comes from no resource of this stack; "
                + "destinationConfig.onFailure.destination is not known until deploy and comes from no resource of this stack")] },
    { requirement: "a key's sole manager proves its account only through an Allow naming kms:PutKeyPolicy; a principal without an account proves nothing",
        records: () => [key(doc({ Effect: "Allow", Principal: { AWS: OWN }, Action: ["kms:Decrypt", "kms:PutKeyPolicy"], Resource: "*" },
            { Effect: "Allow", Principal: { AWS: "arn:aws:sts::assumed-role" }, Action: "kms:PutKeyPolicy", Resource: "*" },
            { Effect: "Allow", Action: "kms:PutKeyPolicy", Resource: "*" }, { Effect: "Allow", Principal: { Service: "logs.amazonaws.com" }, NotAction: "kms:*", Resource: "*" })),
        queuePolicy({ ...send, Principal: { AWS: OWN } }, { ...send, Principal: { AWS: "*" }, Condition: { StringEquals: { "aws:PrincipalAccount": FOREIGN } } })],
        expect: [outside("q", `policy: statement 1 allows any principal, pinned only to ${FOREIGN} without a condition on the caller's account (aws:SourceAccount, `
            + "aws:PrincipalAccount), organization or VPC")] },
    { requirement: "a trust of GitHub's provider must name the subject's owner; any owner on one branch, ForAllValues and IfExists pin nothing",
        records: () => {
            const github = (Condition: unknown) => ({ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity",
                Principal: { Federated: [`arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com`, "token.actions.githubusercontent.com"] }, Condition });
            const sub = "token.actions.githubusercontent.com:sub";
            return [trust(github({ StringLike: { [sub]: "repo:*:ref:refs/heads/main" } }), github({ "ForAllValues:StringEquals": { [sub]: "repo:o/r:ref:x" } }),
                github({ StringEqualsIfExists: { [sub]: "repo:o/r:ref:x" } }), github({ StringEquals: { [sub]: [5] } }),
                github({ StringEquals: { "xcognito-identity.amazonaws.com:aud": "p", "cognito-identity.amazonaws.com:audx": "p" } }),
                github({ StringEquals: { [sub]: "repo:o/r:ref:x" }, Bool: { "aws:SecureTransport": "true" } }))];
        },
        expect: [outside("r", [0, 1, 2, 3, 4].map((i) => `assumeRolePolicy: statement ${i} trusts arn:aws:iam::${OWN}:oidc-provider/token.actions.githubusercontent.com, `
            + "token.actions.githubusercontent.com without pinning the token's subject (a <provider>:sub condition naming it, e.g. "
            + "repo:<owner>/<repo>:environment:<name>): any identity that provider issues a token to, such as every GitHub repository").join("; "))] },
    { requirement: "unconditioned SAML providers are all named; a statement without a principal admits no one",
        records: () => [trust({ Effect: "Allow", Action: "sts:AssumeRoleWithSAML", Principal: { Federated: [`arn:aws:iam::${OWN}:saml-provider/a`,
            `arn:aws:iam::${OWN}:saml-provider/b`] } }), queuePolicy({ ...send })],
        expect: [outside("r", `assumeRolePolicy: statement 0 trusts arn:aws:iam::${OWN}:saml-provider/a, arn:aws:iam::${OWN}:saml-provider/b with no `
            + "condition: anyone that provider issues a token to")] },
    { requirement: "a Lambda permission's account written as a number is that account; only permissions are read for it; a subscription without a protocol sends nothing",
        records: () => [rec("aws:lambda/permission:Permission", "perm", { action: "lambda:InvokeFunction", function: "f", principal: "sns.amazonaws.com",
            sourceAccount: Number(FOREIGN) }), rec("aws:sqs/queue:Queue", "other", { principal: FOREIGN, sourceAccount: FOREIGN }),
        rec("aws:sns/topicSubscription:TopicSubscription", "sub", { topic: "t", endpoint: "x" })],
        expect: [outside("perm", `sourceAccount lets account ${FOREIGN} invoke the function`)] },
];

describe("policy pack: principals outside the stack, verdicts", () => {
    for (const c of cases) {
        it(c.requirement, async () => {
            assert.deepEqual(await verdicts(c.records(), c.config), c.expect);
        });
    }
});
