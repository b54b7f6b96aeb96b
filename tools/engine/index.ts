/**
 * The offline engine: evaluates a Pulumi program in-process the way `pulumi preview` would for a
 * new stack, with no CLI, plugins or cloud, and returns every resource registration as the policy
 * analyzer would receive it. Each run gets its own runtime store (AsyncLocalStorage, as the
 * Automation API's inline programs do) and a fresh copy of the program's modules, so runs can repeat
 * in one process (tests, the benchmark).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import type { RecordedResource } from "./recorded";
import type { ZoneRequirement } from "./aws-zones";
import { findProjectName, loadStackConfig } from "./stack-config";
import { loadLookups, lookupsFileFor, type PlanLookups } from "./lookups";
import { hookRegistrations, settings, state, withoutStackCaptures, type EngineLike } from "./pulumi-internals";
import { RecordingMonitor, type ResourceMocks } from "./recording-monitor";
import { describeRun, type Tracked } from "./failure";
import { label, StalledError, trackProgramTimers, untilStalled } from "./progress";
import { mergeDeployed } from "./known-outputs";
import { withOwnedProcess } from "./owned-process";

export { ProgramExitError } from "./owned-process";

/** A message the program logged (`pulumi.log.*`), as the CLI would print it under a resource. */
export interface Diagnostic {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
    urn?: string;
}

/** What one evaluation of a program produced. */
export interface ProgramRun {
    /** Every registration, in order, as the analyzer receives it (wire-form inputs, unknown sentinels). */
    resources: RecordedResource[];
    /** The stack outputs in wire form: values computed at deploy time are the unknown sentinel. */
    outputs: Record<string, unknown>;
    /** Config keys whose `secure:` values were replaced by placeholders. */
    secrets: string[];
    /** Warnings and infos the program logged. */
    diagnostics: Diagnostic[];
    /** The program asked `pulumi.runtime.isDryRun()`, so what it registers may differ when deployed. */
    readsDryRun: boolean;
    /** Lookups the plan could only answer unknown (see invokes.ts), as `token inputs`. */
    unansweredLookups: string[];
    /**
     * Why what `pulumi up` would deploy could not be fully judged: the second evaluation failed on values
     * of lookups the plan cannot see (unset when it ran). The plan refuses such a stack.
     */
    notJudged?: string;
}

/** Where and with what to evaluate a program. */
export interface RunOptions {
    /** The program's entry file (e.g. `index.ts`). */
    program: string;
    project: string;
    stack: string;
    /** `namespace:key` -> value, as the CLI passes config. */
    config: Record<string, string>;
    /** Keys to mark secret (the placeholders of `secure:` values). */
    secretKeys?: string[];
    /** Preview (the default) leaves computed values unknown; unit tests may run as an update instead. */
    preview?: boolean;
    /** Resource states for unit tests that need known ids (see {@link ResourceMocks}). */
    mocks?: ResourceMocks;
    /** Run as an update with every output known (invented where AWS computes it): the second evaluation. */
    knownOutputs?: boolean;
    /** See `StallWatch.timerPatienceMs` (progress.ts); tests of a program that never finishes shorten it. */
    timerPatienceMs?: number;
    /** The stack's lookups file (lookups.ts): the only answers about networks the stack does not own. */
    lookups?: PlanLookups;
}

/** The runtime feature flags `pulumi.runtime.setMocks` sets. */
const MOCK_FEATURES = {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsReplaceWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: true,
    supportsInvokeTransforms: true,
    supportsParameterization: true,
    supportsResourceHooks: true,
    supportsErrorHooks: true,
};

function newMonitor(opts: {
    project: string; stack: string; config: Record<string, string>; mocks?: ResourceMocks; lookups?: PlanLookups; knownOutputs?: boolean;
}): RecordingMonitor {
    hookRegistrations();
    return new RecordingMonitor({
        project: opts.project,
        stack: opts.stack,
        disabledDefaultProviders: parseList(opts.config["pulumi:disable-default-providers"]),
        defaultRegion: opts.config["aws:region"],
        mocks: opts.mocks,
        lookups: opts.lookups,
        knownOutputs: opts.knownOutputs,
    });
}

/**
 * Installs the recording monitor as the process-wide mock engine, as `pulumi.runtime.setMocks`
 * does, for unit tests that construct components directly rather than through a program file.
 */
