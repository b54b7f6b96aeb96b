/**
 * Red-team attacks on the final gRPC deferral of the offline plan (cc6f25d): the SDK's and the policy
 * server's references to gRPC are stand-ins, and the policy server's `AnalyzerService` comes from a copy
 * of the generated file run apart. The plan must give the verdict `pulumi preview --policy-pack policy`
 * gives; each test failed at cc6f25d and passed at b8a195b. Fixtures are under test/fixtures/redteam22d/.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../mocks";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam22d");
const CONFIG = path.join(ROOT, "test", "fixtures", "plan", "fail-closed", "stack.yaml");

/** Plans a fixture; returns the exit status, all its output, and its stdout. */
function plan(fixture: string, env: NodeJS.ProcessEnv = process.env) {
    const child = spawnSync(process.execPath, ["tools/run-ts.js", "tools/plan/index.ts",
        "--program", path.join(FIXTURES, fixture), "--config", CONFIG], { cwd: ROOT, encoding: "utf8", env });
    return { status: child.status, out: child.stdout + child.stderr, stdout: child.stdout };
}

/** Plans a fixture in a Node started with `--disallow-code-generation-from-strings` (as NODE_OPTIONS sets it). */
function planHardened(fixture: string) {
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --disallow-code-generation-from-strings`.trim() };
    return plan(fixture, env);
}

describe("red team 22d: the plan's verdict does not depend on gRPC being deferred", function () {
    this.timeout(30_000);

    it("under a Node that disallows code generation from strings, the plan still fails where pulumi preview --policy-pack policy fails (a verdict, not a policy-pack error)", () => {
        const { status, out, stdout } = planHardened("public-instance.ts");
        assert.match(stdout, /^FAIL /m, out);
        assert.match(stdout, /MANDATORY/, out);
        assert.equal(status, 1, out);
    });

    it("under a Node that disallows code generation from strings, a program the pack accepts still passes", () => {
        const { status, out, stdout } = planHardened("accepted.ts");
        assert.match(stdout, /^PASS /m, out);
        assert.equal(status, 0, out);
    });

    it("the policy gate's analyzer service is the one @pulumi/policy loaded with, so a program that later replaces google-protobuf's Empty still gets preview's verdict", () => {
        const { status, out, stdout } = plan("replaced-empty.ts");
        assert.match(stdout, /^FAIL /m, out);
        assert.equal(status, 1, out);
    });
});
