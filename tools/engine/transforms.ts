/**
 * Transforms as the Pulumi engine runs them: `registerResourceTransform`/`registerStackTransform`,
 * the per-resource `transforms` option and `registerInvokeTransform`. The SDK only sends callbacks;
 * the engine calls them and registers what they return. A monitor that answered "transforms are not
 * supported" would make such programs fail, and one that ignored the callbacks would have the pack
 * judge inputs that are not the ones deployed. This module is the engine's side, in-process: the
 * SDK's own callback code (serialisation included) behind a callback table without a gRPC server.
 *
 * The order and the bookkeeping follow pulumi/pulumi `pkg/resource/deploy/source_eval.go`
 * (`resmon.RegisterResource`): the resource's own transforms first, then each ancestor's own
 * transforms walking up the parent chain, then the stack transforms in registration order; each one
 * sees the previous one's properties and options. When the resource has transforms of its own, the
 * engine rebuilds its dependencies from the transformed options and its property dependencies from
 * the output values in the transformed properties (the Node.js SDK returns plain values, so none).
 */
import * as aliasproto from "@pulumi/pulumi/proto/alias_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { callbackServerClass } from "./pulumi-internals";

/** A callback the SDK registered: bytes of a request in, the response message out. */
type CallbackFn = (bytes: Uint8Array) => Promise<{ serializeBinary(): Uint8Array }>;

/** The SDK's callback table as the engine reaches it (the table of `runtime/callbacks.CallbackServer`). */
export interface InProcessCallbacks {
    /** Token -> callback, filled by the SDK's own `registerTransform` and friends. */
    readonly _callbacks: Map<string, CallbackFn>;
}

/** The target the callbacks claim to listen on; nothing connects to it. */
const IN_PROCESS_TARGET = "in-process";

/**
 * The SDK's `CallbackServer` without its gRPC server: every registration method is the SDK's own, so
 * transforms and hooks are serialised exactly as they would be for the CLI, but the engine (the
 * recording monitor) calls the callbacks directly. Install it as the run's `store.callbacks` before
 * the program starts, or the SDK would start a real server on first use.
 */
export function inProcessCallbacks(monitor: unknown): InProcessCallbacks {
    const server = Object.create(callbackServerClass().prototype) as Record<string, unknown>;
    Object.assign(server, {
        _callbacks: new Map<string, CallbackFn>(),
        _pendingRegistrations: 0,
        _awaitQueue: [],
        _monitor: monitor,
        _target: Promise.resolve(IN_PROCESS_TARGET),
        _server: { forceShutdown: () => undefined },
    });
    return server as unknown as InProcessCallbacks;
}

/** Calls one registered callback; an unknown token is the engine's "callback not found" error. */
async function call<T>(callbacks: InProcessCallbacks, token: string, request: { serializeBinary(): Uint8Array },
    parse: (bytes: Uint8Array) => T): Promise<T> {
    const cb = callbacks._callbacks.get(token);
    if (!cb) {
        throw new Error(`callback not found: ${token}`);
    }
    const response = await cb(request.serializeBinary());
    return parse(response.serializeBinary());
}

