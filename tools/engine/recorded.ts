/**
 * The shape shared by the offline engine (which records what a program registers) and the policy
 * gate (which runs the CrossGuard pack over those records). It mirrors what a real engine hands the
 * policy analyzer, so verdicts offline match `pulumi preview --policy-pack`.
 */

import { specialResourceSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN } from "./pulumi-internals";

/** Type token of the stack resource the engine registers as the root of every program. */
export const STACK_TYPE = "pulumi:pulumi:Stack";

/** Type tokens of provider resources start with this (`pulumi:providers:aws`). */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/**
 * The provider's URN in a provider reference (`<provider urn>::<provider id>`). URNs contain `::`
 * themselves, so the id is whatever follows the last one.
 */
export function providerUrnOf(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i < 0 ? ref : ref.slice(0, i);
}

/** A region a value names: a string known at plan time (not missing, not the unknown sentinel). */
export function knownRegion(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && value !== UNKNOWN ? value : undefined;
}

/**
 * The region an AWS resource or data source call names itself with its top-level `region` input.
 * @pulumi/aws 7 lets most regional resources and data sources override their provider's region so,
 * and the provider's region applies only when it is unset (Pulumi, "Enhanced Region Support",
 * https://www.pulumi.com/registry/packages/aws/how-to-guides/aws-enhanced-region-support).
 * Services whose API lives in one region whatever the provider's say so by their token
 * ({@link FIXED_API_REGIONS}); a Global Accelerator endpoint group is where its `endpointGroupRegion` is.
 * Undefined for other packages, or when unset or unknown at plan time.
 */
export function ownRegion(token: string, inputs: Record<string, unknown>): string | undefined {
    if (!token.startsWith("aws:")) {
        return undefined;
    }
    const own = knownRegion(inputs.region);
    if (own) {
        return own;
    }
    if (token === "aws:globalaccelerator/endpointGroup:EndpointGroup") {
        return knownRegion(inputs.endpointGroupRegion) ?? FIXED_API_REGIONS["aws:globalaccelerator/"];
    }
    const fixed = Object.entries(FIXED_API_REGIONS).find(([prefix]) => token.startsWith(prefix));
    return fixed?.[1];
}

/**
 * Services the provider always calls in one region, whatever the provider's own: Global Accelerator
 * ("Global Accelerator endpoint is only available in AWS Commercial us-west-2 Region",
 * hashicorp/terraform-provider-aws internal/service/globalaccelerator/service_package.go), and ARC
 * Region switch's plan operations, which the SDKs' endpoint rules send to its control plane in
 * us-east-1 ("Control plane operation ... in us-west-2 routes to us-east-1"; ARC developer guide,
 * "AWS Regions": `arc-region-switch-control-plane.us-east-1.api.aws` is the only control-plane endpoint).
 */
export const FIXED_API_REGIONS: Record<string, string> = {
    "aws:globalaccelerator/": "us-west-2",
    "aws:arcregionswitch/": "us-east-1",
};

/** One resource registration as the offline engine recorded it: what the policy pack and the plan see. */
export interface RecordedResource {
    /** Full URN, as the engine would assign it. */
    urn: string;
    /** Type token, e.g. `aws:ec2/subnet:Subnet` or `ha-web-tier:index:Network`. */
    type: string;
    /** Logical name. */
    name: string;
    /** True for provider-managed resources, false for components. */
    custom: boolean;
    /**
     * A remote (multi-language) component: its plugin creates its children, so no offline evaluation sees
     * them and the pack cannot judge them (the plan refuses it: `remote-components-judged`).
     */
    remote?: boolean;
    /** URN of the parent resource, if any. */
    parent?: string;
    /** Provider reference (`<provider urn>::<provider id>`), if any. */
    provider?: string;
    /**
     * Inputs in their serialized (wire) form: unknown values are the engine's unknown sentinel string,
     * secrets are signature-tagged objects, as `Struct.toJavaScript()` returns them.
     */
    inputs: Record<string, unknown>;
    /** Property name -> URNs of the resources that property's value came from. */
    propertyDependencies: Record<string, string[]>;
    /**
     * What a component registered with `registerOutputs` (wire form), when it did. A component's inputs
     * never reach the engine, so these are its only properties: the engine's stack analysis reads them
     * (pulumi/pulumi pkg/resource/deploy/step_generator.go, `AnalyzeResources`: "AnalyzeStack is called
     * on the final outputs of each resource").
     */
    outputs?: Record<string, unknown>;
    /** URNs of all resources this one depends on. */
    dependencies: string[];
    /**
     * True when only the second evaluation (every output known, as in `pulumi up`) registers it: the
     * program creates it inside an `apply` a preview skips. Its invented values are recorded as unknown.
     */
    onlyWhenOutputsKnown?: boolean;
    /** True when the inputs a preview knew differ from those deployed (a program branching on `isDryRun()`): these are the deployed ones. */
    differsWhenDeployed?: boolean;
    /** Resource options the analyzer sees. */
    options: {
        protect: boolean;
        ignoreChanges: string[];
        deleteBeforeReplace?: boolean;
        aliases: string[];
        customTimeouts?: { create?: string; update?: string; delete?: string };
    };
}

/**
 * A value as the engine hands it to the policy analyzer: resource references become the resource's id
 * (unknown until created) or, for a component, its URN, because the engine marshals analyzer properties
 * without `KeepResources` (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go, MarshalPropertyValue).
 * Components that register child resources as outputs would otherwise reach the pack as objects the
 * policy server cannot read ("Unrecognized signature").
 */
export function resourceRefsAsIds(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(resourceRefsAsIds);
    }
    if (value && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (o[specialSigKey] === specialResourceSig) {
            return "id" in o ? (o.id === "" ? UNKNOWN : o.id) : o.urn;
        }
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, resourceRefsAsIds(v)]));
    }
    return value;
}
