/** The failure scenarios (an instance, each AZ, each region, us-east-1's control plane): who serves, what restores it, RTO, RPO and static-stability findings. */
import {
    instanceFailureTimeline, INSTANCE_READY_SECONDS, MULTI_AZ_FAILOVER_SECONDS, regionFailoverTimeline, rtoSeconds,
    zoneFailureTimeline, type Step,
} from "../../src/failover/rto";
import { FIXED_API_REGIONS } from "../engine/recorded";
import { bootPathOf, reachableDuring, type BootPath } from "./bootPath";
import { isGlobal, label, num, plain, T, type ModelResource } from "./graph";
import { UNPLACED, type Tier, type Topology, type WakePath } from "./topology";

/**
 * What users see: untouched; back automatically; served, but at a capacity that cannot be restored
 * until the domain returns; back after a person acts; not back; or not knowable from the plan.
 */
export type Outcome = "unaffected" | "recovers" | "degraded" | "manual" | "down" | "unknown";

/** Worst first: the outcome a scenario settles on when several apply. */
const SEVERITY: Outcome[] = ["down", "unknown", "manual", "degraded", "recovers", "unaffected"];
const worse = (a: Outcome, b: Outcome): Outcome => (SEVERITY.indexOf(a) <= SEVERITY.indexOf(b) ? a : b);

/** A dependency of the recovery path on the failed domain, or on something outside AWS. */
export interface Finding {
    /** Scenario id. */
    scenario: string;
    /** Mandatory in a region or AZ scenario where the recovery needs it; advisory otherwise. */
    level: "mandatory" | "advisory";
    urn: string;
    type: string;
    name: string;
    region: string;
    /** What depends on what, and what to change. */
    message: string;
}

/** One failure domain and how the stack answers it. */
export interface Scenario {
    /** `instance`, `zone:<region>:<az>`, `region:<region>`, `control-plane:us-east-1`. */
    id: string;
    domain: "instance" | "zone" | "region" | "control-plane";
    /** What fails, for people. */
    title: string;
    outcome: Outcome;
    /** Regions serving users once recovered. */
    servedBy: string[];
    /** Steps from failure to served again, worst case. */
    steps: Step[];
    /** Sum of the steps (for `unknown`: if what the plan cannot see works), or null when nothing recovers. */
    rtoSeconds: number | null;
    /** Data that can be lost. */
    rpo: string;
    /** pass: nothing on the recovery path is in the failed domain; fail: something is; unknown: the plan cannot tell. */
    stability: "pass" | "fail" | "unknown";
    findings: Finding[];
    /** What the plan cannot tell for this scenario. */
    unknowns: string[];
    /** Context for people: what else happens. */
    notes: string[];
}

/** The region whose control plane hosts Route 53's API, its health-check metrics and their alarms. */
export const CONTROL_PLANE_REGION = "us-east-1";

const STATELESS = "none (stateless web tier)";

function finding(scenario: string, level: Finding["level"], r: ModelResource, message: string): Finding {
    return { scenario, level, urn: r.urn, type: r.type, name: r.name, region: r.region, message };
}

function scenario(init: Pick<Scenario, "id" | "domain" | "title"> & Partial<Scenario>): Scenario {
    const s: Scenario = { outcome: "recovers", servedBy: [], steps: [], rtoSeconds: 0, rpo: STATELESS, stability: "pass", findings: [], unknowns: [], notes: [], ...init };
    return s;
}

/**
 * Settles stability from the findings and unknowns gathered; the outcome becomes unknown when serving
 * again needs launches whose boot path the plan cannot read.
 */
function settle(s: Scenario, launchesNeeded: boolean): Scenario {
    s.unknowns = [...new Set(s.unknowns)];
    s.notes = [...new Set(s.notes)];
    const mandatory = s.findings.some((f) => f.level === "mandatory");
    s.stability = mandatory ? "fail" : s.unknowns.length > 0 ? "unknown" : "pass";
    if (s.unknowns.length > 0 && launchesNeeded) {
        s.outcome = worse(s.outcome, "unknown");
    }
    if (s.outcome === "down") {
        s.rtoSeconds = null;
    }
    return s;
}

/** What the model cannot read about these tiers, for a scenario's unknowns. */
const missingOf = (tiers: Tier[]): string[] => tiers.flatMap((x) => x.missing.map((m) => `${label(x.asg)} in ${x.region}: ${m}`));

