/**
 * The cross-field rules of the stack config: what the schema cannot say field by field. Each problem
 * is a path in the `ha-web-tier:` namespace and what is wrong with its fix; config.ts prefixes the
 * namespace and reports them with the schema's own problems.
 */
import { cidrsOverlap, parseCidr } from "../../src/region/cidr";
import type { ImagePlan } from "../../src/image/imageSource";
import type { Parsed } from "./schema";

/** A problem: the key's path under the namespace, and what is wrong with how to fix it. */
export type Problem = readonly [path: string, message: string];

const SINGLE_REGION_FIX = "has no effect in single-region, which has no standby to fail over to; remove it (set it again when you add a second region with mode warm-standby or pilot-light)";

/** Keys only a standby gives meaning to. Read from the raw values: the defaults would hide whether they were set. */
const FAILOVER_ONLY_KEYS = [
    ["failover", "drill"], ["failover", "capacity"], ["failover", "recoveryWindowMinutes"], ["failover", "reservedConcurrency"],
    ["failover", "warmPool"], ["failover", "probe"], ["database", "autoPromote"], ["database", "autoPromoteAfterMinutes"],
    ["failover", "engine"], ["failover", "minDelayMinutesBetweenExecutions"], ["failover", "approvalRoleArn"],
    ["failover", "failback"], ["failover", "reconcileHoldMinutes"], ["failover", "reserveCapacity"],
] as const;

/** Keys set in the raw values that single-region gives no meaning to. */
export function failoverOnlyProblems(raw: Record<string, unknown>, mode: Parsed["mode"]): Problem[] {
    if (mode !== "single-region") {
        return [];
    }
    return FAILOVER_ONLY_KEYS
        .filter(([block, key]) => (raw[block] as Record<string, unknown> | undefined)?.[key] !== undefined)
        .map(([block, key]) => [`${block}.${key}`, SINGLE_REGION_FIX]);
}

/** What each key a region builds its own network from would mean next to `existingVpc`, and so why it goes. */
const BUILT_NETWORK_KEYS = {
    vpcCidr: "the existing VPC has its own range",
    azCount: "the existing VPC's subnets decide the zones",
    natStrategy: "the existing VPC's route tables decide the private subnets' egress",
} as const;

/**
 * A region builds its network (vpcCidr, with azCount and natStrategy) or uses an existing VPC
 * (existingVpc), never both; a subnet is listed once. Read from the raw values: the defaults of azCount
 * and natStrategy would hide whether they were set.
 */
export function networkProblems(raw: Record<string, unknown>, c: Parsed): Problem[] {
    const p: Problem[] = [];
    const rawRegions = Array.isArray(raw.regions) ? raw.regions as Record<string, unknown>[] : [];
    c.regions.forEach((r, i) => {
        const e = r.existingVpc;
        if (!e) {
            if (r.vpcCidr === undefined) {
                p.push([`regions[${i}].vpcCidr`, "is required unless regions[].existingVpc is set; set a /16 to /24 block such as 10.10.0.0/16, or existingVpc to use a VPC you own"]);
            }
            return;
        }
        for (const [key, why] of Object.entries(BUILT_NETWORK_KEYS)) {
            if (rawRegions[i]?.[key] !== undefined) {
                p.push([`regions[${i}].${key}`, `has no effect with regions[${i}].existingVpc (${why}); remove it, or remove existingVpc to build a VPC`]);
            }
        }
        const seen = new Map<string, string>();
        for (const list of ["publicSubnetIds", "privateSubnetIds"] as const) {
            e[list].forEach((id, j) => {
                const first = seen.get(id);
                if (first) {
                    p.push([`regions[${i}].existingVpc.${list}[${j}]`, `${id} is listed twice (also ${first}); a subnet is either public or private, once`]);
                } else {
                    seen.set(id, `${list}[${j}]`);
                }
            });
        }
    });
    return p;
}

/**
 * The rules that relate fields to each other (mode and region count, capacities, failover, DNS,
 * images), over the schema's defaulted values; `images` is the image plan made of them.
 */
