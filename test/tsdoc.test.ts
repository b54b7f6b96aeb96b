import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./mocks";

/** The TypeScript files of the program, the pack, the functions and the tools (not tests, not fixtures). */
function sources(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = path.join(dir, e.name);
        if (e.isDirectory()) {
            return e.name === "node_modules" ? [] : sources(rel);
        }
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
    });
}

const files = [
    ...fs.readdirSync(ROOT).filter((f) => f.endsWith(".ts")),
    ...["src", "stack", "functions", "policy", "tools"].flatMap(sources),
];

const DECLARATION = /^export (?:default )?(?:async )?(?:abstract )?(?:function|const|let|class|interface|type|enum) /;
// `export type { X } from "./y"` re-exports a symbol documented where it is declared.
const RE_EXPORT = /^export (?:type )?\{/;

/** Lines of `text` that declare an export with no doc comment right above them. */
function undocumentedExports(text: string): string[] {
    const lines = text.split("\n");
    const out: string[] = [];
    let prev = "";
    for (const line of lines) {
        // A run of exported constants may share one comment (`DIAGRAM_START` and `DIAGRAM_END`).
        const grouped = /^export const /.test(line) && /^export const .*;$/.test(prev);
        if (DECLARATION.test(line) && !RE_EXPORT.test(line) && !prev.trimEnd().endsWith("*/") && !grouped) {
            out.push(line);
        }
        // A lint directive may stand between a doc comment and its declaration.
        if (line.trim() !== "" && !line.trimStart().startsWith("// eslint-")) {
            prev = line;
        }
    }
    return out;
}

/** Fields of exported interfaces with no doc comment right above them. */
function undocumentedFields(text: string): string[] {
    const out: string[] = [];
    let inInterface = "";
    let prev = "";
    for (const line of text.split("\n")) {
        const start = /^export interface (\w+)/.exec(line);
        if (start) {
            inInterface = start[1];
        } else if (inInterface && line.startsWith("}")) {
            inInterface = "";
        } else if (inInterface && /^ {4}(?:readonly )?[A-Za-z_$][\w$]*\??:/.test(line) && !prev.trimEnd().endsWith("*/")) {
            out.push(`${inInterface}.${line.trim()}`);
        }
        if (line.trim() !== "") {
            prev = line;
        }
    }
    return out;
}

describe("TSDoc", () => {
    it("every exported function, component, constant and type has a doc comment", () => {
        const missing = files.flatMap((f) => undocumentedExports(fs.readFileSync(path.join(ROOT, f), "utf8")).map((l) => `${f}: ${l}`));
        assert.deepEqual(missing, []);
    });

    it("every field of the components' and the config's exported interfaces (their args) has a doc comment", () => {
        const scoped = files.filter((f) => f.startsWith(`src${path.sep}`) || f.startsWith(`stack${path.sep}config${path.sep}`));
        const missing = scoped.flatMap((f) => undocumentedFields(fs.readFileSync(path.join(ROOT, f), "utf8")).map((l) => `${f}: ${l}`));
        assert.deepEqual(missing, []);
    });

    it("finds what it checks (the scan sees an undocumented export and field)", () => {
        assert.deepEqual(undocumentedExports("/** Doc. */\nexport function a() {}\n\nexport const b = 1;\n"), ["export const b = 1;"]);
        assert.deepEqual(undocumentedFields("export interface A {\n    /** Doc. */\n    x: number;\n    y?: string;\n}\n"), ["A.y?: string;"]);
        assert.ok(files.length > 50, `only ${files.length} source files found`);
    });
});
