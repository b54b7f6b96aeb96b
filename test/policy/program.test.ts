import { strict as assert } from "assert";
import * as path from "path";
import { policies } from "../../policy/policies";
import { analyze } from "../../tools/plan/analyze";
import { evaluateStack, type ProgramRun } from "../../tools/engine";
import { ROOT } from "../mocks";
import { stackRun } from "../stack/stackRuns";

// The program itself, not hand-built records: what `pulumi preview --policy-pack policy` would judge.
const stacks = ["Pulumi.prod.yaml", "examples/warm-standby.yaml", "examples/active-active.yaml", "examples/single-region.yaml",
    "examples/global-accelerator.yaml", "examples/region-switch.yaml"];
const VIOLATING = "test/fixtures/violating/index.ts";

describe("the program under the policy pack", function () {
    this.timeout(60_000);
    /** Each stack's (and the violating fixture's) resources, evaluated once for the whole file. */
    const runs = new Map<string, ProgramRun>();
    const runOf = (key: string): ProgramRun => {
        const run = runs.get(key);
        assert.ok(run, `${key} was not evaluated`);
        return run;
    };

    before(async () => {
        for (const file of stacks) {
            runs.set(file, await stackRun(file));
        }
        runs.set(VIOLATING, await evaluateStack({ program: path.join(ROOT, VIOLATING), configFile: path.join(ROOT, "Pulumi.prod.yaml") }));
    });

    // Every stack here sets `dns` (prod with a placeholder zone), so all serve HTTPS: not even ELB.1's advisory fires.
    for (const file of stacks) {
        it(`${file} must pass every policy, advisory ones included`, async () => {
            const run = runOf(file);
            // One region's tier alone is about 60 resources.
            assert.ok(run.resources.length > 50, `only ${run.resources.length} resources recorded`);
            const violations = await analyze(run.resources);
            assert.deepEqual(violations.map((v) => `${v.level} ${v.policy} ${v.urn.split("::").pop()}: ${v.message}`), []);
        });
    }

    it("the warm-standby example (DNS and database on) must serve HTTPS and create the database", () => {
        const run = runOf("examples/warm-standby.yaml");
        const https = run.resources.filter((r) => r.type === "aws:lb/listener:Listener" && r.inputs.protocol === "HTTPS");
        assert.equal(https.length, 2);
        assert.ok(run.resources.some((r) => r.type === "aws:rds/instance:Instance"), "the warm-standby example turns the database on");
    });

    it("a program that breaks every mandatory rule must be caught rule by rule", async () => {
        const fired = new Set((await analyze(runOf(VIOLATING).resources)).filter((v) => v.level === "mandatory").map((v) => v.policy));
        const mandatory = policies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name);
        assert.ok(mandatory.length >= 20);
        assert.deepEqual(mandatory.filter((name) => !fired.has(name)), [], "mandatory rules the fixture does not trip");
    });

    it("the program's IAM policies must stay readable by the gate in a first preview, with only ARNs unknown", () => {
        const policiesOf = runOf("examples/warm-standby.yaml").resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
        assert.ok(policiesOf.length >= 5);
        for (const p of policiesOf) {
            const doc = p.inputs.policy as { Statement?: { Action: unknown }[] };
            assert.equal(typeof doc, "object", `${p.name}: the policy is ${JSON.stringify(doc)}, which the gate cannot read`);
            assert.ok(Array.isArray(doc.Statement) && doc.Statement.length > 0, `${p.name} has no statements`);
            for (const st of doc.Statement) {
                assert.ok(([] as unknown[]).concat(st.Action).every((a) => typeof a === "string" && /^[a-z0-9-]+:[A-Za-z*]+$/.test(a)), `${p.name}: ${JSON.stringify(st.Action)}`);
            }
        }
    });
});
