/**
 * The failover timeline model: how long each step of a regional failover takes, from the detection
 * settings and the fixed AWS delays. Pure, so the README's RTO table is computed and tested rather than
 * guessed.
 */

/** Inputs of the model, in seconds unless said otherwise. */
export interface TimelineInputs {
    /** The failover mode; decides whether the automation is on the critical path. */
    mode: "pilot-light" | "warm-standby" | "active-active";
    /** Route 53 request interval (10 or 30). */
    interval: number;
    /** Route 53 failure threshold (1-10). */
    failureThreshold: number;
    /** Launch to serving: boot, Docker install, image pull, app start. */
    instanceReadySeconds: number;
    /** ALB target group health check: interval x healthy threshold. */
    targetHealthySeconds: number;
}

/** One step of the timeline. */
export interface Step {
    /** What happens, for the README table. */
    what: string;
    /** Seconds this step adds, at worst. */
    seconds: number;
}

/** Alias records to an ALB have a fixed 60 s TTL. */
export const ALIAS_TTL = 60;
/** The alarm evaluates one-minute datapoints; Route 53 metrics arrive about a minute late. */
export const ALARM_DELAY = 120;
/** SNS delivery across regions, a cold start and the UpdateAutoScalingGroup call. */
export const AUTOMATION_DELAY = 10;

/**
 * The steps from "the primary stops answering" to "users are served by another region", worst case.
 * In warm-standby and active-active, users are served again once DNS moves; scaling the standby up
 * runs alongside. In pilot-light, the standby's record only answers once its instances pass health
 * checks (evaluateTargetHealth), so the automation is on the critical path.
 */
export function failoverTimeline(i: TimelineInputs): Step[] {
    const detect: Step = { what: `Route 53 marks the primary unhealthy (${i.interval} s x ${i.failureThreshold} failures)`, seconds: i.interval * i.failureThreshold };
    const dns: Step = { what: `Resolvers drop the cached answer (alias TTL ${ALIAS_TTL} s)`, seconds: ALIAS_TTL };
    if (i.mode !== "pilot-light") {
        return [detect, dns];
    }
    return [
        detect,
        { what: "The alarm in us-east-1 sees the unhealthy minute", seconds: ALARM_DELAY },
        { what: "SNS invokes the failover function, which raises the standby ASG", seconds: AUTOMATION_DELAY },
        { what: "Instances boot, install Docker, pull and start the app", seconds: i.instanceReadySeconds },
        { what: "ALB target health checks pass", seconds: i.targetHealthySeconds },
        { what: `Route 53 sees the standby healthy (${i.interval} s x ${i.failureThreshold} successes)`, seconds: i.interval * i.failureThreshold },
        dns,
    ];
}

/** Total worst-case seconds of a timeline: the RTO the mode can promise, before resolvers that ignore TTLs. */
export function rtoSeconds(steps: Step[]): number {
    return steps.reduce((sum, s) => sum + s.seconds, 0);
}

/** Renders the per-mode RTO table for the README. */
export function renderRtoTable(base: Omit<TimelineInputs, "mode">): string {
    const rows = (["warm-standby", "active-active", "pilot-light"] as const).map((mode) => {
        const steps = failoverTimeline({ ...base, mode });
        return `| ${mode} | ${steps.map((s) => `${s.what}: ${s.seconds} s`).join("; ")} | **${formatDuration(rtoSeconds(steps))}** |`;
    });
    return ["| Mode | Steps (worst case) | RTO |", "|---|---|---|", ...rows].join("\n");
}

function formatDuration(seconds: number): string {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}
