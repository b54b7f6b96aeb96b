/**
 * The policy gate: runs the CrossGuard pack over recorded resources through the same RPC handlers the
 * policy server registers for `pulumi preview --policy-pack`, so offline verdicts match the CLI's.
 *
 * Why not call `validateResource` directly: the server deserializes the wire properties, wraps them in
 * an unknown-checking proxy, turns a policy that touches an unknown into a "can't run during preview"
 * advisory, and resolves stack resources' parents and property dependencies. Hand-built args skip all
 * of that (pulumi/pulumi-policy#445). The handlers are internal to @pulumi/policy, which is why its
 * version is pinned and `test/policy/internals.test.ts` fails loudly when they move.
 */
import * as path from "node:path";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { EnforcementLevel, Policies, PolicyPackConfig } from "@pulumi/policy";
import { providerUrnOf, resourceRefsAsIds, type RecordedResource } from "../engine/recorded";
import { packPolicies, reconcileConfig } from "./policy-config";
import { readOnlyStruct, structCopy } from "../engine/struct";
import { GRPC_OVERRIDES } from "../engine/deferred-sdk";

/** One diagnostic the policy server reported; `level` is what the CLI uses to block or warn. */
export interface Violation {
    /** Kebab-case policy name. */
    policy: string;
    level: EnforcementLevel;
    /** URN of the offending resource; empty for a stack-level report without one. */
    urn: string;
    /** The policy description followed by the violation message, as the CLI prints it. */
    message: string;
}

/** Options of {@link analyze}; every field mirrors something the CLI would supply. */
export interface AnalyzeOptions {
    /** Policies to run; defaults to the pack's own `policies` array. */
    policies?: Policies;
    /** What `--policy-pack-config <file>` would hold: policy name -> level, or props with an optional level. */
    config?: PolicyPackConfig;
    /** Stack and project, passed to the server like the engine's `ConfigureStack` call. */
    stack?: string;
    project?: string;
}

/** Name the pack is served under; a test holds it equal to the name `policy/index.ts` gives the `PolicyPack`. */
export const packName = "ha-web-guardrails";
// The version the CLI would report for the pack: the one its package.json declares.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packVersion = (require("../../policy/package.json") as { version: string }).version;

type Callback<T> = (err: unknown, value?: T) => void;
type Handler<Req, Res> = (call: { request: Req }, callback: Callback<Res>) => void | Promise<void>;
type MakeHandler<Req> = (
    name: string,
    version: string,
    level: EnforcementLevel,
    policies: Policies,
) => Handler<Req, analyzerproto.AnalyzeResponse>;

/** The @pulumi/policy internals the gate relies on; checked by the internals test. */
export interface PolicyServerInternals {
    makeAnalyzeRpcFun: MakeHandler<analyzerproto.AnalyzeRequest>;
    makeAnalyzeStackRpcFun: MakeHandler<analyzerproto.AnalyzeStackRequest>;
    configure: Handler<analyzerproto.ConfigureAnalyzerRequest, unknown>;
    configureStack: Handler<analyzerproto.AnalyzerStackConfigureRequest, unknown>;
}

const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

// Struct must come from the google-protobuf copy analyzer_pb was built against, or jspb rejects it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structpb = require(
    require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] }),
) as { Struct: typeof Struct };

let internals: PolicyServerInternals | undefined;

/**
 * Loads the server's RPC handlers. `configure` and `configureStack` are not exported: they only reach
 * the gRPC service table that `serve()` builds, so we call `serve()` once with a server that keeps the
 * table instead of listening (no port is opened, nothing is printed). In the plan's process the policy
 * server's grpc is a stand-in (tools/engine/deferred-sdk.ts) that takes that server from
 * {@link GRPC_OVERRIDES}, so gRPC itself is never loaded; where the server already holds the real
 * grpc (a process that loaded @pulumi/policy first), its `Server` is intercepted instead.
 */
