/**
 * `npm run plan -- --region-down <region>`: what to run to change the surviving region while one region
 * is down, and exactly which resources that touches. One stack spans both regions, and `pulumi up`
 * evaluates the whole program, so it needs two things: the program must make no call to the down region
 * (`breakGlass.regionDown` in the stack config does that: stack/breakGlass.ts), and the update must touch
 * only resources that live elsewhere (`--target`, one per URN). With `--target`, resources in the state
 * that are not targeted are neither updated nor deleted (pulumi/pulumi, engine step_generator.go
 * GenerateDeletes: "If -target was provided ... then only delete resources that were specified"); with
 * `--exclude` instead, everything not excluded would be reconciled, deletes included.
 */
import { PROVIDER_TYPE_PREFIX, providerUrnOf, type RecordedResource } from "../engine/recorded";

/** What the break-glass update touches and leaves alone. */
export interface BreakGlassSet {
    /** The region that is down. */
    regionDown: string;
    /** URNs to pass as `--target`: every custom resource whose provider is not the down region's. */
    targets: string[];
    /** Custom resources of the down region: left as they are in the state. */
    untouched: string[];
}

/** The region each provider (by URN) is configured for. */
function providerRegions(resources: RecordedResource[]): Map<string, string | undefined> {
    return new Map(resources.filter((r) => r.type.startsWith(PROVIDER_TYPE_PREFIX)).map((p) => [p.urn, typeof p.inputs.region === "string" ? p.inputs.region : undefined]));
}

/** Splits what the break-glass evaluation registered into the resources to target and those left alone. */
export function breakGlassSet(resources: RecordedResource[], regionDown: string): BreakGlassSet {
    const regions = providerRegions(resources);
    const targets: string[] = [];
    const untouched: string[] = [];
    for (const r of resources) {
        if (!r.custom || r.type.startsWith(PROVIDER_TYPE_PREFIX)) continue;
        const region = (typeof r.inputs.region === "string" ? r.inputs.region : undefined) ?? (r.provider ? regions.get(providerUrnOf(r.provider)) : undefined);
        (region === regionDown ? untouched : targets).push(r.urn);
    }
    return { regionDown, targets: targets.sort(), untouched: untouched.sort() };
}

/** The exact commands, in order, for a stack: set the switch, preview, update, and undo it afterwards. */
export function breakGlassCommands(set: BreakGlassSet, stack: string): string[] {
    const targets = set.targets.map((urn) => `  --target '${urn}'`);
    return [
        `pulumi config set --path breakGlass.regionDown ${set.regionDown} --stack ${stack}`,
        `pulumi preview --stack ${stack} --refresh=false \\`,
        ...targets.map((t, i) => (i < targets.length - 1 ? `${t} \\` : t)),
        `pulumi up --stack ${stack} --refresh=false \\`,
        ...targets.map((t, i) => (i < targets.length - 1 ? `${t} \\` : t)),
        "# once the region is back:",
        `pulumi config rm --path breakGlass.regionDown --stack ${stack}`,
        `pulumi refresh --stack ${stack} && pulumi up --stack ${stack}`,
    ];
}

/** The report `--region-down` prints. */
export function renderBreakGlass(set: BreakGlassSet, stack: string): string {
    return [
        `Break-glass plan for stack ${stack} with ${set.regionDown} down.`,
        "",
        `The program was evaluated with breakGlass.regionDown: ${set.regionDown}: it makes no call to ${set.regionDown} (its provider asks STS`,
        "in a surviving region; its zone and AMI lookups give way to placeholders that are never applied).",
        `--refresh=false: a refresh would read every resource, those in ${set.regionDown} included, and fail.`,
        "Resources not targeted are neither updated nor deleted. Check the preview: only the surviving regions may change.",
        "",
        `Targeted (${set.targets.length}):`,
        ...set.targets.map((u) => `  ${u}`),
        "",
        `Left as they are in ${set.regionDown} (${set.untouched.length}):`,
        ...set.untouched.map((u) => `  ${u}`),
        "",
        "Commands:",
        ...breakGlassCommands(set, stack),
    ].join("\n");
}
