/** The side-by-side of the managed paths: for the stack's mode, the region RTO and the monthly cost of each front door (Route 53 records, Global Accelerator) with each engine (the failover function, ARC Region switch). */
import { INSTANCE_READY_SECONDS, regionFailoverTimeline, rtoSeconds, type Engine, type FailingTargetCheck, type FrontDoor } from "../../src/failover/rto";
import { ACCELERATOR_TARGET_HEALTH, DNS_TARGET_HEALTH } from "../../src/region/targetHealth";
import type { CostEstimate } from "./cost";
import { num, plain } from "./graph";
import { MANAGED, PRICE_SOURCE, REGION_PRICES, USAGE_PRICED } from "./prices";
import type { Scenario } from "./scenarios";
import type { Tier, Topology } from "./topology";

/** One front door and engine the stack's mode allows, with what the model says it would give and cost. */
export interface PathOption {
    frontDoor: FrontDoor;
    /** `none` in active-active, where nothing is woken. */
    engine: Engine | "none";
    /** The stack's own choice: its RTO and cost are the assessment's own. */
    current: boolean;
    /** Worst case from the primary region's failure until users are served again (rto.ts). */
    rtoSeconds: number;
    /** A person must act as well: an approval step, or a database promotion the stack leaves to people. */
    manual: boolean;
    /** The stack's estimate with this option's fixed charges in place of the stack's own. */
    monthlyUsd: number;
    /** What this option adds that is priced by use. */
    usage: string[];
    /** What the numbers assume and what the option changes, one sentence each. */
    notes: string[];
}

/**
 * What the failover function and the probe deploy that has a fixed monthly price: per component, its
 * customer-managed KMS keys (an alarm topic and the state table for the function, the probe's own
 * topic) and its alarms (src/failover/failoverFunction.ts, failoverState.ts, primaryProbe.ts; a test
 * counts them in a planned stack). Lambda, SQS, DynamoDB and logs are usage.
 */
export const FUNCTION_FIXED = { kmsKeys: 2, alarms: 3 };
/** See {@link FUNCTION_FIXED}: the probe's. */
export const PROBE_FIXED = { kmsKeys: 1, alarms: 2 };

const FUNCTION_USAGE = "the failover function's and the probe's Lambda, SQS, DynamoDB and log usage";

/** What the stack does today on the primary region's failure, read from its topology and scenario. */
interface Situation {
    mode: "pilot-light" | "warm-standby" | "active-active";
    primary: Tier;
    standby: Tier;
    scenario: Scenario;
    frontDoor: FrontDoor;
    engine: Engine | "none";
    probe: boolean;
    approval: boolean;
    promotion: boolean;
}

function situationOf(t: Topology, scenarios: Scenario[]): Situation | undefined {
    const primary = t.tiers.find((x) => x.serving);
    const scenario = primary && scenarios.find((s) => s.id === `region:${primary.region}`);
    const standby = scenario && t.tiers.find((x) => x.region !== primary.region && scenario.servedBy.includes(x.region));
    if (!primary || !scenario || !standby || scenario.rtoSeconds === null) {
        return undefined;
    }
    const paths = t.wakePaths.filter((p) => p.wakes.includes(standby.asg));
    const mode = standby.serving ? "active-active" : standby.capacity.desired === 0 ? "pilot-light" : "warm-standby";
    const plans = paths.filter((p) => p.engine === "arc-region-switch");
    return {
        mode, primary, standby, scenario,
        frontDoor: primary.frontDoor ? "global-accelerator" : "dns",
        engine: mode === "active-active" ? "none" : plans.length > 0 ? "arc-region-switch" : "function",
        probe: paths.some((p) => p.trigger === "schedule"),
        approval: plans.some((p) => p.approval),
        promotion: t.wakePaths.some((p) => p.promotes.length > 0),
    };
}

