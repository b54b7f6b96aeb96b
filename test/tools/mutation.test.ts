/**
 * `npm run mutate`'s own pieces, without running Stryker: the checker's tsconfig covers exactly what is
 * mutated, every listed equivalent mutant still exists in its file, and the survivors check judges a
 * report as the docs say (kill rate per file, unexplained survivors, stale entries).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { check, MIN_KILL_RATE, parseEquivalents, render, type Report, type ReportMutant } from "../../tools/mutation/survivors";

const ROOT = path.resolve(__dirname, "..", "..");

const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const config = JSON.parse(read("stryker.config.json")) as { mutate: string[]; mochaOptions: { spec: string[]; ignore?: string[] } };

/** A mutant of `source` replacing the first occurrence of `original` on `line` (1-based). */
function mutant(source: string, line: number, original: string, replacement: string, status: string, mutatorName = "ConditionalExpression"): ReportMutant {
    const column = (source.split("\n")[line - 1] ?? "").indexOf(original) + 1;
    assert.ok(column > 0, `${original} not on line ${line}`);
    return { mutatorName, replacement, status, location: { start: { line, column }, end: { line, column: column + original.length } } };
}

const SOURCE = "export function f(k: number): number {\n    return k < 0 ? 0 : k;\n}\n";
const reason = "k is never negative here: it is an index the caller found";

describe("npm run mutate", () => {
    it("the TypeScript checker checks every mutated file but those of functions/ and stack/config/ (too large a program)", () => {
        const tsconfig = JSON.parse(read("tsconfig.mutation.json")) as { include: string[] };
        const unchecked = (f: string): boolean => f.startsWith("functions/") || f.startsWith("stack/config/");
        assert.deepEqual([...tsconfig.include].sort(), config.mutate.filter((f) => !unchecked(f)).sort());
    });

    it("every listed equivalent mutant names a mutated file and code that is still in it", () => {
        const entries = parseEquivalents(read("tools/mutation/equivalent-mutants.yaml"));
        const norm = (s: string): string => s.replace(/\s+/g, " ");
        for (const e of entries) {
            assert.ok(config.mutate.some((g) => g === e.file || (g.endsWith("/**/*.ts") && e.file.startsWith(g.slice(0, -"**/*.ts".length)))), `${e.file} is not mutated`);
            assert.ok(norm(read(e.file)).includes(norm(e.original)), `${e.file} no longer contains ${JSON.stringify(e.original)}`);
        }
    });

    it("the run's spec leaves out no test of the folders it names", () => {
        assert.deepEqual(config.mochaOptions.ignore ?? [], []);
    });

    it("a survivor listed as equivalent is explained; one that is not fails the check, naming where it is", () => {
        const report: Report = { files: { "src/f.ts": { source: SOURCE, mutants: [
            ...Array.from({ length: 18 }, () => mutant(SOURCE, 2, "k", "-k", "Killed", "UnaryOperator")),
            mutant(SOURCE, 2, "k < 0", "false", "Survived"),
            mutant(SOURCE, 2, "k < 0", "k <= 0", "Survived", "EqualityOperator"),
        ] } } };
        const listed = [{ file: "src/f.ts", mutator: "ConditionalExpression", original: "k < 0", replacement: "false", reason }];
        const result = check(report, listed);
        assert.deepEqual(result.files.map((f) => [f.killed, f.survived, f.equivalent, f.unexplained.length]), [[18, 2, 1, 1]]);
        assert.equal(result.files[0]?.rate, 18 / 20);
        const { text, ok } = render(result);
        assert.equal(ok, false);
        assert.match(text, /src\/f\.ts:2 {2}EqualityOperator: "k < 0" -> "k <= 0"/);
        assert.equal(render(check(report, [...listed, { ...listed[0], mutator: "EqualityOperator", replacement: "k <= 0" }])).ok, true);
    });

    it("an entry matches by code, not by line: the same mutant moved down the file is still explained", () => {
        const moved = `// a comment\n${SOURCE}`;
        const report: Report = { files: { "src/f.ts": { source: moved, mutants: [
            ...Array.from({ length: 9 }, () => mutant(moved, 3, "k", "-k", "Killed", "UnaryOperator")),
            mutant(moved, 3, "k < 0", "false", "Survived"),
        ] } } };
        assert.equal(render(check(report, [{ file: "src/f.ts", mutator: "ConditionalExpression", original: "k  <  0", replacement: "false", reason }])).ok, true);
    });

    it(`a file under ${MIN_KILL_RATE * 100} % fails even when every survivor is listed; mutants no test reaches count as survivors`, () => {
        const report: Report = { files: { "src/f.ts": { source: SOURCE, mutants: [
            ...Array.from({ length: 8 }, () => mutant(SOURCE, 2, "k", "-k", "Timeout", "UnaryOperator")),
            mutant(SOURCE, 2, "k < 0", "false", "NoCoverage"),
            mutant(SOURCE, 2, "0", "1", "Survived", "NumberLiteral"),
            mutant(SOURCE, 2, "k", "-k", "CompileError", "UnaryOperator"),
        ] } } };
        const listed = [
            { file: "src/f.ts", mutator: "ConditionalExpression", original: "k < 0", replacement: "false", reason },
            { file: "src/f.ts", mutator: "NumberLiteral", original: "0", replacement: "1", reason },
        ];
        const result = check(report, listed);
        assert.equal(result.files[0]?.rate, 8 / 10, "compile errors are not mutants the tests face");
        const { text, ok } = render(result);
        assert.equal(ok, false);
        assert.match(text, /src\/f\.ts: 80\.0 % of its mutants killed, under 90 %/);
    });

    it("an entry that no longer survives is stale and fails the check; entries of files the run did not mutate are not judged", () => {
        const report: Report = { files: { "src/f.ts": { source: SOURCE, mutants: [mutant(SOURCE, 2, "k < 0", "false", "Killed")] } } };
        const entry = { file: "src/f.ts", mutator: "ConditionalExpression", original: "k < 0", replacement: "false", reason };
        const other = { ...entry, file: "src/g.ts" };
        const result = check(report, [entry, other]);
        assert.deepEqual(result.stale, [entry]);
        assert.match(render(result).text, /no longer surviving[\s\S]*src\/f\.ts {2}ConditionalExpression: "k < 0" -> "false"/);
    });

    it("an entry without a reason, or with a field the list does not know, is refused by name", () => {
        assert.throws(() => parseEquivalents("- { file: a.ts, mutator: M, original: x, replacement: y, reason: short }"), /\[0\.reason\] say why/);
        assert.throws(() => parseEquivalents(`- { file: a.ts, mutator: M, original: x, replacement: y, reason: "${reason}", line: 3 }`), /\[0\]/);
        assert.deepEqual(parseEquivalents("[]"), []);
    });
});
