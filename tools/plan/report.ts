/**
 * The offline plan's result and its two renderings: a tree for people reading a terminal or CI log,
 * and the JSON document other tools consume. Both come from the same {@link PlanResult}, so they
 * always list the same resources.
 */
import { createHash } from "node:crypto";
import { specialAssetSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { knownRegion, ownRegion, PROVIDER_TYPE_PREFIX, providerUrnOf, resourceRefsAsIds, STACK_TYPE, type RecordedResource } from "../engine/recorded";
import type { Violation } from "./analyze";
import type { Diagnostic } from "../engine";
import { UNKNOWN } from "../engine/pulumi-internals";
import { assess, type Resilience } from "../resilience";
import { renderResilienceText } from "../resilience/report";
import { placeholderLine, type Placeholder } from "./placeholders";
import { compareKeys } from "../../src/region/keyOrder";

/** One resource in the plan's JSON: the record plus the region its provider deploys it to. */
export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    provider?: string;
    /** AWS region, `global` for resources with no regional provider, or `multi-region` for a component spanning several. */
    region: string;
    inputs: Record<string, unknown>;
    /** Property name -> URNs of the resources its value came from (what the resilience model follows). */
    propertyDependencies: Record<string, string[]>;
    /** A component's registered outputs (what the pack's stack rules see of it), when it registered any. */
    outputs?: Record<string, unknown>;
    dependencies: string[];
    /** The resource options the policy pack sees: protect, ignoreChanges, aliases (as URNs), and the rest when set. */
    options: RecordedResource["options"];
    /**
     * The URNs this resource also answers to, as the engine computes them from its alias specs: an
     * existing resource under one of them is updated in place, not replaced. Compared across versions
     * so a rename without an alias fails a test.
     */
    aliases: string[];
    /** Registered only when outputs are known (created inside an apply); found by the engine's second evaluation. */
    onlyWhenOutputsKnown?: boolean;
    /** Its inputs differ between the preview and the deploy; these are the deployed ones. */
    differsWhenDeployed?: boolean;
}

/** The one-line verdict, as numbers. */
export interface PlanSummary {
    /** `pass` when no mandatory policy failed and no region or AZ scenario has a static-stability finding. */
    result: "pass" | "fail";
    resources: number;
    regions: string[];
    mandatory: number;
    advisory: number;
    /** Config keys whose `secure:` values were planned with placeholders. */
    secretPlaceholders: number;
    /** Placeholder values in the stack config (example zone id, RFC 2606 names) that must change before deploy. */
    placeholders: number;
    /** The resilience assessment's counts: scenarios, mandatory and advisory findings, scenarios unknown before deploy. */
    resilience: Resilience["summary"];
}

/** Everything a plan found, as written by `--json`. */
export interface PlanResult {
    stack: string;
    project: string;
    configFile: string;
    program: string;
    resources: PlanResource[];
    violations: Violation[];
    summary: PlanSummary;
    /** Stack outputs; values only known after a deploy are `null` here and `(known after deploy)` in text. */
    outputs: Record<string, unknown>;
    secrets: string[];
    /** Every placeholder value of the stack config: each must change before deploy (the deploy workflow refuses them). */
    placeholders: Placeholder[];
    diagnostics: Diagnostic[];
    /** Failure scenarios, static-stability findings, cost and the architecture picture (tools/resilience/). */
    resilience: Resilience;
}

/**
 * Region of every resource: a provider's own `region`; a custom resource's own `region` input, else
 * its provider's; a component's children's.
 */
function assignRegions(records: readonly RecordedResource[]): Map<string, string> {
    const regions = new Map<string, string>();
    for (const r of records) {
        if (r.type.startsWith(PROVIDER_TYPE_PREFIX)) {
            regions.set(r.urn, knownRegion(r.inputs.region) ?? "global");
        }
    }
    for (const r of records) {
        if (r.custom && !regions.has(r.urn)) {
            regions.set(r.urn, ownRegion(r.type, r.inputs) ?? ((r.provider && regions.get(providerUrnOf(r.provider))) || "global"));
        }
    }
    const children = new Map<string, RecordedResource[]>();
    for (const r of records) {
        if (r.parent) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        }
    }
    const componentRegion = (urn: string): string | undefined => {
        const known = regions.get(urn);
        if (known) {
            return known;
        }
        const found = new Set<string>();
        for (const child of children.get(urn) ?? []) {
            const region = componentRegion(child.urn);
            if (region) {
                found.add(region);
            }
        }
        found.delete("global");
        const region = found.size === 0 ? "global" : found.size === 1 ? [...found][0] ?? "global" : "multi-region";
        regions.set(urn, region);
        return region;
    };
    for (const r of records) {
        if (r.type !== STACK_TYPE) {
            componentRegion(r.urn);
        }
    }
    return regions;
}

