/**
 * src/index.ts is the library face: nothing but exports from the components' own modules, each component
 * introduced by a doc comment.
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as lib from "../../src/index";
import { ROOT } from "../mocks";

const text = fs.readFileSync(path.join(ROOT, "src", "index.ts"), "utf8");
/** The statements of src/index.ts, comments removed, joined onto one line each. */
const statements = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "").split(";").map((s) => s.replace(/\s+/g, " ").trim()).filter(Boolean);

describe("the library face (src/index.ts)", () => {
    it("holds only re-exports from the library's own modules (no import run for its effects, no code)", () => {
        const others = statements.filter((s) => !/^export (type )?\{[^}]*\} from "\.\/(region|image|failover|frontdoor|data|observability)\/\w+"$/.test(s));
        assert.deepEqual(others, []);
    });

    it("introduces every component it exports with a doc comment on the line above its export", () => {
        const components = Object.entries(lib).filter(([, v]) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource).map(([k]) => k);
        const lines = text.split("\n");
        const undocumented = components.filter((name) => {
            const i = lines.findIndex((l) => l === `export { ${name} } from ${/from (".*")/.exec(l)?.[1] ?? ""};`);
            return i < 1 || !lines[i - 1].trimEnd().endsWith("*/");
        });
        assert.deepEqual(undocumented, []);
        assert.ok(components.length >= 14, `only ${components.length} components exported`);
    });
});
