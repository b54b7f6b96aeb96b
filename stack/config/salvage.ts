/**
 * The cross-field problems of a stack config its schema refused, so one mistake does not hide
 * another (a typo and an overlapping CIDR are reported together). Pure and schema-agnostic:
 * config.ts hands in its schema and rules.
 */

/** A path into the raw config, as zod reports it. */
type Path = ReadonlyArray<PropertyKey>;

/** The parts of a zod issue this needs. */
interface Issue {
    code: string;
    path: PropertyKey[];
    /** The unknown keys of an `unrecognized_keys` issue. */
    keys?: string[];
}

/** What {@link problemsDespite} needs from the config module. */
export interface Salvage<T> {
    /** Parses again (the config's schema). */
    reparse(data: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } };
    /** The rules that need a parsed config: every problem as `<namespace>:<path>: <what>; <fix>`. */
    problems(data: T): string[];
    /** `regions[0].vpcCidr` for a path. */
    pathOf(path: Path): string;
    /** The config namespace every problem starts with. */
    namespace: string;
}

/** Deletes `path` from a plain JSON value; false when it cannot (the root, or an element of `regions`). */
function removeAt(root: unknown, path: Path): boolean {
    let target = path;
    // A bad element of a list of scalars takes the whole list out; a region entry cannot go (the count matters).
    if (typeof target[target.length - 1] === "number") {
        target = target.slice(0, -1);
    }
    const last = target[target.length - 1];
    if (last === undefined || (target.length === 1 && last === "regions")) {
        return false;
    }
    let parent: unknown = root;
    for (const key of target.slice(0, -1)) {
        parent = (parent as Record<PropertyKey, unknown> | undefined)?.[key];
    }
    if (parent === null || typeof parent !== "object") {
        return false;
    }
    delete (parent as Record<PropertyKey, unknown>)[last];
    return true;
}

/**
 * Unknown keys and refused values are taken out (defaults fill in), the rest is parsed again, and the
 * rules run over that. A problem that involves a value taken out (its path, the group it belongs to,
 * or a mention in its message, as every mode-dependent message names its mode) is left out: it would
 * rest on a default the user did not choose. When too much is missing to parse at all, nothing is said.
 */
export function problemsDespite<T>(raw: Record<string, unknown>, issues: readonly Issue[], s: Salvage<T>): string[] {
    const data = structuredClone(raw);
    const removed: string[] = [];
    let pending = issues;
    for (let round = 0; round < 3 && pending.length > 0; round++) {
        for (const issue of pending) {
            if (issue.code === "unrecognized_keys") {
                // An unknown key changes nothing the rules read.
                (issue.keys ?? []).forEach((k) => removeAt(data, [...issue.path, k]));
            } else if (removeAt(data, issue.path)) {
                removed.push(s.pathOf(issue.path));
            } else {
                return [];
            }
        }
        const again = s.reparse(data);
        if (again.success) {
            const involved = (problem: string): boolean => removed.some((r) => {
                const where = problem.slice(`${s.namespace}:`.length, problem.indexOf(": "));
                const group = /\]$/.test(r.replace(/\.[^.\]]+$/, "")) ? r : r.replace(/\.[^.]+$/, "");
                return where === r || where.startsWith(`${r}.`) || where === group || where.startsWith(`${group}.`) || problem.includes(r);
            });
            return s.problems(again.data).filter((problem) => !involved(problem));
        }
        pending = again.error.issues;
    }
    return [];
}
