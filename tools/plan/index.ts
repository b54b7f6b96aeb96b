/**
 * `npm run plan`: what a stack would deploy and whether it passes the policy pack, offline: no
 * Pulumi CLI, no plugins, no cloud account. Evaluates the program under the recording engine in
 * preview mode, runs the CrossGuard pack over the recorded resources through @pulumi/policy's own
 * analyzer handlers, assesses resilience (tools/resilience/), and prints a tree, the verdicts, the
 * failure scenarios and cost, and a one-line summary.
 *
 * Exit codes ({@link EXIT}, documented in the README and `--help`): 0 clean (advisory findings
 * allowed), 1 a mandatory policy failed or a region or AZ scenario has a static-stability finding
 * (or the pack itself failed), 2 invalid stack config, 3 the program failed or never finished, 4 the
 * plan tool itself failed or ended without a verdict, 64 a usage error (unknown flag, missing file,
 * invalid policy pack config, a `--json`, `--html` or `--markdown` file that cannot be written).
 */
// First, before anything loads @pulumi/pulumi: the SDK's function serializer loads only if a program uses it.
import "../engine/deferred-sdk";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PolicyPackConfig } from "@pulumi/policy";
import { analyze } from "./analyze";
import { evaluateStack, InvalidConfigError, outstandingRegistrations, ProgramError } from "../engine";
import { buildPlanResult, renderText, type PlanResult } from "./report";
import { findProjectName, StackConfigFileError } from "../engine/stack-config";
import { zoneShortfallOf } from "../engine/aws-zones";
import { findPlaceholders } from "./placeholders";
import { breakGlassSet, renderBreakGlass } from "./breakGlass";
import { checkPolicyPackConfig, loadPolicyPackConfig, PolicyPackConfigError, sortByPolicy } from "./policy-config";
import type { renderHtml as RenderHtml } from "../resilience/html";
import { renderMarkdown } from "../resilience/report";
import { remoteComponentVerdicts } from "./remote";
import { compareKeys } from "../../src/region/keyOrder";

/** Exit codes, as CI, the README and `--help` document them; 64 is the BSD `EX_USAGE`. */
export const EXIT = { clean: 0, mandatory: 1, invalidConfig: 2, programFailed: 3, internalError: 4, usage: 64 } as const;

/** Command-line options of the plan. */
export interface PlanOptions {
    /** Stack name; its config is `Pulumi.<stack>.yaml`. Default `prod`. */
    stack?: string;
    /** Any stack config file; overrides the stack's own file. */
    config?: string;
    /** Program entry file. Default `stack/index.ts`. */
    program?: string;
    /** Where {@link main} writes the JSON result, after printing the text. */
    json?: string;
    /** Where {@link main} writes the self-contained HTML page (diagram, scenarios, findings, cost, verdicts). */
    html?: string;
    /** Where {@link main} writes the Markdown summary (scenario table, findings, cost), e.g. for a CI job summary. */
    markdown?: string;
    /** A `--policy-pack-config` file, as `pulumi preview` takes it. */
    policyPackConfig?: string;
    /** The lookups file; default `<stack file>.lookups.json` beside the stack file, when there is one. */
    lookups?: string;
    /** `--region-down <region>`: print the break-glass set and commands for the surviving regions instead of the plan. */
    regionDown?: string;
}

/** What a plan run ends with: the exit code, the text for people, and the result when there is one. */
export interface PlanOutcome {
    exitCode: number;
    text: string;
    result?: PlanResult;
}

/** The full help text, printed by `--help` (exit 0) and after a usage error (exit 64). */
export const USAGE = `usage: npm run plan -- [--stack <name>] [--config <file>] [--program <file>] [--json <file>]
                         [--html <file>] [--markdown <file>] [--policy-pack-config <file>] [--lookups <file>]
                         [--region-down <region>]
  --stack <name>                plan Pulumi.<name>.yaml (default: prod)
  --config <file>               plan any stack config file, e.g. examples/active-active.yaml
  --program <file>              the program to evaluate (default: stack/index.ts)
  --json <file>                 also write the result as JSON
  --html <file>                 also write one self-contained page: diagram, failure scenarios, findings, cost, verdicts
  --markdown <file>             also write the resilience summary as Markdown (a CI job summary)
  --policy-pack-config <file>   policy levels and settings, the file pulumi preview --policy-pack-config takes
  --lookups <file>              what the plan may say of networks the stack does not own (an existing VPC's
                                subnets, route tables, NAT gateways); default <stack file>.lookups.json beside it
  --region-down <region>        break-glass: print the resources a targeted pulumi up may change while <region> is down, and the commands
  -h, --help                    show this help

exit codes:
  0   clean: no mandatory policy failed (advisory findings are allowed)
  1   a mandatory policy failed, a region or AZ scenario has a static-stability finding, or the policy pack itself failed
  2   the stack config is invalid (every problem is listed)
  3   the program failed or never finished (the resource is named)
  4   the plan tool itself failed, or ended without a verdict
  64  usage: unknown flag, missing value or file, invalid policy pack config, an output file that cannot be written`;