export function crossFieldProblems(c: Parsed, images: ImagePlan): Problem[] {
    const p: Problem[] = [];
    const at = (path: string, msg: string) => p.push([path, msg]);
    const n = c.regions.length;
    const down = c.breakGlass.regionDown;
    if (down !== undefined && !c.regions.some((r) => r.name === down)) {
        at("breakGlass.regionDown", `${down} is not one of the stack's regions (${c.regions.map((r) => r.name).join(", ")}); name the region that is down`);
    } else if (down !== undefined && n < 2) {
        at("breakGlass.regionDown", "names the stack's only region: there is no surviving region to change; remove it");
    }
    if (c.mode === "single-region") {
        if (n !== 1) {
            at("regions", `single-region needs exactly 1 region, got ${n}; list one region, or use mode warm-standby or pilot-light for two (see "Start in one region, add a second later" in docs/configuration.md)`);
        }
    } else if (c.mode === "active-active" ? n < 2 || n > 5 : n !== 2) {
        at("regions", c.mode === "active-active"
            ? `active-active needs 2 to 5 regions, got ${n}; list 2 to 5 regions`
            : `${c.mode} needs exactly 2 regions (a primary and a standby), got ${n}; list two regions, use mode single-region for one, or active-active for more`);
    }
    const seen = new Map<string, number>();
    c.regions.forEach((r, i) => {
        const first = seen.get(r.name);
        if (first !== undefined) {
            at(`regions[${i}].name`, `${r.name} is listed twice (also regions[${first}]); each region may appear once`);
        } else {
            seen.set(r.name, i);
        }
        const cidr = r.vpcCidr === undefined ? undefined : parseCidr(r.vpcCidr);
        if (r.vpcCidr !== undefined && !cidr) {
            at(`regions[${i}].vpcCidr`, "is not a valid IPv4 CIDR block with its host bits zero; use a block such as 10.10.0.0/16");
        } else if (cidr && (cidr.prefix < 16 || cidr.prefix > 24)) {
            at(`regions[${i}].vpcCidr`, "must be a /16 to /24 block; pick a prefix length in that range");
        }
        for (let j = 0; j < i && cidr; j++) {
            const theirs = c.regions[j].vpcCidr;
            const other = theirs === undefined ? undefined : parseCidr(theirs);
            if (other && cidrsOverlap(cidr, other)) {
                at(`regions[${i}].vpcCidr`, `${r.vpcCidr} overlaps regions[${j}].vpcCidr (${c.regions[j].vpcCidr}); pick a disjoint range so the VPCs can be peered later`);
            }
        }
        // The first pull of a tag through a pull-through cache needs a route to the internet when ECR is
        // reached through an interface endpoint (ECR user guide, "Amazon ECR interface VPC endpoints",
        // considerations), and ECR Public itself has no VPC endpoint.
        if (!r.existingVpc && r.natStrategy === "none" && images.sources[r.name]?.kind === "pull-through") {
            at(`regions[${i}].natStrategy`, `none leaves the private subnets without internet egress, and the first pull of ${c.app.image ?? "the demo image"} through ${r.name}'s pull-through cache needs one; use a private ECR image (app.image, replicated to every region) or natStrategy single`);
        }
    });
    for (const [path, msg] of images.problems) {
        at(path, msg);
    }
    const cap = c.capacity;
    if (cap.min > cap.desired || cap.desired > cap.max) {
        at("capacity", `needs min <= desired <= max, got ${cap.min} / ${cap.desired} / ${cap.max}; adjust capacity.min, capacity.desired or capacity.max`);
    }
    if (cap.desired < 1) {
        at("capacity.desired", "must be at least 1 so the primary serves; set 1 or more");
    }
    const sb = cap.standby;
    if (sb) {
        if (c.mode === "active-active") {
            at("capacity.standby", "has no effect in active-active, where every region runs the primary's capacity; remove it");
        } else if (c.mode === "single-region") {
            at("capacity.standby", SINGLE_REGION_FIX);
        } else if (sb.min > sb.desired || sb.desired > cap.max) {
            at("capacity.standby", `needs min <= desired <= capacity.max, got ${sb.min} / ${sb.desired} / ${cap.max}; adjust it`);
        }
        if (c.mode === "pilot-light" && (sb.min !== 0 || sb.desired !== 0)) {
            at("capacity.standby", `pilot-light keeps the standby at 0 instances, got min ${sb.min} / desired ${sb.desired}; set both to 0, or use mode warm-standby`);
        }
        if (c.mode === "warm-standby" && sb.min < 1) {
            at("capacity.standby.min", "warm-standby keeps the standby serving, so it needs at least 1 instance; set 1 or more, or use mode pilot-light");
        }
    }
    if (c.failover.capacity !== undefined && c.failover.capacity > cap.max) {
        at("failover.capacity", `${c.failover.capacity} exceeds capacity.max (${cap.max}); lower it or raise capacity.max`);
    }
    // The probe (standby region) and the warm pool (image on disk) keep the wake path out of us-east-1;
    // without either, the wake depends on the alarm there or on pulls at wake time.
    if (c.mode === "pilot-light" && c.regions[0]?.name === "us-east-1" && !(c.failover.probe && c.failover.warmPool)) {
        at("regions[0].name", "pilot-light with the primary in us-east-1 is statically stable only with failover.probe and failover.warmPool on: without them the standby is woken by the alarm in us-east-1, which fails with the primary, or pulls its image at wake; turn both on (the defaults), or use mode warm-standby");
    }
    const failoverMode = c.mode === "pilot-light" || c.mode === "warm-standby";
    if (failoverMode && !c.dns && c.frontDoor === "dns") {
        at("dns", `is required in ${c.mode}: without failover records users keep reaching the primary's ALB and the woken standby serves nobody; set dns.hostedZoneId and dns.recordName (a Route 53 hosted zone you own), or use mode active-active`);
    }
    if (failoverMode && !c.failover.notificationEmail && c.failover.notifications !== "none") {
        at("failover.notificationEmail", "is required in failover modes, so a wake, a failed wake or a dead letter reaches a person; set an address (and confirm the e-mail AWS sends), or set failover.notifications: none to deploy without one (the plan flags it)");
    }
    if (c.failover.notifications === "none" && c.failover.notificationEmail) {
        at("failover.notifications", "is none, but failover.notificationEmail is set; remove one of them");
    }
    if (c.app.image && !c.app.healthSearchString) {
        at("app.healthSearchString", "is required with a custom app.image; set it to a string only your app's health response contains (Route 53 reads the first 5,120 bytes)");
    }
    // The demo site's nginx answers the health path with `return 200 "<text>"`, where $ starts a variable.
    if (!c.app.image && c.app.healthSearchString?.includes("$")) {
        at("app.healthSearchString", "contains $, which the demo site's nginx would expand as a variable, so the health response would not contain the string; remove the $ (or run your own app.image)");
    }
    if (c.database.maxAllocatedStorageGb < c.database.allocatedStorageGb) {
        at("database.maxAllocatedStorageGb", `must be at least database.allocatedStorageGb (${c.database.allocatedStorageGb}); raise it`);
    }
    if (c.database.primaryRegion !== undefined && !c.regions.some((r) => r.name === c.database.primaryRegion)) {
        at("database.primaryRegion", `${c.database.primaryRegion} is not one of the stack's regions; use one of ${c.regions.map((r) => r.name).join(", ")}`);
    }
    return p;
}

