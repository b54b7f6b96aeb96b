/**
 * The stack configuration: one zod schema over the `ha-web-tier:` namespace, its defaults, and the
 * cross-field rules. This is the only module that reads `pulumi.Config`; everything else receives the
 * parsed, defaulted {@link StackConfig}.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { z } from "zod";
import { type ImagePlan, planImages } from "../../src/image/imageSource";
import { involvesRemoved, salvage } from "./salvage";
import { crossFieldProblems, failoverOnlyProblems, managedPathProblems, networkProblems, type Problem } from "./rules";
import { factProblems, nearest, type ZoneRequirement, zoneRequirements } from "./facts";
import { placeholderWarnings } from "./placeholders";
import { compareKeys } from "../../src/region/keyOrder";
import { configSchema, DEMO_HEALTH_TEXT, DEMO_IMAGE, NAMESPACE, type Parsed } from "./schema";

export { CHECKER_REGIONS, configSchema, DEMO_HEALTH_TEXT, DEMO_IMAGE, NAMESPACE, type Parsed } from "./schema";
export type { ZoneRequirement } from "./facts";


/**
 * The role a region plays: the primary serves, a standby waits (pilot-light) or idles small (warm-standby),
 * active regions all serve. The one region of single-region is the primary, as the first region is in the
 * failover modes, so adding a standby later changes nothing the role decides.
 */
export type RegionRole = "primary" | "standby" | "active";

/** Auto Scaling capacity for one region. */
export interface Capacity {
    /** Fewest instances. */
    min: number;
    /** Most instances. */
    max: number;
    /** Instances at creation; autoscaling and the failover function own it afterwards. */
    desired: number;
}

/** One region with its role and capacity resolved from the mode. */
export interface RegionConfig {
    /** AWS region code. */
    name: string;
    /** The VPC's CIDR block (/16 to /24), when the stack builds the region's VPC. */
    vpcCidr?: string;
    /** Availability Zones to spread subnets and instances over (a built VPC). */
    azCount: number;
    /** NAT gateways per AZ, one shared, or none (no internet egress from private subnets; a built VPC). */
    natStrategy: "one-per-az" | "single" | "none";
    /** A VPC the stack uses instead of building one: its id and its public and private subnets. */
    existingVpc?: { vpcId: string; publicSubnetIds: string[]; privateSubnetIds: string[] };
    /** This region's own copy of `app.image` in its ECR registry, when it is not replicated there. */
    image?: string;
    /** What this region does in the chosen mode. */
    role: RegionRole;
    /** Capacity the program sets; at run time autoscaling and the failover function own `desired`. */
    capacity: Capacity;
}

/** The parsed, defaulted stack configuration the program is built from. */
export type StackConfig = Omit<Parsed, "regions"> & {
    regions: RegionConfig[];
    /** The search string the Route 53 health checks look for in the health response. */
    healthSearchString: string;
    /** Instances the standby is raised to on failover. */
    failoverCapacity: number;
    /** Where each region pulls its image from, and the replication that puts it there. */
    images: ImagePlan;
    /** Things the config allows but the plan should say plainly, one sentence each. */
    advisories: string[];
    /** Placeholder values (the example zone id, RFC 2606 names) that must change before deploy, one line each. */
    placeholders: string[];
};

/**
 * Invalid stack config. It extends `pulumi.RunError` so the CLI prints the problems without a stack
 * trace; `problems` lists each as `ha-web-tier:<path>: <what is wrong>; <how to fix>`.
 */
export class ConfigError extends pulumi.RunError {
    /** Every problem found, one line each, sorted by key. */
    readonly problems: string[];
    /**
     * The zone lookups the program did not get to make because the config was refused first (see
     * facts.ts): a tool with its own zone table (the offline plan) judges them with the problems.
     */
    readonly zoneRequirements: ZoneRequirement[];

    constructor(problems: string[], zoneRequirements: ZoneRequirement[] = []) {
        const sorted = sortByKey(problems);
        super(`invalid stack configuration:\n  ${sorted.join("\n  ")}`);
        this.name = "ConfigError";
        this.problems = sorted;
        this.zoneRequirements = zoneRequirements;
    }
}

/** The key of a `ha-web-tier:<key>: <message>` line. */
const keyOf = (problem: string): string => (problem.includes(": ") ? problem.slice(0, problem.indexOf(": ")) : problem);

/** Problems in key order (regions[2] before regions[10]), each key's own in the order found. */
export function sortByKey(problems: readonly string[]): string[] {
    return [...problems].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}


/**
 * Parses the namespace's raw values (as the CLI passes them: object values already JSON-decoded) and
 * returns the stack config, or throws {@link ConfigError} listing every problem at once.
 */
