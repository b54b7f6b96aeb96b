import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type {
    PolicyProviderResource, PolicyResource, ReportViolation, ResourceValidationArgs, StackValidationArgs,
} from "@pulumi/policy";

/** The engine's wire sentinel for a value that is not known until the resource is created. */
export const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value will only be known after an apply (during a first preview, ids and ARNs). */
export function isUnknown(v: unknown): boolean {
    return v === unknown;
}

/** Plain JSON the rules read; an index signature keeps property access honest about `unknown`. */
export type Props = Record<string, unknown>;

/**
 * The policy server wraps props in a proxy that throws on any unknown value, which turns a whole rule
 * into a "can't run during preview" advisory. The rules here treat unknowns explicitly instead (an
 * unknown id came from another resource, so it cannot be a literal name), so they read the plain data.
 */
export function plain(props: unknown): Props {
    const target = (props as Record<string, unknown> | undefined)?.["__getSpecialProxyTarget"];
    return (target ?? props ?? {}) as Props;
}

/** Reads a nested field of plain props without throwing on missing links. */
export function get(obj: unknown, ...path: (string | number)[]): unknown {
    let cur: unknown = obj;
    for (const key of path) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<string | number, unknown>)[key];
    }
    return cur;
}

/** Arrays as arrays, a single value as a one-element array, nothing as empty. */
export function list(v: unknown): unknown[] {
    if (v === undefined || v === null) {
        return [];
    }
    return Array.isArray(v) ? v : [v];
}

/** Objects of an array field (inline blocks such as ingress rules); unknown elements are dropped. */
export function blocks(v: unknown): Props[] {
    return list(v).filter((b): b is Props => b !== null && typeof b === "object");
}

/**
 * AWS provider flags arrive as booleans or, in launch templates, as strings the provider reads with
 * Go's `strconv.ParseBool` ("1", "t", "T", "TRUE", "true", "True" are true).
 */
export function isTrue(v: unknown): boolean {
    return v === true || ["1", "t", "T", "TRUE", "true", "True"].includes(v as string);
}

/** The false spellings of {@link isTrue}'s parser. */
export function isFalse(v: unknown): boolean {
    return v === false || ["0", "f", "F", "FALSE", "false", "False"].includes(v as string);
}

/**
 * A resource rule limited to some type tokens. Matching by token (not by importing @pulumi/aws
 * classes) covers alias modules such as `aws:alb/...` and keeps the pack free of the provider SDK.
 */
export function forTypes(
    types: readonly string[],
    check: (props: Props, args: ResourceValidationArgs, report: ReportViolation) => void,
): (args: ResourceValidationArgs, report: ReportViolation) => void {
    const wanted = new Set(types);
    const fn = (args: ResourceValidationArgs, report: ReportViolation) => {
        if (wanted.has(args.type)) {
            check(plain(args.props), args, report);
        }
    };
    // The policy server skips a validation tagged with its one type for every other type without
    // deserializing the resource first (what @pulumi/policy's validateResourceOfType tags).
    if (types.length === 1) {
        Object.assign(fn, { __pulumiType: types[0] });
    }
    return fn;
}

/** Resources of the given type tokens, for stack rules. */
export function ofTypes(args: StackValidationArgs, types: readonly string[]): PolicyResource[] {
    const wanted = new Set(types);
    return args.resources.filter(r => wanted.has(r.type));
}

/** URNs a property's value came from (the engine's property dependencies). */
export function sources(r: PolicyResource, prop: string): PolicyResource[] {
    return r.propertyDependencies[prop] ?? [];
}

/** Type tokens of the load balancer family in both current module spellings (`aws:lb` and `aws:alb`). */
export function lbTypes(
    resource: "loadBalancer:LoadBalancer" | "listener:Listener" | "listenerRule:ListenerRule" | "targetGroup:TargetGroup",
): string[] {
    return [`aws:lb/${resource}`, `aws:alb/${resource}`];
}

/**
 * The region a resource is created in: its own `region` (@pulumi/aws 7 lets a resource name it, and it
 * wins over its provider's) or its provider's. Takes a stack rule's resource or a resource rule's args.
 */
export function regionOf(r: { props: unknown; provider?: PolicyProviderResource }): unknown {
    return plain(r.props).region ?? (r.provider ? plain(r.provider.props).region : undefined);
}

/** `acceptUnresolved`: resource names whose values this rule may leave unjudged (the team vouches for them). */
export const acceptUnresolvedSchema: Record<string, PolicyConfigJSONSchema> = {
    acceptUnresolved: { type: "array", items: { type: "string", minLength: 1 }, default: [] },
};

/** Tunables shared by every rule that refuses what it cannot read. */
export interface UnresolvedConfig {
    /** Logical names of resources whose unreadable values the team accepts for this rule. */
    acceptUnresolved: string[];
}

/**
 * The verdict for a value a rule needs and cannot read (unknown at preview, from a lookup or another
 * stack, a resource the stack does not declare, a string that is not what the field holds): refused,
 * naming what is missing and both ways out. `allow` overrides the generic escape hatch when the rule
 * has a more precise one (an account list, a policy ARN list).
 */
export function cannotBeJudged(rule: string, name: string, missing: string, allow?: string): string {
    return `${name}: cannot be judged: ${missing}; declare it in this stack, or allow it with `
        + `${allow ?? `${rule}'s acceptUnresolved: ["${name}"]`}.`;
}

/** For a resource rule: reports "cannot be judged" unless the rule's `acceptUnresolved` lists the resource. */
export function unresolvedFor(rule: string, args: Pick<ResourceValidationArgs, "name" | "getConfig">, report: ReportViolation):
    (missing: string) => void {
    const accepted = args.getConfig<Partial<UnresolvedConfig>>().acceptUnresolved ?? [];
    return (missing) => {
        if (!accepted.includes(args.name)) {
            report(cannotBeJudged(rule, args.name, missing));
        }
    };
}

/** The declared resources a property's value came from, limited to some types (stack rules only). */
export function sourcesOfType(r: PolicyResource, prop: string, types: readonly string[]): PolicyResource[] {
    return sources(r, prop).filter(s => types.includes(s.type));
}

/** True when every unknown in a value can be traced to a resource of the stack (its property depends on one). */
export function declaredWhenUnknown(r: PolicyResource, prop: string, value: unknown, types?: readonly string[]): boolean {
    if (!containsUnknown(value)) {
        return true;
    }
    const from = sources(r, prop);
    return types ? from.some(s => types.includes(s.type)) : from.length > 0;
}

/** True when a value is, or holds, the unknown sentinel. */
export function containsUnknown(v: unknown): boolean {
    if (isUnknown(v)) {
        return true;
    }
    // An array is an object too: its values are its elements.
    if (v !== null && typeof v === "object") {
        return Object.values(v).some(containsUnknown);
    }
    return false;
}

/** An enumeration value compared the way AWS compares it: case-insensitively ("https" is HTTPS). */
export function upper(v: unknown): unknown {
    return typeof v === "string" && !isUnknown(v) ? v.toUpperCase() : v;
}
