/**
 * Reads StrykerJS's JSON report and the checked-in list of equivalent mutants (equivalent-mutants.yaml):
 * prints each mutated file's kill rate, and fails when a file is under the bar, when a mutant survives
 * that the list does not explain, or when the list explains a mutant that no longer survives.
 * `npm run mutate` runs it after Stryker; `node tools/run-ts.js tools/mutation/survivors.ts` reruns it alone.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { z } from "zod";

/** The least share of a file's mutants (survivors listed as equivalent count as survivors) that tests must kill. */
export const MIN_KILL_RATE = 0.9;

/** One mutant as Stryker's JSON report (mutation-testing-report-schema) holds it, with the fields read here. */
export interface ReportMutant {
    mutatorName: string;
    replacement?: string;
    status: string;
    location: { start: { line: number; column: number }; end: { line: number; column: number } };
}

/** Stryker's JSON report: per file, its source and its mutants. */
export interface Report {
    files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

const entrySchema = z.object({
    file: z.string().min(1),
    mutator: z.string().min(1),
    original: z.string().min(1),
    replacement: z.string(),
    reason: z.string().min(20, "say why the mutant cannot change behaviour"),
}).strict();

/** A surviving mutant that cannot change behaviour, and why: matched by file, mutator and text, not by line. */
export type Equivalent = z.infer<typeof entrySchema>;

/** Parses the list of equivalent mutants; throws naming each bad entry. */
export function parseEquivalents(text: string): Equivalent[] {
    const parsed = z.array(entrySchema).safeParse(parse(text) ?? []);
    if (!parsed.success) {
        throw new Error(`equivalent-mutants.yaml: ${parsed.error.issues.map((i) => `[${i.path.join(".")}] ${i.message}`).join("; ")}`);
    }
    return parsed.data;
}

/** The source text a mutant replaces (report locations are 1-based, end exclusive). */
export function originalText(source: string, m: ReportMutant): string {
    const lines = source.split("\n");
    const { start, end } = m.location;
    if (start.line === end.line) {
        return (lines[start.line - 1] ?? "").slice(start.column - 1, end.column - 1);
    }
    return [(lines[start.line - 1] ?? "").slice(start.column - 1), ...lines.slice(start.line, end.line - 1), (lines[end.line - 1] ?? "").slice(0, end.column - 1)].join("\n");
}

/** Whitespace-insensitive form of code, so re-indenting a file keeps its entries. */
const norm = (code: string): string => code.replace(/\s+/g, " ").trim();

/** A surviving mutant, for people: where, which mutator, what it replaced with what. */
export interface Survivor {
    file: string;
    line: number;
    mutator: string;
    status: string;
    original: string;
    replacement: string;
}

/** What one file's mutants came to. */
export interface FileResult {
    file: string;
    killed: number;
    survived: number;
    /** Killed over killed plus survived (timeouts count as killed, mutants no test reaches as survivors), as Stryker's score. */
    rate: number;
    /** Survivors the list explains. */
    equivalent: number;
    /** Survivors it does not. */
    unexplained: Survivor[];
}

/** The whole check: per file, and the list's entries that match no survivor of a file in the report. */
export interface CheckResult {
    files: FileResult[];
    stale: Equivalent[];
}

const KILLED = new Set(["Killed", "Timeout"]);
const SURVIVED = new Set(["Survived", "NoCoverage"]);

/** Compares the report's survivors with the list. Files not in the report (a run of some files only) are not judged. */
export function check(report: Report, equivalents: Equivalent[]): CheckResult {
    const used = new Set<Equivalent>();
    const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b)).map(([file, { source, mutants }]): FileResult => {
        const killed = mutants.filter((m) => KILLED.has(m.status)).length;
        const survivors = mutants.filter((m) => SURVIVED.has(m.status)).map((m): Survivor => ({
            file, line: m.location.start.line, mutator: m.mutatorName, status: m.status, original: originalText(source, m), replacement: m.replacement ?? "",
        }));
        const unexplained = survivors.filter((s) => {
            const entry = equivalents.find((e) => e.file === file && e.mutator === s.mutator && norm(e.original) === norm(s.original) && norm(e.replacement) === norm(s.replacement));
            if (entry) used.add(entry);
            return !entry;
        });
        const total = killed + survivors.length;
        return { file, killed, survived: survivors.length, rate: total === 0 ? 1 : killed / total, equivalent: survivors.length - unexplained.length, unexplained };
    });
    const stale = equivalents.filter((e) => !used.has(e) && e.file in report.files);
    return { files, stale };
}

/** The check as text, and whether it passes. */
export function render(result: CheckResult): { text: string; ok: boolean } {
    const lines = ["File                                      Killed  Survived  Kill rate  Equivalent  Unexplained"];
    for (const f of result.files) {
        lines.push(`${f.file.padEnd(42)}${String(f.killed).padStart(6)}  ${String(f.survived).padStart(8)}  ${`${(f.rate * 100).toFixed(1)} %`.padStart(9)}  ${String(f.equivalent).padStart(10)}  ${String(f.unexplained.length).padStart(11)}`);
    }
    const low = result.files.filter((f) => f.rate < MIN_KILL_RATE);
    const unexplained = result.files.flatMap((f) => f.unexplained);
    for (const f of low) {
        lines.push(`${f.file}: ${(f.rate * 100).toFixed(1)} % of its mutants killed, under ${MIN_KILL_RATE * 100} %.`);
    }
    if (unexplained.length > 0) {
        lines.push("", `Surviving mutants not listed in tools/mutation/equivalent-mutants.yaml (kill each with a test, or list it with why it cannot change behaviour):`);
        for (const s of unexplained) {
            lines.push(`  ${s.file}:${s.line}  ${s.mutator}${s.status === "NoCoverage" ? " (no test reaches it)" : ""}: ${JSON.stringify(s.original)} -> ${JSON.stringify(s.replacement)}`);
        }
    }
    if (result.stale.length > 0) {
        lines.push("", "Listed as equivalent but no longer surviving (remove them from tools/mutation/equivalent-mutants.yaml):");
        for (const e of result.stale) {
            lines.push(`  ${e.file}  ${e.mutator}: ${JSON.stringify(e.original)} -> ${JSON.stringify(e.replacement)}`);
        }
    }
    return { text: lines.join("\n"), ok: low.length === 0 && unexplained.length === 0 && result.stale.length === 0 };
}

function main(): number {
    const root = path.join(__dirname, "..", "..");
    const reportFile = path.join(root, "reports", "mutation", "mutation.json");
    if (!fs.existsSync(reportFile)) {
        process.stderr.write(`error: no mutation report at ${path.relative(root, reportFile)}; run npm run mutate first\n`);
        return 64;
    }
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as Report;
    const equivalents = parseEquivalents(fs.readFileSync(path.join(__dirname, "equivalent-mutants.yaml"), "utf8"));
    const { text, ok } = render(check(report, equivalents));
    process.stdout.write(`${text}\n`);
    return ok ? 0 : 1;
}

if (process.argv[1] === __filename) {
    process.exitCode = main();
}
