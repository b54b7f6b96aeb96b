/**
 * Red-team attacks on the plan's speedups (struct.ts, register-ts.js's namespace helper, deferred-sdk.ts,
 * progress.ts's stdio baseline, keyOrder.ts): each claims to change nothing a user can observe except
 * time. Each test here is a requirement that held before those commits (2c924ad) and is one a user's
 * program or stack config can reach. Fixtures are under test/fixtures/redteam22/.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluateStack, InvalidConfigError } from "../../tools/engine";
import { configProblems } from "../../tools/plan";
import { ROOT } from "../mocks";
import { factsOf } from "./run";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam22");

describe("red team 22: the plan's speedups change nothing but time", function () {
    this.timeout(20_000);

    it("a program's string literals reach its resources exactly as written, even one holding esbuild's own helper text", () => {
        const file = path.join(FIXTURES, "embedded-bundle.ts");
        // The literal as the source spells it (the file has no escapes or substitutions inside it).
        const source = fs.readFileSync(file, "utf8");
        const written = source.slice(source.indexOf("= `") + 3, source.lastIndexOf("`"));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { handler } = require(file) as { handler: string };
        assert.equal(handler, written);
    });

    it("config problems come out in the order they did before compareKeys (tag keys differing in case, `_` against `-`, a digit against `.`)", async () => {
        let problems: string[] | undefined;
        try {
            await evaluateStack({ program: path.join(ROOT, "stack", "index.ts"), configFile: path.join(FIXTURES, "tag-keys.yaml") });
        } catch (err) {
            assert.ok(err instanceof InvalidConfigError, String(err));
            problems = configProblems(err);
        }
        assert.ok(problems, "the config was accepted");
        const keys = problems.map((p) => p.slice(0, p.indexOf(": ")));
        // What `npm run plan -- --config test/fixtures/redteam22/tag-keys.yaml` printed at 2c924ad
        // (`localeCompare(b, "en", { numeric: true })`).
        assert.deepEqual(keys, [
            "ha-web-tier:regions",
            "ha-web-tier:tags.cost_center",
            "ha-web-tier:tags.cost-center",
            "ha-web-tier:tags.owner",
            "ha-web-tier:tags.Owner",
            "ha-web-tier:tags.s.x",
            "ha-web-tier:tags.s3",
        ]);
    });

    it("while a program loads, pulumi.automation is the Automation API's module object, as under pulumi preview", async () => {
        // A fresh process: this one loaded the SDK before deferred-sdk.ts could stand in for anything.
        const facts = await factsOf(path.join(FIXTURES, "automation-facts.ts"), true);
        // What the same module reports without deferred-sdk.ts (and so under the CLI).
        assert.deepEqual(facts, { typeOf: "object", json: "string", sameModule: true, frozen: true });
    });
});
