/**
 * Who, outside the stack's own account, a resource lets in: resource policies (bucket, queue, topic,
 * key, secret, repository, file system, table), role trust policies, Lambda permissions and where
 * a topic delivers. A principal of any account (`*`, `{AWS: "*"}`, NotPrincipal) is public unless a
 * condition pins the caller's account, organization or network; a named account must be the stack's
 * own or one the team trusts. The stack's own accounts are those its providers pin
 * (`allowedAccountIds`), those the team lists, and those AWS itself proves: KMS refuses a key whose
 * policy would not let the creating principal manage it (KMS API Reference, CreateKey,
 * BypassPolicyLockoutSafetyCheck), so the one account a key policy lets manage the key is the deployer's.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { actionMatches, readDocument, type Principals, type Statement } from "./documents";
import { acceptUnresolvedSchema, cannotBeJudged, isTrue, isUnknown, list, plain, sources, type Props } from "./util";

/** Resources that carry a resource or trust policy, and the properties that may hold it. */
export const policyHolders: Record<string, string[]> = {
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:s3/bucketPolicy:BucketPolicy": ["policy"],
    "aws:s3/bucket:Bucket": ["policy"],
    "aws:s3/bucketV2:BucketV2": ["policy"],
    "aws:sqs/queuePolicy:QueuePolicy": ["policy"],
    "aws:sqs/queue:Queue": ["policy"],
    "aws:sns/topicPolicy:TopicPolicy": ["policy"],
    "aws:sns/topic:Topic": ["policy"],
    "aws:kms/key:Key": ["policy"],
    "aws:kms/keyPolicy:KeyPolicy": ["policy"],
    "aws:kms/replicaKey:ReplicaKey": ["policy"],
    "aws:secretsmanager/secretPolicy:SecretPolicy": ["policy"],
    "aws:secretsmanager/secret:Secret": ["policy"],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ["policy"],
    "aws:ecr/registryPolicy:RegistryPolicy": ["policy"],
    "aws:efs/fileSystemPolicy:FileSystemPolicy": ["policy"],
    "aws:dynamodb/resourcePolicy:ResourcePolicy": ["policy"],
    "aws:dynamodb/table:Table": ["resourcePolicy"],
};

const permissionType = "aws:lambda/permission:Permission";
const subscriptionType = "aws:sns/topicSubscription:TopicSubscription";

/** Where a resource sends events or results: the property, and the path to each destination ARN inside it. */
const destinations: Record<string, { prop: string; path: string[] }[]> = {
    [subscriptionType]: [{ prop: "endpoint", path: [] }],
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": [
        { prop: "destinationConfig", path: ["onSuccess", "destination"] }, { prop: "destinationConfig", path: ["onFailure", "destination"] }],
    "aws:cloudwatch/eventTarget:EventTarget": [{ prop: "arn", path: [] }],
    "aws:scheduler/schedule:Schedule": [{ prop: "target", path: ["arn"] }],
};
const keyTypes = ["aws:kms/key:Key", "aws:kms/keyPolicy:KeyPolicy", "aws:kms/replicaKey:ReplicaKey"];

/** Condition keys that pin a caller to an account, organization, resource or network (S3 user guide, "The meaning of public"). */
const accountKeys = ["aws:sourceaccount", "aws:sourceowner", "aws:principalaccount"];
const arnKeys = ["aws:sourcearn", "aws:principalarn"];
// An organization or a VPC written out. Not `sts:ExternalId` (any account that knows the string may use
// it: it is not a secret, IAM User Guide "Access to AWS accounts owned by third parties") nor `aws:userid`.
const pinningKeys = [...accountKeys, ...arnKeys, "aws:sourceorgid", "aws:sourceorgpaths", "aws:principalorgid", "aws:principalorgpaths",
    "aws:sourcevpc", "aws:sourcevpce"];

/**
 * Condition operators that admit only requests whose key holds one of the values. A negated operator
 * (`StringNotEquals`) admits every request without the key, anonymous ones included; `...IfExists` and
 * `ForAllValues:` admit a request that lacks it (IAM User Guide, "IAM JSON policy elements: Condition
 * operators" and "Single-valued vs. multivalued context keys").
 */
const pinningOperator = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/i;

