/**
 * The few internal parts of @pulumi/pulumi the offline engine relies on, typed in one place. They are
 * not public API (their typings are stripped), which is why the SDK version is pinned exactly and
 * {@link checkPulumiInternals} fails loudly when an upgrade moves or renames one of them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

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

/** `Resource` with its static call-site capture, used for the source positions sent to the engine. */
const resourceClass = (require("@pulumi/pulumi/resource") as { Resource: { callsites: () => unknown[] } }).Resource;

/**
 * Runs `fn` without the SDK's per-promise and per-resource stack captures. They feed only the
 * engine's leak report and source positions in the CLI's output, neither of which exists offline,
 * and formatting a stack per promise is a third of a plan's CPU time. Restored afterwards.
 */
export async function withoutStackCaptures<T>(fn: () => Promise<T>): Promise<T> {
    const { debuggablePromise } = debuggable;
    const { callsites } = resourceClass;
    debuggable.debuggablePromise = (p) => p;
    resourceClass.callsites = () => [];
    try {
        return await fn();
    } finally {
        debuggable.debuggablePromise = debuggablePromise;
        resourceClass.callsites = callsites;
    }
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
    if (UNKNOWN !== "04da6b54-80e4-46f7-96ec-b56ff0331ba9") missing.push("runtime/rpc.unknownValue");
    const store = state.getStore() as unknown as Record<string, unknown>;
    for (const flag of ["supportsSecrets", "supportsResourceReferences", "supportsAliasSpecs", "supportsTransforms"]) {
        if (typeof store[flag] !== "boolean") missing.push(`runtime store flag ${flag}`);
    }
    if (missing.length > 0) {
        throw new Error(`@pulumi/pulumi ${version} moved internals the offline plan relies on (checked against ${CHECKED_PULUMI_VERSION}): ${missing.join(", ")}`);
    }
}
