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
 * True when a resource pattern covers every resource of its service: `*`, an ARN whose resource part
 * is `*` or a resource type followed by `*` (`arn:aws:iam::*:role/*`), or any account (`::*:`).
 */
export function coversEveryResource(resource: string): boolean {
    if (resource === "*") {
        return true;
    }
    const parts = resource.split(":");
    if (parts[0] !== "arn" || parts.length < 6) {
        return /^\*/.test(resource);
    }
    const account = parts[4] ?? "";
    const rest = parts.slice(5).join(":");
    return account.includes("*") || rest === "*" || /^[A-Za-z0-9_-]*[/:]\*$/.test(rest) || rest.startsWith("*");
}

/** True when a statement applies to every resource: `Resource` covering everything, or `NotResource`. */
export function onEveryResource(s: Statement): boolean {
    return s.notResources !== undefined || (s.resources ?? []).some(coversEveryResource);
}

/** True when a statement allows every action: `Action` "*", or `NotAction` (everything but a few). */
export function everyAction(s: Statement): boolean {
    return s.notActions !== undefined || (s.actions ?? []).some((a) => a === "*" || a === "*:*");
}