export function policyServerInternals(): PolicyServerInternals {
    if (internals) {
        return internals;
    }
    /* eslint-disable @typescript-eslint/no-require-imports */
    const server = require(path.join(policyDir, "server.js")) as Partial<PolicyServerInternals> & {
        serve?: (name: string, version: string, level: string, args: { policies: Policies }) => void;
    };
    /* eslint-enable @typescript-eslint/no-require-imports */
    if (typeof server.makeAnalyzeRpcFun !== "function" || typeof server.makeAnalyzeStackRpcFun !== "function"
        || typeof server.serve !== "function") {
        throw new Error("@pulumi/policy/server no longer exports makeAnalyzeRpcFun, makeAnalyzeStackRpcFun "
            + "and serve; the policy gate must be updated for this @pulumi/policy version");
    }
    let table: Record<string, unknown> | undefined;
    const keep = function (_service: unknown, impl: Record<string, unknown>): void {
        table = impl;
    };
    const listenNowhere = function (): void { /* no port: the handlers are called in-process */ };
    class KeepingServer {
        addService = keep;
        bindAsync = listenNowhere;
    }
    const g = globalThis as { [GRPC_OVERRIDES]?: Record<string, unknown> };
    const grpcPath = require.resolve("@grpc/grpc-js", { paths: [policyDir] });
    const loadedGrpc = require.cache[grpcPath]?.exports as { Server: { prototype: Record<string, unknown> } } | undefined;
    const proto = loadedGrpc?.Server.prototype;
    const { addService, bindAsync } = proto ?? {};
    try {
        g[GRPC_OVERRIDES] = { Server: KeepingServer, ServerCredentials: { createInsecure: () => undefined } };
        if (proto) {
            proto.addService = keep;
            proto.bindAsync = listenNowhere;
        }
        server.serve(`${packName}-gate`, packVersion, "advisory", { policies: [] });
    } finally {
        delete g[GRPC_OVERRIDES];
        if (proto) {
            proto.addService = addService;
            proto.bindAsync = bindAsync;
        }
    }
    if (typeof table?.configure !== "function" || typeof table.configureStack !== "function") {
        throw new Error("@pulumi/policy's serve() no longer registers configure/configureStack handlers; "
            + "the policy gate must be updated for this @pulumi/policy version");
    }
    internals = {
        makeAnalyzeRpcFun: server.makeAnalyzeRpcFun,
        makeAnalyzeStackRpcFun: server.makeAnalyzeStackRpcFun,
        configure: table.configure as PolicyServerInternals["configure"],
        configureStack: table.configureStack as PolicyServerInternals["configureStack"],
    };
    return internals;
}

function call<Req, Res>(handler: Handler<Req, Res>, request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
        const done: Callback<Res> = (err, value) => {
            if (err) {
                reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
            } else {
                resolve(value as Res);
            }
        };
        Promise.resolve(handler({ request }, done)).catch(reject);
    });
}

const levels: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
};

function levelName(level: analyzerproto.EnforcementLevel): EnforcementLevel {
    const found = (Object.keys(levels) as EnforcementLevel[]).find(k => levels[k] === level);
    if (!found) {
        throw new Error(`unknown enforcement level ${String(level)} in an analyzer diagnostic`);
    }
    return found;
}

const DURATION_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, "µs": 1e-6, ns: 1e-9 };

/**
 * Seconds in a Go duration ("10m", "1h30m", "1.5h", "500ms"): the SDK records custom timeouts as the
 * program wrote them, and the engine parses them with Go's `time.ParseDuration` before the analyzer
 * sees them as seconds. Anything else is 0, the analyzer's "not set".
 */
function durationSeconds(d: string | undefined): number {
    if (!d || !/^(\d+(\.\d*)?(h|m|s|ms|us|µs|ns))+$/.test(d)) {
        return 0;
    }
    let total = 0;
    for (const [, n, unit] of d.matchAll(/(\d+(?:\.\d*)?)(h|ms|m|s|us|µs|ns)/g)) {
        total += Number(n) * (DURATION_UNITS[unit ?? ""] ?? 0);
    }
    return total;
}

function resourceOptions(r: RecordedResource): analyzerproto.AnalyzerResourceOptions {
    const o = new analyzerproto.AnalyzerResourceOptions();
    o.setProtect(r.options.protect);
    o.setIgnorechangesList(r.options.ignoreChanges);
    o.setAliasesList(r.options.aliases);
    if (r.options.deleteBeforeReplace !== undefined) {
        o.setDeletebeforereplace(r.options.deleteBeforeReplace);
        o.setDeletebeforereplacedefined(true);
    }
    const t = r.options.customTimeouts;
    if (t) {
        const ct = new analyzerproto.AnalyzerResourceOptions.CustomTimeouts();
        ct.setCreate(durationSeconds(t.create));
        ct.setUpdate(durationSeconds(t.update));
        ct.setDelete(durationSeconds(t.delete));
        o.setCustomtimeouts(ct);
    }
    if (r.parent) {
        o.setParent(r.parent);
    }
    return o;
}

/**
 * Each record's properties as the server reads them, converted once: the per-resource and the stack
 * request carry the same inputs, and every resource carries its provider's. The server reads a
 * resource's properties once per policy, only through `toJavaScript()` (its `deserializeProperties`
 * copies what it keeps and never writes to the result), so one conversion serves every policy
 * (struct.ts: the value is what a real `Struct` would return, without building one).
 */
const structs = new WeakMap<object, Struct>();
function structOf(inputs: Record<string, unknown>): Struct {
    let s = structs.get(inputs);
    if (!s) {
        s = readOnlyStruct(structCopy(inputs), structpb.Struct);
        structs.set(inputs, s);
    }
    return s;
}

