/**
 * Pulumi mocks shared by the component and program tests: they record every registered resource.
 * Registrations go through the offline plan's engine (tools/engine/), so tests see the engine's
 * URNs, its default-provider rules, its policy-ready records and its invoke answers (tools/engine/invokes.ts,
 * which throws on any invoke it does not know, so a new lookup cannot silently return junk); this
 * file only supplies known ids and ARNs (an update, not a preview) for assertions to compare.
 */
import * as pulumi from "@pulumi/pulumi";
import { deserializeProperty } from "@pulumi/pulumi/runtime/rpc";
import * as path from "path";
import { installMockEngine, runProgram as runWithEngine } from "../tools/engine";
import { settings } from "../tools/engine/pulumi-internals";
import { label, untilStalled } from "../tools/engine/progress";
import type { RecordingMonitor } from "../tools/engine/recording-monitor";
import { loadStackConfig } from "../tools/engine/stack-config";
import type { PlanLookups } from "../tools/engine/lookups";
import type { RecordedResource } from "../tools/engine/recorded";
import type { ResourceMocks } from "../tools/engine/recording-monitor";

/** One registered resource as the mock engine saw it. */
export interface Recorded {
    type: string;
    name: string;
    inputs: Record<string, any>;
    /** Provider reference (`urn::id`), or undefined for components and default providers. */
    provider?: string;
    /** The id the mock assigned: `<type>-<name>`, unique across types that share a name. */
    id: string;
}

/** Records registrations and answers them with known ids and ARNs; install with {@link useMocks}. */
export class Recorder implements ResourceMocks {
    readonly resources: Recorded[] = [];
    /** The same registrations as the engine recorded them, in wire form, ready for the policy gate. */
    records: RecordedResource[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const id = `${args.type.split(":").pop()}-${args.name}`;
        const recorded: Recorded = { type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, id };
        // Explicit providers registered here earlier, so their recorded inputs say the region.
        const region = providerRegion(this.resources, recorded) ?? "us-east-1";
        this.resources.push(recorded);
        const state: Record<string, any> = {
            ...args.inputs,
            name: args.inputs.name ?? args.name,
            arn: `arn:aws:mock:${region}:123456789012:${args.type.split(":").pop()}/${args.name}`,
        };
        if (args.type === "aws:lb/loadBalancer:LoadBalancer") {
            state.dnsName = `${args.name}.${region}.elb.amazonaws.com`;
            state.zoneId = `ZALB${region.replace(/-/g, "").toUpperCase()}`;
        }
        if (args.type === "aws:lb/loadBalancer:LoadBalancer" || args.type === "aws:lb/targetGroup:TargetGroup") {
            // CloudWatch's LoadBalancer and TargetGroup dimensions: app/<name>/<id>, targetgroup/<name>/<id>.
            state.arnSuffix = `${args.type.endsWith("LoadBalancer") ? "app" : "targetgroup"}/${args.name}/0123456789abcdef`;
        }
        if (args.type === "aws:s3/bucket:Bucket") {
            state.bucket = args.inputs.bucket ?? `${args.name}-1a2b3c4`;
        }
        if (args.type === "aws:rds/instance:Instance") {
            state.identifier = args.inputs.identifier ?? args.name;
        }
        if (args.type === "aws:ec2/launchTemplate:LaunchTemplate") {
            state.latestVersion = 1;
        }
        if (args.type === "aws:acm/certificate:Certificate") {
            state.domainValidationOptions = [{
                domainName: args.inputs.domainName,
                resourceRecordName: `_x1.${args.inputs.domainName}.`,
                resourceRecordType: "CNAME",
                resourceRecordValue: "_x2.acm-validations.aws.",
            }];
        }
        return { id, state };
    }
}

/** The engine {@link useMocks} installed last: what {@link promiseOf} and {@link settle} watch. */
let engine: RecordingMonitor | undefined;

/**
 * Installs a fresh recorder (or the given one) as Pulumi's mock engine (not in preview, so ids and ARNs
 * are known); `lookups` answers lookups of networks the program does not own, as a stack's lookups file does.
 */
export function useMocks<R extends Recorder = Recorder>(stack = "test", recorder: R = new Recorder() as R, lookups?: PlanLookups): R {
    engine = installMockEngine({ project: "ha-web-tier", stack, preview: false, mocks: recorder, lookups });
    recorder.records = engine.records;
    return recorder;
}

/** Throws when a registration failed; a test must never pass over a resource the engine refused. */
function assertNoFailedRegistrations(): void {
    const first = engine?.tracker.failed[0];
    if (first) {
        const others = (engine?.tracker.unregistered ?? []).filter((r) => r !== first).map(label);
        throw new Error(`registration failed: ${label(first)}: ${first.error instanceof Error ? first.error.message : String(first.error)}`
            + (others.length > 0 ? `; not registered because of it: ${others.join(", ")}` : ""));
    }
}

