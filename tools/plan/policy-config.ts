/**
 * `--policy-pack-config <file>`: the JSON file `pulumi preview --policy-pack-config` reads, parsed
 * the way the CLI parses it (pulumi/pulumi, pkg/resource/analyzer/config.go `parsePolicyPackConfig`;
 * format: Pulumi docs, "Configuring policy packs"): an object keyed by policy name, or `all` for
 * every policy; a string value is an enforcement level, an object value holds the policy's
 * properties and optionally `enforcementLevel`. An empty file is no config. Then, as the CLI does
 * before it configures the pack (`ReconcilePolicyPackConfig` in the same file): each policy's schema
 * defaults, the file's values over them, and validation against each policy's `configSchema`.
 */
import * as fs from "node:fs";
import type { EnforcementLevel, Policies, PolicyPackConfig } from "@pulumi/policy";
import { compareKeys } from "../../src/region/keyOrder";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The file cannot be read or is not a policy pack config; `problems` lists every mistake found. */
export class PolicyPackConfigError extends Error {
    constructor(readonly file: string, readonly problems: string[]) {
        super(`${file} is not a valid policy pack config:\n  ${problems.join("\n  ")}`);
        this.name = "PolicyPackConfigError";
    }
}

const isLevel = (v: unknown): v is EnforcementLevel => typeof v === "string" && (LEVELS as readonly string[]).includes(v);

/** Reads and parses a policy pack config file; throws {@link PolicyPackConfigError} listing every problem. */
export function loadPolicyPackConfig(file: string): PolicyPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new PolicyPackConfigError(file, ["cannot read the file; check the path given to --policy-pack-config"]);
    }
    if (text.trim() === "") {
        return {};
    }
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        throw new PolicyPackConfigError(file, [`not valid JSON: ${(err as Error).message}`]);
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new PolicyPackConfigError(file, ['must be a JSON object keyed by policy name (or "all"), e.g. {"all": "mandatory"}']);
    }
    const config: PolicyPackConfig = {};
    const problems: string[] = [];
    const levels = LEVELS.join(", ");
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof value === "string") {
            if (isLevel(value)) {
                config[name] = value;
            } else {
                problems.push(`${name}: "${value}" is not an enforcement level; use one of ${levels}`);
            }
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            const badLevel = enforcementLevel !== undefined && !isLevel(enforcementLevel);
            if (badLevel) {
                // Reported, and the settings beside it are still checked below: one mistake must not hide another.
                problems.push(`${name}: enforcementLevel ${JSON.stringify(enforcementLevel)} is not an enforcement level; use one of ${levels}`);
            }
            // The CLI drops entries that set nothing.
            if ((enforcementLevel !== undefined && !badLevel) || Object.keys(properties).length > 0) {
                config[name] = { ...(enforcementLevel !== undefined && !badLevel ? { enforcementLevel } : {}), ...properties };
            }
        } else {
            problems.push(`${name}: ${JSON.stringify(value)} is not a valid value; use an enforcement level or an object of the policy's settings`);
        }
    }
    if (problems.length > 0) {
        // The settings of the entries that were read are checked too, so every mistake is listed at once.
        throw new PolicyPackConfigError(file, sortByPolicy([...problems, ...checkPolicyPackConfig(config).errors]));
    }
    return config;
}

/** Problems (`<policy>: <what>`) in policy-name order, each policy's own in the order found. */
export function sortByPolicy(problems: readonly string[]): string[] {
    const key = (p: string): string => p.slice(0, Math.max(0, p.indexOf(": ")));
    return [...problems].sort((a, b) => compareKeys(key(a), key(b)));
}

/** The policies of the pack (`policy/policies`), loaded when first needed. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const packPolicies = (): Policies => (require("../../policy/policies") as { policies: Policies }).policies;

/** The JSON-schema keywords a policy's `configSchema` may use; the gate refuses to guess at others. */
type SchemaNode = {
    type?: string; minimum?: number; maximum?: number; items?: SchemaNode; default?: unknown; description?: string;
    enum?: unknown[]; minLength?: number; maxLength?: number; pattern?: string; minItems?: number; maxItems?: number;
};

const KNOWN_KEYWORDS = new Set(["type", "minimum", "maximum", "items", "default", "description", "enum", "minLength", "maxLength", "pattern", "minItems", "maxItems"]);