/** The fixed monthly charges a front door and an engine add, at the standby region's prices. */
function fixedUsd(s: Situation, frontDoor: FrontDoor, engine: Engine | "none", probe: boolean): number {
    const hours = PRICE_SOURCE.hoursPerMonth;
    const prices = REGION_PRICES[s.standby.region];
    const accelerator = frontDoor === "global-accelerator" ? MANAGED.acceleratorHour.usd * hours : 0;
    const fn = { kmsKeys: FUNCTION_FIXED.kmsKeys + (probe ? PROBE_FIXED.kmsKeys : 0), alarms: FUNCTION_FIXED.alarms + (probe ? PROBE_FIXED.alarms : 0) };
    const engineUsd = engine === "function"
        ? fn.kmsKeys * (prices?.kmsKey.usd ?? 0) + fn.alarms * (prices?.alarm.usd ?? 0)
        : engine === "arc-region-switch" ? (s.promotion ? 2 : 1) * MANAGED.regionSwitchPlan.usd : 0;
    return accelerator + engineUsd;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/**
 * For the stack's mode, every front door with every engine that applies: the primary region's worst-case
 * RTO from the model the scenarios use (with the stack's detection settings, warm pool and the program's
 * target-group checks for each front door), and the stack's monthly estimate with that option's fixed
 * charges in place of its own. Empty when no region takes over from the primary (single-region).
 */
export function pathOptions(t: Topology, scenarios: Scenario[], cost: CostEstimate): PathOption[] {
    const s = situationOf(t, scenarios);
    if (!s) {
        return [];
    }
    const detector = s.primary.healthCheck;
    const engines: (Engine | "none")[] = s.mode === "active-active" ? ["none"] : ["function", "arc-region-switch"];
    const current = fixedUsd(s, s.frontDoor, s.engine, s.probe);
    // A promotion the stack leaves to people stays with people whatever the path.
    const dbManual = s.scenario.outcome === "manual" && !s.approval;
    const options: PathOption[] = [];
    for (const frontDoor of ["dns", "global-accelerator"] as const) {
        for (const engine of engines) {
            const isCurrent = frontDoor === s.frontDoor && engine === s.engine;
            const ownHealth = frontDoor === s.frontDoor;
            const tg: FailingTargetCheck & { healthyThreshold: number } = ownHealth
                ? s.primary.targetHealth
                : frontDoor === "global-accelerator" ? ACCELERATOR_TARGET_HEALTH : DNS_TARGET_HEALTH;
            const standbyHealth = ownHealth ? s.standby.targetHealth : tg;
            // The function's options keep the stack's probe; switching from Region switch assumes the default (on).
            const probe = engine === "function" && (s.engine === "function" ? s.probe : true);
            const approval = engine === "arc-region-switch" && s.approval;
            const steps = regionFailoverTimeline({
                mode: s.mode,
                frontDoor,
                engine: engine === "none" ? "function" : engine,
                interval: num(detector?.inputs.requestInterval, 30),
                failureThreshold: num(detector?.inputs.failureThreshold, 3),
                instanceReadySeconds: INSTANCE_READY_SECONDS,
                targetHealthySeconds: standbyHealth.interval,
                detection: probe ? "probe" : "alarm",
                warmPool: plain(s.standby.asg.inputs.warmPool) !== undefined,
                failedTargetHealth: tg,
                approval,
            });
            const notes: string[] = [];
            if (frontDoor === "global-accelerator") {
                notes.push(`ALB checks ${tg.interval} s x ${tg.unhealthyThreshold} + ${tg.timeout} s; no resolver cache; new connections only; failback automatic`);
            } else {
                notes.push("resolvers keep the failed region for the 60 s alias TTL, longer where they ignore it");
            }
            if (engine === "function") notes.push(probe ? "the failover function and the probe in the standby region" : "the failover function, woken by the alarm in us-east-1");
            if (engine === "arc-region-switch") {
                notes.push(`${s.promotion ? "two plans (wake, promotion)" : "one plan"}, started by the alarm in us-east-1; no probe; never scales down; reserves no capacity${approval ? "; a person approves" : ""}`);
            }
            options.push({
                frontDoor,
                engine,
                current: isCurrent,
                rtoSeconds: isCurrent && s.scenario.rtoSeconds !== null ? s.scenario.rtoSeconds : rtoSeconds(steps),
                manual: dbManual || approval,
                monthlyUsd: round(cost.totalUsd - current + fixedUsd(s, frontDoor, engine, probe)),
                usage: [
                    ...(frontDoor === "global-accelerator" ? [USAGE_PRICED["aws:globalaccelerator/accelerator:Accelerator"] ?? ""] : []),
                    ...(engine === "function" ? [FUNCTION_USAGE] : []),
                ],
                notes,
            });
        }
    }
    return options;
}

/** `Route 53 records` / `Global Accelerator`, `failover function` / `ARC Region switch` / `none`. */
export function optionLabels(o: Pick<PathOption, "frontDoor" | "engine">): { frontDoor: string; engine: string } {
    return {
        frontDoor: o.frontDoor === "dns" ? "Route 53 records" : "Global Accelerator",
        engine: o.engine === "function" ? "failover function" : o.engine === "arc-region-switch" ? "ARC Region switch" : "none (nothing to wake)",
    };
}