/** Structural view of the parts of `RegisterResourceRequest` transforms read and write. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): structproto.Struct | undefined;
    setObject(v: structproto.Struct | undefined): void;
    getTransformsList(): { getToken(): string }[];
    getDependenciesList(): string[];
    setDependenciesList(v: string[]): void;
    getPropertydependenciesMap(): { clear(): void; set(k: string, v: unknown): void };
    getProtect(): boolean | undefined;
    setProtect(v: boolean): void;
    clearProtect(): void;
    hasProtect(): boolean;
    getIgnorechangesList(): string[];
    setIgnorechangesList(v: string[]): void;
    getReplaceonchangesList(): string[];
    setReplaceonchangesList(v: string[]): void;
    getVersion(): string;
    setVersion(v: string): void;
    getAliasesList(): aliasproto.Alias[];
    setAliasesList(v: aliasproto.Alias[]): void;
    getAliasurnsList(): string[];
    setAliasurnsList(v: string[]): void;
    getProvider(): string;
    setProvider(v: string): void;
    getProvidersMap(): { entries(): Iterable<[string, string]>; clear(): void; set(k: string, v: string): void };
    getCustomtimeouts(): resproto.RegisterResourceRequest.CustomTimeouts | undefined;
    setCustomtimeouts(v: resproto.RegisterResourceRequest.CustomTimeouts | undefined): void;
    getPlugindownloadurl(): string;
    setPlugindownloadurl(v: string): void;
    getRetainondelete(): boolean | undefined;
    setRetainondelete(v: boolean): void;
    clearRetainondelete(): void;
    hasRetainondelete(): boolean;
    getDeletedwith(): string;
    setDeletedwith(v: string): void;
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    setDeletebeforereplace(v: boolean): void;
    setDeletebeforereplacedefined(v: boolean): void;
    getAdditionalsecretoutputsList(): string[];
    setAdditionalsecretoutputsList(v: string[]): void;
}

/** The options the engine hands a transform, built from the request as `resmon.RegisterResource` builds them. */
function optionsOf(req: RegisterRequest): resproto.TransformResourceOptions {
    const o = new resproto.TransformResourceOptions();
    o.setDependsOnList(req.getDependenciesList());
    if (req.hasProtect()) o.setProtect(req.getProtect() ?? false);
    o.setIgnoreChangesList(req.getIgnorechangesList());
    o.setReplaceOnChangesList(req.getReplaceonchangesList());
    o.setVersion(req.getVersion());
    const aliases = req.getAliasurnsList().map((urn) => {
        const a = new aliasproto.Alias();
        a.setUrn(urn);
        return a;
    });
    o.setAliasesList([...aliases, ...req.getAliasesList()]);
    o.setProvider(req.getProvider());
    for (const [k, v] of req.getProvidersMap().entries()) o.getProvidersMap().set(k, v);
    const timeouts = req.getCustomtimeouts();
    if (timeouts) o.setCustomTimeouts(timeouts);
    o.setPluginDownloadUrl(req.getPlugindownloadurl());
    if (req.hasRetainondelete()) o.setRetainOnDelete(req.getRetainondelete() ?? false);
    o.setDeletedWith(req.getDeletedwith());
    if (req.getDeletebeforereplacedefined() || req.getDeletebeforereplace()) o.setDeleteBeforeReplace(req.getDeletebeforereplace());
    o.setAdditionalSecretOutputsList(req.getAdditionalsecretoutputsList());
    return o;
}

/** Writes transformed options back onto the request, so the registration carries what the engine registers. */
function applyOptions(req: RegisterRequest, o: resproto.TransformResourceOptions): void {
    req.setDependenciesList(o.getDependsOnList());
    if (o.hasProtect()) req.setProtect(o.getProtect() ?? false); else req.clearProtect();
    req.setIgnorechangesList(o.getIgnoreChangesList());
    req.setReplaceonchangesList(o.getReplaceOnChangesList());
    req.setVersion(o.getVersion());
    req.setAliasurnsList([]);
    req.setAliasesList(o.getAliasesList());
    req.setProvider(o.getProvider());
    const providers = req.getProvidersMap();
    providers.clear();
    for (const [k, v] of o.getProvidersMap().entries()) providers.set(k, v);
    req.setCustomtimeouts(o.getCustomTimeouts());
    req.setPlugindownloadurl(o.getPluginDownloadUrl());
    if (o.hasRetainOnDelete()) req.setRetainondelete(o.getRetainOnDelete() ?? false); else req.clearRetainondelete();
    req.setDeletedwith(o.getDeletedWith());
    req.setDeletebeforereplacedefined(o.hasDeleteBeforeReplace());
    req.setDeletebeforereplace(o.hasDeleteBeforeReplace() ? o.getDeleteBeforeReplace() ?? false : false);
    req.setAdditionalsecretoutputsList(o.getAdditionalSecretOutputsList());
}

