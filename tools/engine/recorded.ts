/**
 * The shape shared by the offline engine (which records what a program registers) and the policy
 * gate (which runs the CrossGuard pack over those records). It mirrors what a real engine hands the
 * policy analyzer, so verdicts offline match `pulumi preview --policy-pack`.
 */

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
 * Undefined for other packages, or when unset or unknown at plan time.
 */
export function ownRegion(token: string, inputs: Record<string, unknown>): string | undefined {
    return token.startsWith("aws:") ? knownRegion(inputs.region) : undefined;
}

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