/**
 * A text asset's content replaced by its SHA-256 (`hash`, as Pulumi's state records an asset) and its
 * size in bytes: a bundled function is megabytes nobody reviews in a plan, while a changed hash says
 * that it changed. Everything else is kept as the policy pack saw it.
 */
export function summarizeAssets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(summarizeAssets);
    }
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[specialSigKey] === specialAssetSig && typeof o.text === "string") {
            const { text, ...rest } = o;
            return { ...rest, hash: createHash("sha256").update(text).digest("hex"), size: Buffer.byteLength(text) };
        }
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, summarizeAssets(v)]));
    }
    return value;
}

/** Replaces unknown sentinels by `null` so JSON consumers need not know the engine's sentinel. */
function knownOrNull(value: unknown): unknown {
    if (value === UNKNOWN) {
        return null;
    }
    if (Array.isArray(value)) {
        return value.map(knownOrNull);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, knownOrNull(v)]));
    }
    return value;
}

/** Builds the plan result from what the engine recorded and what the pack reported. */
export function buildPlanResult(args: {
    stack: string; project: string; configFile: string; program: string;
    resources: RecordedResource[]; violations: Violation[]; outputs: Record<string, unknown>;
    secrets: string[]; diagnostics: Diagnostic[];
    /** Placeholder values of the stack config; none when not given. */
    placeholders?: Placeholder[];
}): PlanResult {
    const regions = assignRegions(args.resources);
    const resources = args.resources.map((r): PlanResource => ({
        urn: r.urn, type: r.type, name: r.name, parent: r.parent, provider: r.provider,
        region: regions.get(r.urn) ?? "global", inputs: summarizeAssets(r.inputs) as Record<string, unknown>,
        propertyDependencies: r.propertyDependencies,
        ...(r.outputs ? { outputs: summarizeAssets(resourceRefsAsIds(r.outputs)) as Record<string, unknown> } : {}),
        dependencies: r.dependencies, options: r.options, aliases: r.options.aliases,
        ...(r.onlyWhenOutputsKnown ? { onlyWhenOutputsKnown: true } : {}),
        ...(r.differsWhenDeployed ? { differsWhenDeployed: true } : {}),
    }));
    const regionList = [...new Set(resources.map((r) => r.region))].filter((r) => r !== "global" && r !== "multi-region").sort();
    const mandatory = args.violations.filter((v) => v.level === "mandatory").length;
    const resilience = assess(resources);
    return {
        stack: args.stack, project: args.project, configFile: args.configFile, program: args.program,
        resources, violations: args.violations,
        summary: {
            result: mandatory > 0 || resilience.summary.mandatory > 0 ? "fail" : "pass",
            resources: resources.length,
            regions: regionList,
            mandatory,
            advisory: args.violations.filter((v) => v.level === "advisory").length,
            secretPlaceholders: args.secrets.length,
            placeholders: (args.placeholders ?? []).length,
            resilience: resilience.summary,
        },
        outputs: knownOrNull(args.outputs) as Record<string, unknown>,
        secrets: args.secrets, placeholders: args.placeholders ?? [], diagnostics: args.diagnostics,
        resilience,
    };
}

/** Components are the resources without a provider that are not providers themselves. */
const isComponent = (r: PlanResource): boolean => !r.provider && !r.type.startsWith(PROVIDER_TYPE_PREFIX);

const shortType = (type: string): string => (type.startsWith("ha-web-tier:") ? type.split(":").pop() ?? type : type);