export function parseConfig(raw: Record<string, unknown>, secretKeys: string[] = []): StackConfig {
    const problems: string[] = [];
    for (const key of secretKeys) {
        if (key === "app" || key === "tags" || key === "regions") {
            problems.push(`${NAMESPACE}:${key}: is a secret, but it ends up in plain text (user data, tags); keep secrets in SSM Parameter Store or Secrets Manager and pass only their names`);
        }
    }
    const result = configSchema.safeParse(raw, { reportInput: true });
    let parsed: Parsed | undefined;
    let removed: string[] = [];
    if (result.success) {
        parsed = result.data;
    } else {
        problems.push(...result.error.issues.flatMap(formatIssue));
        // One mistake must not hide another: the other checks still run over what the schema left.
        const left = salvage(raw, result.error.issues, { reparse: (data) => configSchema.safeParse(data), pathOf, standIn });
        parsed = left?.data;
        removed = left?.removed ?? [];
    }
    if (!parsed) {
        throw new ConfigError(problems);
    }
    const images = imagesOf(parsed);
    problems.push(...checkProblems(raw, parsed, images).filter((p) => !involvesRemoved(p, removed, NAMESPACE)));
    // A fact (a region's name, the instance type) is judged on its own value, so only its own removal hides it:
    // capacity.min refused must not hide a misspelt capacity.instanceType.
    problems.push(...factProblems(parsed).map(([path, msg]) => `${NAMESPACE}:${path}: ${msg}`)
        .filter((p) => !removed.some((r) => keyOf(p) === `${NAMESPACE}:${r}` || keyOf(p).startsWith(`${NAMESPACE}:${r}.`))));
    if (problems.length > 0) {
        throw new ConfigError(problems, zoneRequirements(parsed, removed));
    }
    return { ...resolve(parsed, images), placeholders: placeholderWarnings(raw, secretKeys) };
}

/**
 * The required text fields of a region entry: a refused one stands in as "" (the checks after the
 * schema skip what they cannot read), so the entry, and the region count, stay.
 */
function standIn(path: ReadonlyArray<PropertyKey>): unknown {
    return path.length === 3 && path[0] === "regions" && typeof path[1] === "number" && (path[2] === "name" || path[2] === "vpcCidr") ? "" : undefined;
}

/** Where each region pulls its image from, planned once per parse for the rules and the result. */
function imagesOf(c: Parsed): ImagePlan {
    return planImages({ image: c.app.image, demoImage: DEMO_IMAGE, replicate: c.app.replicateImage, regions: c.regions });
}

/** The cross-field, single-region and managed-path problems, as `ha-web-tier:<path>: <message>` lines (facts are judged apart). */
function checkProblems(raw: Record<string, unknown>, c: Parsed, images: ImagePlan): string[] {
    const all: Problem[] = [...networkProblems(raw, c), ...crossFieldProblems(c, images), ...failoverOnlyProblems(raw, c.mode), ...managedPathProblems(raw, c)];
    return all.map(([path, msg]) => `${NAMESPACE}:${path}: ${msg}`);
}

/**
 * Reads the `ha-web-tier:` namespace from the running stack and parses it. Values the CLI passes as
 * JSON (lists and objects) are decoded first, so YAML in `Pulumi.<stack>.yaml` maps onto the schema.
 */
export function loadConfig(): StackConfig {
    const all = pulumi.runtime.allConfig();
    const secretKeys = Object.keys(all).filter(isSecret).map((k) => splitKey(k)[1]);
    return parseConfig(namespaceValues(all), secretKeys);
}

/**
 * The namespace's values from the CLI's `project:key -> text` map, keys without the namespace and
 * lists, objects, booleans and numbers decoded from their JSON text.
 */
export function namespaceValues(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, value] of Object.entries(all)) {
        const [ns, key] = splitKey(fullKey);
        if (ns === NAMESPACE) {
            // Defined, not assigned: `ha-web-tier:__proto__` assigned would become raw's prototype and its
            // settings would be reported under the wrong keys.
            Object.defineProperty(raw, key, { value: decode(value), enumerable: true, writable: true, configurable: true });
        }
    }
    return raw;
}

// isConfigSecret is not in the SDK's public typings; without it, secret detection is skipped.
const isSecret = (key: string): boolean =>
    (runtimeConfig as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret?.(key) ?? false;

function splitKey(fullKey: string): [string, string] {
    const i = fullKey.indexOf(":");
    return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1).replace(/^config:/, "")];
}