function instanceScenario(t: Topology): Scenario {
    const serving = t.tiers.filter((x) => x.serving);
    if (serving.length === 0) {
        return scenario({ id: "instance", domain: "instance", title: "one app instance", outcome: "unknown", rtoSeconds: null, stability: "unknown",
            unknowns: ["which instances serve users: no load balancer in front of an Auto Scaling group with capacity was found"] });
    }
    if (serving.some((x) => x.missing.length > 0)) {
        return scenario({ id: "instance", domain: "instance", title: "one app instance", outcome: "unknown", rtoSeconds: null, stability: "unknown",
            servedBy: serving.map((x) => x.region), unknowns: missingOf(serving) });
    }
    // The worst serving tier decides: one without a second instance waits for a replacement.
    const timelines = serving.map((tier) => instanceFailureTimeline(tier.targetHealth, tier.capacity.desired >= 2));
    const steps = timelines.reduce((a, b) => (rtoSeconds(b) > rtoSeconds(a) ? b : a));
    return scenario({
        id: "instance", domain: "instance", title: "one app instance", servedBy: serving.map((x) => x.region), steps, rtoSeconds: rtoSeconds(steps),
        notes: ["The Auto Scaling group replaces the instance (ELB health checks); capacity is back once it passes its checks."],
    });
}

/**
 * How to give each zone its own NAT gateway: natStrategy for a VPC the stack builds; for an existing VPC's
 * gateway (a stand-in under the component that declared it, with that component's URN) natStrategy has
 * no effect, and the fix is in that VPC's route tables.
 */
function natFix(nat: ModelResource): string {
    return nat.urn === nat.parent
        ? "route each zone's private subnets to a NAT gateway in that zone, in the existing VPC's route tables (regions[].existingVpc: the stack does not manage them)"
        : "give each Availability Zone its own NAT gateway (natStrategy one-per-az)";
}

function zoneScenarios(t: Topology): Scenario[] {
    const out: Scenario[] = [];
    for (const region of t.regions) {
        const tiers = t.tiers.filter((x) => x.region === region);
        // A zone AWS picks at deploy is no zone to fail: the tier it belongs to is unknown in every zone scenario.
        const zones = [...new Set(tiers.flatMap((x) => [...x.zones, ...x.lbZones]))].filter((z) => !z.startsWith(UNPLACED)).sort();
        const dbs = t.databases.filter((d) => d.region === region);
        for (const zone of zones) {
            const id = `zone:${region}:${zone}`;
            const s = scenario({ id, domain: "zone", title: `Availability Zone ${zone}`, servedBy: [...new Set(t.tiers.filter((x) => x.serving).map((x) => x.region))] });
            const serving = tiers.filter((x) => x.serving);
            if (serving.length === 0) {
                s.outcome = "unaffected";
                s.notes.push(`${region} serves no users while every region is healthy.`);
            }
            for (const tier of tiers) {
                // A subnet whose own zone is unknown may share the gateway's zone: no finding for it.
                const natInZone = tier.egress.filter((e) => e.zone !== zone && !e.zone.startsWith(UNPLACED) && e.natZone === zone && e.nat);
                if (tier.serving && tier.missing.length > 0) {
                    // A tier the model cannot fully read is never reported as lacking capacity: its outcome is unknown.
                    s.unknowns.push(...missingOf([tier]));
                    s.outcome = worse(s.outcome, "unknown");
                    s.rtoSeconds = null;
                } else if (tier.serving) {
                    const left = tier.zones.filter((z) => z !== zone);
                    const lbLeft = tier.lbZones.filter((z) => z !== zone);
                    if (left.length === 0 || lbLeft.length === 0) {
                        const r = left.length === 0 ? tier.asg : tier.loadBalancer ?? tier.asg;
                        s.findings.push(finding(id, "mandatory", r, `${label(r)} in ${region} has no capacity outside ${zone}; spread it over at least two Availability Zones.`));
                        s.outcome = worse(s.outcome, "down");
                    }
                    s.steps = zoneFailureTimeline(tier.targetHealth);
                }
                if (tier.serving) {
                    // A NAT route read from declared subnets is a fact even when another subnet of the tier is unknown.
                    for (const e of natInZone) {
                        s.findings.push(finding(id, "mandatory", e.nat as ModelResource,
                            `${label(e.nat as ModelResource)} in ${zone} is the only internet route of ${region}'s private subnets in ${e.zone}: with ${zone} down, instances there lose egress and replacements cannot boot; ${natFix(e.nat as ModelResource)}.`));
                        s.outcome = worse(s.outcome, "degraded");
                    }
                } else {
                    for (const e of natInZone) {
                        s.notes.push(`The standby's NAT gateway "${(e.nat as ModelResource).name}" is in ${zone}: a failover to ${region} during this outage could not boot instances in ${e.zone}.`);
                    }
                }
            }
            // The database fails over alongside the web tier, not after it: the slower of the two sets the RTO.
            let dbSeconds = 0;
            for (const db of dbs) {
                if (db.writer && db.multiAz) {
                    s.rpo = "0 (Multi-AZ: synchronous standby)";
                    s.notes.push(`If the writer ${label(db.instance)} is in ${zone}, RDS fails over to its standby, alongside the web tier: writes pause for typically 60-120 s (${MULTI_AZ_FAILOVER_SECONDS} s counted).`);
                    dbSeconds = MULTI_AZ_FAILOVER_SECONDS;
                    // Every region writes to the one writer (database.primaryRegion, wherever the web tier serves): its pause is felt here too.
                    if (s.outcome === "unaffected") s.outcome = "recovers";
                } else if (db.writer) {
                    s.findings.push(finding(id, "mandatory", db.instance, `The writer ${label(db.instance)} runs in one Availability Zone: if it is ${zone}, writes stop until it is restored from backup; turn on Multi-AZ.`));
                    s.outcome = worse(s.outcome, "down");
                } else if (!db.multiAz) {
                    s.notes.push(`The replica ${label(db.instance)} is single-AZ: if it is in ${zone}, reads through it fail until the zone returns.`);
                }
            }
            s.rtoSeconds = s.outcome === "unaffected" ? 0 : s.outcome === "unknown" ? null : Math.max(rtoSeconds(s.steps), dbSeconds);
            out.push(settle(s, false));
        }
        const undeclared = [...new Set(tiers.flatMap((x) => x.undeclared))];
        if (undeclared.length > 0) {
            const id = `zone:${region}:undeclared`;
            out.push(settle(scenario({
                id, domain: "zone", title: `Availability Zone unknown (${region})`, outcome: "unknown",
                servedBy: [...new Set(t.tiers.filter((x) => x.serving).map((x) => x.region))], rtoSeconds: null,
                unknowns: [`which Availability Zones ${undeclared.join(", ")} are in: nothing in the stack declares them (offline: the stack's lookups file does not)`],
            }), false));
        }
    }
    return out;
}

