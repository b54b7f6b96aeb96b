/**
 * Identity rules over every way to give an IAM identity a policy: a managed policy (`iam.Policy`), an
 * inline one (`RolePolicy`, `UserPolicy`, `GroupPolicy`, a role's `inlinePolicies`), and every
 * attachment (`*PolicyAttachment`, `PolicyAttachment`, `*PolicyAttachmentsExclusive`, a role's
 * `managedPolicyArns`), AWS managed policies judged from the sourced table in managedPolicies.ts.
 * A document or policy ARN the pack cannot read is refused, never skipped.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { actionMatches, everyAction, narrowedByCondition, onEveryResource, readDocument, type Statement } from "./documents";
import { isAwsManaged, managedGrant } from "./managedPolicies";
import {
    acceptUnresolvedSchema, blocks, cannotBeJudged, isUnknown, list, ofTypes, plain, sources, type UnresolvedConfig,
} from "./util";

const policyType = "aws:iam/policy:Policy";
const roleType = "aws:iam/role:Role";

/** Resources that hold an identity policy document, and the property that holds it. */
const documentProps: Record<string, string> = {
    [policyType]: "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
};

/** Resources that attach managed policies, and the property that names them. */
const attachmentProps: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
    [roleType]: "managedPolicyArns",
};

/** Every type the identity rules read. */
export const identityPolicyTypes = [...new Set([...Object.keys(documentProps), ...Object.keys(attachmentProps)])];

/** One identity policy document a resource carries, with where it is written. */
interface Document {
    where: string;
    raw: unknown;
    /** Whether the document's value depends on resources of this stack (its unknown ARNs are theirs). */
    fromStack: boolean;
}

function documentsOf(r: PolicyResource): Document[] {
    const p = plain(r.props);
    if (r.type === roleType) {
        const inline = p.inlinePolicies;
        const fromStack = sources(r, "inlinePolicies").length > 0;
        if (isUnknown(inline)) {
            return [{ where: "inlinePolicies", raw: inline, fromStack }];
        }
        return blocks(inline).map((b, i) => ({ where: `inlinePolicies[${i}].policy`, raw: b.policy, fromStack }));
    }
    const prop = documentProps[r.type];
    return prop ? [{ where: prop, raw: p[prop], fromStack: sources(r, prop).length > 0 }] : [];
}

/** A managed policy a resource attaches: its ARN as written, or unknown with the declared policy it came from. */
interface Attached {
    where: string;
    arn: unknown;
    declared: boolean;
}

function attachedOf(r: PolicyResource): Attached[] {
    const prop = attachmentProps[r.type];
    if (!prop) {
        return [];
    }
    const declared = sources(r, prop).some(s => s.type === policyType);
    const value = plain(r.props)[prop];
    return (isUnknown(value) ? [value] : list(value)).map(arn => ({ where: prop, arn, declared }));
}

/**
 * Why a statement cannot be judged, if it cannot: an unknown effect or action, or an unknown resource
 * that came from no resource of this stack (an unknown ARN of the stack's own resources is one ARN).
 */
function unreadableStatement(s: Statement, fromStack: boolean): string | undefined {
    if (s.effect === "unknown") {
        return `statement ${s.index} has an Effect that is neither "Allow" nor "Deny" (IAM compares it case-sensitively)`;
    }
    // An unknown ARN next to a known "*" changes nothing: the statement covers every resource either way.
    // (An unknown NotResource is never asked about: a statement with NotResource is on every resource.)
    const unknown = s.unknownIn.filter(e => e === "Action" || e === "NotAction"
        || (!fromStack && !onEveryResource(s) && e === "Resource"));
    return unknown.length > 0 ? `statement ${s.index}'s ${unknown[0]} is not known until deploy${fromStack ? "" : " and comes from no resource of this stack"}` : undefined;
}

/** Tunables of {@link iamNoFullAdmin}. */
export interface FullAdminConfig extends UnresolvedConfig {
    /** Policy ARNs the stack does not declare that the team has reviewed (customer managed, from a lookup). */
    allowedPolicyArns: string[];
}

