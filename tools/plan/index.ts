/**
 * `npm run plan`: what a stack would deploy and whether it passes the policy pack, offline: no
 * Pulumi CLI, no plugins, no cloud account. Evaluates the program under the recording engine in
 * preview mode, runs the CrossGuard pack over the recorded resources through @pulumi/policy's own
 * analyzer handlers, assesses resilience (tools/resilience/), and prints a tree, the verdicts, the
 * failure scenarios and cost, and a one-line summary.
 *
 * Exit codes: 0 clean (advisory findings allowed), 1 a mandatory policy failed or a region or AZ
 * scenario has a static-stability finding (or the pack itself failed), 2 invalid stack config or
 * usage (or a clean plan whose `--json`, `--html` or `--markdown` file cannot be written),
 * 3 the program threw, 4 the plan tool itself failed (a bug here, not in the program).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { analyze } from "./analyze";
import { evaluateStack, InvalidConfigError, ProgramError } from "../engine";
import { buildPlanResult, renderText, type PlanResult } from "./report";
import { StackConfigFileError } from "../engine/stack-config";
import { renderHtml } from "../resilience/html";
import { renderMarkdown } from "../resilience/report";

/** Exit codes, as CI and the README document them. */
export const EXIT = { clean: 0, mandatory: 1, invalidConfig: 2, programThrew: 3, internalError: 4 } as const;

/** Command-line options of the plan. */
export interface PlanOptions {
    /** Stack name; its config is `Pulumi.<stack>.yaml`. Default `prod`. */
    stack?: string;
    /** Any stack config file; overrides the stack's own file. */
    config?: string;
    /** Program entry file. Default `index.ts`. */
    program?: string;
    /** Where {@link main} writes the JSON result, after printing the text. */
    json?: string;
    /** Where {@link main} writes the self-contained HTML page (diagram, scenarios, findings, cost, verdicts). */
    html?: string;
    /** Where {@link main} writes the Markdown summary (scenario table, findings, cost), e.g. for a CI job summary. */
    markdown?: string;
}

/** What a plan run ends with: the exit code, the text for people, and the result when there is one. */
export interface PlanOutcome {
    exitCode: number;
    text: string;
    result?: PlanResult;
}

const USAGE = `usage: npm run plan -- [--stack <name>] [--config <file>] [--program <file>] [--json <file>] [--html <file>] [--markdown <file>]
  --stack <name>     plan Pulumi.<name>.yaml (default: prod)
  --config <file>    plan any stack config file, e.g. examples/active-active.yaml
  --program <file>   the program to evaluate (default: index.ts)
  --json <file>      also write the result as JSON
  --html <file>      also write one self-contained page: diagram, failure scenarios, findings, cost, verdicts
  --markdown <file>  also write the resilience summary as Markdown (a CI job summary)`;

/** Parses argv; throws a usage message on anything it does not know. */
export function parseArgs(argv: readonly string[]): PlanOptions {
    const opts: PlanOptions = {};
    const keys: Record<string, keyof PlanOptions> = {
        "--stack": "stack", "--config": "config", "--program": "program", "--json": "json", "--html": "html", "--markdown": "markdown",
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? "";
        const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const key = keys[flag];
        if (!key) {
            throw new Error(arg === "--help" || arg === "-h" ? USAGE : `unknown argument ${arg}\n${USAGE}`);
        }
        const value = inline ?? argv[++i];
        if (!value || value.startsWith("--")) {
            throw new Error(`${flag} needs a value\n${USAGE}`);
        }
        opts[key] = value;
    }
    return opts;
}

/**
 * Plans a stack in-process and returns the outcome; never exits the process and writes no file
 * ({@link main} writes `--json` after printing, so a bad path cannot hide the verdicts). Throws only
 * on a failure of the plan tool itself. `gate` is replaceable so tests can run a pack that crashes.
 */