/** A command line the plan cannot act on; exit {@link EXIT.usage}. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** `--help`: not an error, but nothing to plan either. */
export const HELP = Symbol("help");

/** Parses argv; returns {@link HELP} for `--help`, throws {@link UsageError} on anything it does not know. */
export function parseArgs(argv: readonly string[]): PlanOptions | typeof HELP {
    const opts: PlanOptions = {};
    const keys: Record<string, keyof PlanOptions> = {
        "--stack": "stack", "--config": "config", "--program": "program", "--json": "json", "--html": "html", "--markdown": "markdown",
        "--policy-pack-config": "policyPackConfig", "--lookups": "lookups", "--region-down": "regionDown",
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? "";
        if (arg === "--help" || arg === "-h") {
            return HELP;
        }
        const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const key = keys[flag];
        if (!key) {
            throw new UsageError(`unknown argument ${arg}`);
        }
        const value = inline ?? argv[++i];
        if (!value || value.startsWith("--")) {
            throw new UsageError(`${flag} needs a value`);
        }
        opts[key] = value;
    }
    return opts;
}

const usage = (message: string): PlanOutcome => ({ exitCode: EXIT.usage, text: `error: ${message}\n${USAGE}` });

/** Loads and checks `--policy-pack-config` before anything is evaluated, as `pulumi preview` does. */
function policyPackConfigOf(file: string | undefined): { config?: PolicyPackConfig; notes: string[] } | PlanOutcome {
    if (!file) {
        return { notes: [] };
    }
    try {
        const config = loadPolicyPackConfig(file);
        const { errors, unknown } = checkPolicyPackConfig(config);
        if (errors.length > 0) {
            throw new PolicyPackConfigError(file, sortByPolicy(errors));
        }
        return { config, notes: unknown.map((name) => `${file}: "${name}" is not a policy of the pack; it is ignored (check its spelling)`) };
    } catch (err) {
        if (err instanceof PolicyPackConfigError) {
            return { exitCode: EXIT.usage, text: [`error: ${err.file} is not a valid policy pack config:`, ...err.problems.map((p) => `  ${p}`)].join("\n") };
        }
        throw err;
    }
}

/** The key of a `<namespace>:<key>: <message>` line. */
const keyOf = (problem: string): string => (problem.includes(": ") ? problem.slice(0, problem.indexOf(": ")) : problem);

/**
 * The program's config problems and, for the zone lookups it did not get to make, what the plan's zone
 * table answers (the table is where every zone answer of the plan comes from), sorted by key.
 */
export function configProblems(err: InvalidConfigError): string[] {
    const zones = err.zoneRequirements.map(zoneShortfallOf).filter((p): p is string => p !== undefined);
    return [...err.problems, ...zones].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
}

/** The text for a program that failed: what, where, and what it took down with it. */
function programFailureText(err: ProgramError): string {
    const lines = [`error: the program failed${err.building ? ` while building ${err.building}` : ""}${err.location ? ` at ${err.location}` : ""}:`,
        ...err.message.split("\n").map((l) => `  ${l}`)];
    if (err.notRegistered.length > 0) {
        lines.push(`not registered because of it: ${err.notRegistered.join(", ")}`);
    }
    lines.push(`(${err.resources.length} resources had been registered)`);
    return lines.join("\n");
}

/**
 * Plans a stack in-process and returns the outcome; never exits the process and writes no file
 * ({@link main} writes `--json` after printing, so a bad path cannot hide the verdicts). Throws only
 * on a failure of the plan tool itself. `gate` is replaceable so tests can run a pack that crashes, and
 * `evaluate` so tests can share one evaluation of a stack between the plan and their own checks.
 */
