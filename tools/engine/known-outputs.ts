/**
 * The second evaluation: the program run again as an update whose every output is known, so the
 * callbacks a preview skips (`apply` on an id or ARN not known yet) run, and the resources they create
 * register. A first preview never shows those resources to the policy pack; `pulumi up` creates them.
 *
 * Outputs the provider would compute, and other stacks' outputs, are invented here as recognisable
 * markers. A resource found only in this evaluation is recorded the way the pack sees resources in a
 * preview: every value that holds a marker (a string built from one included) becomes the engine's
 * unknown sentinel. A value computed from a marker without keeping it (a comparison, a length) cannot
 * be told apart and is judged as computed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UNKNOWN } from "./pulumi-internals";
import { providerUrnOf, type RecordedResource } from "./recorded";

/** Prefix of every invented output value; no AWS id or ARN contains it. */
export const KNOWN_MARK = "zz-known-after-deploy-";

/** The placeholder account invented ARNs carry (the offline plan's account, see invokes.ts). */
const ACCOUNT = "123456789012";

/** How an output is shaped, as the provider's class declares it (`readonly x: pulumi.Output<T>`). */
type Shape = "list" | "object" | "scalar";

const shapesByType = new Map<string, Map<string, Shape>>();
const awsDir = (() => {
    try {
        return path.dirname(require.resolve("@pulumi/aws/package.json"));
    } catch {
        return undefined;
    }
})();

/**
 * The shapes of a resource type's outputs, read once from the provider's own type declarations
 * (`@pulumi/aws/<module>/<name>.d.ts`): a list must be invented as a list, an object as an object, or a
 * program's `apply` that maps over it fails where `pulumi up` would not.
 */
function shapesOf(type: string): Map<string, Shape> {
    const cached = shapesByType.get(type);
    if (cached) {
        return cached;
    }
    const shapes = new Map<string, Shape>();
    const m = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(type);
    if (awsDir && m) {
        try {
            const text = fs.readFileSync(path.join(awsDir, m[1] ?? "", `${m[2] ?? ""}.d.ts`), "utf8");
            for (const [, key, decl] of text.matchAll(/readonly (\w+): pulumi\.Output<([^;]*?)>;/gs)) {
                const t = (decl ?? "").replace(/\s*\|\s*undefined$/, "").trim();
                shapes.set(key ?? "", t.endsWith("[]") ? "list" : t.startsWith("{") || t.startsWith("outputs.") ? "object" : "scalar");
            }
        } catch {
            // not a resource the installed provider declares: markers only
        }
    }
    shapesByType.set(type, shapes);
    return shapes;
}

/**
 * An invented value for an output the program did not set: a one-element list or an empty object
 * where the provider declares one, ARN-shaped for ARNs (programs split them), a marker string otherwise.
 */
export function inventedOutput(type: string, name: string, key: string, region: string | undefined): unknown {
    const mark = `${KNOWN_MARK}${name}-${key}`;
    const shape = shapesOf(type).get(key);
    if (shape === "object") {
        return {};
    }
    if (shape === "list") {
        return [mark];
    }
    if (key === "arn" || key.endsWith("Arn")) {
        const service = type.split(":")[1]?.split("/")[0] ?? "aws";
        return `arn:aws:${service}:${region ?? "us-east-1"}:${ACCOUNT}:${mark}`;
    }
    return mark;
}

/** Another stack's output, which the offline plan cannot read: a marker, so whatever is computed from it stays unknown. */
export function inventedStackOutput(name: string): string {
    return `${KNOWN_MARK}stack-output-${name}`;
}

/** The id an invented resource gets. */
export function inventedId(name: string): string {
    return `${KNOWN_MARK}${name}-id`;
}

/**
 * A value as a first preview would show it: anything holding an invented value is unknown. A JSON
 * document computed from invented values keeps its shape, with only those leaves unknown, as a
 * document written as an object would.
 */
export function asPreviewValue(value: unknown): unknown {
    if (typeof value === "string") {
        if (!value.includes(KNOWN_MARK)) {
            return value;
        }
        const trimmed = value.trim();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                return JSON.stringify(asPreviewValue(JSON.parse(trimmed) as unknown));
            } catch {
                return UNKNOWN;
            }
        }
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(asPreviewValue);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asPreviewValue(v)]));
    }
    return value;
}

/**
 * A preview's value next to the deployed one (already in preview form): where the preview knew the
 * value, the deployed one wins (a program may branch on `isDryRun()`); where the preview did not,
 * it stays unknown, since the deployed one may hold an invented value in a form no marker shows.
 */
function deployedValue(preview: unknown, deployed: unknown): unknown {
    if (preview === UNKNOWN) {
        return UNKNOWN;
    }
    if (Array.isArray(preview) && Array.isArray(deployed)) {
        return (deployed as unknown[]).map((d, i) => (i < preview.length ? deployedValue(preview[i], d) : d));
    }
    if (isObject(preview) && isObject(deployed)) {
        return Object.fromEntries(Object.entries(deployed).map(([k, d]) => [k, k in preview ? deployedValue(preview[k], d) : d]));
    }
    return deployed;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The preview's records as deployed: when the program's inputs may differ (it asked `isDryRun()`), each
 * takes the deployed inputs where they differ from what the preview knew (marked `differsWhenDeployed`);
 * the resources only the second evaluation registers are appended in preview form (marked
 * `onlyWhenOutputsKnown`).
 */
export function mergeDeployed(preview: RecordedResource[], deployed: RecordedResource[], inputsMayDiffer: boolean): RecordedResource[] {
    const byUrn = new Map(deployed.map((r) => [r.urn, r]));
    const merged = preview.map((r) => {
        const d = byUrn.get(r.urn);
        if (!d || !inputsMayDiffer) {
            return r;
        }
        const inputs = deployedValue(r.inputs, asPreviewValue(d.inputs)) as Record<string, unknown>;
        return JSON.stringify(inputs) === JSON.stringify(r.inputs) ? r : { ...r, inputs, differsWhenDeployed: true };
    });
    const seen = new Set(preview.map((r) => r.urn));
    return [...merged, ...deployed.filter((r) => !seen.has(r.urn)).map(asPreviewRecord)];
}

/** A record of the second evaluation in the form the pack judges in a preview, marked as found only there. */
export function asPreviewRecord(r: RecordedResource): RecordedResource {
    const rec: RecordedResource = { ...r, inputs: asPreviewValue(r.inputs) as Record<string, unknown>, onlyWhenOutputsKnown: true };
    if (rec.provider) {
        rec.provider = `${providerUrnOf(rec.provider)}::${UNKNOWN}`;
    }
    return rec;
}