export async function runPlan(opts: PlanOptions, gate: typeof analyze = analyze): Promise<PlanOutcome> {
    const program = opts.program ?? "index.ts";
    const configFile = opts.config ?? `Pulumi.${opts.stack ?? "prod"}.yaml`;
    if (!fs.existsSync(program)) {
        return { exitCode: EXIT.invalidConfig, text: `error: program ${program} not found\n${USAGE}` };
    }
    let run: Awaited<ReturnType<typeof evaluateStack>>;
    try {
        // Without --stack the stack is named after its file (`Pulumi.prod.yaml` -> prod), as the CLI does.
        run = await evaluateStack({ program, configFile, stack: opts.stack });
    } catch (err) {
        if (err instanceof InvalidConfigError) {
            return { exitCode: EXIT.invalidConfig, text: [`error: ${configFile} is not a valid stack config:`, ...err.problems.map((p) => `  ${p}`)].join("\n") };
        }
        if (err instanceof StackConfigFileError) {
            return { exitCode: EXIT.invalidConfig, text: `error: ${err.message}` };
        }
        if (err instanceof ProgramError) {
            const lines = [`error: the program threw${err.building ? ` while building ${err.building}` : ""}${err.location ? ` at ${err.location}` : ""}:`,
                ...err.message.split("\n").map((l) => `  ${l}`),
                `(${err.resources.length} resources had been registered)`];
            return { exitCode: EXIT.programThrew, text: lines.join("\n") };
        }
        throw err;
    }
    let violations;
    try {
        violations = await gate(run.resources, { stack: run.stack, project: run.project });
    } catch (err) {
        // A policy that crashes blocks `pulumi preview --policy-pack` too; the gate must not pass.
        return { exitCode: EXIT.mandatory, text: `error: the policy pack failed: ${(err as Error).message}` };
    }
    const result = buildPlanResult({
        stack: run.stack, project: run.project, configFile, program,
        resources: run.resources, violations, outputs: run.outputs, secrets: run.secrets, diagnostics: run.diagnostics,
    });
    return { exitCode: result.summary.result === "fail" ? EXIT.mandatory : EXIT.clean, text: renderText(result), result };
}

/**
 * Writes the JSON result. Returns the one line to print instead of throwing: an unwritable path is
 * the caller's mistake, not a crash, and needs no stack trace.
 */
export function writeJson(file: string, result: PlanResult): string | undefined {
    return writeOutput(file, "the JSON result", JSON.stringify(result, null, 2) + "\n");
}

/** Writes one output file; returns the line to print when it cannot be written. */
function writeOutput(file: string, what: string, text: string): string | undefined {
    try {
        fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
        fs.writeFileSync(file, text);
        return undefined;
    } catch (err) {
        const e = err as NodeJS.ErrnoException;
        // mkdir's EEXIST ("file already exists") means a file sits where a directory must be.
        const reason = e.code === "EEXIST" && e.path ? `${e.path} is a file, not a directory`
            : err instanceof Error ? err.message.split("\n")[0] : String(err);
        return `error: cannot write ${what} to ${file}: ${reason}`;
    }
}

/**
 * What to print when the plan tool itself fails, worded so nobody goes looking for the bug in their
 * program or config; the trace is kept because it points into `tools/`.
 */
export function internalErrorText(err: unknown): string {
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return `error: the offline plan tool itself failed (a bug in tools/, not in your program or stack config):\n${detail}`;
}

/**
 * The command: parse, plan, print, then write `--json`; returns the exit code. `plan` is replaceable
 * so tests can make the tool itself fail.
 */
export async function main(argv: readonly string[], plan: (opts: PlanOptions) => Promise<PlanOutcome> = runPlan): Promise<number> {
    let opts: PlanOptions;
    try {
        opts = parseArgs(argv);
    } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
        return EXIT.invalidConfig;
    }
    let outcome: PlanOutcome;
    try {
        outcome = await plan(opts);
    } catch (err) {
        process.stderr.write(internalErrorText(err) + "\n");
        return EXIT.internalError;
    }
    (outcome.exitCode === EXIT.clean || outcome.result ? process.stdout : process.stderr).write(outcome.text + "\n");
    const result = outcome.result;
    if (result) {
        const writes: [string | undefined, () => string | undefined][] = [
            [opts.json, () => writeJson(opts.json ?? "", result)],
            [opts.html, () => writeOutput(opts.html ?? "", "the HTML page", renderHtml(result))],
            [opts.markdown, () => writeOutput(opts.markdown ?? "", "the Markdown summary", renderMarkdown(result.stack, result.resilience))],
        ];
        const failures = writes.filter(([file]) => file).map(([, write]) => write()).filter((f): f is string => f !== undefined);
        if (failures.length > 0) {
            process.stderr.write(failures.join("\n") + "\n");
            // A failed plan keeps its own code; a clean one must not pass with an output missing.
            return outcome.exitCode === EXIT.clean ? EXIT.invalidConfig : outcome.exitCode;
        }
    }
    return outcome.exitCode;
}

if (process.argv[1] === __filename) {
    main(process.argv.slice(2)).then(
        (code) => { process.exitCode = code; },
        (err: unknown) => {
            process.stderr.write(internalErrorText(err) + "\n");
            process.exitCode = EXIT.internalError;
        },
    );
}