/** The value of `failover.<key>` as written in the stack config (the defaults would hide whether it was set). */
const rawFailover = (raw: Record<string, unknown>, key: string): unknown => (raw.failover as Record<string, unknown> | undefined)?.[key];

/**
 * The rules of the managed paths (docs/managed-paths.md): Global Accelerator as the front door and
 * ARC Region switch as the engine, over the defaulted values and, for keys only one engine reads,
 * the raw ones. Single-region's own refusals are {@link failoverOnlyProblems}'.
 */
export function managedPathProblems(raw: Record<string, unknown>, c: Parsed): Problem[] {
    const p: Problem[] = [];
    const at = (path: string, msg: string) => p.push([path, msg]);
    const regionSwitch = c.failover.engine === "arc-region-switch";
    if (c.frontDoor === "global-accelerator" && c.mode === "single-region") {
        at("frontDoor", "global-accelerator fails over between two or more regions, and single-region has one; use dns (the default), or add a second region with mode warm-standby or pilot-light");
    }
    if (regionSwitch && c.mode === "active-active") {
        at("failover.engine", "arc-region-switch wakes a standby (pilot-light and warm-standby), and active-active has none: every region serves; remove it");
    }
    if (c.mode !== "single-region" && !regionSwitch) {
        for (const key of ["minDelayMinutesBetweenExecutions", "approvalRoleArn"]) {
            if (rawFailover(raw, key) !== undefined) {
                at(`failover.${key}`, "has an effect only with failover.engine arc-region-switch (it configures the Region switch plan); remove it, or set failover.engine: arc-region-switch");
            }
        }
    }
    if (regionSwitch && c.mode !== "single-region") {
        if (rawFailover(raw, "probe") === true) {
            at("failover.probe", "is true, but failover.engine arc-region-switch deploys no probe: it would scale the standby beside the plan; remove it (the plan is started by the alarm)");
        }
        if (rawFailover(raw, "reservedConcurrency") !== undefined) {
            at("failover.reservedConcurrency", "reserves concurrency for the failover function, which failover.engine arc-region-switch does not deploy; remove it");
        }
        // The plan's trigger is the alarm on Route 53's metrics, which exist only in us-east-1.
        if (c.mode === "pilot-light" && c.regions[0]?.name === "us-east-1") {
            at("failover.engine", "arc-region-switch is started by the alarm in us-east-1 and has no probe: with the primary in us-east-1 a pilot-light standby would not be woken when the primary's region fails; use failover.engine: function (with the probe and the warm pool), mode warm-standby, or another primary region");
        }
    }
    // The manual hold is a Route 53 check on the primary's failover record, kept by the failover function.
    if (c.failover.failback === "manual" && c.mode !== "single-region" && c.mode !== "active-active") {
        if (c.frontDoor === "global-accelerator") {
            at("failover.failback", "manual holds users on the standby through Route 53's failover records, and global-accelerator routes by the ALBs' health instead: nothing would hold them; use failback automatic, or frontDoor dns");
        } else if (regionSwitch) {
            at("failover.failback", "manual is kept by the failover function, which failover.engine arc-region-switch does not deploy; use failback automatic, or failover.engine function");
        }
    }
    // Behind Global Accelerator the probe still checks the service's name (Host and SNI), so without dns it is not deployed.
    if (c.frontDoor === "global-accelerator" && !c.dns && !regionSwitch && c.mode === "pilot-light" && c.regions[0]?.name === "us-east-1") {
        at("dns", "is required in pilot-light with the primary in us-east-1: the probe, which wakes the standby without the alarm in us-east-1, checks the service's name and is not deployed without one; set dns.hostedZoneId and dns.recordName, or use mode warm-standby");
    }
    return p;
}