/** What the engine keeps between registrations to find a resource's inherited transforms. */
export class TransformState {
    /** Stack transforms, in the order the program registered them. */
    readonly stack: string[] = [];
    /** Stack invoke transforms, in registration order. */
    readonly invoke: string[] = [];
    /** URN -> its parent's URN. */
    private readonly parents = new Map<string, string | undefined>();
    /** URN -> the tokens of the transforms declared on that resource itself. */
    private readonly own = new Map<string, string[]>();

    constructor(private readonly callbacks: () => InProcessCallbacks | undefined) {}

    /** Remembers a registered resource's parent and own transforms, as the engine does once the URN is safe. */
    registered(urn: string, parent: string | undefined, own: string[]): void {
        this.parents.set(urn, parent);
        this.own.set(urn, own);
    }

    /** The transforms to run on a registration: its own, each ancestor's, then the stack's. */
    chainOf(req: RegisterRequest): string[] {
        const chain = req.getTransformsList().map((t) => t.getToken());
        for (let current = req.getParent() || undefined; current; current = this.parents.get(current)) {
            chain.push(...(this.own.get(current) ?? []));
        }
        return [...chain, ...this.stack];
    }

    /**
     * Runs the transforms on a registration and rewrites the request with their result. Returns
     * whether any ran. A transform that throws fails the registration, as it fails `pulumi preview`.
     */
    async apply(req: RegisterRequest): Promise<boolean> {
        const chain = this.chainOf(req);
        const callbacks = this.callbacks();
        if (chain.length === 0 || !callbacks) {
            return false;
        }
        let props = req.getObject();
        let opts = optionsOf(req);
        for (const token of chain) {
            const request = new resproto.TransformRequest();
            request.setType(req.getType());
            request.setName(req.getName());
            request.setCustom(req.getCustom());
            request.setParent(req.getParent());
            if (props) request.setProperties(props);
            request.setOptions(opts);
            const response = await call(callbacks, token, request, (b) => resproto.TransformResponse.deserializeBinary(b));
            props = response.getProperties() ?? props;
            opts = response.getOptions() ?? opts;
        }
        req.setObject(props);
        applyOptions(req, opts);
        if (req.getTransformsList().length > 0) {
            // The engine rebuilds property dependencies from output values in the transformed properties;
            // the SDK's transform callback serialises plain values, so every property ends with none.
            const deps = req.getPropertydependenciesMap();
            deps.clear();
            for (const key of Object.keys(props?.toJavaScript() ?? {})) {
                deps.set(key, new resproto.RegisterResourceRequest.PropertyDependencies());
            }
        }
        return true;
    }

    /** Runs the stack invoke transforms on an invoke request, as the engine's `Invoke` does. */
    async applyToInvoke(req: {
        getTok(): string; getArgs(): structproto.Struct | undefined; setArgs(v: structproto.Struct | undefined): void;
        getProvider(): string; setProvider(v: string): void; getVersion(): string; setVersion(v: string): void;
        getPlugindownloadurl(): string; setPlugindownloadurl(v: string): void;
    }): Promise<void> {
        const callbacks = this.callbacks();
        if (this.invoke.length === 0 || !callbacks) {
            return;
        }
        let args = req.getArgs();
        let opts = new resproto.TransformInvokeOptions();
        opts.setProvider(req.getProvider());
        opts.setVersion(req.getVersion());
        opts.setPluginDownloadUrl(req.getPlugindownloadurl());
        for (const token of this.invoke) {
            const request = new resproto.TransformInvokeRequest();
            request.setToken(req.getTok());
            if (args) request.setArgs(args);
            request.setOptions(opts);
            const response = await call(callbacks, token, request, (b) => resproto.TransformInvokeResponse.deserializeBinary(b));
            args = response.getArgs() ?? args;
            opts = response.getOptions() ?? opts;
        }
        req.setArgs(args);
        req.setProvider(opts.getProvider());
        req.setVersion(opts.getVersion());
        req.setPlugindownloadurl(opts.getPluginDownloadUrl());
    }
}
