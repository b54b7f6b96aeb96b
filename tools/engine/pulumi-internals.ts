/**
 * The few internal parts of @pulumi/pulumi the offline engine relies on, typed in one place. They are
 * not public API (their typings are stripped), which is why the SDK version is pinned exactly and
 * {@link checkPulumiInternals} fails loudly when an upgrade moves or renames one of them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import "./deferred-sdk";

/** The engine-side log sink; the runtime calls it for `pulumi.log.*` when an engine is attached. */
export interface EngineLike {
    log(req: { getSeverity(): number; getMessage(): string; getUrn(): string }, cb: (err: Error | null, resp?: unknown) => void): void;
    setRootResource(req: unknown, cb: (err: Error | null, resp?: unknown) => void): void;
    requirePulumiVersion(req: unknown, cb: (err: Error | null, resp?: unknown) => void): void;
}

/** The runtime store fields the engine sets: the same feature flags `setMocks` sets, plus the engine. */
export interface RuntimeStore {
    supportsSecrets: boolean;
    supportsResourceReferences: boolean;
    supportsOutputValues: boolean;
    supportsDeletedWith: boolean;
    supportsReplaceWith: boolean;
    supportsAliasSpecs: boolean;
    supportsTransforms: boolean;
    supportsInvokeTransforms: boolean;
    supportsParameterization: boolean;
    supportsResourceHooks: boolean;
    supportsErrorHooks: boolean;
    settings: { engine?: EngineLike; monitor?: unknown; options: { dryRun?: boolean; stack?: string; project?: string } };
    /** The run's callback table (`runtime/callbacks.CallbackServer`); the SDK creates one with a gRPC server when unset. */
    callbacks?: unknown;
}

interface StateModule {
    getStore(): RuntimeStore;
    withLocalStorage<T>(callback: () => T): T;
}

interface SettingsModule {
    setMockOptions(monitor: unknown, project?: string, stack?: string, preview?: boolean, organization?: string): void;
    waitForRPCs(): Promise<void>;
}

/** `@pulumi/pulumi/runtime/state`: the runtime store and per-run isolation through AsyncLocalStorage. */
export const state = require("@pulumi/pulumi/runtime/state") as StateModule;
/** `@pulumi/pulumi/runtime/settings`: installing a mock monitor and draining outstanding RPCs. */
export const settings = require("@pulumi/pulumi/runtime/settings") as SettingsModule;

interface DebuggableModule {
    debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
}

/** `@pulumi/pulumi/runtime/debuggable`: wraps every runtime promise with a captured stack trace. */
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as DebuggableModule;

/** `@pulumi/pulumi/log`: the runtime's own debug lines go through its `debug` export. */
const logModule = require("@pulumi/pulumi/log") as { debug: (...args: unknown[]) => Promise<void> };

/** `Resource` with its static call-site capture, used for the source positions sent to the engine. */
const resourceClass = (require("@pulumi/pulumi/resource") as { Resource: { callsites: () => unknown[] } }).Resource;

/**
 * Runs `fn` without the SDK's per-promise and per-resource stack captures and without its debug lines.
 * The captures feed only the engine's leak report and source positions in the CLI's output, neither of
 * which exists offline, and formatting a stack per promise is a third of a plan's CPU time; debug lines
 * are never shown by a plan. Restored afterwards.
 */
export async function withoutStackCaptures<T>(fn: () => Promise<T>): Promise<T> {
    // Runs may overlap (tests start several at once): the originals are kept by the first and put back
    // by the last, so no run restores another's replacement.
    if (capturesOff.depth++ === 0) {
        capturesOff.saved = { debuggablePromise: debuggable.debuggablePromise, callsites: resourceClass.callsites, debug: logModule.debug };
        debuggable.debuggablePromise = (p) => p;
        resourceClass.callsites = () => [];
        // The SDK sends the engine a debug line per step of every registration (about 1,700 in a plan of prod),
        // each through its own promise chain; the plan keeps no debug line (runProgram drops them), so none is sent.
        logModule.debug = () => Promise.resolve();
    }
    try {
        return await fn();
    } finally {
        if (--capturesOff.depth === 0 && capturesOff.saved) {
            debuggable.debuggablePromise = capturesOff.saved.debuggablePromise;
            resourceClass.callsites = capturesOff.saved.callsites;
            logModule.debug = capturesOff.saved.debug;
            capturesOff.saved = undefined;
        }
    }
}

