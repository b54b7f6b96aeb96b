/**
 * Red-team attacks on the final gRPC deferral of the offline plan (cc6f25d): the SDK's and the policy
 * server's references to gRPC are stand-ins, and the policy server's `AnalyzerService` comes from a copy
 * of the generated file run apart. The plan must give the verdict `pulumi preview --policy-pack policy`
 * gives; each test failed at cc6f25d and passed at b8a195b (the copy now runs with node:vm, as the policy
 * server loads). Fixtures are under test/fixtures/redteam22d/.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ROOT } from "../mocks";
import { planOf, type Finished as Planned } from "../redteam22/run";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam22d");

/** Plans a fixture of this folder. */
const plan = (fixture: string, env?: NodeJS.ProcessEnv): Promise<Planned> => planOf(path.join(FIXTURES, fixture), env);

/** Plans a fixture in a Node started with `--disallow-code-generation-from-strings` (as NODE_OPTIONS sets it). */
function planHardened(fixture: string): Promise<Planned> {
    const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --disallow-code-generation-from-strings`.trim() };
    return plan(fixture, env);
}

describe("red team 22d: the plan's verdict does not depend on gRPC being deferred", function () {
    this.timeout(30_000);
    let hardenedPublic: Planned;
    let hardenedAccepted: Planned;
    let replacedEmpty: Planned;
    before(async () => {
        [hardenedPublic, hardenedAccepted, replacedEmpty] = await Promise.all([
            planHardened("public-instance.ts"), planHardened("accepted.ts"), plan("replaced-empty.ts"),
        ]);
    });

    it("under a Node that disallows code generation from strings, the plan still fails where pulumi preview --policy-pack policy fails (a verdict, not a policy-pack error)", () => {
        const { status, out, stdout } = hardenedPublic;
        assert.match(stdout, /^FAIL /m, out);
        assert.match(stdout, /MANDATORY/, out);
        assert.equal(status, 1, out);
    });

    it("under a Node that disallows code generation from strings, a program the pack accepts still passes", () => {
        const { status, out, stdout } = hardenedAccepted;
        assert.match(stdout, /^PASS /m, out);
        assert.equal(status, 0, out);
    });

    it("the policy gate's analyzer service is the one @pulumi/policy loaded with, so a program that later replaces google-protobuf's Empty still gets preview's verdict", () => {
        const { status, out, stdout } = replacedEmpty;
        assert.match(stdout, /^FAIL /m, out);
        assert.equal(status, 1, out);
    });
});