/**
 * IAM.1: administrator is `*` on `*` however it is spelled: Action "*" (or NotAction, everything but a
 * few) on Resource "*" (or NotResource, or an ARN that covers every resource), in any document an
 * identity carries, or an AWS managed administrator policy attached in any way.
 */
export const iamNoFullAdmin: StackValidationPolicy = {
    name: "iam-no-full-admin",
    description: "Checks whether no identity gets administrator access: no Allow of every action (\"*\" or NotAction) on every "
        + "resource (\"*\", NotResource or an ARN covering all) in any inline or managed policy, no AWS managed administrator "
        + "policy attached by any attachment type, and no policy the pack cannot read (Security Hub IAM.1).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedPolicyArns: { type: "array", items: { type: "string", minLength: 1 }, default: [] },
            ...acceptUnresolvedSchema,
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<Partial<FullAdminConfig>>();
        const allowedArns = new Set<unknown>(config.allowedPolicyArns ?? []);
        const accepted = new Set(config.acceptUnresolved ?? []);
        const unresolved = (r: PolicyResource, missing: string, allow?: string) => {
            if (!accepted.has(r.name)) {
                report(cannotBeJudged("iam-no-full-admin", r.name, missing, allow), r.urn);
            }
        };
        for (const r of ofTypes(args, identityPolicyTypes)) {
            for (const d of documentsOf(r)) {
                const doc = readDocument(d.raw);
                if ("unreadable" in doc) {
                    unresolved(r, `its policy document (${d.where}) cannot be read: ${doc.unreadable}`);
                    continue;
                }
                for (const s of doc.statements.filter(x => x.effect !== "Deny")) {
                    const why = unreadableStatement(s, d.fromStack);
                    if (why) {
                        unresolved(r, `in ${d.where}, ${why}`);
                    } else if (everyAction(s) && onEveryResource(s)) {
                        report(`${r.name}: ${d.where} statement ${s.index} allows ${s.notActions ? `every action but ${s.notActions.join(", ")}` : "every action"} `
                            + `on ${s.notResources ? `every resource but ${s.notResources.join(", ")}` : "every resource"}: administrator access. `
                            + "List the actions the identity needs and the ARNs it needs them on.", r.urn);
                    }
                }
            }
            for (const a of attachedOf(r)) {
                if (a.declared || allowedArns.has(a.arn)) {
                    continue; // a policy of this stack is judged as a document above
                }
                if (typeof a.arn !== "string" || isUnknown(a.arn)) {
                    unresolved(r, `${a.where} names a policy that is not known until deploy and comes from no policy of this stack (a lookup or another stack)`);
                } else if (!isAwsManaged(a.arn)) {
                    unresolved(r, `${a.where} names ${a.arn}, a customer managed policy this stack does not declare, so its document cannot be read`,
                        `iam-no-full-admin's allowedPolicyArns: ["${a.arn}"] once reviewed`);
                } else if (managedGrant(a.arn) === "administrator") {
                    report(`${r.name}: ${a.where} attaches ${a.arn}, an AWS managed policy that grants administrator access; attach a policy `
                        + "that lists the actions and ARNs the identity needs.", r.urn);
                }
            }
        }
    },
};

/** Read-only verbs; wildcards after them (ec2:Describe*) stay read-only unless they reach data (below). */
const readVerbs = /^(Describe|Get|List|BatchGet|Head|Lookup|Search|Query|Scan|Select|View)/i;

/**
 * Reads that return an account's data, not its configuration: secret values, parameters, objects,
 * items, decrypted keys, messages and logs. On "*" they read every secret (or table, bucket) of the account.
 */
const dataReads = [
    "secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue", "ssm:GetParameter", "ssm:GetParameters",
    "ssm:GetParametersByPath", "ssm:GetParameterHistory", "s3:GetObject", "s3:GetObjectVersion", "dynamodb:GetItem",
    "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PartiQLSelect", "kms:Decrypt", "sqs:ReceiveMessage",
    "kinesis:GetRecords", "logs:GetLogEvents", "logs:FilterLogEvents", "lambda:GetFunction", "rds-data:ExecuteStatement",
    "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
];