/** Waits for `work`, failing fast (naming the resource) when it waits on a registration that failed. */
async function watched<T>(work: Promise<T>): Promise<T> {
    try {
        const tracker = engine?.tracker;
        return await untilStalled(work, { activity: () => tracker?.activity ?? 0, failed: () => (tracker?.failed.length ?? 0) > 0 });
    } catch (err) {
        assertNoFailedRegistrations();
        const waiting = engine?.tracker.waiting.map(label) ?? [];
        throw waiting.length > 0 ? new Error(`never resolved; these registrations still wait on their inputs: ${waiting.join(", ")}`) : err;
    }
}

/**
 * Resolves an Output's value in a test. Rejects when the value rejects, is unknown, or can never
 * resolve because a registration it depends on failed (which the SDK alone would leave pending forever).
 */
export function promiseOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
    // `promise()` and `isKnown` are the SDK's own (internal) view of an Output; `apply` would silently skip an unknown.
    const o = pulumi.output(output) as unknown as { promise(): Promise<T>; isKnown: Promise<boolean> };
    return watched(Promise.all([o.promise(), o.isKnown]).then(([value, known]) => {
        if (!known) {
            throw new Error("the value is unknown (computed at deploy time); a test cannot compare it");
        }
        return value;
    }));
}

/** Waits until every queued registration has been answered; throws if any failed or can never be sent. */
export async function settle(): Promise<void> {
    await watched(settings.waitForRPCs());
    assertNoFailedRegistrations();
}

/** Reads a stack file's `config:` map as the CLI passes it to the program, through the plan's own loader. */
export function readStackConfig(file: string): Record<string, string> {
    return loadStackConfig(file, "ha-web-tier").config;
}

/** A stack config with some `ha-web-tier:` keys replaced, values given as the CLI would (objects as JSON). */
export function withConfig(base: Record<string, string>, extra: Record<string, unknown>): Record<string, string> {
    const c = { ...base };
    for (const [k, v] of Object.entries(extra)) {
        c[`ha-web-tier:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    }
    return c;
}

/** The region of the explicit provider a resource was created with. */
export function providerRegion(resources: Recorded[], r: Recorded): string | undefined {
    return resources.find((p) => p.type === "pulumi:providers:aws" && p.id === r.provider?.split("::").pop())?.inputs.region;
}

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..");

/**
 * Evaluates the program (`index.ts`) with the given stack config under a fresh recorder and returns
 * what it registered (as the mocks saw it, and as the engine recorded it, with resource options) and
 * what it exported.
 */
export async function runProgram(config: Record<string, string>, stack = "test"): Promise<{ resources: Recorded[]; records: RecordedResource[]; outputs: Record<string, any> }> {
    const recorder = new Recorder();
    try {
        const run = await runWithEngine({
            program: path.join(ROOT, "stack", "index.ts"), project: "ha-web-tier", stack, config, preview: false, mocks: recorder,
        });
        recorder.records = run.resources;
        const outputs = Object.fromEntries(Object.entries(run.outputs).map(([k, v]) => [k, deserializeProperty(v) as unknown]));
        return { resources: recorder.resources, records: run.resources, outputs };
    } catch (err) {
        // Tests expect what the program threw (a ConfigError, say), not the engine's wrapper.
        throw (err as { cause?: unknown }).cause ?? err;
    }
}

/** Resources of one type. */
export function ofType(resources: Recorded[], type: string): Recorded[] {
    return resources.filter((r) => r.type === type);
}

/** Resources by the id the mock assigned. */
export function byId(resources: Recorded[]): Map<string, Recorded> {
    return new Map(resources.map((r) => [r.id, r]));
}

/** Subnets whose route table sends traffic to an internet gateway, or that map public IPs on launch. */
export function publicSubnetIds(resources: Recorded[]): Set<string> {
    const ids = byId(resources);
    const igwTables = new Set(ofType(resources, "aws:ec2/route:Route")
        .filter((r) => r.inputs.gatewayId && ids.get(r.inputs.gatewayId)?.type === "aws:ec2/internetGateway:InternetGateway")
        .map((r) => r.inputs.routeTableId));
    const out = new Set(ofType(resources, "aws:ec2/routeTableAssociation:RouteTableAssociation")
        .filter((a) => igwTables.has(a.inputs.routeTableId)).map((a) => a.inputs.subnetId as string));
    for (const s of ofType(resources, "aws:ec2/subnet:Subnet")) {
        if (s.inputs.mapPublicIpOnLaunch !== false) {
            out.add(s.id);
        }
    }
    return out;
}

/** An IAM policy input as a document, whether the program passed a JSON string or an object. */
export function policyDocument(value: unknown): any {
    return typeof value === "string" ? JSON.parse(value) : value;
}