/** Renders the resource tree: region, then components with their resources counted by type. */
function renderTree(plan: PlanResult): string[] {
    const lines: string[] = [];
    const children = new Map<string, PlanResource[]>();
    const roots: PlanResource[] = [];
    const stackUrn = plan.resources.find((r) => r.type === STACK_TYPE)?.urn;
    for (const r of plan.resources) {
        if (r.type === STACK_TYPE) continue;
        if (r.parent && r.parent !== stackUrn) {
            children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
        } else {
            roots.push(r);
        }
    }
    const countAll = (urn: string): number =>
        (children.get(urn) ?? []).reduce((n, c) => n + 1 + countAll(c.urn), 0);
    const render = (items: PlanResource[], indent: string): void => {
        const byType = new Map<string, number>();
        for (const r of items) {
            if (!isComponent(r)) {
                byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
            }
        }
        for (const [type, n] of [...byType].sort((a, b) => compareKeys(a[0], b[0]))) {
            lines.push(`${indent}${String(n).padStart(3)}  ${type}`);
        }
        for (const r of items) {
            if (isComponent(r)) {
                lines.push(`${indent}${shortType(r.type)} "${r.name}" (${countAll(r.urn)} resources)`);
                render(children.get(r.urn) ?? [], indent + "  ");
            }
        }
    };
    const order = [...plan.summary.regions, "multi-region", "global"];
    for (const region of order) {
        const inRegion = roots.filter((r) => r.region === region);
        if (inRegion.length === 0) continue;
        const total = inRegion.reduce((n, r) => n + 1 + countAll(r.urn), 0);
        lines.push(`${region} (${total} resources)`);
        render(inRegion, "  ");
    }
    return lines;
}

const flatten = (value: unknown, prefix: string, out: string[]): void => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    } else {
        out.push(`  ${prefix} = ${value === null ? "(known after deploy)" : JSON.stringify(value)}`);
    }
};

/** The whole text report: header, tree, program messages, outputs, verdicts, summary line. */
export function renderText(plan: PlanResult): string {
    const s = plan.summary;
    const lines = [
        `Offline plan of stack "${plan.stack}" (${plan.configFile}, program ${plan.program}): ${s.resources} resources to create`,
        "",
        ...renderTree(plan),
    ];
    const late = plan.resources.filter((r) => r.onlyWhenOutputsKnown);
    if (late.length > 0) {
        lines.push("", `Created inside apply (${late.length}): a preview does not show these; the second evaluation, with outputs known, found them:`,
            ...late.map((r) => `  ${r.type} "${r.name}"`));
    }
    const changed = plan.resources.filter((r) => r.differsWhenDeployed);
    if (changed.length > 0) {
        lines.push("", `Inputs that differ when deployed (${changed.length}): the program gives these other values outside a preview; the deployed ones are judged:`,
            ...changed.map((r) => `  ${r.type} "${r.name}"`));
    }
    if (plan.secrets.length > 0) {
        lines.push("", `Secure config planned with placeholders: ${plan.secrets.join(", ")}`);
    }
    if (plan.placeholders.length > 0) {
        lines.push("", `Placeholders (${plan.placeholders.length}), each must change before deploy (the deploy workflow refuses them):`,
            ...plan.placeholders.map((p) => `  ${placeholderLine(p)}`));
    }
    if (plan.diagnostics.length > 0) {
        lines.push("", "Program messages:");
        for (const d of plan.diagnostics) lines.push(`  ${d.severity}: ${d.message}${d.urn ? ` (${d.urn.split("::").pop()})` : ""}`);
    }
    const outputs: string[] = [];
    flatten(plan.outputs, "", outputs);
    if (Object.keys(plan.outputs).length > 0) {
        lines.push("", "Outputs:", ...outputs);
    }
    lines.push("", plan.violations.length === 0 ? "Policy verdicts: none (every policy passed)" : `Policy verdicts (${plan.violations.length}):`);
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const sorted = [...plan.violations].sort((a, b) => (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1));
    for (const v of sorted) {
        const r = byUrn.get(v.urn);
        const where = r ? `${r.type} "${r.name}"` : v.urn || "(stack)";
        lines.push(`  ${v.level.toUpperCase().padEnd(9)} ${v.policy}  ${where}`);
        for (const l of v.message.split("\n").filter(Boolean)) lines.push(`            ${l}`);
    }
    lines.push(...renderResilienceText(plan.resilience));
    lines.push("", summaryLine(plan));
    return lines.join("\n");
}

/** The last line of the report; CI logs are often read from the bottom. */
function summaryLine(plan: PlanResult): string {
    const s = plan.summary;
    const secrets = (s.secretPlaceholders > 0 ? `; ${s.secretPlaceholders} secret(s) as placeholders` : "")
        + (s.placeholders > 0 ? `; ${s.placeholders} placeholder(s) must change before deploy` : "");
    return `${s.result === "pass" ? "PASS" : "FAIL"} ${plan.stack}: ${s.resources} resources in ${s.regions.length} region(s) `
        + `(${s.regions.join(", ")}); ${s.mandatory} mandatory, ${s.advisory} advisory policy finding(s)${secrets}; `
        + `resilience: ${s.resilience.scenarios} scenarios, ${s.resilience.mandatory} static-stability failure(s), ${s.resilience.unknown} unknown`;
}