export function installMockEngine(opts: { project: string; stack: string; preview?: boolean; mocks?: ResourceMocks; lookups?: PlanLookups }): RecordingMonitor {
    const monitor = newMonitor({ ...opts, config: {} });
    settings.setMockOptions(monitor, opts.project, opts.stack, opts.preview ?? true);
    Object.assign(state.getStore(), MOCK_FEATURES, { callbacks: monitor.callbacks });
    return monitor;
}

/**
 * The program rejected its stack config (the program's `ConfigError`). Recognised by shape, not
 * class, because each run loads a fresh copy of the program's modules.
 */
export class InvalidConfigError extends Error {
    constructor(
        readonly problems: string[],
        readonly cause?: unknown,
        /** Zone lookups the program did not get to make (`zoneRequirements` of its error); see aws-zones.ts. */
        readonly zoneRequirements: ZoneRequirement[] = [],
    ) {
        super(`invalid stack configuration:\n  ${problems.join("\n  ")}`);
        this.name = "InvalidConfigError";
    }
}

/**
 * The program threw, a registration failed, or the program never finished; says which resource
 * failed (or was being built), if known, and which resources never registered because of it.
 */
export class ProgramError extends Error {
    constructor(
        message: string,
        /** The original error. */
        readonly cause: unknown,
        /** `type "name"` of the resource that failed or was under construction. */
        readonly building: string | undefined,
        /** `file:line` of the innermost frame in the program's own code. */
        readonly location: string | undefined,
        /** What had been registered before the failure. */
        readonly resources: RecordedResource[],
        /** `type "name"` of the other resources that never registered because of it. */
        readonly notRegistered: string[] = [],
    ) {
        super(message);
        this.name = "ProgramError";
    }
}

const SEVERITIES = ["debug", "info", "warning", "error"] as const;

/** Monitors of the runs under way, so a process about to exit without a verdict can say what was pending. */
const inFlight = new Set<RecordingMonitor>();

/** `type "name" (state)` of every registration of the runs under way that failed or was never answered. */
export function outstandingRegistrations(): string[] {
    return [...inFlight].flatMap((m) => [
        ...m.tracker.failed.map((r) => `${label(r)} (${r.state})`),
        ...m.tracker.waiting.map((r) => `${label(r)} (waiting)`),
    ]);
}

/** The `zoneRequirements` of a program's ConfigError, read by shape; anything malformed is left out. */
function zoneRequirementsOf(err: unknown): ZoneRequirement[] {
    const reqs = (err as { zoneRequirements?: unknown } | null)?.zoneRequirements;
    return Array.isArray(reqs)
        ? (reqs as Partial<ZoneRequirement>[]).filter((r): r is ZoneRequirement => typeof r?.key === "string" && typeof r.region === "string"
            && typeof r.instanceType === "string" && Number.isInteger(r.azCount))
        : [];
}

function asConfigProblems(err: unknown): string[] | undefined {
    const e = err as { name?: unknown; problems?: unknown } | null;
    // The program's ConfigError, or a component's refusal of the existing network the config names.
    if (e && (e.name === "ConfigError" || e.name === "ExistingNetworkError") && Array.isArray(e.problems) && e.problems.every((p) => typeof p === "string")) {
        return e.problems;
    }
    return undefined;
}

function parseList(value: string | undefined): string[] {
    if (!value) {
        return [];
    }
    try {
        const parsed: unknown = JSON.parse(value);
        return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
    } catch {
        return value.split(",").map((s) => s.trim()).filter(Boolean);
    }
}

const inNodeModules = (file: string): boolean => file.includes(`${path.sep}node_modules${path.sep}`);

/**
 * Evaluates the program under the recording monitor in preview mode and waits until every
 * registration has been answered. Throws {@link InvalidConfigError} or {@link ProgramError}.
 */
