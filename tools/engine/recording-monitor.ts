/**
 * A mock resource monitor that records every registration the way a real engine receives it, and
 * answers like a preview of a new stack: outputs are the inputs, ids and every computed property
 * are unknown. It extends the SDK's own MockMonitor so invokes, packages and resource lookups keep
 * the SDK's behaviour; it replaces registration because MockMonitor's URNs differ from the engine's
 * for children of the stack, and policies key on URNs.
 */
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { MockMonitor, type MockResourceArgs, type MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties, serializeProperties } from "@pulumi/pulumi/runtime/rpc";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { knownRegion, ownRegion, PROVIDER_TYPE_PREFIX, providerUrnOf, STACK_TYPE, type RecordedResource } from "./recorded";
import { answerInvoke } from "./invokes";
import type { PlanLookups } from "./lookups";
import { UNKNOWN, type RegistrationListener } from "./pulumi-internals";
import { RegistrationTracker } from "./progress";
import { inProcessCallbacks, TransformState, type InProcessCallbacks } from "./transforms";
import { inventedId, inventedOutput, inventedStackOutput } from "./known-outputs";
import { aliasUrns, makeUrn, type RegisterRequest, type StructLike } from "./registration";
import { readOnlyStruct, structCopy, type StructValue } from "./struct";

export { makeUrn } from "./registration";

type Callback = (err: Error | null, resp?: unknown) => void;

/**
 * Resource states for unit tests that need known ids and ARNs (an update, not a preview). Only
 * registrations are theirs to answer: invokes always get the offline plan's answers, so tests and
 * the plan see the same zones, images and accounts.
 */
export interface ResourceMocks {
    newResource(args: MockResourceArgs): MockResourceResult | Promise<MockResourceResult>;
}

/** What the monitor needs to know about the run it records. */
export interface MonitorOptions {
    project: string;
    stack: string;
    /** Packages whose default provider is disabled (`pulumi:disable-default-providers`); `*` for all. */
    disabledDefaultProviders: string[];
    /** `aws:region` and friends: the region a default provider would use. */
    defaultRegion?: string;
    /** Resource states for unit tests; without them every registration is answered as a preview. */
    mocks?: ResourceMocks;
    /**
     * Answer as an update in which every output is known: the program's values, and invented ones
     * (known-outputs.ts) for what the provider would compute. The second evaluation uses this.
     */
    knownOutputs?: boolean;
    /** The stack's lookups file: what invokes may say of networks the stack does not own. */
    lookups?: PlanLookups;
}

const pkgOf = (type: string): string => type.split(":")[0] ?? "";

/** Records registrations and answers them as a preview of a fresh stack would. */
export class RecordingMonitor extends MockMonitor implements RegistrationListener {
    /** Every registration, in the order the program made them. */
    readonly records: RecordedResource[] = [];
    /** Every registration the program started, answered or not: what a stalled run is waiting on. */
    readonly tracker = new RegistrationTracker();
    /** Provider URN -> the provider's serialized inputs, to find the region an invoke or resource uses. */
    readonly providers = new Map<string, Record<string, unknown>>();
    /** The stack's outputs as registered (serialized; unknowns are the sentinel). */
    stackOutputs: Record<string, unknown> = {};
    /** The SDK's callback table, called in-process: install it as the run's `store.callbacks`. */
    readonly callbacks: InProcessCallbacks = inProcessCallbacks(this);
    /** Stack, inherited and per-resource transforms, applied as the engine applies them (transforms.ts). */
    readonly transforms = new TransformState(() => this.callbacks);
    private readonly defaultProviders = new Map<string, string>();
    /** Lookups answered unknown (a network the stack's lookups file does not describe), as `token inputs`. */
    readonly unansweredLookups: string[] = [];
    /** Whether the program asked `isDryRun()`, so that its inputs may differ when deployed. */
    readsDryRun = false;
    /** `type::name` -> the property names (inputs and outputs) its constructor declared. */
    private readonly propertyNames = new Map<string, string[]>();