function providerOf(r: RecordedResource, byUrn: Map<string, RecordedResource>,
): analyzerproto.AnalyzerProviderResource | undefined {
    if (!r.provider) {
        return undefined;
    }
    const urn = providerUrnOf(r.provider);
    const rec = byUrn.get(urn);
    const p = new analyzerproto.AnalyzerProviderResource();
    p.setUrn(urn);
    p.setType(rec?.type ?? urn.split("::").slice(-2, -1)[0]?.split("$").pop() ?? "");
    p.setName(rec?.name ?? urn.split("::").pop() ?? "");
    p.setProperties(rec ? structOf(rec.inputs) : new structpb.Struct());
    return p;
}

/** What an AnalyzeRequest and a stack's AnalyzerResource both carry about one resource. */
interface ResourceMessage {
    setType(v: string): void;
    setName(v: string): void;
    setUrn(v: string): void;
    setProperties(v: Struct): void;
    setOptions(v: analyzerproto.AnalyzerResourceOptions): void;
    setProvider(v: analyzerproto.AnalyzerProviderResource): void;
}

function describeResource<T extends ResourceMessage>(msg: T, r: RecordedResource, byUrn: Map<string, RecordedResource>): T {
    msg.setType(r.type);
    msg.setName(r.name);
    msg.setUrn(r.urn);
    msg.setProperties(structOf(r.inputs));
    msg.setOptions(resourceOptions(r));
    const provider = providerOf(r, byUrn);
    if (provider) {
        msg.setProvider(provider);
    }
    return msg;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs every resource policy on every record and every stack policy on all of them, the way the engine
 * drives the policy server during a preview, and returns all diagnostics (advisory ones included).
 * Calls are serialized because the server keeps policy config in module state.
 */
export function analyze(resources: RecordedResource[], opts: AnalyzeOptions = {}): Promise<Violation[]> {
    const run = queue.then(() => analyzeNow(resources, opts));
    queue = run.catch(() => undefined);
    return run;
}

async function analyzeNow(resources: RecordedResource[], opts: AnalyzeOptions): Promise<Violation[]> {
    const policies = opts.policies ?? packPolicies();
    // The pack-wide level for policies that set none: `PolicyPack`'s default, as policy/index.ts sets no other.
    const level: EnforcementLevel = "advisory";
    const srv = policyServerInternals();

    const configReq = new analyzerproto.ConfigureAnalyzerRequest();
    for (const [name, c] of reconcileConfig(policies, level, opts.config)) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(levels[c.enforcementLevel]);
        pc.setProperties(structpb.Struct.fromJavaScript(c.properties as never));
        configReq.getPolicyconfigMap().set(name, pc);
    }
    await call(srv.configure, configReq);
    const stackReq = new analyzerproto.AnalyzerStackConfigureRequest();
    stackReq.setStack(opts.stack ?? "dev");
    stackReq.setProject(opts.project ?? "ha-web-tier");
    stackReq.setDryRun(true);
    await call(srv.configureStack, stackReq);

    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const violations: Violation[] = [];
    const collect = (resp: analyzerproto.AnalyzeResponse, fallbackUrn: string) => {
        for (const d of resp.getDiagnosticsList()) {
            violations.push({
                policy: d.getPolicyname(),
                level: levelName(d.getEnforcementlevel()),
                urn: d.getUrn() || fallbackUrn,
                message: d.getMessage(),
            });
        }
    };

    const analyzeOne = srv.makeAnalyzeRpcFun(packName, packVersion, level, policies);
    for (const r of resources) {
        const req = describeResource(new analyzerproto.AnalyzeRequest(), r, byUrn);
        collect(await call(analyzeOne, req), r.urn);
    }

    const stackReq2 = new analyzerproto.AnalyzeStackRequest();
    stackReq2.setResourcesList(resources.map(r => {
        // Stack analysis sees final outputs: a component's are what it registered (its inputs never reach the engine).
        const a = describeResource(new analyzerproto.AnalyzerResource(), r.custom || !r.outputs ? r : { ...r, inputs: resourceRefsAsIds(r.outputs) as Record<string, unknown> }, byUrn);
        if (r.parent) {
            a.setParent(r.parent);
        }
        a.setDependenciesList(r.dependencies);
        const deps = a.getPropertydependenciesMap();
        for (const [prop, urns] of Object.entries(r.propertyDependencies)) {
            const pd = new analyzerproto.AnalyzerPropertyDependencies();
            pd.setUrnsList(urns);
            deps.set(prop, pd);
        }
        return a;
    }));
    collect(await call(srv.makeAnalyzeStackRpcFun(packName, packVersion, level, policies), stackReq2), "");
    return violations;
}
