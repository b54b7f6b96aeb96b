/**
 * The AWS facts a stack config is held to while it is parsed, each from a maintained package rather
 * than a pattern: region names from the AWS SDK's partition metadata (regions.ts), instance types from
 * the EC2 `InstanceType` enum @pulumi/aws ships (generated from the AWS API with each provider release).
 *
 * How many Availability Zones of a region offer the instance type is a fact of the account (AZ names,
 * zone ids and offerings differ per account, and AWS adds zones), so the program learns it from its
 * lookups (`zonesFor` in stack/index.ts) and reports a shortfall then, every region at once. When the
 * config is refused before those lookups run, {@link zoneRequirements} says what they would have been
 * asked, so a tool that holds its own zone table (the offline plan) can judge them with the rest.
 */
import { InstanceType } from "@pulumi/aws/types/enums/ec2";
import { Region } from "@pulumi/aws/types/enums";
import { closest, distance } from "fastest-levenshtein";
import { regionProblem } from "./regions";
import type { Problem } from "./rules";
import { NAMESPACE, type Parsed } from "./schema";

/** Every EC2 instance type the provider knows (t3.small, m8g.large, ...). */
const INSTANCE_TYPES: ReadonlySet<string> = new Set(Object.values(InstanceType));

/** Region codes the provider knows; used only to suggest a name, the SDK decides whether one exists. */
const REGION_NAMES: readonly string[] = Object.values(Region);

/**
 * The nearest of `candidates` to `value` when it is a near miss (a typo or two: at most 2 edits, or a
 * quarter of the value's length for long ones), else undefined.
 */
export function nearest(value: string, candidates: readonly string[]): string | undefined {
    if (candidates.length === 0 || value === "") {
        return undefined;
    }
    const best = closest(value, candidates);
    return distance(value, best) <= Math.max(2, Math.floor(value.length / 4)) ? best : undefined;
}

/** What is wrong with an instance type, with its fix, or undefined when the provider knows it. */
export function instanceTypeProblem(value: string): string | undefined {
    if (INSTANCE_TYPES.has(value)) {
        return undefined;
    }
    const hint = nearest(value.trim().toLowerCase(), [...INSTANCE_TYPES]);
    // Quoted when it has a space (or nothing) in it, which would be invisible in the message.
    const shown = /^\S+$/.test(value) ? value : JSON.stringify(value);
    return `${shown} is not an EC2 instance type (@pulumi/aws's ec2.InstanceType has no such type); `
        + (hint ? `did you mean ${hint}?` : "use a type such as t3.small or t4g.small");
}

/**
 * The facts of each region and the instance type: a region the SDK does not list (with the nearest
 * code when it is a typo), and an instance type the provider does not know.
 */
export function factProblems(c: Pick<Parsed, "regions" | "capacity">): Problem[] {
    const p: Problem[] = [];
    c.regions.forEach((r, i) => {
        const problem = regionProblem(r.name);
        if (problem) {
            // A region of another partition is no typo; anything else may be one.
            const hint = problem.includes(" partition;") ? undefined : nearest(r.name, REGION_NAMES);
            p.push([`regions[${i}].name`, hint ? problem.replace(/; use a code such as .*$/, `; did you mean ${hint}?`) : problem]);
        }
    });
    const type = instanceTypeProblem(c.capacity.instanceType);
    if (type) {
        p.push(["capacity.instanceType", type]);
    }
    return p;
}

/** One zone lookup the program would make: `key` needs `azCount` zones of `region` that offer `instanceType`. */
export interface ZoneRequirement {
    /** The config key the count is set by, e.g. `ha-web-tier:regions[1].azCount`. */
    key: string;
    /** The region to look zones up in. */
    region: string;
    /** The instance type every zone must offer. */
    instanceType: string;
    /** How many such zones the key asks for. */
    azCount: number;
}

/**
 * The zone lookups the program would make for the regions whose name, AZ count and instance type are
 * themselves valid; the others are already reported.
 */
export function zoneRequirements(c: Pick<Parsed, "regions" | "capacity">, refused: readonly string[]): ZoneRequirement[] {
    if (refused.includes("capacity.instanceType") || instanceTypeProblem(c.capacity.instanceType)) {
        return [];
    }
    return c.regions.flatMap((r, i) => (regionProblem(r.name) || refused.some((k) => k === `regions[${i}].azCount` || k === `regions[${i}].name`)
        ? []
        : [{ key: `${NAMESPACE}:regions[${i}].azCount`, region: r.name, instanceType: c.capacity.instanceType, azCount: r.azCount }]));
}