/** Tiers that take users over when `failed` goes down, and whether DNS moves users there. */
function takeover(t: Topology, failed: string): { tiers: Tier[]; routed: boolean; latency: boolean } {
    const lost = t.tiers.filter((x) => x.region === failed && x.serving);
    const others = t.tiers.filter((x) => x.region !== failed);
    if (lost.some((x) => x.frontDoor)) {
        // GA fails over to the next endpoint group with a healthy endpoint of weight above 0, whatever its
        // dial ("for this failover, Global Accelerator ignores the traffic dial setting", GA developer
        // guide, "Endpoint weights and traffic dials: unhealthy endpoints").
        const tiers = others.filter((x) => x.frontDoor && x.frontDoor.weight > 0);
        return { tiers, routed: true, latency: tiers.length > 0 && tiers.every((x) => x.serving) };
    }
    if (t.routed) {
        const failover = lost.some((x) => x.record?.routing === "primary");
        const tiers = failover ? others.filter((x) => x.record?.routing === "secondary") : others.filter((x) => x.serving && x.record);
        return { tiers, routed: true, latency: !failover };
    }
    // A scheduled probe detects no region in particular: it watches the primary on its own, as regionScenario counts it.
    const woken = new Set(t.wakePaths.filter((p) => p.detects === undefined || p.detects.includes(failed)).flatMap((p) => p.wakes.map((w) => w.urn)));
    const tiers = others.filter((x) => woken.has(x.asg.urn));
    return { tiers: tiers.length > 0 ? tiers : others.filter((x) => x.capacity.desired > 0), routed: false, latency: false };
}

/** The elements of a path that live in `region` (global services excepted). */
const inRegion = (p: WakePath, region: string): ModelResource[] => p.chain.filter((r) => !isGlobal(r) && r.region === region);

