/**
 * Remote (multi-language) components, such as @pulumi/awsx's VPC or @pulumi/eks's cluster, are built by
 * their plugin: the engine registers their children on the plugin's behalf, so `pulumi preview
 * --policy-pack` judges them, but no offline evaluation ever sees them. Deny by default: the plan refuses
 * each one, unless the pack config's `reviewed-types-only` allowedTypes accepts it as it would accept an
 * unreviewed type (the team vouches for what it creates).
 */
import type { PolicyPackConfig } from "@pulumi/policy";
import { allows } from "../../policy/policies/classification";
import type { RecordedResource } from "../engine/recorded";
import type { Violation } from "./analyze";

/** The plan-level verdict's name, beside the pack's policies in the output. */
export const REMOTE_VERDICT = "remote-components-judged";

/** `reviewed-types-only`'s allowedTypes from a `--policy-pack-config`, as the pack reads it. */
function allowedTypes(config: PolicyPackConfig | undefined): string[] {
    const entry = config?.["reviewed-types-only"];
    const list = typeof entry === "object" ? (entry as { allowedTypes?: unknown }).allowedTypes : undefined;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === "string") : [];
}

/** A mandatory verdict for every remote component the pack config does not accept. */
export function remoteComponentVerdicts(resources: readonly RecordedResource[], config: PolicyPackConfig | undefined): Violation[] {
    const allowed = allowedTypes(config);
    return resources.filter((r) => r.remote && !allowed.some((entry) => allows(entry, r.type, r.name))).map((r) => ({
        policy: REMOTE_VERDICT,
        level: "mandatory" as const,
        urn: r.urn,
        message: `${r.name}: ${r.type} is a remote component: its plugin creates its resources, which the offline plan cannot `
            + "see, so nothing they run, store or expose is judged. Judge it with `pulumi preview --policy-pack policy` (the CLI runs "
            + `the plugin), build it from components the plan evaluates, or accept it with reviewed-types-only's allowedTypes: ["${r.type}::${r.name}"].`,
    }));
}
