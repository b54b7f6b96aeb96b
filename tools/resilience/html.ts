/** The plan as one self-contained HTML page: the diagram (inline SVG), the scenario table coloured per outcome, the findings, the cost and the policy verdicts; no script, nothing fetched at view time. */
import { buildDiagram } from "./diagram";
import type { ModelResource } from "./graph";
import type { Resilience } from "./index";
import { rtoCell, stabilityCell, usd } from "./report";
import { cellText, esc } from "./htmlText";
import { optionsSection } from "./optionsHtml";
import { toSvg } from "./svg";
import { readTopology } from "./topology";

/** What the page needs from the plan result (a subset, so the page does not depend on the plan's module). */
export interface PagePlan {
    stack: string;
    configFile: string;
    resources: readonly ModelResource[];
    violations: { policy: string; level: string; urn: string; message: string }[];
    summary: { result: string; resources: number; regions: string[]; mandatory: number; advisory: number };
    resilience: Resilience;
}

/**
 * One background per outcome, far enough apart to tell at a glance (the browser test holds every pair
 * to a CIE76 difference of at least 15): green for untouched, blue for recovering on its own, then
 * yellow, orange and red as a person is needed more, grey for what the plan cannot know.
 */
export const OUTCOME_COLOURS: Record<string, string> = {
    unaffected: "#c8ebc8", recovers: "#bcd6f7", degraded: "#fff0a0", manual: "#ffd099", down: "#f5b8b0", unknown: "#e4e4e4",
};


/** The footer's RTO line: the longest recovery, and the scenarios no part of the stack recovers from, which a maximum over RTOs would hide. */
export function longestLine(r: Resilience): string {
    const timed = r.scenarios.filter((x) => x.rtoSeconds !== null).sort((a, b) => (b.rtoSeconds ?? 0) - (a.rtoSeconds ?? 0));
    const never = r.scenarios.filter((x) => x.rtoSeconds === null);
    const longest = timed[0];
    const parts = longest ? [`Longest recovery: ${rtoCell(longest)} (${longest.title})`] : [];
    for (const x of never) parts.push(`${x.title}: no recovery by the stack (${x.outcome} until it returns)`);
    return parts.length > 0 ? `${parts.join("; ")}.` : "";
}

const CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #1d2433; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.verdict { font-weight: 700; padding: 2px 8px; border-radius: 4px; } .pass { background: #d9f2d9; } .fail { background: #f8c9c4; }
table { border-collapse: collapse; margin: 6px 0; font-size: 13px; } th, td { border: 1px solid #c9cfdb; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef1f7; } td.num { text-align: right; white-space: nowrap; } .nw { white-space: nowrap; }
.diagram { overflow-x: auto; border: 1px solid #dde2ec; padding: 8px; background: #fff; }
.muted { color: #5b6478; font-size: 12px; } ul { margin: 4px 0 4px 18px; padding: 0; } li { margin: 2px 0; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border-radius: 3px; font-size: 12px; }
details pre { font-size: 11px; background: #f6f8fa; padding: 8px; overflow-x: auto; }
`;

function scenarioRows(r: Resilience): string {
    return r.scenarios.map((s) => {
        const details = [...s.notes, ...s.unknowns.map((u) => `Unknown: ${u}`), ...s.findings.map((f) => `${f.level}: ${f.message}`)];
        const steps = s.steps.map((x) => `${cellText(x.what)}: ${x.seconds} s`).join("<br>");
        return `<tr class="scenario" data-outcome="${s.outcome}" style="background:${OUTCOME_COLOURS[s.outcome] ?? "#fff"}">`
            + `<td>${cellText(s.title)}</td><td>${esc(s.outcome)}</td><td>${cellText(s.servedBy.join(", ") || "-")}</td>`
            + `<td class="num">${esc(rtoCell(s))}</td><td>${cellText(s.rpo)}</td><td>${esc(stabilityCell(s))}</td>`
            + `<td>${steps || "-"}${details.length ? `<ul>${details.map((d) => `<li>${cellText(d)}</li>`).join("")}</ul>` : ""}</td></tr>`;
    }).join("\n");
}

function findingsList(r: Resilience): string {
    if (r.findings.length === 0) return "<p>None: nothing the recovery paths need lives in the domain that failed.</p>";
    return `<table><tr><th>Level</th><th>Scenario</th><th>Resource</th><th>Region</th><th>What and what to change</th></tr>${r.findings.map((f) =>
        `<tr class="finding"><td>${esc(f.level)}</td><td>${cellText(f.scenario)}</td><td>${cellText(`${f.type} "${f.name}"`)}</td><td>${cellText(f.region)}</td><td>${cellText(f.message)}</td></tr>`).join("")}</table>`;
}

function costTables(r: Resilience): string {
    const c = r.cost;
    const share = c.standbyShare
        ? `<p>Standby at rest: <b>${usd(c.standbyShare.standbyUsd)}</b> a month, <b>${c.standbyShare.percent}%</b> of the primary's ${usd(c.standbyShare.primaryUsd)}.</p>`
        : "<p>Every region serves: there is no idle standby.</p>";
    const regions = c.regions.map((reg) => `<h3 style="font-size:14px;margin:14px 0 4px">${esc(reg.region)} (${esc(reg.role)}): ${usd(reg.monthlyUsd)}${reg.usage.length ? " + usage" : ""}</h3>`
        + `<table><tr><th>Item</th><th>Basis</th><th>Monthly</th><th>Price</th></tr>${reg.lines.map((l) =>
            `<tr><td>${cellText(l.item)}</td><td>${cellText(l.basis)}</td><td class="num">${l.monthlyUsd === null ? "not in the table" : usd(l.monthlyUsd)}</td><td>${esc(l.status)}</td></tr>`).join("")}</table>`
        + (reg.usage.length ? `<p class="muted">+ usage: ${reg.usage.map(esc).join("; ")}</p>` : "")).join("");
    return `${share}<table><tr><th>Region</th><th>Role</th><th>Monthly at rest</th></tr>${c.regions.map((reg) =>
        `<tr class="cost"><td>${cellText(reg.region)}</td><td>${esc(reg.role)}</td><td class="num">${usd(reg.monthlyUsd)}${reg.usage.length ? " + usage" : ""}</td></tr>`).join("")}`
        + `<tr><th colspan="2">Total</th><td class="num"><b>${usd(c.totalUsd)}</b> + usage</td></tr></table>${regions}`
        + `<p id="not-priced">Not in the total:</p><ul>${c.notPriced.map((x) => `<li>${cellText(x)}</li>`).join("")}</ul>`
        + `<p class="muted">Prices: ${esc(c.source.source)}; compiled ${esc(c.source.compiled)}, ${c.source.hoursPerMonth} hours a month. `
        + "\"unconfirmed\" prices were not found in a published copy when the table was compiled (tools/resilience/prices.ts).</p>";
}

function verdicts(plan: PagePlan): string {
    if (plan.violations.length === 0) return "<p>None: every policy passed.</p>";
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    return `<table><tr><th>Level</th><th>Policy</th><th>Resource</th><th>Message</th></tr>${plan.violations.map((v) => {
        const r = byUrn.get(v.urn);
        return `<tr><td>${esc(v.level)}</td><td>${cellText(v.policy)}</td><td>${cellText(r ? `${r.type} "${r.name}"` : v.urn || "(stack)")}</td><td>${cellText(v.message).replace(/\n/g, "<br>")}</td></tr>`;
    }).join("")}</table>`;
}

/** The whole page; the diagram is laid out by ELK, which answers asynchronously. */
export async function renderHtml(plan: PagePlan): Promise<string> {
    const r = plan.resilience;
    const svg = await toSvg(buildDiagram(readTopology(plan.resources)));
    const s = plan.summary;
    const pass = s.result === "pass";
    const legend = Object.entries(OUTCOME_COLOURS).map(([k, c]) => `<span style="background:${c}">${k}</span>`).join("");
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ha-web-tier plan: ${esc(plan.stack)}</title><style>${CSS}</style></head>
<body>
<h1>Offline plan of stack "${esc(plan.stack)}" <span class="verdict ${pass ? "pass" : "fail"}">${pass ? "PASS" : "FAIL"}</span></h1>
<p class="muted">${esc(plan.configFile)}: ${s.resources} resources in ${s.regions.map(esc).join(", ")}; ${s.mandatory} mandatory, ${s.advisory} advisory policy finding(s); `
        + `${r.summary.mandatory} static-stability failure(s), ${r.summary.unknown} scenario(s) unknown before deploy.</p>
<h2>Architecture</h2>
<div class="diagram">${svg}</div>
<details><summary>Mermaid source</summary><pre>${esc(r.diagram.mermaid)}</pre></details>
<h2>Failure scenarios</h2>
<p class="legend">${legend}</p>
<table id="scenarios"><thead><tr><th>Failure</th><th>Outcome</th><th>Served by</th><th>RTO</th><th>RPO</th><th>Static stability</th><th>Restored by, and what else happens</th></tr></thead>
<tbody>
${scenarioRows(r)}
</tbody></table>
<p class="muted">RTO: worst case from the failure until users are served again, from src/failover/rto.ts (each step time sourced there); "?" when it hinges on what the plan cannot see, "+ manual" when a person must act. ${cellText(longestLine(r))}</p>
<h2>Static-stability findings</h2>
${findingsList(r)}
<h2>Cost</h2>
${costTables(r)}
<h2>Front door and failover engine</h2>
${optionsSection(r.options)}
<h2>Policy verdicts</h2>
${verdicts(plan)}
</body></html>
`;
}