function regionScenario(t: Topology, failed: string, boot: Map<Tier, BootPath>): Scenario {
    const id = `region:${failed}`;
    const lost = t.tiers.filter((x) => x.region === failed && x.serving);
    const s = scenario({ id, domain: "region", title: `region ${failed}` });
    s.notes.push(...controlPlaneNotes(t, failed));
    const survivors = t.tiers.filter((x) => x.region !== failed && x.serving).map((x) => x.region);
    if (lost.length === 0) {
        s.outcome = "unaffected";
        s.servedBy = [...new Set(survivors)];
        for (const p of t.wakePaths) {
            const here = inRegion(p, failed);
            const target = p.wakes.find((w) => w.region !== failed);
            if (here.length > 0 && target) {
                s.notes.push(`While ${failed} is down, ${here.map(label).join(", ")} ${here.length > 1 ? "are" : "is"} gone: a failure of another region would not wake ${label(target)}.`);
            }
        }
        if (t.tiers.some((x) => x.region === failed && !x.serving)) {
            s.notes.push(`${failed}'s standby is gone until the region returns.`);
        }
        return settle(s, false);
    }
    const tk = takeover(t, failed);
    if (tk.tiers.length === 0) {
        s.outcome = "down";
        s.rtoSeconds = null;
        s.notes.push(`No other region takes over from ${failed}: the service is back when the region is (RTO: the region's recovery).`);
        if (t.databases.some((d) => d.writer && d.region === failed)) {
            s.rpo = NO_COPY_OUTSIDE;
        }
        return settle(s, false);
    }
    s.servedBy = [...new Set(tk.tiers.map((x) => x.region))];
    let launchesNeeded = false;
    let steps: Step[] = [];
    for (const tier of tk.tiers) {
        const resting = tier.capacity.desired;
        const needsWake = resting === 0;
        launchesNeeded ||= needsWake;
        const paths = t.wakePaths.filter((p) => p.wakes.includes(tier.asg) && (p.detects === undefined || p.detects.includes(failed)));
        const surviving = paths.filter((p) => inRegion(p, failed).length === 0);
        if (surviving.length === 0) {
            const broken = [...new Map(paths.flatMap((p) => inRegion(p, failed)).map((r) => [r.urn, r])).values()];
            if (needsWake) {
                s.outcome = worse(s.outcome, "down");
                if (broken.length === 0) {
                    s.findings.push(finding(id, "mandatory", tier.asg, `${label(tier.asg)} in ${tier.region} rests at 0 instances and nothing wakes it when ${failed} fails; keep instances running there or add a wake path outside ${failed}.`));
                }
                for (const r of broken) {
                    s.findings.push(finding(id, "mandatory", r, `${label(r)} lives in ${failed}, the failed region, and is on the only path that wakes ${label(tier.asg)} (0 instances at rest) in ${tier.region}; move the wake path out of ${failed}, or keep instances running in the standby (warm-standby).`));
                }
            } else if (broken.length > 0) {
                s.notes.push(`${broken.map(label).join(", ")} in ${failed} would scale ${tier.region} up; it fails with the region, so ${tier.region} serves with its resting ${resting} instance(s) until target tracking adds more.`);
            }
        }
        for (const need of boot.get(tier)?.needs ?? []) {
            if (!reachableDuring(need, tier.region, failed)) {
                if (!need.onCacheMiss) s.outcome = worse(s.outcome, needsWake ? "down" : "degraded");
                s.findings.push(finding(id, need.onCacheMiss ? "advisory" : "mandatory", need.via,
                    `${label(need.via)} in ${tier.region} ${need.what}: that is in ${failed}, the failed region, and ${tier.region} must launch instances to take over; ${need.fix.replace("the instance's region", tier.region).replace("the instance's own region", tier.region)}.`));
            } else if (need.internet && !need.regions) {
                s.notes.push(`${tier.region}'s instances ${need.what} (${label(need.via)}): a dependency outside AWS.`);
            }
        }
        s.unknowns.push(...(boot.get(tier)?.unknown ?? []), ...missingOf([tier]));
        if (tier.missing.length > 0) {
            s.outcome = worse(s.outcome, "unknown");
        }
        const mode = needsWake ? "pilot-light" : tk.latency ? "active-active" : "warm-standby";
        // Route 53's defaults when unset: a 30 s interval and a failure threshold of 3 (Route 53 API
        // reference, HealthCheckConfig).
        const detector = lost[0]?.healthCheck;
        const engine = surviving.length > 0 && surviving.every((p) => p.engine === "arc-region-switch") ? "arc-region-switch" : "function";
        const accelerated = tier.frontDoor !== undefined && lost.some((x) => x.frontDoor);
        const candidate = regionFailoverTimeline({
            mode,
            interval: num(detector?.inputs.requestInterval, 30),
            failureThreshold: num(detector?.inputs.failureThreshold, 3),
            instanceReadySeconds: INSTANCE_READY_SECONDS,
            // A newly registered target is healthy after one passing check (ELB user guide, "Health checks
            // for your target groups"); the healthy threshold applies only to unhealthy targets.
            targetHealthySeconds: tier.targetHealth.interval,
            // A scheduled probe outside the failed region wakes without the alarm; a warm pool starts
            // pre-initialised instances instead of launching them.
            detection: surviving.some((p) => p.trigger === "schedule") ? "probe" : "alarm",
            warmPool: plain(tier.asg.inputs.warmPool) !== undefined,
            frontDoor: accelerated ? "global-accelerator" : "dns",
            engine,
            failedTargetHealth: lost[0]?.targetHealth ?? tier.targetHealth,
            approval: surviving.some((p) => p.approval),
        });
        s.notes.push(...managedPathNotes(t, tier, failed, { accelerated, needsWake, engine, approval: surviving.some((p) => p.approval) }));
        if (needsWake && engine === "arc-region-switch" && surviving.some((p) => p.approval)) {
            s.outcome = worse(s.outcome, "manual");
        }
        if (rtoSeconds(candidate) > rtoSeconds(steps)) {
            steps = candidate;
        }
    }
    s.steps = steps;
    s.rtoSeconds = rtoSeconds(steps);
    if (!tk.routed) {
        s.outcome = worse(s.outcome, "manual");
        s.notes.push(`No Route 53 records route users: ${s.servedBy.join(", ")} is ready after the steps, but users reach it only once the service name points there (set dns.hostedZoneId and dns.recordName).`);
    }
    dataOnRegionLoss(t, failed, s, tk.tiers);
    return settle(s, launchesNeeded);
}

