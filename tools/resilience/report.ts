/** The assessment as text for the plan's terminal report and as Markdown for a CI job summary. */
import type { Resilience, Scenario } from "./index";
import type { RegionCost } from "./cost";
import { optionLabels, type PathOption } from "./options";

/** `7 min 40 s`, `45 s`, `0 s`. */
export function duration(seconds: number | null): string {
    if (seconds === null) return "-";
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** `$123.45`. */
export const usd = (x: number): string => `$${x.toFixed(2)}`;

/** What the row's RTO cell says: a number, what it hinges on, or that nothing recovers. */
export function rtoCell(s: Scenario): string {
    if (s.rtoSeconds === null) return "none";
    if (s.outcome === "unknown") return `${duration(s.rtoSeconds)}?`;
    if (s.outcome === "manual") return `${duration(s.rtoSeconds)} + manual`;
    return duration(s.rtoSeconds);
}

/** The stability cell: pass, fail with the count, or unknown. */
export function stabilityCell(s: Scenario): string {
    const mandatory = s.findings.filter((f) => f.level === "mandatory").length;
    return s.stability === "fail" ? `FAIL (${mandatory})` : s.stability;
}

function costLabel(r: RegionCost, share?: number, usage = true): string {
    const role = r.role === "standby" && share !== undefined ? `standby at rest (${share}% of the primary)` : r.role;
    const flags = [usage && r.usage.length > 0 ? "+ usage" : "", r.incomplete ? "some items unpriced" : "", r.unconfirmed ? "includes unconfirmed prices" : ""].filter(Boolean);
    return `${role}${flags.length ? `; ${flags.join("; ")}` : ""}`;
}

const pad = (s: string, n: number): string => (s.length >= n ? s + " " : s.padEnd(n));

/** The section the plan prints after the policy verdicts. */
export function renderResilienceText(r: Resilience): string[] {
    const lines = ["", `Resilience (${r.summary.scenarios} failure scenarios; the full table, diagram and cost: --html <file>):`];
    lines.push(`  ${pad("Failure", 32)}${pad("Outcome", 12)}${pad("Served by", 24)}${pad("RTO", 18)}Static stability`);
    for (const s of r.scenarios) {
        lines.push(`  ${pad(s.title, 32)}${pad(s.outcome, 12)}${pad(s.servedBy.join(", ") || "-", 24)}${pad(rtoCell(s), 18)}${stabilityCell(s)}`);
    }
    if (r.findings.length === 0) {
        lines.push("  Static-stability findings: none");
    } else {
        lines.push(`  Static-stability findings (${r.findings.length}):`);
        for (const f of r.findings) {
            lines.push(`    ${f.level.toUpperCase().padEnd(9)} ${f.scenario}  ${f.type} "${f.name}" (${f.region})`, `              ${f.message}`);
        }
    }
    const unknowns = [...new Set(r.scenarios.flatMap((s) => s.unknowns))];
    if (unknowns.length > 0) {
        lines.push("  Cannot be determined before deploy (reported as unknown, not as pass):");
        for (const u of unknowns) lines.push(`    - ${u}`);
    }
    const c = r.cost;
    lines.push(`  Cost per month (on-demand list prices compiled ${c.source.compiled}; usage-priced items as "+ usage"):`);
    for (const region of c.regions) {
        lines.push(`    ${pad(region.region, 12)}${pad(usd(region.monthlyUsd), 12)}${costLabel(region, c.standbyShare?.percent)}`);
    }
    lines.push(`    ${pad("total", 12)}${usd(c.totalUsd)} + usage`);
    if (r.options.length > 0) {
        lines.push("  Front door and failover engine for this mode (region RTO, monthly; docs/managed-paths.md):");
        for (const o of r.options) {
            const l = optionLabels(o);
            lines.push(`    ${pad(`${l.frontDoor} + ${l.engine}${o.current ? " (this stack)" : ""}`, 56)}${pad(optionRtoCell(o), 18)}${usd(o.monthlyUsd)} + usage`);
        }
    }
    return lines;
}

/** The job-summary section of one stack: the scenario table, the findings and the cost. */
export function renderMarkdown(stack: string, r: Resilience): string {
    const out = [`### Resilience of \`${stack}\``, "", "| Failure | Outcome | Served by | RTO | RPO | Static stability |", "|---|---|---|---|---|---|"];
    for (const s of r.scenarios) {
        out.push(`| ${s.title} | ${s.outcome} | ${s.servedBy.join(", ") || "-"} | ${rtoCell(s)} | ${s.rpo} | ${stabilityCell(s)} |`);
    }
    if (r.findings.length > 0) {
        out.push("", "Findings:", ...r.findings.map((f) => `- **${f.level}** \`${f.scenario}\` ${f.type} \`${f.name}\` (${f.region}): ${f.message}`));
    }
    const unknowns = [...new Set(r.scenarios.flatMap((s) => s.unknowns))];
    if (unknowns.length > 0) {
        out.push("", "Unknown before deploy:", ...unknowns.map((u) => `- ${u}`));
    }
    out.push("", "| Region | Monthly (list, at rest) | Role |", "|---|---|---|");
    for (const region of r.cost.regions) {
        out.push(`| ${region.region} | ${usd(region.monthlyUsd)}${region.usage.length ? " + usage" : ""} | ${costLabel(region, r.cost.standbyShare?.percent, false)} |`);
    }
    out.push(`| **total** | **${usd(r.cost.totalUsd)}** + usage | |`);
    out.push("", `Not in the total: ${r.cost.notPriced.join("; ")}.`);
    out.push(...renderOptionsMarkdown(r.options));
    return out.join("\n") + "\n";
}

/** The option's RTO cell: the duration, and "+ manual" when a person must act as well. */
export function optionRtoCell(o: PathOption): string {
    return `${duration(o.rtoSeconds)}${o.manual ? " + manual" : ""}`;
}

/** The side-by-side of front doors and engines for the stack's mode, as Markdown (empty without a failover). */
export function renderOptionsMarkdown(options: PathOption[]): string[] {
    if (options.length === 0) return [];
    return [
        "", "Front door and failover engine, for this stack's mode (region failure, worst case; docs/managed-paths.md):", "",
        "| Front door | Engine | RTO | Monthly (list, at rest) | What it assumes |", "|---|---|---|---|---|",
        ...options.map((o) => {
            const l = optionLabels(o);
            return `| ${l.frontDoor}${o.current ? " (this stack)" : ""} | ${l.engine} | ${optionRtoCell(o)} | ${usd(o.monthlyUsd)} + usage | ${o.notes.join("; ")} |`;
        }),
    ];
}

/** One stack's line of the README's cost table: what its serving regions and its standby cost a month at rest. */
export function costTableRow(file: string, mode: string, r: Resilience): string {
    const c = r.cost;
    if (!c.standbyShare) {
        const serving = c.regions.filter((x) => x.role === "active" || x.role === "primary");
        const sum = serving.reduce((s, x) => s + x.monthlyUsd, 0);
        return serving.length > 1
            ? `| \`${file}\` | ${mode} | ${usd(sum)} (every region) | none | every region serves |`
            : `| \`${file}\` | ${mode} | ${usd(sum)} | none | no standby |`;
    }
    return `| \`${file}\` | ${mode} | ${usd(c.standbyShare.primaryUsd)} | ${usd(c.standbyShare.standbyUsd)} | ${c.standbyShare.percent}% |`;
}

/** The README's cost table for the given stacks. */
export function costTable(rows: string[]): string {
    return ["| Stack | Mode | Serving region(s) a month | Standby at rest a month | Standby / primary |", "|---|---|---|---|---|", ...rows].join("\n");
}
