/**
 * Defers the parts of @pulumi/pulumi a plan almost never runs. Loading the SDK loads, eagerly:
 * - its function serializer's dependencies: `runtime/closure/codePaths` requires @npmcli/arborist (with
 *   pacote, sigstore and the rest of npm's fetch stack) and normalize-package-data, `parseFunction` the
 *   TypeScript compiler, `rewriteSuper` semver; about 0.2 s of a 1 s plan;
 * - the Automation API (`pulumi.automation`: execa, js-yaml, semver and its own 30 files), which a
 *   program run by the CLI does not use;
 * - what only a connection to a real engine uses: gRPC and its generated clients, OpenTelemetry's API
 *   (`runtime/settings`, for the trace context of its gRPC calls), js-yaml (`runtime/manifest`, for a
 *   `package.yaml`) and semver (`runtime/rpc`, comparing provider versions); together about 0.08 s. The
 *   policy server loads gRPC too, for `serve()` (the last entries of {@link DEFERRED}).
 * Each is used only inside functions (`new arborist.Arborist(...)`, `semver.eq(...)`, `pulumi.automation.
 * LocalWorkspace.create(...)`), never while the SDK loads.
 *
 * So, in this process only, those requires (from those files only) return a stand-in that loads the real
 * module the first time anything is read from it or it is called: the SDK gets the same module, later,
 * and a program that requires one of them itself gets the real module at once. Nothing else is deferred,
 * and the SDK's own files are loaded as they are.
 * test/tools/engine/deferredSdk.test.ts checks both halves: not loaded by a plan, and each still
 * works when used.
 */
/* eslint-disable @typescript-eslint/no-require-imports */

/** A file of @pulumi/pulumi, as {@link DEFERRED} names files (their path from `node_modules/`). */
const sdk = (file: string): string => `@pulumi/pulumi/${file}`;

/**
 * The requests deferred, each from the file that makes it (its path from `node_modules/`). Last, the
 * policy server's own references to gRPC and to the analyzer's generated service, which only its
 * `serve()` and `configure` read: the gate calls `serve()` only to keep the handlers it registers
 * ({@link GRPC_OVERRIDES}), and `configure` reads only the service's descriptors ({@link serviceOnly}).
 */
export const DEFERRED: readonly DeferredRequire[] = [
    { from: sdk("runtime/closure/codePaths.js"), request: "@npmcli/arborist" },
    { from: sdk("runtime/closure/codePaths.js"), request: "normalize-package-data" },
    { from: sdk("runtime/closure/parseFunction.js"), request: "../../typescript-shim" },
    // The only one a program can reach: `pulumi.automation` reads as the real module (see `exportedAs`).
    { from: sdk("index.js"), request: "./automation", exportedAs: "automation" },
    { from: sdk("runtime/settings.js"), request: "@opentelemetry/api" },
    { from: sdk("runtime/manifest.js"), request: "js-yaml" },
    { from: sdk("runtime/rpc.js"), request: "semver" },
    { from: sdk("runtime/closure/rewriteSuper.js"), request: "semver" },
    // gRPC and its generated services, for a connection to a real engine (clients, the callback server)
    // and the status codes of its error checks: the SDK's own references, which no program can reach.
    ...["errors.js", "provider/server.js", "runtime/callbacks.js", "runtime/invoke.js", "runtime/resource.js", "runtime/settings.js"]
        .map((file) => ({ from: sdk(file), request: "@grpc/grpc-js" })),
    { from: sdk("runtime/settings.js"), request: "../proto/engine_grpc_pb" },
    { from: sdk("runtime/settings.js"), request: "../proto/resource_grpc_pb" },
    { from: sdk("runtime/callbacks.js"), request: "../proto/callback_grpc_pb" },
    { from: sdk("provider/server.js"), request: "../proto/provider_grpc_pb" },
    { from: "@pulumi/policy/server.js", request: "@grpc/grpc-js", standIn: (load) => deferred(load, grpcOverride) },
    { from: "@pulumi/policy/server.js", request: "@pulumi/pulumi/proto/analyzer_grpc_pb", standIn: (load, file) => deferred(load, serviceOnly(file)) },
];

/**
 * While set (by the policy gate, tools/plan/analyze.ts), the policy server's grpc answers these names
 * itself: `Server` and `ServerCredentials` need not be gRPC's to keep a service table.
 */
export const GRPC_OVERRIDES = Symbol.for("ha-web-tier.grpcOverrides");

function grpcOverride(key: PropertyKey): { value: unknown } | undefined {
    const overrides = (globalThis as { [GRPC_OVERRIDES]?: Record<PropertyKey, unknown> })[GRPC_OVERRIDES];
    return overrides && Object.hasOwn(overrides, key) ? { value: overrides[key] } : undefined;
}

/**
 * `AnalyzerService` of the generated file (its methods' paths, message classes and serializers), from a
 * copy of the file run apart with no gRPC: the real module makes a client class with gRPC as it loads.
 * The copy runs when the real module would have loaded (as the policy server loads), so it captures what
 * the real one would; it is no module of the process, so nothing else ever sees it. It is compiled with
 * `node:vm`, which a Node that refuses code generation from strings still allows.
 */
