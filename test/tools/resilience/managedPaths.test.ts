/**
 * The resilience model of the managed paths, over the two examples as planned: Global Accelerator in
 * front (examples/global-accelerator.yaml) and ARC Region switch as the engine (examples/region-switch.yaml).
 * Each removal test takes one required piece out of the planned resources and checks the model notices.
 */
import * as assert from "node:assert/strict";
import { ACCELERATOR_SHIFT_SECONDS, acceleratorDetectionSeconds, REGION_SWITCH_START_SECONDS } from "../../../src/failover/rto";
import { ACCELERATOR_TARGET_HEALTH } from "../../../src/region/targetHealth";
import { buildPlanResult, type PlanResource, type PlanResult } from "../../../tools/plan/report";
import { assess, type Resilience, type Scenario } from "../../../tools/resilience";
import { renderHtml } from "../../../tools/resilience/html";
import { FUNCTION_FIXED, PROBE_FIXED } from "../../../tools/resilience/options";
import { renderMarkdown } from "../../../tools/resilience/report";
import { stackRun } from "../../stack/stackRuns";

async function planOf(file: string): Promise<PlanResult> {
    const run = await stackRun(file);
    const stack = file.replace(/^examples\//, "").replace(/\.yaml$/, "");
    return buildPlanResult({ stack, project: "ha-web-tier", configFile: file, program: "stack/index.ts",
        resources: run.resources, violations: [], outputs: run.outputs, secrets: run.secrets, diagnostics: run.diagnostics });
}
const scenario = (r: Resilience, id: string): Scenario => {
    const s = r.scenarios.find((x) => x.id === id);
    assert.ok(s, `no scenario ${id}`);
    return s;
};
/** The resources with one changed: `change` returns the replacement, or undefined to drop it. */
const without = (resources: PlanResource[], pick: (r: PlanResource) => boolean, change: (r: PlanResource) => PlanResource | undefined = () => undefined): PlanResource[] =>
    resources.flatMap((r) => (pick(r) ? [change(r)].filter((x): x is PlanResource => !!x) : [r]));

describe("resilience model of the managed paths (planned examples)", function () {
    this.timeout(60_000);
    let ga: PlanResult;
    let rs: PlanResult;
    before(async () => {
        ga = await planOf("examples/global-accelerator.yaml");
        rs = await planOf("examples/region-switch.yaml");
    });

    it("Global Accelerator: the primary region's failure is served by the warm standby within 60 s, every step a sourced constant", () => {
        const s = scenario(ga.resilience, "region:us-east-1");
        assert.deepEqual([s.outcome, s.servedBy, s.stability], ["recovers", ["us-west-2"], "pass"]);
        assert.deepEqual(s.steps.map((x) => x.seconds), [acceleratorDetectionSeconds(ACCELERATOR_TARGET_HEALTH), ACCELERATOR_SHIFT_SECONDS]);
        assert.ok((s.rtoSeconds ?? Infinity) <= 60, `${s.rtoSeconds} s`);
        assert.ok(!s.steps.some((x) => /TTL|Resolvers/.test(x.what)));
        assert.ok(s.notes.some((n) => /new connections only/.test(n)) && s.notes.some((n) => /Failback is automatic/.test(n)));
    });

    it("Global Accelerator: us-west-2's scenario says the accelerator keeps routing there but cannot be changed", () => {
        assert.ok(scenario(ga.resilience, "region:us-west-2").notes.some((n) => /Global Accelerator's control plane is in us-west-2: .* keeps routing .* cannot be changed/.test(n)));
    });

    it("without the standby's endpoint group nothing takes over from the primary", () => {
        const resources = without(ga.resources, (r) => r.type === "aws:globalaccelerator/endpointGroup:EndpointGroup" && r.inputs.endpointGroupRegion === "us-west-2");
        const s = scenario(assess(resources), "region:us-east-1");
        assert.deepEqual([s.outcome, s.rtoSeconds], ["down", null]);
    });

    it("Region switch: the pilot light is woken by the plan from the alarm, and the plan's promotion is what restores writes", () => {
        const s = scenario(rs.resilience, "region:us-east-2");
        assert.deepEqual([s.outcome, s.servedBy, s.stability], ["recovers", ["us-west-2"], "pass"]);
        assert.ok(s.steps.some((x) => x.seconds === REGION_SWITCH_START_SECONDS && /Region switch/.test(x.what)));
        assert.ok(!s.steps.some((x) => /probe|failover function/.test(x.what)));
        assert.ok(s.notes.some((n) => /reserves no capacity .* never scales it down/.test(n)));
        assert.ok(s.notes.some((n) => /Plan "global-rs-promote" promotes/.test(n)), s.notes.join("\n"));
        const cp = scenario(rs.resilience, "control-plane:us-east-1");
        assert.ok(cp.notes.some((n) => /Region switch's control plane is in us-east-1/.test(n)));
        assert.ok(cp.findings.some((f) => f.level === "advisory" && f.name === "global-us-east-2-unhealthy"), "the trigger alarm is in us-east-1");
    });

    for (const [piece, change] of [
        ["its trigger", (r: PlanResource) => ({ ...r, inputs: { ...r.inputs, triggers: [] } })],
        ["its Auto Scaling block", (r: PlanResource) => ({ ...r, inputs: { ...r.inputs, workflows: (r.inputs.workflows as any[]).map((w) => ({ ...w, steps: w.steps.filter((s: any) => s.executionBlockType !== "EC2AutoScaling") })) } })],
    ] as const) {
        it(`a wake plan without ${piece} wakes nothing: the pilot light's region failure fails static stability`, () => {
            const s = scenario(assess(without(rs.resources, (r) => r.type === "aws:arcregionswitch/plan:Plan" && r.name === "global-rs", change)), "region:us-east-2");
            assert.equal(s.stability, "fail");
            assert.ok(s.findings.some((f) => f.level === "mandatory" && f.name === "us-west-2-asg" && /nothing wakes it/.test(f.message)), JSON.stringify(s.findings));
        });
    }

    it("prices the accelerator's hour and each Region switch plan in the global estimate, with the data-transfer premium as usage", () => {
        const global = (p: PlanResult) => p.resilience.cost.regions.find((r) => r.region === "global");
        const gaLine = global(ga)?.lines.find((l) => /Global Accelerator/.test(l.item));
        assert.deepEqual([gaLine?.monthlyUsd, gaLine?.basis], [18.25, "1 x 730 h x $0.025"]);
        assert.ok(global(ga)?.usage.some((u) => /data-transfer premium/.test(u)));
        const plans = global(rs)?.lines.find((l) => /Region switch plans/.test(l.item));
        assert.deepEqual([plans?.monthlyUsd, plans?.status], [140, "unconfirmed"]);
    });

    it("the side-by-side covers each front door with each engine; the stack's own row is its scenario and its estimate", () => {
        for (const [p, primary] of [[ga, "region:us-east-1"], [rs, "region:us-east-2"]] as const) {
            const o = p.resilience.options;
            assert.deepEqual(o.map((x) => `${x.frontDoor} ${x.engine}`), ["dns function", "dns arc-region-switch", "global-accelerator function", "global-accelerator arc-region-switch"]);
            const current = o.filter((x) => x.current);
            assert.equal(current.length, 1);
            assert.equal(current[0].rtoSeconds, scenario(p.resilience, primary).rtoSeconds);
            assert.equal(current[0].monthlyUsd, p.resilience.cost.totalUsd);
        }
        const warm = ga.resilience.options;
        assert.ok(warm.filter((x) => x.frontDoor === "global-accelerator").every((x) => x.rtoSeconds <= 60));
        assert.ok(warm.filter((x) => x.frontDoor === "dns").every((x) => x.rtoSeconds === 90));
        const cost = (fd: string, e: string) => warm.find((x) => x.frontDoor === fd && x.engine === e)?.monthlyUsd ?? NaN;
        assert.equal(Math.round((cost("global-accelerator", "function") - cost("dns", "function")) * 100), 1825);
        // Region switch in place of the function: one plan ($70) for the function's and the probe's keys and alarms.
        assert.equal(Math.round((cost("dns", "arc-region-switch") - cost("dns", "function")) * 100), (70 - (3 * 1 + 5 * 0.1)) * 100);
    });

    it("the function's fixed items the side-by-side prices are the ones the program deploys", async () => {
        const run = await stackRun("examples/warm-standby.yaml");
        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        const under = (component: string, type: string) => run.resources.filter((r) => {
            if (r.type !== type) return false;
            for (let p = r.parent; p; p = byUrn.get(p)?.parent) if (byUrn.get(p)?.type === component) return true;
            return false;
        }).length;
        const count = (component: string) => ({ kmsKeys: under(component, "aws:kms/key:Key"), alarms: under(component, "aws:cloudwatch/metricAlarm:MetricAlarm") });
        assert.deepEqual(count("ha-web-tier:index:FailoverFunction"), FUNCTION_FIXED);
        assert.deepEqual(count("ha-web-tier:index:PrimaryProbe"), PROBE_FIXED);
    });

    it("the Markdown summary and the HTML page show the side-by-side table, the stack's own row marked", async () => {
        const md = renderMarkdown("global-accelerator", ga.resilience);
        assert.match(md, /^\| Global Accelerator \(this stack\) \| failover function \| 44 s \| \$379\.09 \+ usage \|/m);
        assert.equal(md.split("\n").filter((l) => /^\| (Route 53 records|Global Accelerator)/.test(l)).length, 4);
        const html = await renderHtml({ stack: "global-accelerator", configFile: "examples/global-accelerator.yaml", resources: ga.resources,
            violations: [], summary: { result: "pass", resources: ga.resources.length, regions: ga.summary.regions, mandatory: 0, advisory: 0 }, resilience: ga.resilience });
        assert.equal((html.match(/<tr class="path-option"/g) ?? []).length, 4);
        assert.equal((html.match(/data-current="true"/g) ?? []).length, 1);
    });
});