/** Actions AWS only grants on "*" (no resource-level permissions); the default of `allowedActions`. */
export const actionsOnlyOnAnyResource = [
    "cloudwatch:PutMetricData", "xray:PutTraceSegments", "xray:PutTelemetryRecords",
    "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses", "logs:CreateLogDelivery", "logs:PutResourcePolicy",
];

/** Tunables of {@link iamNoWriteOnAnyResource}. */
export interface WriteOnAnyResourceConfig {
    /** Actions allowed on "*" because AWS supports no narrower resource for them. */
    allowedActions: string[];
    /** Names of identity resources (a deploy role's policy) whose grants on every resource the team has reviewed and accepts. */
    allowedPolicies: string[];
}

/** The actions of a statement that write, or read data, wherever they apply. */
function writesOrDataReads(s: Statement, allowed: string[]): string[] {
    return (s.actions ?? []).filter((a) => {
        if (allowed.some(x => x.toLowerCase() === a.toLowerCase())) {
            return false;
        }
        const verb = a.split(":")[1] ?? a;
        return !readVerbs.test(verb) || dataReads.some(d => actionMatches(a, d));
    });
}

/**
 * Least privilege: a write action on every resource (Resource "*", NotResource, or an ARN covering a
 * whole service or account, `arn:aws:iam::*:*`) reaches every resource of that service; so does a
 * read of data (secret values, objects, items). AWS managed `*FullAccess`-style policies are the same grant.
 */
export const iamNoWriteOnAnyResource: StackValidationPolicy = {
    name: "iam-no-write-on-any-resource",
    description: "Checks whether identity policies keep write actions, and reads of data (secret values, parameters, objects, "
        + "items), off every resource (\"*\", NotResource or an ARN covering a whole service), in inline and managed policies and "
        + "attached AWS managed policies; only metadata reads and the configured actions AWS grants on \"*\" alone are allowed.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedActions: { type: "array", items: { type: "string" }, default: actionsOnlyOnAnyResource },
            allowedPolicies: { type: "array", items: { type: "string", minLength: 1 }, default: [] },
        },
    },
    validateStack: (args, report) => {
        const config = args.getConfig<Partial<WriteOnAnyResourceConfig>>();
        const allowed = config.allowedActions ?? actionsOnlyOnAnyResource;
        const accepted = new Set(config.allowedPolicies ?? []);
        for (const r of ofTypes(args, identityPolicyTypes).filter(x => !accepted.has(x.name))) {
            const found: string[] = [];
            for (const d of documentsOf(r)) {
                const doc = readDocument(d.raw);
                // An unreadable document is iam-no-full-admin's finding; every action on every resource is too.
                const statements = "statements" in doc ? doc.statements : [];
                for (const s of statements.filter(x => x.effect === "Allow" && onEveryResource(x) && !narrowedByCondition(x) && !everyAction(x) && !unreadableStatement(x, d.fromStack))) {
                    found.push(...writesOrDataReads(s, allowed).map(a => `${a} (${d.where})`));
                }
            }
            for (const a of attachedOf(r)) {
                if (!a.declared && typeof a.arn === "string" && managedGrant(a.arn) === "write on every resource") {
                    found.push(`${a.arn.split("/").pop()} (an AWS managed policy attached by ${a.where})`);
                }
            }
            if (found.length > 0) {
                report(`${r.name}: writes and reads of data must be scoped to resource ARNs, but ${found.join(", ")} `
                    + "apply to every resource; list the ARNs, or add an action to this policy's allowedActions if AWS grants it only on \"*\" "
                    + `(or, for a reviewed deploy role, its name to allowedPolicies: ["${r.name}"]).`, r.urn);
            }
        }
    },
};

/** The IAM rules, in report order. */
export const iamPolicies = [iamNoFullAdmin, iamNoWriteOnAnyResource];