/** How many runs are under way without captures, and the SDK's own functions to put back after the last. */
const capturesOff: {
    depth: number;
    saved?: { debuggablePromise: DebuggableModule["debuggablePromise"]; callsites: () => unknown[]; debug: (typeof logModule)["debug"] };
} = { depth: 0 };

/** What the registration hook tells the current run's monitor. */
export interface RegistrationListener {
    /**
     * A resource constructor handed its registration to the SDK (inputs may still be resolving);
     * `keys` are the names of its inputs and outputs, which the second evaluation fills in.
     */
    registrationStarted(type: string, name: string, keys?: string[]): void;
    /** The program asked `pulumi.runtime.isDryRun()`: its inputs may differ between a preview and a deploy. */
    programReadDryRun?(): void;
    /** The value to give for another stack's output, when the run invents what it cannot read (else undefined). */
    stackReferenceOutput?(name: string): unknown;
    /** Resolving the inputs of a registration failed, so the SDK never sends it to the engine. */
    registrationInputsFailed(type: string, name: string, error: unknown): void;
}

type StartRegistration = (res: unknown, parent: unknown, t: string, name: string, ...rest: unknown[]) => void;

/** `@pulumi/pulumi/runtime/resource`: where every `new Resource(...)` starts its registration or read. */
const resourceRuntime = require("@pulumi/pulumi/runtime/resource") as { registerResource: StartRegistration; readResource: StartRegistration };

/** `@pulumi/pulumi/stackReference`: reads another stack's outputs through the backend, which offline does not exist. */
const stackReferenceClass = (require("@pulumi/pulumi/stackReference") as {
    StackReference: { prototype: Record<"getOutput" | "requireOutput", (this: unknown, name: unknown) => unknown> };
}).StackReference;

/** `@pulumi/pulumi/output`: `output()` wraps a plain value as an Output. */
const outputModule = require("@pulumi/pulumi/output") as { output: (v: unknown) => unknown };

/** `@pulumi/pulumi/runtime`, as programs reach it (`pulumi.runtime`). */
const runtimeIndex = require("@pulumi/pulumi/runtime") as { isDryRun: () => boolean };

/** `@pulumi/pulumi/runtime/rpc`: resolves a registration's inputs; its label is `resource:<name>[<type>]`. */
const rpcRuntime = require("@pulumi/pulumi/runtime/rpc") as {
    serializeResourceProperties: (label: string, ...rest: unknown[]) => Promise<unknown>;
};

const currentListener = (): Partial<RegistrationListener> | undefined =>
    state.getStore().settings.monitor as Partial<RegistrationListener> | undefined;

let registrationsHooked = false;

/**
 * Tells the monitor of the current run (the store's, so concurrent runs stay apart) about every
 * registration as the SDK starts it, and about inputs that fail to resolve. The SDK reports neither:
 * a registration whose inputs reject is dropped before it reaches the monitor, and everything that
 * waits on its outputs waits forever. Installed once per process; a monitor without the listener
 * methods (any other than the recording monitor) is left alone.
 */
export function hookRegistrations(): void {
    if (registrationsHooked) {
        return;
    }
    registrationsHooked = true;
    for (const fn of ["registerResource", "readResource"] as const) {
        const original = resourceRuntime[fn];
        resourceRuntime[fn] = function (this: unknown, res, parent, t, name, ...rest) {
            // registerResource(res, parent, t, name, custom, remote, newDependency, props, ...); readResource(res, parent, t, name, props, ...)
            const props = (fn === "registerResource" ? rest[3] : rest[0]) as Record<string, unknown> | undefined;
            currentListener()?.registrationStarted?.(t, name, props ? Object.keys(props) : undefined);
            return original.call(this, res, parent, t, name, ...rest);
        };
    }
    // Another stack's outputs cannot be read offline: a preview sees them unknown; the second evaluation invents them.
    for (const method of ["getOutput", "requireOutput"] as const) {
        const original = stackReferenceClass.prototype[method];
        stackReferenceClass.prototype[method] = function (this: unknown, name: unknown) {
            const invented = typeof name === "string" ? currentListener()?.stackReferenceOutput?.(name) : undefined;
            return invented === undefined ? original.call(this, name) : outputModule.output(invented);
        };
    }
    // `pulumi.runtime` holds copies of the runtime modules' functions, so this sees the program's calls, not the SDK's own.
    const isDryRun = runtimeIndex.isDryRun;
    runtimeIndex.isDryRun = function (this: unknown) {
        currentListener()?.programReadDryRun?.();
        return isDryRun.call(this);
    };
    const serialize = rpcRuntime.serializeResourceProperties;
    rpcRuntime.serializeResourceProperties = function (this: unknown, label, ...rest) {
        const listener = currentListener();
        const result = serialize.call(this, label, ...rest);
        const m = /^resource:(.*)\[([^\]]+)\]$/s.exec(label);
        if (listener?.registrationInputsFailed && m?.[1] !== undefined && m[2] !== undefined) {
            const [, name, type] = m;
            // Observes only: the SDK's own chain still receives the rejection.
            result.catch((err: unknown) => listener.registrationInputsFailed?.(type, name, err));
        }
        return result;
    };
}