/** Messages in gojsonschema's words, which the CLI prints. */
function checkValue(value: unknown, schema: SchemaNode, at: string, errors: string[]): void {
    const unknownKeyword = Object.keys(schema).find((k) => !KNOWN_KEYWORDS.has(k));
    if (unknownKeyword) {
        // Fail closed: a keyword the gate does not check could admit what pulumi preview refuses.
        throw new Error(`${at}: the policy's configSchema uses "${unknownKeyword}", which the offline gate does not check; add it to tools/plan/policy-config.ts`);
    }
    const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
    const ok = schema.type === undefined || schema.type === actual
        || (schema.type === "integer" && Number.isInteger(value));
    if (!ok) {
        errors.push(`${at}: Invalid type. Expected: ${schema.type}, given: ${actual}`);
        return;
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        errors.push(`${at}: must be one of the following: ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) {
        errors.push(`${at}: Must be greater than or equal to ${schema.minimum}`);
    }
    if (typeof value === "number" && schema.maximum !== undefined && value > schema.maximum) {
        errors.push(`${at}: Must be less than or equal to ${schema.maximum}`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && [...value].length < schema.minLength) errors.push(`${at}: String length must be greater than or equal to ${schema.minLength}`);
        if (schema.maxLength !== undefined && [...value].length > schema.maxLength) errors.push(`${at}: String length must be less than or equal to ${schema.maxLength}`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) errors.push(`${at}: Does not match pattern '${schema.pattern}'`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: Array must have at least ${schema.minItems} items`);
        if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${at}: Array must have at most ${schema.maxItems} items`);
        if (schema.items) {
            value.forEach((v, i) => checkValue(v, schema.items as SchemaNode, `${at}.${i}`, errors));
        }
    }
}

/** Each policy's level and properties, as the gate configures the policy server. */
export type Reconciled = Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;

/**
 * Does what the CLI does before `Configure`: schema defaults, then the given config (an `all` level
 * first), then validation. Returns the config per policy and every validation error.
 */
function reconcile(policies: Policies, level: EnforcementLevel, config: PolicyPackConfig = {}): { result: Reconciled; errors: string[] } {
    const result: Reconciled = new Map();
    for (const p of policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, s] of Object.entries(p.configSchema?.properties ?? {})) {
            const node = s as SchemaNode;
            if (node.default !== undefined) {
                properties[k] = node.default;
            }
        }
        result.set(p.name, { enforcementLevel: p.enforcementLevel ?? level, properties });
    }
    const all = config.all;
    if (typeof all === "string" || (all && typeof all.enforcementLevel === "string")) {
        const allLevel = (typeof all === "string" ? all : all.enforcementLevel) as EnforcementLevel;
        result.forEach((v) => { v.enforcementLevel = allLevel; });
    }
    for (const [name, given] of Object.entries(config)) {
        if (name === "all") {
            continue; // applied above to every policy; it is not a policy the server knows
        }
        const entry = result.get(name) ?? { enforcementLevel: level, properties: {} };
        if (typeof given === "string") {
            entry.enforcementLevel = given;
        } else {
            const { enforcementLevel, ...props } = given as { enforcementLevel?: EnforcementLevel };
            if (enforcementLevel) {
                entry.enforcementLevel = enforcementLevel;
            }
            Object.assign(entry.properties, props);
        }
        result.set(name, entry);
    }
    const errors: string[] = [];
    for (const [name, entry] of result) {
        if (!isLevel(entry.enforcementLevel)) {
            errors.push(`${name}: "${String(entry.enforcementLevel)}" is not a valid enforcement level`);
        }
        const schema = policies.find((p) => p.name === name)?.configSchema;
        if (!schema) {
            continue;
        }
        for (const required of schema.required ?? []) {
            if (entry.properties[required] === undefined) {
                errors.push(`${name}: ${required} is required`);
            }
        }
        for (const [k, v] of Object.entries(entry.properties)) {
            const node = schema.properties[k] as SchemaNode | undefined;
            if (node) {
                checkValue(v, node, `${name}: ${k}`, errors);
            }
        }
    }
    return { result, errors };
}

/** Refuses to run on invalid config, the way `pulumi preview` does. */
export function reconcileConfig(policies: Policies, level: EnforcementLevel, config: PolicyPackConfig = {}): Reconciled {
    const { result, errors } = reconcile(policies, level, config);
    if (errors.length > 0) {
        throw new Error(`policy pack configuration is invalid:\n${errors.join("\n")}`);
    }
    return result;
}

/**
 * Checks a policy pack config against the pack before anything runs: `errors` are what the CLI
 * refuses (a value that breaks a policy's schema), `unknown` the names no policy has (the CLI
 * ignores those silently, which hides a misspelt name).
 */
export function checkPolicyPackConfig(config: PolicyPackConfig, policies: Policies = packPolicies()): { errors: string[]; unknown: string[] } {
    const names = new Set(policies.map((p) => p.name));
    return {
        errors: reconcile(policies, "advisory", config).errors,
        unknown: Object.keys(config).filter((k) => k !== "all" && !names.has(k)),
    };
}
