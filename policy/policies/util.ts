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

/** AWS provider flags arrive as booleans or, in launch templates, as the strings "true"/"false". */
export function isTrue(v: unknown): boolean {
    return v === true || v === "true";
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
    return (args, report) => {
        if (wanted.has(args.type)) {
            check(plain(args.props), args, report);
        }
    };
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