/** The account a principal or ARN names (`123456789012`, `arn:aws:iam::123456789012:root`), if any. */
export function accountOf(value: string): string | undefined {
    if (/^\d{12}$/.test(value)) {
        return value;
    }
    const m = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(value);
    return m?.[1];
}

/** A condition value: its text for messages, and whether the pack could read it (what it cannot may be anyone). */
interface Pin {
    text: string;
    readable: boolean;
}

/** A condition value as written: IAM reads a number as its digits; what the pack cannot read is said so. */
function pinValue(v: unknown): Pin {
    if (typeof v === "string" && !isUnknown(v)) return { text: v, readable: true };
    if (typeof v === "number") return { text: String(v), readable: true };
    return { text: isUnknown(v) ? "a value not known until deploy" : "?", readable: false };
}

/** Condition values under the pinning keys, by key; empty when none pins the caller. */
function pins(condition: Props | undefined): Map<string, Pin[]> {
    const result = new Map<string, Pin[]>();
    for (const [name, operator] of Object.entries(condition ?? {})) {
        if (!pinningOperator.test(name) || operator === null || typeof operator !== "object") continue;
        for (const [key, value] of Object.entries(operator as Props)) {
            const k = key.toLowerCase();
            if (pinningKeys.includes(k)) {
                result.set(k, [...(result.get(k) ?? []), ...list(value).map(pinValue)]);
            }
        }
    }
    return result;
}

/** The stack's own accounts: listed, pinned by a provider, or proven by a KMS key policy. */
function ownAccounts(resources: PolicyResource[], trusted: string[]): Set<string> {
    const own = new Set(trusted);
    for (const p of resources.filter(r => r.type === "pulumi:providers:aws")) {
        let ids: unknown = plain(p.props).allowedAccountIds;
        // Provider inputs carry lists as JSON text; a bare id ("123456789012" parses as a number) stays the id.
        if (typeof ids === "string" && ids.startsWith("[")) {
            try { ids = JSON.parse(ids); } catch { /* not a list */ }
        }
        list(ids).filter((x): x is string => typeof x === "string").forEach(a => own.add(a));
    }
    for (const key of resources.filter(r => keyTypes.includes(r.type))) {
        const props = plain(key.props);
        if (isTrue(props.bypassPolicyLockoutSafetyCheck)) continue;
        const doc = readDocument(props.policy);
        if (!("statements" in doc)) continue;
        const managers = new Set(doc.statements
            .filter(s => s.effect === "Allow" && (s.actions ?? []).some(a => actionMatches(a, "kms:PutKeyPolicy")))
            .flatMap(s => (s.principal && s.principal !== "*" ? s.principal.AWS ?? [] : []))
            .map(accountOf).filter((a): a is string => a !== undefined));
        if (managers.size === 1) {
            managers.forEach(a => own.add(a));
        }
    }
    return own;
}

/**
 * An OIDC identity provider (an IAM `oidc-provider/` ARN or an issuer host), not a SAML provider: a
 * Federated principal is one of the two (IAM User Guide, "AWS JSON policy elements: Principal").
 */
const isOidc = (v: string): boolean => !/:saml-provider\//.test(v);

/**
 * True when a condition pins an OIDC token's subject (`<issuer>:sub`, or Cognito's `:aud` identity pool)
 * to named values: a subject that starts with a wildcard (`*`, `repo:*`), or a GitHub subject with one in its owner
 * (`repo:*:ref:refs/heads/main`), lets every owner's subjects in; `system:serviceaccount:app:*` pins a namespace (GitHub docs, "Configuring OpenID Connect
 * in Amazon Web Services": IAM recommends evaluating token.actions.githubusercontent.com:sub in the trust
 * policy of any role that trusts GitHub's OIDC provider, to limit which workflows may assume it).
 */
function pinsSubject(condition: Props | undefined): boolean {
    return Object.entries(condition ?? {}).some(([operator, keys]) =>
        pinningOperator.test(operator) && keys !== null && typeof keys === "object"
        && Object.entries(keys as Props).some(([key, values]) => /:sub$|^cognito-identity\.amazonaws\.com:aud$/i.test(key)
            && list(values).length > 0 && list(values).every(v => typeof v === "string" && !/^[*?]|^[^:/]*:[*?]|^repo:[^/]*[*?]/.test(v))));
}