function serviceOnly(path: string): (key: PropertyKey) => { value: unknown } | undefined {
    const fromFile = (require("node:module") as { createRequire(p: string): NodeJS.Require }).createRequire(path);
    const noGrpc = { makeGenericClientConstructor: (): undefined => undefined };
    const exports: Record<string, unknown> = {};
    const vm = require("node:vm") as typeof import("node:vm");
    const run = vm.compileFunction((require("node:fs") as typeof import("node:fs")).readFileSync(path, "utf8"),
        ["exports", "require", "module", "__filename", "__dirname"], { filename: path }) as
        (e: unknown, r: (id: string) => unknown, m: unknown, f: string, d: string) => void;
    run(exports, (id: string) => (id === "@grpc/grpc-js" ? noGrpc : fromFile(id)), { exports }, path, (require("node:path") as typeof import("node:path")).dirname(path));
    const service = exports.AnalyzerService;
    return (key) => (key === "AnalyzerService" ? { value: service } : undefined);
}

type Load = (request: string, parent: { filename?: string | null; exports?: Record<string, unknown> } | undefined, isMain: boolean) => unknown;
// The module object itself (not an import's namespace copy), whose `_load` every `require` goes through.
const loader = require("node:module") as { _load: Load };
const INSTALLED = Symbol.for("ha-web-tier.deferredSdk");

/**
 * A stand-in for a module: every read, call or `new` loads the real one and acts on it. `own` may answer
 * a read itself (`{ value }`) before that. Only the importer holds a stand-in (a program that requires
 * the same module gets the real one), so it need only act as the module to that importer's code.
 */
function deferred(load: () => unknown, own?: (key: PropertyKey) => { value: unknown } | undefined): unknown {
    const real = () => load() as Record<PropertyKey, unknown> & ((...args: unknown[]) => unknown);
    // A function target, so a module that is itself a function (normalize-package-data) can be called.
    return new Proxy(() => undefined, {
        get: (_target, key) => {
            const answered = own?.(key);
            if (answered) return answered.value;
            // TypeScript's `__importStar` and `__importDefault` read `__esModule` first; answering it keeps them
            // from copying every key (which would load the module at once). `default` is then what they would
            // have made it: the module's own default export, or the module itself.
            if (key === "__esModule") return true;
            if (key === "default") return real().__esModule ? real().default : real();
            return real()[key];
        },
        has: (_target, key) => key in real(),
        ownKeys: () => Reflect.ownKeys(real()),
        getOwnPropertyDescriptor: (_target, key) => {
            const d = Reflect.getOwnPropertyDescriptor(real(), key);
            return d && { ...d, configurable: true };
        },
        apply: (_target, self, args: unknown[]) => Reflect.apply(real(), self, args),
        construct: (_target, args: unknown[]) => Reflect.construct<unknown[], object>(real() as never, args),
    });
}

/** A require to defer: `request` as written in the file whose path ends with `from`. */
export interface DeferredRequire {
    from: string;
    request: string;
    /**
     * The name its importer exports it under (`exports.automation = automation`). That export then reads
     * as the real module, loaded on the first read, so a program never sees the stand-in: it is the
     * module object under `pulumi preview` (`typeof`, `===`, `Object.freeze` and JSON included).
     */
    exportedAs?: string;
    /** Makes the stand-in, given the loader of the real module and its file; default {@link deferred}'s. */
    standIn?: (load: () => unknown, file: string) => unknown;
}

/**
 * Makes `exports[name]` read as the real module, loaded on the first read. The importer's own
 * `exports.automation = automation` assigns the stand-in, which leaves this in place; anything else
 * assigned replaces the export as usual.
 */
function exportOnRead(exports: Record<string, unknown>, name: string, standIn: unknown, load: () => unknown): void {
    const settle = (value: unknown): void => {
        Object.defineProperty(exports, name, { value, writable: true, enumerable: true, configurable: true });
    };
    Object.defineProperty(exports, name, {
        configurable: true,
        enumerable: true,
        get: () => {
            const real = load();
            settle(real);
            return real;
        },
        set: (value: unknown) => {
            if (value !== standIn) settle(value);
        },
    });
}

/**
 * Makes each of `requires` return a stand-in (see {@link DEFERRED}) instead of loading the module.
 * Each call wraps the loader again; returns the function that removes this call's wrapping (tests undo
 * in the reverse order of installing).
 */
export function deferRequires(requires: readonly DeferredRequire[]): () => void {
    const original = loader._load;
    // Every require of the process passes here: the request is checked first, the importer's path only for a match.
    const requests = new Set(requires.map((d) => d.request));
    loader._load = function load(request, parent, isMain) {
        const from = requests.has(request) ? parent?.filename?.replace(/\\/g, "/") ?? "" : undefined;
        const match = from === undefined ? undefined : requires.find((d) => d.request === request && from.endsWith(d.from));
        if (match) {
            let loaded: unknown;
            let done = false;
            const load = (): unknown => {
                if (!done) {
                    loaded = original.call(this, request, parent, isMain);
                    done = true;
                }
                return loaded;
            };
            const standIn = match.standIn
                ? match.standIn(load, (loader as unknown as { _resolveFilename(r: string, p: unknown): string })._resolveFilename(request, parent))
                : deferred(load);
            if (match.exportedAs && parent?.exports) {
                exportOnRead(parent.exports, match.exportedAs, standIn, load);
            }
            return standIn;
        }
        return original.call(this, request, parent, isMain);
    };
    return () => {
        loader._load = original;
    };
}

/** Defers what a plan does not use ({@link DEFERRED}), once per process. */
export function deferUnusedSdk(): void {
    const g = globalThis as { [INSTALLED]?: boolean };
    if (g[INSTALLED]) return;
    g[INSTALLED] = true;
    deferRequires(DEFERRED.map((d) => ({ ...d, from: `/node_modules/${d.from}` })));
}

deferUnusedSdk();