    constructor(private readonly opts: MonitorOptions) {
        // The SDK's invoke path calls `mocks.call`; it needs this monitor's providers, bound after super().
        const self: { monitor?: RecordingMonitor } = {};
        super({
            call: (args) => {
                try {
                    const result = answerInvoke({
                        token: args.token,
                        inputs: (args.inputs ?? {}) as Record<string, unknown>,
                        region: ownRegion(args.token, (args.inputs ?? {}) as Record<string, unknown>)
                            ?? self.monitor?.invokeRegion(args.token, args.provider),
                        lookups: self.monitor?.opts.lookups,
                    });
                    if (Object.values(result).includes(UNKNOWN)) {
                        self.monitor?.unansweredLookups.push(`${args.token} ${JSON.stringify(args.inputs ?? {})}`);
                    }
                    return result;
                } catch (err) {
                    // The SDK reads a failed invoke the way the engine's gRPC status carries it, from
                    // `details` (runtime/invoke.js: `new Error(err.details)`); without it the reason is lost.
                    const error = err instanceof Error ? err : new Error(String(err));
                    throw Object.assign(error, { details: error.message });
                }
            },
            newResource: () => {
                throw new Error("RecordingMonitor registers and reads resources itself");
            },
        });
        self.monitor = this;
    }

    /** {@inheritDoc RegistrationListener.registrationStarted} */
    registrationStarted(type: string, name: string, keys?: string[]): void {
        this.tracker.started(type, name);
        if (keys && this.opts.knownOutputs) {
            this.propertyNames.set(`${type}::${name}`, keys);
        }
    }

    /** {@inheritDoc RegistrationListener.registrationInputsFailed} */
    registrationInputsFailed(type: string, name: string, error: unknown): void {
        this.tracker.inputsFailed(type, name, error);
    }

    /** {@inheritDoc RegistrationListener.stackReferenceOutput} */
    stackReferenceOutput(name: string): unknown {
        return this.opts.knownOutputs ? inventedStackOutput(name) : undefined;
    }

    /** {@inheritDoc RegistrationListener.programReadDryRun} */
    programReadDryRun(): void {
        this.readsDryRun = true;
    }

    /** The region an invoke without a `region` of its own runs in: its provider's (if known), or the default provider's. */
    private invokeRegion(token: string, provider: string | undefined): string | undefined {
        if (provider) {
            return knownRegion(this.providers.get(providerUrnOf(provider))?.region);
        }
        this.assertDefaultProviderAllowed(pkgOf(token), `invoke ${token}`);
        return this.opts.defaultRegion;
    }

    private assertDefaultProviderAllowed(pkg: string, what: string): void {
        const disabled = this.opts.disabledDefaultProviders;
        if (pkg !== "pulumi" && (disabled.includes("*") || disabled.includes(pkg))) {
            // The engine's own wording, so the plan fails where `pulumi preview` would.
            throw new Error(`Default provider for '${pkg}' disabled. '${what}' must use an explicit provider.`);
        }
    }

    /** The default provider a resource without an explicit one gets, registered once per package. */
    private defaultProviderRef(pkg: string, version: string, parentUrn: string): string {
        const existing = this.defaultProviders.get(pkg);
        if (existing) {
            return existing;
        }
        const name = `default${version ? "_" + version.replace(/[.-]/g, "_") : ""}`;
        const type = `${PROVIDER_TYPE_PREFIX}${pkg}`;
        const urn = makeUrn(this.opts.stack, this.opts.project, undefined, type, name);
        const inputs: Record<string, unknown> = pkg === "aws" && this.opts.defaultRegion ? { region: this.opts.defaultRegion } : {};
        if (version) {
            inputs.version = version;
        }
        this.providers.set(urn, inputs);
        this.records.push({
            urn, type, name, custom: true, parent: parentUrn || undefined, inputs,
            propertyDependencies: {}, dependencies: [],
            options: { protect: false, ignoreChanges: [], aliases: [] },
        });
        const ref = `${urn}::${UNKNOWN}`;
        this.defaultProviders.set(pkg, ref);
        return ref;
    }