export async function runProgram(opts: RunOptions): Promise<ProgramRun> {
    const program = path.resolve(opts.program);
    const monitor = newMonitor(opts);
    const diagnostics: Diagnostic[] = [];
    const errors: unknown[] = [];
    const tracked: Tracked[] = [];
    const engine: EngineLike = {
        log: (req, cb) => {
            diagnostics.push({ severity: SEVERITIES[req.getSeverity()] ?? "info", message: req.getMessage(), urn: req.getUrn() || undefined });
            cb(null, {});
        },
        setRootResource: (_req, cb) => cb(null, {}),
        requirePulumiVersion: (_req, cb) => cb(null, {}),
    };
    const cachedBefore = new Set(Object.keys(require.cache));
    delete require.cache[program];

    const evaluate = async (): Promise<void> => {
        settings.setMockOptions(monitor, opts.project, opts.stack, opts.knownOutputs ? false : opts.preview ?? true);
        const store = state.getStore();
        Object.assign(store, MOCK_FEATURES, { callbacks: monitor.callbacks });
        store.settings.engine = engine;
        runtimeConfig.setAllConfig(opts.config, opts.secretKeys ?? []);
        try {
            await pulumi.runtime.runInPulumiStack(async () => {
                // A no-op transformation sees every resource as its constructor starts, which is how a
                // failure is tied to the resource being built.
                pulumi.runtime.registerStackTransformation((args) => {
                    tracked.push({ type: args.type, name: args.name, className: args.resource.constructor.name });
                    return undefined;
                });
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const exported: unknown = require(program);
                return (await (typeof exported === "function" ? (exported as () => unknown)() : exported)) as Record<string, unknown>;
            });
        } catch (err) {
            errors.push(err);
        }
        await settings.waitForRPCs();
        // Rejections nobody handled are reported after the current turn; let them arrive.
        await new Promise((resolve) => setImmediate(resolve));
    };

    // The SDK captures a stack trace per promise and per resource; a source-mapping formatter (ts-node
    // installs one) would map every one of them. Errors are formatted lazily, after this is restored.
    const errorClass = Error as { prepareStackTrace?: unknown };
    const prepareStackTrace = errorClass.prepareStackTrace;
    errorClass.prepareStackTrace = undefined;
    let stalled = false;
    let leftRunning: string[] | undefined;
    inFlight.add(monitor);
    const programTimers = trackProgramTimers();
    try {
        // A run that can no longer progress is stopped rather than awaited: Node would otherwise just
        // exit, with no verdict and a clean exit code.
        await withOwnedProcess((err) => { if (!errors.includes(err)) errors.push(err); },
            () => withoutStackCaptures(() => untilStalled(state.withLocalStorage(evaluate), {
                activity: () => monitor.tracker.activity,
                failed: () => errors.length > 0 || monitor.tracker.failed.length > 0,
                timerPatienceMs: opts.timerPatienceMs,
                programTimers: () => programTimers.pending(),
            })));
    } catch (err) {
        if (!(err instanceof StalledError)) {
            throw err;
        }
        stalled = true;
        leftRunning = err.leftRunning;
    } finally {
        programTimers.restore();
        inFlight.delete(monitor);
        errorClass.prepareStackTrace = prepareStackTrace;
        for (const key of Object.keys(require.cache)) {
            if (!cachedBefore.has(key) && !inNodeModules(key)) {
                delete require.cache[key];
            }
        }
        delete require.cache[program];
    }

    const logged = diagnostics.filter((d) => d.severity === "error");
    // Fail closed: a refused registration or a registration still waiting fails the run even if no
    // error reached the program's listeners.
    if (errors.length > 0 || logged.length > 0 || stalled || monitor.tracker.failed.length > 0 || monitor.tracker.waiting.length > 0) {
        const configError = errors.find((e) => asConfigProblems(e) !== undefined);
        if (configError) {
            throw new InvalidConfigError(asConfigProblems(configError) ?? [], configError, zoneRequirementsOf(configError));
        }
        if (errors.length === 0 && logged.length > 0) {
            errors.push(new Error(logged.map((d) => d.message).join("\n")));
        }
        const failure = describeRun({ errors, tracker: monitor.tracker, tracked, programDir: path.dirname(program), stalled, leftRunning });
        throw new ProgramError(failure.message, errors[0] ?? monitor.tracker.failed[0]?.error, failure.building, failure.location,
            monitor.records, failure.notRegistered);
    }
    return {
        resources: monitor.records,
        outputs: monitor.stackOutputs,
        secrets: opts.secretKeys ?? [],
        diagnostics: diagnostics.filter((d) => d.severity !== "debug"),
        readsDryRun: monitor.readsDryRun,
        unansweredLookups: [...new Set(monitor.unansweredLookups)],
    };
}

