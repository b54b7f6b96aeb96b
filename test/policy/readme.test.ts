import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy/policies";
import { ROOT } from "../mocks";

/** The README's policy table: one row per rule, `| \`name\` (stack) | level | ...`. */
function policyRows(readme: string): Map<string, { stack: boolean; level: string }> {
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)`( \(stack\))? \| (mandatory|advisory) \|/gm)];
    return new Map(rows.map((m) => [m[1], { stack: m[2] !== undefined, level: m[3] }]));
}

describe("README policy table", () => {
    const rows = policyRows(fs.readFileSync(path.join(ROOT, "docs", "policy-pack.md"), "utf8"));

    it("lists every rule of the pack with its enforcement level and whether it is a stack rule", () => {
        const actual = policies.map((p) => `${p.name} ${p.enforcementLevel}${"validateStack" in p ? " (stack)" : ""}`);
        const documented = policies.map((p) => {
            const row = rows.get(p.name);
            return row ? `${p.name} ${row.level}${row.stack ? " (stack)" : ""}` : `${p.name} (no row)`;
        });
        assert.deepEqual(documented, actual);
    });

    it("names no rule the pack does not have", () => {
        const names = new Set(policies.map((p) => p.name));
        assert.deepEqual([...rows.keys()].filter((n) => !names.has(n)), []);
    });
});