/** What one Allow statement lets in that it must not; empty when it keeps within the stack's accounts. */
function outsiders(s: Statement, own: Set<string>, fromStack: boolean, trust: boolean): { grants: string[]; unresolved: string[] } {
    const grants: string[] = [];
    const unresolved: string[] = [];
    const pinned = pins(s.condition);
    // Every pinned value must keep the caller within the stack: an account key one of its accounts, an ARN
    // key an ARN in one of them, any other key a value written out. A wildcard, or a value the pack cannot
    // read, may be anyone. An ARN that names no
    // account (an S3 bucket's) names whatever any account creates under that name once its owner deletes it,
    // so it pins only beside an account key (AWS Lambda API Reference, AddPermission, SourceAccount: "ensure
    // the bucket you specify is owned by a specific account (it is possible the bucket owner deleted the
    // bucket and some other AWS account created the bucket)").
    const accountPinned = accountKeys.some((k) => pinned.has(k));
    const foreignPins = [...pinned].flatMap(([key, values]) => values.filter(({ text: v, readable }) => {
        if (!readable) return true;
        if (accountKeys.includes(key)) return !own.has(v);
        const account = arnKeys.includes(key) ? accountOf(v) : undefined;
        return account ? !own.has(account) : /[*?]/.test(v) || (arnKeys.includes(key) && (!v.startsWith("arn:") || !accountPinned));
    }).map((p) => p.text));
    const pinsOwn = pinned.size > 0 && foreignPins.length === 0;
    const everyone = (p: Principals | undefined) => p === "*" || (p !== undefined && Object.values(p).some(v => v.includes("*")));
    if (s.notPrincipal !== undefined) {
        grants.push(`statement ${s.index} allows every principal but the ones NotPrincipal names: the world`);
    } else if (everyone(s.principal) && !pinsOwn) {
        grants.push(`statement ${s.index} allows any principal${pinned.size > 0 ? `, pinned only to ${foreignPins.join(", ")}` : ""} `
            + "without a condition on the caller's account (aws:SourceAccount, aws:PrincipalAccount), organization or VPC");
    }
    if (s.principal && s.principal !== "*") {
        for (const [kind, values] of Object.entries(s.principal)) {
            if (kind === "Federated" && s.condition === undefined) {
                grants.push(`statement ${s.index} trusts ${values.join(", ")} with no condition: anyone that provider issues a token to`);
            } else if (kind === "Federated" && values.some(isOidc) && !pinsSubject(s.condition)) {
                grants.push(`statement ${s.index} trusts ${values.filter(isOidc).join(", ")} without pinning the token's subject `
                    + "(a <provider>:sub condition naming it, e.g. repo:<owner>/<repo>:environment:<name>): any identity that provider "
                    + "issues a token to, such as every GitHub repository");
            }
            if (kind !== "AWS") continue;
            for (const v of values.filter(x => x !== "*")) {
                const account = accountOf(v);
                if (account && !own.has(account)) {
                    grants.push(`statement ${s.index} ${trust ? "lets" : "grants"} account ${account} (${v})${trust ? " assume the role" : ""}`);
                } else if (!account && !/^arn:/.test(v)) {
                    unresolved.push(`statement ${s.index} names principal ${JSON.stringify(v)}, which is neither an account nor an ARN`);
                }
            }
        }
    }
    if (s.unknownIn.includes("Principal") && !fromStack) {
        unresolved.push(`statement ${s.index}'s Principal is not known until deploy and comes from no resource of this stack`);
    }
    return { grants, unresolved };
}

/** Tunables of {@link noForeignPrincipals}. */
export interface ForeignPrincipalsConfig {
    /** Accounts besides the stack's own that may be granted access (partners, a logging account). */
    trustedAccounts: string[];
    /** Resource names whose unreadable values the team accepts. */
    acceptUnresolved: string[];
}