/** Which program to plan against which stack config file. */
export interface StackOptions {
    program: string;
    /** A stack config file (`Pulumi.<stack>.yaml`, `examples/*.yaml`). */
    configFile: string;
    /** Stack name; defaults to `<stack>` of `Pulumi.<stack>.yaml` or the file's base name. */
    stack?: string;
    /**
     * The stack's lookups file (what the plan may answer about networks the stack does not own).
     * @default `<stack file>.lookups.json` beside the stack file, when there is one
     */
    lookups?: string;
    /** `namespace:key` -> value set on top of the file's, as `pulumi up --config` would. */
    configOverrides?: Record<string, string>;
}

/** The stack name the CLI would use for a config file. */
function stackNameOf(configFile: string): string {
    const base = path.basename(configFile).replace(/\.ya?ml$/, "");
    return base.startsWith("Pulumi.") ? base.slice("Pulumi.".length) : base;
}

/** Loads a stack config file like the CLI and evaluates the program with it. */
export async function evaluateStack(opts: StackOptions): Promise<ProgramRun & { project: string; stack: string; config: Record<string, string> }> {
    // The project is the `name:` of the nearest Pulumi.yaml, as the CLI finds it.
    const project = findProjectName(path.dirname(path.resolve(opts.program))) ?? path.basename(process.cwd());
    const stack = opts.stack ?? stackNameOf(opts.configFile);
    const file = loadStackConfig(opts.configFile, project);
    const lookupsFile = opts.lookups ?? (fs.existsSync(lookupsFileFor(opts.configFile)) ? lookupsFileFor(opts.configFile) : undefined);
    const lookups = lookupsFile === undefined ? undefined : loadLookups(lookupsFile);
    const runOpts = { program: opts.program, project, stack, config: { ...file.config, ...opts.configOverrides }, secretKeys: file.secretKeys, lookups };
    const run = await runProgram(runOpts);
    for (const note of file.notes) {
        run.diagnostics.push({ severity: "warning", message: note });
    }
    if (lookupsFile !== undefined) {
        run.diagnostics.push({ severity: "info", message: `lookups of networks the stack does not own were answered from ${lookupsFile} (${lookups?.source})` });
    }
    const deployed = await asDeployed(runOpts, run);
    return { ...run, resources: deployed.resources, notJudged: deployed.notJudged, project, stack, config: file.config };
}

/**
 * What `pulumi up` deploys, as the pack would see it in a preview: the program evaluated again with
 * every output known (known-outputs.ts), because a preview skips every `apply` on an output not known
 * yet and a program may branch on `isDryRun()`. Resources only that evaluation registers are added;
 * when the program asked `isDryRun()`, a resource whose known inputs differ when deployed takes its
 * deployed inputs. A program that fails only then fails the plan: what it would deploy cannot be judged.
 */
async function asDeployed(opts: RunOptions, run: ProgramRun): Promise<{ resources: RecordedResource[]; notJudged?: string }> {
    const first = run.resources;
    let second: ProgramRun;
    try {
        second = await runProgram({ ...opts, knownOutputs: true });
    } catch (err) {
        if (err instanceof ProgramError && run.unansweredLookups.length > 0) {
            // An update would see those lookups' real answers; offline they have none, so the program may fail on
            // what the plan invented. The first evaluation stands and the stack is refused until they are declared.
            return {
                resources: first,
                notJudged: `what this stack creates once its lookups are answered cannot be judged: ${run.unansweredLookups.length} lookup(s) of a network `
                    + `the stack does not own are not in its lookups file (first: ${run.unansweredLookups[0]}); the evaluation with them answered failed: `
                    + `${err.message.split("\n")[0].replace(/^(error serializing property "[^"]+": )+/, "")}. Declare them in <stack>.lookups.json (docs/offline-plan.md)`,
            };
        }
        if (err instanceof ProgramError) {
            throw new ProgramError(`when its outputs are known (the second evaluation, which reaches what is created inside apply): ${err.message}`,
                err.cause, err.building, err.location, first, err.notRegistered);
        }
        throw err;
    }
    // Only a program that asked isDryRun() branches on it; other differences are its clock and random values.
    return { resources: mergeDeployed(first, second.resources, run.readsDryRun || second.readsDryRun) };
}