export async function runPlan(opts: PlanOptions, gate: typeof analyze = analyze, evaluate: typeof evaluateStack = evaluateStack): Promise<PlanOutcome> {
    const program = opts.program ?? "stack/index.ts";
    const configFile = opts.config ?? `Pulumi.${opts.stack ?? "prod"}.yaml`;
    if (!fs.existsSync(program)) {
        return usage(`program ${program} not found`);
    }
    const packConfig = policyPackConfigOf(opts.policyPackConfig);
    if ("exitCode" in packConfig) {
        return packConfig;
    }
    let run: Awaited<ReturnType<typeof evaluateStack>>;
    // Break-glass: the program as `pulumi up` would run it with the down region switched off.
    const project = findProjectName(path.dirname(path.resolve(program))) ?? "ha-web-tier";
    const configOverrides = opts.regionDown ? { [`${project}:breakGlass`]: JSON.stringify({ regionDown: opts.regionDown }) } : undefined;
    try {
        // Without --stack the stack is named after its file (`Pulumi.prod.yaml` -> prod), as the CLI does.
        run = await evaluate({ program, configFile, stack: opts.stack, lookups: opts.lookups, configOverrides });
    } catch (err) {
        if (err instanceof InvalidConfigError) {
            return { exitCode: EXIT.invalidConfig, text: [`error: ${configFile} is not a valid stack config:`, ...configProblems(err).map((p) => `  ${p}`)].join("\n") };
        }
        if (err instanceof StackConfigFileError) {
            return err.missing ? usage(err.message) : { exitCode: EXIT.invalidConfig, text: `error: ${err.message}` };
        }
        if (err instanceof ProgramError) {
            return { exitCode: EXIT.programFailed, text: programFailureText(err) };
        }
        throw err;
    }
    if (opts.regionDown) {
        return { exitCode: EXIT.clean, text: renderBreakGlass(breakGlassSet(run.resources, opts.regionDown), run.stack) };
    }
    let violations;
    try {
        violations = await gate(run.resources, { stack: run.stack, project: run.project, config: packConfig.config });
    } catch (err) {
        // A policy that crashes blocks `pulumi preview --policy-pack` too; the gate must not pass.
        return { exitCode: EXIT.mandatory, text: `error: the policy pack failed: ${(err as Error).message}` };
    }
    if (run.notJudged) {
        // Deny by default: what cannot be read is refused, never skipped.
        violations = [...violations, { policy: "deployed-inputs-judged", level: "mandatory" as const, urn: "", message: run.notJudged }];
    }
    // Nor is what a remote component's plugin would create.
    violations = [...violations, ...remoteComponentVerdicts(run.resources, packConfig.config)];
    const result = buildPlanResult({
        stack: run.stack, project: run.project, configFile, program,
        resources: run.resources, violations, outputs: run.outputs, secrets: run.secrets,
        placeholders: findPlaceholders(run.config, run.secrets),
        diagnostics: [...run.diagnostics, ...packConfig.notes.map((message) => ({ severity: "warning" as const, message }))],
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
 * The command: parse, plan, print, then write `--json`, `--html` and `--markdown`; returns the exit code. `plan` is replaceable
 * so tests can make the tool itself fail.
 */
export async function main(argv: readonly string[], plan: (opts: PlanOptions) => Promise<PlanOutcome> = runPlan): Promise<number> {
    let opts: PlanOptions | typeof HELP;
    try {
        opts = parseArgs(argv);
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n${USAGE}\n`);
        return EXIT.usage;
    }
    if (opts === HELP) {
        process.stdout.write(`${USAGE}\n`);
        return EXIT.clean;
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
        // The page's diagram is laid out asynchronously (ELK), so it is rendered before anything is written.
        // The page (diagram, layout engine, styles) is loaded only when asked for: most plans never draw it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const html = opts.html ? await (require("../resilience/html") as { renderHtml: typeof RenderHtml }).renderHtml(result) : "";
        const writes: [string | undefined, () => string | undefined][] = [
            [opts.json, () => writeJson(opts.json ?? "", result)],
            [opts.html, () => writeOutput(opts.html ?? "", "the HTML page", html)],
            [opts.markdown, () => writeOutput(opts.markdown ?? "", "the Markdown summary", renderMarkdown(result.stack, result.resilience))],
        ];
        const failures = writes.filter(([file]) => file).map(([, write]) => write()).filter((f): f is string => f !== undefined);
        if (failures.length > 0) {
            process.stderr.write(failures.join("\n") + "\n");
            // A failed plan keeps its own code; a clean one must not pass with an output missing.
            return outcome.exitCode === EXIT.clean ? EXIT.usage : outcome.exitCode;
        }
    }
    return outcome.exitCode;
}

/** What to print when the process is about to end and the plan never reached a verdict. */
export function noVerdictText(): string {
    const outstanding = outstandingRegistrations();
    return "error: the offline plan ended without a verdict: the event loop emptied before the plan finished"
        + (outstanding.length > 0 ? `; still unanswered: ${outstanding.join(", ")}` : "")
        + "\n(a bug in tools/ or an evaluation that lost track of a failure; the plan fails closed)";
}

/**
 * Runs the command as a process. Fails closed: if Node is about to exit (its event loop is empty)
 * while the plan has not settled, nothing is left that could produce a verdict, so that is a failure
 * of the tool (exit 4), never a silent exit 0. Once the plan has settled, the process exits with its
 * code at once (stdout and stderr are written synchronously to files and pipes).
 */
export function runAsProcess(argv: readonly string[], plan?: (opts: PlanOptions) => Promise<PlanOutcome>): void {
    let settled = false;
    process.on("beforeExit", () => {
        if (!settled) {
            settled = true;
            process.stderr.write(noVerdictText() + "\n");
            process.exitCode = EXIT.internalError;
        }
    });
    // Once there is a verdict the process ends with it: a timer or handle the program left running
    // must neither keep the plan from ending nor decide how it ends. The program's own exit listeners
    // were removed when its run ended (engine/index.ts).
    main(argv, plan).then(
        (code) => { settled = true; process.exit(code); },
        (err: unknown) => {
            settled = true;
            process.stderr.write(internalErrorText(err) + "\n");
            process.exit(EXIT.internalError);
        },
    );
}

if (process.argv[1] === __filename) {
    runAsProcess(process.argv.slice(2));
}