    private record(req: RegisterRequest): RecordedResource {
        const type = req.getType();
        const name = req.getName();
        const parent = req.getParent() || undefined;
        const urn = makeUrn(this.opts.stack, this.opts.project, parent, type, name);
        const custom = req.getCustom();
        let provider = req.getProvider() || undefined;
        if (custom && !provider && !type.startsWith(PROVIDER_TYPE_PREFIX)) {
            this.assertDefaultProviderAllowed(pkgOf(type), urn);
            provider = this.defaultProviderRef(pkgOf(type), req.getVersion(), parent ?? "");
        }
        const inputs = req.getObject()?.toJavaScript() ?? {};
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of req.getPropertydependenciesMap().entries()) {
            propertyDependencies[key] = deps.getUrnsList();
        }
        const rec: RecordedResource = {
            urn, type, name, custom, inputs, propertyDependencies,
            dependencies: req.getDependenciesList(),
            options: {
                protect: req.getProtect() ?? false,
                ignoreChanges: req.getIgnorechangesList(),
                aliases: aliasUrns(req, this.opts, type, name, parent),
            },
        };
        if (parent) rec.parent = parent;
        if (provider) rec.provider = provider;
        if (req.getRemote()) rec.remote = true;
        if (req.getDeletebeforereplacedefined()) rec.options.deleteBeforeReplace = req.getDeletebeforereplace();
        const t = req.getCustomtimeouts();
        if (t && (t.getCreate() || t.getUpdate() || t.getDelete())) {
            rec.options.customTimeouts = {};
            if (t.getCreate()) rec.options.customTimeouts.create = t.getCreate();
            if (t.getUpdate()) rec.options.customTimeouts.update = t.getUpdate();
            if (t.getDelete()) rec.options.customTimeouts.delete = t.getDelete();
        }
        if (type.startsWith(PROVIDER_TYPE_PREFIX)) {
            this.providers.set(urn, inputs);
        }
        return rec;
    }

    /** Records the request, then answers with the inputs as outputs and an unknown id (or the mocks' state). */
    override registerResource(req: unknown, callback: Callback): Promise<void> {
        const r = req as RegisterRequest;
        // Every answer is also reported to the tracker, so a refusal is never lost with the SDK's promises.
        const answer: Callback = (err, resp) => {
            this.tracker.answered(r.getType(), r.getName(), err ?? undefined);
            if (resp && typeof resp === "object") {
                // The SDK puts the response in a debug line (`resp: ${innerResponse}`), which would serialise every
                // input, bundled code included, on every registration; nothing offline reads that line.
                Object.defineProperty(resp, "toString", { value: () => "RegisterResourceResponse" });
            }
            callback(err, resp);
        };
        const own = r.getTransformsList().map((t) => t.getToken());
        // The engine runs transforms before it registers anything, so the records (and the answer) carry their result.
        return this.transforms.apply(r as never).then(() => {
            let rec: RecordedResource;
            try {
                rec = this.record(r);
                this.records.push(rec);
                this.transforms.registered(rec.urn, rec.parent, own);
            } catch (err) {
                answer(err as Error);
                return;
            }
            // The stack resource is the engine's, not the program's: unit-test mocks never saw it under setMocks.
            if (rec.type !== STACK_TYPE && this.opts.knownOutputs) {
                return this.answerKnown(rec, answer);
            }
            return this.opts.mocks && rec.type !== STACK_TYPE ? this.answerFromMocks(r, rec, this.opts.mocks, answer) : this.answerAsPreview(rec, answer);
        }, (err: unknown) => answer(err instanceof Error ? err : new Error(String(err))));
    }

    /** Keeps a stack transform's token; `registerResource` runs it on every later registration. */
    override registerStackTransform(req: unknown, callback: Callback): void {
        this.transforms.stack.push((req as { getToken(): string }).getToken());
        callback(null, {});
    }

    /** Keeps a stack invoke transform's token; `invoke` runs it on every later invoke. */
    override registerStackInvokeTransform(req: unknown, callback: Callback): void {
        this.transforms.invoke.push((req as { getToken(): string }).getToken());
        callback(null, {});
    }

    /** Runs the stack invoke transforms, then answers the (transformed) invoke as before. */
    override invoke(req: unknown, callback: Callback): Promise<void> {
        return this.transforms.applyToInvoke(req as never).then(() => super.invoke(req, callback), (err: unknown) => callback(err as Error));
    }

    private async answerFromMocks(req: RegisterRequest, rec: RecordedResource, mocks: ResourceMocks, callback: Callback): Promise<void> {
        try {
            const result = await mocks.newResource({
                type: rec.type, name: rec.name, custom: rec.custom, provider: req.getProvider() || undefined,
                inputs: deserializeProperties(req.getObject() as never),
            });
            const state = await serializeProperties("", result.state) as Record<string, unknown>;
            this.resources.set(rec.urn, { urn: rec.urn, id: result.id ?? null, state });
            const resp = new resproto.RegisterResourceResponse();
            resp.setUrn(rec.urn);
            resp.setId(result.id ?? "");
            resp.setObject(structproto.Struct.fromJavaScript(state as never));
            callback(null, resp);
        } catch (err) {
            callback(err as Error);
        }
    }

    /** Answers with the inputs and an invented value for every other property the resource declares. */
    private answerKnown(rec: RecordedResource, callback: Callback): void {
        try {
            const state: Record<string, unknown> = { ...rec.inputs };
            if (rec.custom && !rec.type.startsWith(PROVIDER_TYPE_PREFIX)) {
                const region = ownRegion(rec.type, state) ?? (rec.provider ? knownRegion(this.providers.get(providerUrnOf(rec.provider))?.region) : undefined);
                for (const key of this.propertyNames.get(`${rec.type}::${rec.name}`) ?? []) {
                    if (state[key] === undefined && key !== "id" && key !== "urn") {
                        state[key] = inventedOutput(rec.type, rec.name, key, region);
                    }
                }
            }
            this.answer(rec, rec.custom ? inventedId(rec.name) : "", structCopy(state), callback);
        } catch (err) {
            callback(err as Error);
        }
    }

    /** Answers with the inputs as outputs and no id, as a preview does for a resource it would create. */
    private answerAsPreview(rec: RecordedResource, callback: Callback): Promise<void> {
        try {
            this.answer(rec, null, structCopy(rec.inputs), callback);
        } catch (err) {
            callback(err as Error);
        }
        return Promise.resolve();
    }

    /**
     * Keeps the state and answers with it. The SDK reads the answer's object only through
     * `toJavaScript()` and copies what it keeps, and the state is only read, so both hold one fresh copy
     * (struct.ts); building the protobuf message and converting it back was a tenth of an evaluation.
     */
    private answer(rec: RecordedResource, id: string | null, state: Record<string, StructValue>, callback: Callback): void {
        this.resources.set(rec.urn, { urn: rec.urn, id, state });
        const resp = new resproto.RegisterResourceResponse();
        resp.setUrn(rec.urn);
        resp.setId(id ?? "");
        resp.setObject(readOnlyStruct(state));
        callback(null, resp);
    }

    /** Reads (`Resource.get`) resolve to their inputs under the engine's URN; they are not creates, so they are not recorded. */
    override readResource(req: unknown, callback: Callback): Promise<void> {
        try {
            const r = req as RegisterRequest & { getProperties(): StructLike | undefined };
            const urn = makeUrn(this.opts.stack, this.opts.project, r.getParent() || undefined, r.getType(), r.getName());
            const props = r.getProperties();
            this.resources.set(urn, { urn, id: null, state: props?.toJavaScript() ?? {} });
            const resp = new resproto.ReadResourceResponse();
            resp.setUrn(urn);
            if (props) {
                resp.setProperties(props as never);
            }
            this.tracker.answered(r.getType(), r.getName());
            callback(null, resp);
        } catch (err) {
            const r = req as Partial<RegisterRequest>;
            this.tracker.answered(r.getType?.() ?? "", r.getName?.() ?? "", err);
            callback(err as Error);
        }
        return Promise.resolve();
    }

    /** Keeps the stack's outputs, and each component's on its record (what the engine's stack analysis sees of it). */
    override registerResourceOutputs(req: unknown, callback: Callback): void {
        const r = req as { getUrn(): string; getOutputs(): StructLike | undefined };
        const outputs = r.getOutputs()?.toJavaScript() ?? {};
        if (r.getUrn().split("::")[2] === STACK_TYPE) {
            this.stackOutputs = outputs;
        } else {
            const rec = this.records.find((x) => x.urn === r.getUrn() && !x.custom);
            if (rec) rec.outputs = outputs;
        }
        super.registerResourceOutputs(req, callback);
    }

    /** The features `setMocks` enables: all but output values; transforms run in-process (transforms.ts). */
    override supportsFeature(req: unknown, callback: Callback): void {
        const id = (req as { getId(): string }).getId();
        const hasSupport = id !== "outputValues";
        callback(null, { getHassupport: () => hasSupport });
    }
}