/** What the failure of `failed` does to the managed services' control planes (GA's in us-west-2). */
function controlPlaneNotes(t: Topology, failed: string): string[] {
    if (failed !== FIXED_API_REGIONS["aws:globalaccelerator/"] || t.graph.ofType(T.accelerator).length === 0) {
        return [];
    }
    return [`Global Accelerator's control plane is in ${failed}: while it is down the accelerator keeps routing and failing over on its data plane, but it cannot be changed (dials, endpoints, listeners, a new accelerator); failover here never needs a change (AWS Fault Isolation Boundaries, "Global services").`];
}

/** What the front door and the engine add to a region's failover, for people: failback, connections, capacity. */
function managedPathNotes(t: Topology, tier: Tier, failed: string, p: { accelerated: boolean; needsWake: boolean; engine: string; approval: boolean }): string[] {
    const notes: string[] = [];
    if (p.accelerated) {
        const back = (t.tiers.find((x) => x.region === failed) ?? tier).targetHealth;
        notes.push(`Global Accelerator moves new connections only: established ones to ${failed} stay until the client or the server resets them.`,
            `Failback is automatic: once ${failed}'s ALB passes ${back.healthyThreshold} checks ${back.interval} s apart, GA sends new connections back within about 30 s; a region that flaps pulls users back and forth.`,
            `GA sees ${failed} through its ALB's target health; how it detects an ALB or a region that stops reporting health is not documented.`);
    }
    if (p.engine === "arc-region-switch") {
        notes.push(`The Region switch plan raises ${tier.region}'s group but reserves no capacity ("Region switch does not guarantee that the desired compute capacity with be attained") and never scales it down: after ${failed} recovers, lower ${tier.region} by hand.`);
        if (p.approval) {
            notes.push(`The plan waits for a person to approve it before it scales ${tier.region}${p.needsWake ? ", which serves no one until then" : ""}.`);
        }
    }
    return notes;
}

/**
 * A writer with no copy outside its region: an outage loses nothing once the region returns, but RDS
 * keeps automated backups and snapshots in the instance's own region unless cross-Region backup
 * replication or snapshot copies are set up (RDS user guide, "Replicating automated backups to another
 * AWS Region"), so what survives the region's loss is only what was copied out.
 */
const NO_COPY_OUTSIDE = "0 once the region returns; if its data is lost, back to the last backup copied out of the region (none by default: RDS backups stay in their region)";