/** Judges a Lambda permission's principal account, and where subscriptions, targets and function destinations send. */
function directGrants(r: PolicyResource, own: Set<string>): { grants: string[]; unresolved: string[] } {
    const p = plain(r.props);
    const grants: string[] = [];
    const unresolved: string[] = [];
    if (r.type === permissionType) {
        for (const [prop, value] of [["principal", p.principal], ["sourceAccount", p.sourceAccount]] as const) {
            // The provider takes a number for these string fields and sends its digits.
            const account = typeof value === "string" || typeof value === "number" ? accountOf(String(value)) : undefined;
            if (account && !own.has(account)) {
                grants.push(`${prop} lets account ${account} invoke the function`);
            } else if (isUnknown(value) && sources(r, prop).length === 0) {
                unresolved.push(`${prop} is not known until deploy and comes from no resource of this stack`);
            }
        }
    }
    if (r.type === subscriptionType && typeof p.protocol === "string" && p.protocol.toLowerCase() === "http") {
        grants.push(`delivers notifications in plain text to ${JSON.stringify(p.endpoint)} (protocol "http")`);
    }
    for (const d of destinations[r.type] ?? []) {
        let value: unknown = p[d.prop];
        for (const key of d.path) {
            value = isUnknown(value) ? value : value !== null && typeof value === "object" ? (value as Props)[key] : undefined;
        }
        const where = [d.prop, ...d.path].join(".");
        const account = typeof value === "string" ? accountOf(value) : undefined;
        if (account && !own.has(account)) {
            grants.push(`sends to ${value as string} (${where}), in account ${account}`);
        } else if (isUnknown(value) && sources(r, d.prop).length === 0) {
            unresolved.push(`${where} is not known until deploy and comes from no resource of this stack`);
        }
    }
    return { grants, unresolved };
}

/**
 * Public and cross-account access (S3.2/S3.3, SQS.3, SNS.4, KMS.5, Lambda.1, IAM trust): no resource
 * or trust policy, Lambda permission or topic subscription lets in anyone outside the stack's accounts.
 */
export const noForeignPrincipals: StackValidationPolicy = {
    name: "no-public-or-foreign-principals",
    description: "Checks whether resource policies (buckets, queues, topics, keys, secrets, repositories, file systems, tables), "
        + "role trust policies and Lambda permissions let in, and subscriptions, event and schedule targets and function "
        + "destinations send to, only the stack's own or trusted accounts: no "
        + "\"*\" principal or NotPrincipal without an account, organization or VPC condition, no other account, no plain-HTTP "
        + "delivery (Security Hub S3.2, SQS.3, SNS.4, KMS.5, Lambda.1).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            trustedAccounts: { type: "array", items: { type: "string", pattern: "^\\d{12}$" }, default: [] },
            ...acceptUnresolvedSchema,
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<Partial<ForeignPrincipalsConfig>>();
        const own = ownAccounts(args.resources, config.trustedAccounts ?? []);
        const accepted = new Set(config.acceptUnresolved ?? []);
        const fix = `keep access within this stack's accounts (name them with the provider's allowedAccountIds), or list a partner in `
            + "no-public-or-foreign-principals' trustedAccounts";
        for (const r of args.resources) {
            const found = { grants: [] as string[], unresolved: [] as string[] };
            for (const prop of policyHolders[r.type] ?? []) {
                // An absent or empty document reads as no statements.
                const doc = readDocument(plain(r.props)[prop]);
                if ("unreadable" in doc) {
                    found.unresolved.push(`its ${prop} cannot be read: ${doc.unreadable}`);
                    continue;
                }
                // Unknown principals of a document built from this stack's resources are those resources' ARNs.
                const fromStack = sources(r, prop).length > 0;
                for (const s of doc.statements.filter(x => x.effect !== "Deny")) {
                    if (s.effect === "unknown") {
                        found.unresolved.push(`statement ${s.index} of ${prop} has an Effect that is neither "Allow" nor "Deny"`);
                        continue;
                    }
                    const o = outsiders(s, own, fromStack, prop === "assumeRolePolicy");
                    found.grants.push(...o.grants.map(g => `${prop}: ${g}`));
                    found.unresolved.push(...o.unresolved.map(u => `${prop}: ${u}`));
                }
            }
            const direct = directGrants(r, own);
            found.grants.push(...direct.grants);
            found.unresolved.push(...direct.unresolved);
            if (found.grants.length > 0) {
                report(`${r.name}: access must stay within this stack's accounts, but ${found.grants.join("; ")}; ${fix}.`, r.urn);
            }
            if (found.unresolved.length > 0 && !accepted.has(r.name)) {
                report(cannotBeJudged("no-public-or-foreign-principals", r.name, found.unresolved.join("; ")), r.urn);
            }
        }
    },
};
