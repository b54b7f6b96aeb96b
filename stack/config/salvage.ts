/**
 * What is left of a stack config its schema refused, so the checks that need a parsed config still
 * run and one mistake does not hide another (a typo, an unknown region and an overlapping CIDR are
 * reported together). Pure and schema-agnostic: config/index.ts hands in its schema.
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

/** What {@link salvage} needs from the config module. */
export interface Salvage<T> {
    /** Parses again (the config's schema). */
    reparse(data: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } };
    /** `regions[0].vpcCidr` for a path. */
    pathOf(path: Path): string;
    /**
     * A stand-in for a refused value that cannot be taken out (a required field of a list entry, whose
     * entry must stay because the count matters), or undefined. The checks must not judge it: every
     * problem on its path is dropped.
     */
    standIn?(path: Path): unknown;
}

/** What is left: the parsed config, and the paths whose values were taken out or stood in for. */
export interface Salvaged<T> {
    /** The config as parsed after the refused values went. */
    data: T;
    /** Paths (`regions[0].vpcCidr`) of the values taken out or stood in for. */
    removed: string[];
}

function parentOf(root: unknown, path: Path): Record<PropertyKey, unknown> | undefined {
    let parent: unknown = root;
    for (const key of path.slice(0, -1)) {
        parent = (parent as Record<PropertyKey, unknown> | undefined)?.[key];
    }
    return parent !== null && typeof parent === "object" ? parent as Record<PropertyKey, unknown> : undefined;
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
    const parent = parentOf(root, target);
    if (!parent) {
        return false;
    }
    delete parent[last];
    return true;
}

/**
 * Unknown keys and refused values are taken out (defaults fill in; a required field of a list entry
 * gets its stand-in; a required value taken out takes its object with it) and the rest is parsed
 * again, up to three rounds. Undefined when too much is missing to parse at all.
 */
export function salvage<T>(raw: Record<string, unknown>, issues: readonly Issue[], s: Salvage<T>): Salvaged<T> | undefined {
    const data = structuredClone(raw);
    const removed: string[] = [];
    let pending = issues;
    for (let round = 0; round < 3 && pending.length > 0; round++) {
        for (const issue of pending) {
            if (issue.code === "unrecognized_keys") {
                // An unknown key changes nothing the checks read.
                (issue.keys ?? []).forEach((k) => removeAt(data, [...issue.path, k]));
                continue;
            }
            const standIn = s.standIn?.(issue.path);
            if (standIn !== undefined && !removed.includes(s.pathOf(issue.path))) {
                const parent = parentOf(data, issue.path);
                if (parent) {
                    parent[issue.path[issue.path.length - 1]] = standIn;
                    removed.push(s.pathOf(issue.path));
                    continue;
                }
            }
            let path: Path = issue.path;
            while (path.length > 1 && removed.includes(s.pathOf(path))) {
                path = path.slice(0, -1);
            }
            if (!removeAt(data, path)) {
                return undefined;
            }
            removed.push(s.pathOf(path));
        }
        const again = s.reparse(data);
        if (again.success) {
            return { data: again.data, removed };
        }
        pending = again.error.issues;
    }
    return undefined;
}

/**
 * Whether a problem (`<namespace>:<path>: <message>`) involves a value that was taken out: its path,
 * the group it belongs to, or a mention in its message (every mode-dependent message names its mode).
 * Such a problem would rest on a default or stand-in the user did not choose.
 */
export function involvesRemoved(problem: string, removed: readonly string[], namespace: string): boolean {
    const where = problem.slice(`${namespace}:`.length, problem.indexOf(": "));
    return removed.some((r) => {
        const group = /\]$/.test(r.replace(/\.[^.\]]+$/, "")) ? r : r.replace(/\.[^.]+$/, "");
        return where === r || where.startsWith(`${r}.`) || where === group || where.startsWith(`${group}.`) || problem.includes(r);
    });
}
