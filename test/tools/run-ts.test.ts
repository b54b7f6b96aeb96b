import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");

describe("the TypeScript runner the plan starts with (tools/run-ts.js)", () => {
    it("loads a TypeScript module that a program imports dynamically, as the Pulumi CLI's runtime does", () => {
        const out = spawnSync(process.execPath, ["tools/run-ts.js", "test/fixtures/run-ts/entry.ts"], { cwd: root, encoding: "utf8" });
        assert.equal(out.status, 0, out.stderr);
        assert.equal(out.stdout, "part loaded");
    });
});
