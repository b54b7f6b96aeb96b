/**
 * Upgrading never replaces what a stack already has: every URN a shipped stack had when its baseline
 * was recorded (test/fixtures/urns/) is still taken over by a registration of today's program, by its
 * URN or by an alias, paired the way the engine pairs them.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { RecordedResource } from "../../tools/engine/recorded";
import { ROOT } from "../mocks";
import { pairWithOld } from "./stateDiff";
import { STACK_FILES, stackRun } from "./stackRuns";

const BASELINES = path.join(ROOT, "test", "fixtures", "urns");

/** The baseline's URNs for a stack file: `Pulumi.prod.yaml` -> `Pulumi.prod.txt`, `examples/x.yaml` -> `x.txt`. */
function baseline(file: string): string[] | undefined {
    const f = path.join(BASELINES, `${path.basename(file, ".yaml")}.txt`);
    return fs.existsSync(f) ? fs.readFileSync(f, "utf8").split("\n").filter(Boolean) : undefined;
}

/** The baseline URNs no registration of `news` takes over: each would be deleted by `pulumi up` (and its replacement created). */
function lost(old: string[], news: RecordedResource[]): string[] {
    const olds = old.map((urn) => ({ urn }) as RecordedResource);
    const taken = new Set(pairWithOld(olds, news).values());
    return old.filter((u) => !taken.has(u));
}

describe("URNs across versions", function () {
    this.timeout(60_000);

    it("every shipped stack has a recorded URN baseline (record a new one with `npm run urns -- <stack file>`)", () => {
        assert.deepEqual(STACK_FILES.filter((f) => !baseline(f)), []);
    });

    for (const file of STACK_FILES) {
        it(`${file}: every resource of its baseline is kept (same URN or an alias), none replaced`, async function () {
            const old = baseline(file);
            if (!old) this.skip();
            const run = await stackRun(file);
            assert.deepEqual(lost(old, run.resources), []);
        });
    }

    it("a resource renamed without an alias is caught as lost, and the alias the engine would follow keeps it", async () => {
        const run = await stackRun("Pulumi.prod.yaml");
        const old = baseline("Pulumi.prod.yaml") ?? [];
        const victim = run.resources.find((r) => r.type === "aws:autoscaling/group:Group");
        assert.ok(victim);
        const renamedUrn = victim.urn.replace(/::([^:]+)$/, "::$1-renamed");
        const renamed = run.resources.map((r) => r === victim ? { ...r, urn: renamedUrn, name: `${r.name}-renamed` } : r);
        assert.deepEqual(lost(old, renamed), [victim.urn]);
        const aliased = run.resources.map((r) => r === victim
            ? { ...r, urn: renamedUrn, name: `${r.name}-renamed`, options: { ...r.options, aliases: [victim.urn] } } : r);
        assert.deepEqual(lost(old, aliased), []);
    });
});