function decode(value: string): unknown {
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[") || t === "true" || t === "false" || /^-?\d+(\.\d+)?$/.test(t)) {
        try {
            return JSON.parse(t);
        } catch {
            return value;
        }
    }
    return value;
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
    return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

/** The keys the schema knows at `path` (an object's settings), for suggestions. */
function knownKeysAt(path: ReadonlyArray<PropertyKey>): string[] {
    type Def = { type: string; innerType?: z.core.$ZodType; element?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType> };
    let node: z.core.$ZodType | undefined = configSchema;
    for (let i = 0; node; i++) {
        let def = node._zod.def as unknown as Def;
        while (def.innerType) {
            def = def.innerType._zod.def;
        }
        if (i === path.length) {
            return def.shape ? Object.keys(def.shape) : [];
        }
        const key = path[i];
        node = def.type === "array" ? def.element : def.shape && typeof key === "string" ? def.shape[key] : undefined;
    }
    return [];
}

function formatIssue(issue: z.core.$ZodIssue): string[] {
    const path = pathOf(issue.path);
    if (issue.code === "unrecognized_keys") {
        const given = issue.input !== null && typeof issue.input === "object" ? Object.keys(issue.input) : [];
        const unset = knownKeysAt(issue.path).filter((known) => !given.includes(known));
        return issue.keys.map((k) => {
            const hint = nearest(k, unset);
            return `${NAMESPACE}:${path ? `${path}.` : ""}${k}: is not a known setting; `
                + (hint ? `did you mean ${hint}?` : "remove it or check its spelling against the config reference in docs/configuration.md");
        });
    }
    return [formatOne(issue, `${NAMESPACE}:${path || "(root)"}`)];
}

function formatOne(issue: z.core.$ZodIssue, where: string): string {
    switch (issue.code) {
        case "invalid_type":
            return issue.input === undefined
                ? `${where}: is required; set it (see the config reference in docs/configuration.md)`
                : `${where}: must be ${article(issue.expected)}, got ${describe(issue.input)}; set it to ${article(issue.expected)}`;
        case "invalid_key":
            return `${where}: ${issue.issues[0]?.message ?? "is not a valid key"}`;
        case "invalid_value":
            return `${where}: must be one of ${issue.values.map(String).join(" | ")}, got ${describe(issue.input)}; pick one of those`;
        default:
            return `${where}: ${/;|use |set |pick |copy /.test(issue.message) ? issue.message : `${issue.message}; see the config reference in docs/configuration.md`}`;
    }
}

function article(expected: string): string {
    return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describe(v: unknown): string {
    return v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "an object" : JSON.stringify(v);
}

function resolve(c: Parsed, images: ImagePlan): Omit<StackConfig, "placeholders"> {
    const cap = c.capacity;
    const standby = cap.standby ?? (c.mode === "warm-standby" ? { min: 1, desired: 1 } : { min: 0, desired: 0 });
    const regions: RegionConfig[] = c.regions.map((r, i) => {
        const role: RegionRole = c.mode === "active-active" ? "active" : i === 0 ? "primary" : "standby";
        const capacity = role === "standby"
            ? { min: standby.min, desired: standby.desired, max: cap.max }
            : { min: cap.min, desired: cap.desired, max: cap.max };
        return { ...r, role, capacity };
    });
    return {
        ...c,
        regions,
        healthSearchString: c.app.healthSearchString ?? DEMO_HEALTH_TEXT,
        failoverCapacity: c.failover.capacity ?? cap.desired,
        images,
        advisories: advisoriesOf(c, images),
    };
}

function advisoriesOf(c: Parsed, images: ImagePlan): string[] {
    const out: string[] = [];
    if (c.mode === "active-active" && !c.dns && c.frontDoor === "dns") {
        out.push(`${NAMESPACE}:dns is not set: nothing routes between the regions; each region serves only at its own ALB URL (output regions.<name>.albDnsName) and a failed region keeps its users; set dns for latency records`);
    }
    if (c.failover.notifications === "none") {
        out.push(`${NAMESPACE}:failover.notifications is none: nobody is subscribed to the alarm topics, so a wake, a failed wake or a dead letter reaches no one; set failover.notificationEmail`);
    }
    if (c.frontDoor === "global-accelerator" && !c.dns && c.mode !== "single-region") {
        out.push(`${NAMESPACE}:frontDoor is global-accelerator without dns: users reach the accelerator's DNS name or its static addresses (output frontDoor) over plain HTTP, with no certificate; set dns for HTTPS on a name you own`);
    }
    if (c.failover.engine === "arc-region-switch" && (c.mode === "pilot-light" || c.mode === "warm-standby")) {
        out.push(`${NAMESPACE}:failover.engine is arc-region-switch: the plan raises the standby but never lowers it; once the primary has recovered (its recovery alarm says so), lower the standby by hand (docs/managed-paths.md)`);
    }
    const r = images.replication;
    if (r) {
        out.push(`${NAMESPACE}:app.image is replicated from ${r.home} to ${r.destinations.join(", ")}, but ECR replicates only images pushed after replication is configured: push (or re-push) ${c.app.image} once the stack is up, before relying on those regions`);
    }
    return out;
}
