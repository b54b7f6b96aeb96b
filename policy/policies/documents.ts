/**
 * Policy documents read as IAM reads them: a JSON string or an object; `Statement` one or many;
 * `Action`/`NotAction`, `Resource`/`NotResource`, `Principal`/`NotPrincipal` each a string or a list;
 * action names case-insensitive with `*` and `?` wildcards (IAM User Guide, "IAM JSON policy elements").
 * What cannot be read (a document not known until deploy, invalid JSON, an element computed from
 * outputs) is said so, never skipped.
 */
import { isUnknown, list, type Props } from "./util";

/** One statement, normalised. `undefined` lists mean the element is absent. */
export interface Statement {
    index: number;
    effect: "Allow" | "Deny" | "unknown";
    actions?: string[];
    notActions?: string[];
    resources?: string[];
    notResources?: string[];
    /** `*`, or principal values by kind (`AWS`, `Service`, `Federated`, `CanonicalUser`). */
    principal?: Principals;
    notPrincipal?: Principals;
    condition?: Props;
    /** Elements of this statement whose value is not known (an ARN of the stack is the common case). */
    unknownIn: string[];
}

/** A principal element: `"*"`, or values by kind. */
export type Principals = "*" | Record<string, string[]>;

/** A document, or why it cannot be read. */
export type ReadDocument = { statements: Statement[] } | { unreadable: string };

/** Strings of an element; unknown members are counted in `unknownIn`. */
function strings(v: unknown, element: string, unknownIn: string[]): string[] | undefined {
    if (v === undefined || v === null) {
        return undefined;
    }
    const out: string[] = [];
    for (const x of list(v)) {
        if (typeof x === "string" && !isUnknown(x)) {
            out.push(x);
        } else {
            unknownIn.push(element);
        }
    }
    return out;
}

function principals(v: unknown, element: string, unknownIn: string[]): Principals | undefined {
    if (v === undefined || v === null) {
        return undefined;
    }
    if (v === "*") {
        return "*";
    }
    if (typeof v !== "object" || Array.isArray(v)) {
        unknownIn.push(element);
        return {};
    }
    const out: Record<string, string[]> = {};
    for (const [kind, values] of Object.entries(v as Props)) {
        out[kind] = strings(values, element, unknownIn) ?? [];
    }
    return out;
}

/** Reads a policy document as a resource holds it (string or object). */
export function readDocument(raw: unknown): ReadDocument {
    if (raw === undefined || raw === null || raw === "") {
        return { statements: [] };
    }
    if (isUnknown(raw)) {
        return { unreadable: "the document is not known until deploy (a string computed from outputs); pass it as an object, whose ARNs may stay unknown" };
    }
    let doc: unknown = raw;
    if (typeof raw === "string") {
        try {
            doc = JSON.parse(raw);
        } catch {
            return { unreadable: "the document is not valid JSON" };
        }
    }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        return { unreadable: "the document is not a JSON object" };
    }
    const raws = (doc as Props).Statement;
    if (isUnknown(raws)) {
        return { unreadable: "its Statement is not known until deploy" };
    }
    const statements: Statement[] = [];
    list(raws).forEach((s, index) => {
        const unknownIn: string[] = [];
        if (s === null || typeof s !== "object") {
            statements.push({ index, effect: "unknown", unknownIn: ["Statement"] });
            return;
        }
        const st = s as Props;
        const effect = st.Effect === "Allow" || st.Effect === "Deny" ? st.Effect : "unknown";
        statements.push({
            index, effect,
            actions: strings(st.Action, "Action", unknownIn),
            notActions: strings(st.NotAction, "NotAction", unknownIn),
            resources: strings(st.Resource, "Resource", unknownIn),
            notResources: strings(st.NotResource, "NotResource", unknownIn),
            principal: principals(st.Principal, "Principal", unknownIn),
            notPrincipal: principals(st.NotPrincipal, "NotPrincipal", unknownIn),
            condition: st.Condition !== null && typeof st.Condition === "object" ? st.Condition as Props : undefined,
            unknownIn,
        });
    });
    return { statements };
}

/** IAM's wildcard match of an action name against a pattern (`s3:Get*`, `*`), case-insensitive. */
export function actionMatches(pattern: string, action: string): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return re.test(action);
}

/**
 * Services whose ARNs start with the resource's own name, not a resource type (`arn:aws:s3:::<bucket>/*`
 * is one bucket's objects, `arn:aws:sns:<region>:<account>:<topic>:*` one topic's subscriptions).
 */
const namedFirst = ["s3", "sns", "sqs"];

/**
 * True when a resource pattern covers every resource of its service: `*`, an ARN whose resource part
 * is `*` or a resource type followed by `*` (`arn:aws:iam::*:role/*`), or any account (`::*:`).
 */
export function coversEveryResource(resource: string): boolean {
    const parts = resource.split(":");
    if (parts[0] !== "arn" || parts.length < 6) {
        return /^\*/.test(resource);
    }
    const account = parts[4] ?? "";
    const rest = parts.slice(5).join(":");
    const everyOfType = !namedFirst.includes(parts[2] ?? "") && /^[a-z][a-z0-9-]*[/:]\*$/.test(rest);
    return account.includes("*") || rest.startsWith("*") || everyOfType;
}

/**
 * Condition keys that name the resources a statement reaches (IAM user guide, "Controlling access to
 * AWS resources using tags"; AWS KMS developer guide, "kms:ResourceAliases"); a missing key fails a
 * positive string operator, so such a statement reaches only the matching resources.
 */
const resourceKeys = /^([a-z0-9-]+:ResourceTag\/.+|kms:ResourceAliases|dynamodb:LeadingKeys)$/i;

/** True when a statement's condition narrows its resources to named ones (exact tag, alias or key values). */
export function narrowedByCondition(s: Statement): boolean {
    return Object.entries(s.condition ?? {}).some(([operator, keys]) =>
        /^(ForAnyValue:)?StringEquals(IgnoreCase)?$/i.test(operator) && keys !== null && typeof keys === "object"
        && Object.entries(keys as Props).some(([key, values]) => resourceKeys.test(key)
            && list(values).length > 0 && list(values).every(v => typeof v === "string" && !isUnknown(v) && !/[*?]/.test(v))));
}

/** True when a statement applies to every resource: `Resource` covering everything, or `NotResource`. */
export function onEveryResource(s: Statement): boolean {
    return s.notResources !== undefined || (s.resources ?? []).some(coversEveryResource);
}

/** True when a statement allows every action: `Action` "*", or `NotAction` (everything but a few). */
export function everyAction(s: Statement): boolean {
    return s.notActions !== undefined || (s.actions ?? []).some((a) => a === "*" || a === "*:*");
}
