import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const fixtures = path.join(root, "test", "fixtures", "run-ts");

describe("the TypeScript runner the plan starts with (tools/run-ts.js)", () => {
    it("loads a TypeScript module that a program imports dynamically, as the Pulumi CLI's runtime does", () => {
        const out = spawnSync(process.execPath, ["tools/run-ts.js", "test/fixtures/run-ts/entry.ts"], { cwd: root, encoding: "utf8" });
        assert.equal(out.status, 0, out.stderr);
        assert.equal(out.stdout, "part loaded");
    });

    it("a namespace import of a module compiled from ES modules is that module, as under tsc; of any other, a namespace with it as default", () => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const ns = require(path.join(fixtures, "namespaces.ts")) as { compiledNamespace: unknown; plainNamespace: { default: unknown; answer: number } };
        assert.equal(ns.compiledNamespace, require(path.join(fixtures, "esm-compiled.js")));
        assert.equal(ns.plainNamespace.default, require(path.join(fixtures, "plain-cjs.js")));
        /* eslint-enable @typescript-eslint/no-require-imports */
        assert.equal(ns.plainNamespace.answer, 42);
    });

    it("a module required again after its source changed runs the new source", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-ts-"));
        const file = path.join(dir, "changing.ts");
        try {
            /* eslint-disable @typescript-eslint/no-require-imports */
            fs.writeFileSync(file, "export const version: number = 1;\n");
            assert.equal((require(file) as { version: number }).version, 1);
            delete require.cache[file];
            fs.writeFileSync(file, "export const version: number = 2;\n");
            assert.equal((require(file) as { version: number }).version, 2);
            /* eslint-enable @typescript-eslint/no-require-imports */
        } finally {
            delete require.cache[file];
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
