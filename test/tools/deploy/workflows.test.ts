/**
 * From clone to deployed: the Node release is enforced, and the workflows preview and deploy every
 * stack with either backend, creating a stack the backend does not have yet.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { ROOT } from "../../mocks";

const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
const steps = (file: string, job: string): Step[] => (parse(read(file)) as { jobs: Record<string, { steps: Step[] }> }).jobs[job]?.steps ?? [];

describe("from clone to deployed", () => {
    it("npm refuses a Node release other than the .nvmrc major, and the README says how to get it", () => {
        assert.match(read(".npmrc"), /^engine-strict=true$/m);
        const major = read(".nvmrc").trim().split(".")[0];
        const pkg = JSON.parse(read("package.json")) as { engines: { node: string } };
        assert.equal(pkg.engines.node, `^${major}.0.0`);
        assert.match(read("README.md"), /`nvm install` \(it reads `\.nvmrc`\)/);
    });

    it("the stacks the workflows preview and deploy are every Pulumi.<stack>.yaml", () => {
        const stacks = JSON.parse(execFileSync(path.join(ROOT, ".ci/stacks"), { encoding: "utf8" })) as string[];
        const files = fs.readdirSync(ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).map((f) => f.slice("Pulumi.".length, -".yaml".length));
        assert.deepEqual(stacks.sort(), files.sort());
    });

    for (const [file, job, command] of [[".github/workflows/preview.yml", "preview", "preview"], [".github/workflows/deploy.yml", "up", "up"]] as const) {
        it(`${file} runs pulumi ${command} with either backend, creating a missing stack`, () => {
            const all = steps(file, job);
            const pulumi = all.find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === command);
            assert.ok(pulumi);
            assert.equal(pulumi.with?.upsert, true);
            assert.equal(pulumi.with?.["cloud-url"], "${{ vars.PULUMI_BACKEND_URL }}");
            assert.equal(pulumi.with?.["stack-name"], "${{ env.STACK }}");
            assert.equal(all.find((s) => s.uses?.startsWith("pulumi/auth-actions@"))?.if, "vars.PULUMI_BACKEND_URL == ''");
            assert.match(read(file), /fromJSON\(needs\.\w+\.outputs\.stacks\)/);
        });
    }
});
