/** The resilience assessment of a planned stack: failure scenarios, static-stability findings, cost and the architecture picture, computed from the recorded resources alone. */
import { estimateCost, type CostEstimate } from "./cost";
import { buildDiagram, toMermaid } from "./diagram";
import { pathOptions, type PathOption } from "./options";
import type { ModelResource } from "./graph";
import { scenariosOf, type Finding, type Scenario } from "./scenarios";
import { readTopology } from "./topology";

export type { Finding, Scenario } from "./scenarios";
export type { CostEstimate } from "./cost";
export type { ModelResource } from "./graph";
export type { PathOption } from "./options";

/** What `--json` carries under `resilience`. */
export interface Resilience {
    scenarios: Scenario[];
    /** Every scenario's findings, mandatory first. */
    findings: Finding[];
    cost: CostEstimate;
    /** For the stack's mode: the region RTO and monthly cost of each front door and engine, the stack's own among them. */
    options: PathOption[];
    diagram: { mermaid: string };
    summary: {
        scenarios: number;
        /** Static-stability findings that fail the plan (region and AZ scenarios). */
        mandatory: number;
        advisory: number;
        /** Scenarios whose static stability the plan cannot decide. */
        unknown: number;
    };
}

/** Assesses the stack, purely from the recorded resources: scenarios, findings, cost and the Mermaid picture. */
export function assess(resources: readonly ModelResource[]): Resilience {
    const topology = readTopology(resources);
    const scenarios = scenariosOf(topology);
    const findings = scenarios.flatMap((s) => s.findings).sort((a, b) => (a.level === b.level ? 0 : a.level === "mandatory" ? -1 : 1));
    const cost = estimateCost(topology);
    return {
        scenarios,
        findings,
        cost,
        options: pathOptions(topology, scenarios, cost),
        diagram: { mermaid: toMermaid(buildDiagram(topology)) },
        summary: {
            scenarios: scenarios.length,
            mandatory: findings.filter((f) => f.level === "mandatory").length,
            advisory: findings.filter((f) => f.level === "advisory").length,
            unknown: scenarios.filter((s) => s.stability === "unknown").length,
        },
    };
}
