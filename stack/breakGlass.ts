/**
 * What the program uses instead of lookups in a region that is down (`breakGlass.regionDown`): values
 * of the right shape that are never applied, because break-glass updates only target the surviving
 * regions' resources (`npm run plan -- --region-down <region>` prints them).
 */
import type { Zone } from "../src/region/zones";

/** The image id a down region's launch template is given; never deployed (its resources are not targeted). */
export const BREAK_GLASS_AMI = "ami-00000000000000000";

/** `count` made-up zones, named so nobody mistakes them for real ones; never deployed. */
export function breakGlassZones(region: string, count: number): Zone[] {
    return Array.from({ length: count }, (_, i) => ({ name: `${region}-down-${i + 1}`, id: `breakglass-az${i + 1}` }));
}
