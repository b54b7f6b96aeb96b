/** The HTML page's section comparing front doors and failover engines for the stack's mode (tools/resilience/options.ts). */
import type { PathOption } from "./options";
import { optionLabels } from "./options";
import { cellText, esc } from "./htmlText";
import { optionRtoCell, usd } from "./report";


/** The section's table, or a sentence when the stack has no region to fail over to. */
export function optionsSection(options: PathOption[]): string {
    if (options.length === 0) {
        return "<p>No region takes over from another: there is no front door or failover engine to choose.</p>";
    }
    const rows = options.map((o) => {
        const l = optionLabels(o);
        return `<tr class="path-option"${o.current ? " data-current=\"true\" style=\"font-weight:600\"" : ""}><td>${esc(l.frontDoor)}${o.current ? " (this stack)" : ""}</td><td>${esc(l.engine)}</td>`
            + `<td class="num">${esc(optionRtoCell(o))}</td><td class="num">${usd(o.monthlyUsd)} + usage</td>`
            + `<td>${cellText(o.notes.join("; "))}${o.usage.length ? `<br><span class="muted">+ usage: ${o.usage.map(cellText).join("; ")}</span>` : ""}</td></tr>`;
    }).join("");
    return `<table id="path-options"><tr><th>Front door</th><th>Engine</th><th>Region RTO (worst case)</th><th>Monthly (list, at rest)</th><th>What it assumes</th></tr>${rows}</table>`
        + "<p class=\"muted\">Each row is the stack with that front door and engine in place of its own: the RTO of the primary region's failure from src/failover/rto.ts, "
        + "the cost the estimate above with that option's fixed charges (an accelerator's hour, Region switch plans, the function's keys and alarms). See docs/managed-paths.md.</p>";
}
