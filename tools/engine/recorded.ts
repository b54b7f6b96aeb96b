/**
 * The shape shared by the offline engine (which records what a program registers) and the policy
 * gate (which runs the CrossGuard pack over those records). It mirrors what a real engine hands the
 * policy analyzer, so verdicts offline match `pulumi preview --policy-pack`.
 */

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
    /** Resource options the analyzer sees. */
    options: {
        protect: boolean;
        ignoreChanges: string[];
        deleteBeforeReplace?: boolean;
        aliases: string[];
        customTimeouts?: { create?: string; update?: string; delete?: string };
    };
}