/** `@pulumi/pulumi/runtime/callbacks`: the SDK's side of transforms and hooks (its table of callbacks by token). */
const callbacksRuntime = require("@pulumi/pulumi/runtime/callbacks") as { CallbackServer?: { prototype: object } };

/** The SDK's `CallbackServer` class, whose methods serialise transforms for the engine (see transforms.ts). */
export function callbackServerClass(): { prototype: object } {
    const cls = callbacksRuntime.CallbackServer;
    if (!cls) {
        throw new Error("@pulumi/pulumi/runtime/callbacks no longer exports CallbackServer; update tools/engine/transforms.ts");
    }
    return cls;
}

/** The engine's unknown-value sentinel, as it appears in serialized (wire) inputs. */
export const UNKNOWN = (require("@pulumi/pulumi/runtime/rpc") as { unknownValue: string }).unknownValue;

/** The exact SDK version these internals were checked against. */
export const CHECKED_PULUMI_VERSION = "3.270.0";

/**
 * Throws when the installed SDK no longer has the internals the engine uses, so an upgrade breaks
 * a test with a clear message instead of producing a silently wrong plan.
 */
export function checkPulumiInternals(): void {
    const version = (require("@pulumi/pulumi/package.json") as { version: string }).version;
    const missing: string[] = [];
    if (typeof state.getStore !== "function") missing.push("runtime/state.getStore");
    if (typeof state.withLocalStorage !== "function") missing.push("runtime/state.withLocalStorage");
    if (typeof settings.setMockOptions !== "function") missing.push("runtime/settings.setMockOptions");
    if (typeof settings.waitForRPCs !== "function") missing.push("runtime/settings.waitForRPCs");
    if (typeof debuggable.debuggablePromise !== "function") missing.push("runtime/debuggable.debuggablePromise");
    if (typeof resourceClass.callsites !== "function") missing.push("Resource.callsites");
    if (typeof logModule.debug !== "function") missing.push("log.debug");
    if (typeof resourceRuntime.registerResource !== "function") missing.push("runtime/resource.registerResource");
    if (typeof resourceRuntime.readResource !== "function") missing.push("runtime/resource.readResource");
    if (typeof rpcRuntime.serializeResourceProperties !== "function") missing.push("runtime/rpc.serializeResourceProperties");
    if (typeof runtimeIndex.isDryRun !== "function") missing.push("runtime.isDryRun");
    if (typeof stackReferenceClass?.prototype?.getOutput !== "function") missing.push("StackReference.getOutput");
    if (typeof outputModule.output !== "function") missing.push("output.output");
    if (UNKNOWN !== "04da6b54-80e4-46f7-96ec-b56ff0331ba9") missing.push("runtime/rpc.unknownValue");
    const cbProto = (callbacksRuntime.CallbackServer?.prototype ?? {}) as Record<string, unknown>;
    for (const method of ["registerTransform", "registerStackTransform", "registerStackInvokeTransform", "awaitStackRegistrations"]) {
        if (typeof cbProto[method] !== "function") missing.push(`runtime/callbacks.CallbackServer.${method}`);
    }
    const store = state.getStore() as unknown as Record<string, unknown>;
    for (const flag of ["supportsSecrets", "supportsResourceReferences", "supportsAliasSpecs", "supportsTransforms", "supportsInvokeTransforms"]) {
        if (typeof store[flag] !== "boolean") missing.push(`runtime store flag ${flag}`);
    }
    if (missing.length > 0) {
        throw new Error(`@pulumi/pulumi ${version} moved internals the offline plan relies on (checked against ${CHECKED_PULUMI_VERSION}): ${missing.join(", ")}`);
    }
}