function dataOnRegionLoss(t: Topology, failed: string, s: Scenario, takers: Tier[]): void {
    const writer = t.databases.find((d) => d.writer && d.region === failed);
    if (!writer) {
        return;
    }
    const replicas = t.databases.filter((d) => !d.writer && d.source?.urn === writer.instance.urn && takers.some((x) => x.region === d.region));
    // RDS copies to read replicas asynchronously (RDS user guide, "Working with DB instance read
    // replicas") and publishes no bound on the lag.
    s.rpo = "the replica's replication lag at the moment of failure (asynchronous; RDS publishes no bound: alarm on ReplicaLag)";
    if (replicas.length === 0) {
        s.rpo = NO_COPY_OUTSIDE;
        s.outcome = worse(s.outcome, "down");
        s.notes.push(`The writer ${label(writer.instance)} has no replica in ${takers.map((x) => x.region).join(", ")}: writes and reads of its data stop until ${failed} returns.`);
        return;
    }
    const auto = t.wakePaths.find((p) => replicas.some((r) => p.promotes.includes(r.instance)) && inRegion(p, failed).length === 0);
    if (auto) {
        s.notes.push(`Writes stop until ${label(auto.fn)} promotes ${replicas.map((r) => label(r.instance)).join(", ")} once the primary has failed for its promotion wait (database.autoPromoteAfterMinutes), then several minutes more, depending on the replica's size.`);
    } else {
        s.notes.push(`Writes stop until a person promotes ${replicas.map((r) => label(r.instance)).join(", ")} (several minutes; README, "Promoting the database replica"); reads continue from it.`);
        s.outcome = worse(s.outcome, "manual");
    }
}

function controlPlaneScenario(t: Topology, boot: Map<Tier, BootPath>): Scenario {
    const cp = CONTROL_PLANE_REGION;
    const id = `control-plane:${cp}`;
    const serving = t.tiers.filter((x) => x.serving);
    const s = scenario({
        id, domain: "control-plane", title: `${cp} control plane`, outcome: "unaffected", servedBy: [...new Set(serving.map((x) => x.region))],
        notes: [`Route 53 keeps answering and checking (data plane); running load balancers and instances keep serving. Alarms, SNS, Lambda, parameters, secrets and the EC2 and Auto Scaling APIs in ${cp} stop, as do Route 53's and IAM's APIs.`],
    });
    if (t.graph.ofType(T.regionSwitchPlan).length > 0) {
        s.notes.push(`Region switch's control plane is in ${cp} too: plans cannot be created or changed while it is down. Executions run in the region being activated, but this stack starts them from alarms on Route 53's metrics, which exist only in ${cp}.`);
    }
    for (const tier of t.tiers.filter((x) => !x.serving)) {
        const paths = t.wakePaths.filter((p) => p.wakes.includes(tier.asg));
        if (paths.length > 0 && paths.every((p) => inRegion(p, cp).length > 0)) {
            const via = [...new Map(paths.flatMap((p) => inRegion(p, cp)).map((r) => [r.urn, r])).values()];
            const first = via[0];
            const fix = tier.region === cp
                ? `the standby is in ${cp} itself, whose Auto Scaling API is down too`
                : `a wake path inside ${tier.region} (a scheduled probe) would`;
            s.findings.push(finding(id, "advisory", first, `The wake path of ${label(tier.asg)} in ${tier.region} runs through ${cp} (${via.map(label).join(", ")}): while that control plane is down, a failure of the primary would not wake the standby; ${fix}.`));
        }
    }
    for (const tier of serving) {
        if (tier.region === cp) {
            s.notes.push(`Instances that fail in ${cp} are not replaced while its EC2 and Auto Scaling APIs are down.`);
        }
        for (const need of boot.get(tier)?.needs ?? []) {
            if (tier.region !== cp && !reachableDuring(need, tier.region, cp)) {
                s.findings.push(finding(id, "advisory", need.via, `${label(need.via)} in ${tier.region} ${need.what}: replacements cannot boot while ${cp} is down; ${need.fix.replace("the instance's region", tier.region).replace("the instance's own region", tier.region)}.`));
            }
        }
        s.unknowns.push(...(boot.get(tier)?.unknown ?? []));
    }
    return settle(s, false);
}

/** Every scenario of the stack, in a fixed order: instance, zones, regions, us-east-1's control plane. */
export function scenariosOf(t: Topology): Scenario[] {
    const boot = new Map(t.tiers.map((tier) => [tier, bootPathOf(t.graph, tier)]));
    return [
        instanceScenario(t),
        ...zoneScenarios(t),
        ...t.regions.map((r) => regionScenario(t, r, boot)),
        controlPlaneScenario(t, boot),
    ];
}
