/**
 * What `pulumi up` of a later evaluation of the program would do to the resources of an earlier one:
 * which registration takes over which existing resource, paired the way the engine's step generator
 * pairs them (the URN first, then the resource's aliases, then aliases inherited from a parent that
 * was itself found through an alias: `generateAliases` and `inheritedChildAlias` in pulumi/pulumi's
 * pkg/resource/deploy/step_generator.go), and which existing resources would be deleted, moved to
 * another provider or changed. Used to prove that a config change leaves existing resources alone.
 */
import { isDeepStrictEqual } from "node:util";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { providerUrnOf, STACK_TYPE, type RecordedResource } from "../../tools/engine/recorded";
import { makeUrn } from "../../tools/engine/recording-monitor";

/** The parts of a URN: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`. */
function parseUrn(urn: string): { stack: string; project: string; qualifiedType: string; type: string; name: string } {
    const [head, project, qualifiedType, ...rest] = urn.split("::");
    return {
        stack: head.replace(/^urn:pulumi:/, ""),
        project,
        qualifiedType,
        type: qualifiedType.split("$").pop() ?? qualifiedType,
        name: rest.join("::"),
    };
}

/**
 * For each registration of `news`, the URN of the resource of `olds` it takes over, if any. Mirrors
 * the engine: a child of a parent that matched through an alias also answers to the parent alias's
 * URN, with the parent's name prefix replaced by the alias's name.
 */
export function pairWithOld(olds: RecordedResource[], news: RecordedResource[]): Map<string, string> {
    const oldUrns = new Set(olds.map((r) => r.urn));
    const viaAlias = new Map<string, string>();
    const pairs = new Map<string, string>();
    for (const r of news) {
        const candidates = [r.urn, ...r.options.aliases];
        const parentAlias = r.parent ? viaAlias.get(r.parent) : undefined;
        if (r.parent && parentAlias) {
            const parentName = parseUrn(r.parent).name;
            const alias = parseUrn(parentAlias);
            for (const own of [{ type: r.type, name: r.name }, ...r.options.aliases.map(parseUrn)]) {
                const name = own.name.startsWith(parentName) ? alias.name + own.name.slice(parentName.length) : own.name;
                candidates.push(makeUrn(alias.stack, alias.project, parentAlias, own.type, name));
            }
        }
        const hit = candidates.find((u) => oldUrns.has(u));
        if (hit) {
            pairs.set(r.urn, hit);
            if (hit !== r.urn) {
                viaAlias.set(r.urn, hit);
            }
        }
    }
    return pairs;
}

/** Inputs as the diff sees them: secret values masked (a generated secret differs per evaluation, a stored one does not). */
function comparable(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(comparable);
    }
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[specialSigKey] === specialSecretSig) {
            return "[secret]";
        }
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, comparable(v)]));
    }
    return value;
}

/** Top-level inputs a type may change in place, keyed by type token, for {@link diffAgainst}. */
export type InPlaceInputs = Record<string, readonly string[]>;

/** The verdict on each existing resource. */
export interface StateDiff {
    /** Problems: an existing resource deleted, renamed, moved to another provider, or changed in an input not allowed to change. */
    problems: string[];
    /** Allowed in-place changes, `<name>.<input>`. */
    updates: string[];
    /** Resources taken over through an alias: `<old urn> -> <new urn>`. */
    moves: string[];
    /** Registrations that take over nothing: what `pulumi up` would create. */
    creates: RecordedResource[];
}

/**
 * Compares every resource of `olds` (except the stack itself) with the registration of `news` that
 * takes it over: the same type and name, the same provider, the same protect and ignoreChanges, and
 * the same inputs, except `inPlace` ones. Inputs listed in ignoreChanges are skipped, as the engine
 * keeps their old values.
 */
export function diffAgainst(olds: RecordedResource[], news: RecordedResource[], inPlace: InPlaceInputs): StateDiff {
    const pairs = pairWithOld(olds, news);
    const byOld = new Map([...pairs].map(([n, o]) => [o, news.find((r) => r.urn === n)!]));
    const problems: string[] = [];
    const updates: string[] = [];
    const moves: string[] = [];
    for (const old of olds.filter((r) => r.type !== STACK_TYPE)) {
        const now = byOld.get(old.urn);
        if (!now) {
            const namesake = news.find((r) => r.type === old.type && r.name === old.name);
            problems.push(namesake
                ? `${old.type} "${old.name}": its URN changed to ${namesake.urn} without an alias, so it would be replaced`
                : `${old.type} "${old.name}": no longer declared, so it would be deleted`);
            continue;
        }
        const what = `${old.type} "${old.name}"`;
        if (now.urn !== old.urn) {
            moves.push(`${old.urn} -> ${now.urn}`);
        }
        // A component may change type through an alias (it is only a grouping); a resource may not.
        if ((now.type !== old.type && old.custom) || now.name !== old.name) {
            problems.push(`${what}: now ${now.type} "${now.name}"`);
        }
        const oldProvider = old.provider && providerUrnOf(old.provider);
        const newProvider = now.provider && providerUrnOf(now.provider);
        if (oldProvider !== newProvider && (newProvider === undefined || pairs.get(newProvider) !== oldProvider)) {
            problems.push(`${what}: its provider changed from ${oldProvider} to ${newProvider}`);
        }
        if (now.options.protect !== old.options.protect || !isDeepStrictEqual([...now.options.ignoreChanges].sort(), [...old.options.ignoreChanges].sort())) {
            problems.push(`${what}: its options changed (protect, ignoreChanges)`);
        }
        const ignored = new Set(now.options.ignoreChanges);
        for (const key of new Set([...Object.keys(old.inputs), ...Object.keys(now.inputs)])) {
            if (ignored.has(key) || isDeepStrictEqual(comparable(old.inputs[key]), comparable(now.inputs[key]))) {
                continue;
            }
            if (inPlace[old.type]?.includes(key)) {
                updates.push(`${old.name}.${key}`);
            } else {
                problems.push(`${what}: ${key} changes from ${JSON.stringify(old.inputs[key])} to ${JSON.stringify(now.inputs[key])}`);
            }
        }
    }
    return { problems, updates: updates.sort(), moves, creates: news.filter((r) => !pairs.has(r.urn) && r.type !== STACK_TYPE) };
}
