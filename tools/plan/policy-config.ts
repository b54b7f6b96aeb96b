/**
 * `--policy-pack-config <file>`: the JSON file `pulumi preview --policy-pack-config` reads, parsed
 * the way the CLI parses it (pulumi/pulumi, pkg/resource/analyzer/config.go `parsePolicyPackConfig`;
 * format: Pulumi docs, "Configuring policy packs"): an object keyed by policy name, or `all` for
 * every policy; a string value is an enforcement level, an object value holds the policy's
 * properties and optionally `enforcementLevel`. An empty file is no config. Values are validated
 * against each policy's schema later, by the gate, before any rule runs.
 */
import * as fs from "node:fs";
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";

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
            if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
                problems.push(`${name}: enforcementLevel ${JSON.stringify(enforcementLevel)} is not an enforcement level; use one of ${levels}`);
                continue;
            }
            // The CLI drops entries that set nothing.
            if (enforcementLevel !== undefined || Object.keys(properties).length > 0) {
                config[name] = { ...(enforcementLevel !== undefined ? { enforcementLevel } : {}), ...properties };
            }
        } else {
            problems.push(`${name}: ${JSON.stringify(value)} is not a valid value; use an enforcement level or an object of the policy's settings`);
        }
    }
    if (problems.length > 0) {
        throw new PolicyPackConfigError(file, problems);
    }
    return config;
}
