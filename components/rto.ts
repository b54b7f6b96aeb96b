/**
 * The failover timeline model: how long each step of a regional failover takes, from the detection
 * settings and the fixed AWS delays. Pure, so the README's RTO table is computed and tested rather than
 * guessed. Every constant says where its number comes from.
 */

/** Inputs of the model, in seconds unless said otherwise. */
export interface TimelineInputs {
    /** The failover mode; decides whether the automation is on the critical path. */
    mode: "pilot-light" | "warm-standby" | "active-active";
    /** Route 53 request interval (10 or 30). */
    interval: number;
    /** Route 53 failure threshold (1-10); the probe uses it too. */
    failureThreshold: number;
    /** Launch to serving without a warm pool: boot, Docker install, image pull, app start. */
    instanceReadySeconds: number;
    /** ALB target group health check: interval x healthy threshold. */
    targetHealthySeconds: number;
    /** Pilot-light: what wakes the standby, the standby-region probe or the us-east-1 alarm. @default "alarm" */
    detection?: "probe" | "alarm";
    /** Pilot-light: the woken instances come from a warm pool. @default false */
    warmPool?: boolean;
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

/** The probe's schedule: EventBridge Scheduler's shortest rate is one minute. */
export const PROBE_PERIOD = 60;
/** Checks per probe run. */
export const PROBES_PER_RUN = 5;
/** Seconds between the checks of one run: the run spans 40 s of each minute. */
export const PROBE_INTERVAL = 10;
/** A check fails after at most 4 s to connect and 2 s to the status: Route 53's own limits. */
export const PROBE_CHECK_TIMEOUT = 6;
/** GetHealthCheckStatus, DescribeAutoScalingGroups and UpdateAutoScalingGroup: API round trips, retried on throttling. */
export const PROBE_ACTION = 5;
/**
 * Warm pool to serving: AWS's warm pool example measured 36 s for "Launching a new EC2 instance from
 * warm pool" with a lifecycle hook completed by the instance (aws-samples/amazon-ec2-auto-scaling-group-
 * examples, features/warm-pools), against 243 s for a fresh launch; plus starting the created container.
 */
export const WARM_START = 40;

/**
 * The probe's worst case: the failure begins just after a run's last check, the next run starts at
 * the next minute, and `failureThreshold` checks `PROBE_INTERVAL` apart must fail, the last one by
 * timing out. By then each Route 53 checker has observed the failure (it checks every `interval`).
 */
export function probeDetectionSeconds(interval: number, failureThreshold: number): number {
    const threshold = Math.min(failureThreshold, PROBES_PER_RUN);
    const gap = PROBE_PERIOD - (PROBES_PER_RUN - 1) * PROBE_INTERVAL;
    return Math.max(gap + (threshold - 1) * PROBE_INTERVAL + PROBE_CHECK_TIMEOUT, interval + PROBE_CHECK_TIMEOUT);
}

/**
 * The steps from "the primary stops answering" to "users are served by another region", worst case.
 * In warm-standby and active-active, users are served again once DNS moves; scaling the standby up
 * runs alongside. In pilot-light, the standby's record only answers once its instances pass health
 * checks (evaluateTargetHealth), so the wake is on the critical path. Route 53 marking the primary
 * unhealthy runs alongside the probe's checks and is done before the probe acts.
 */
export function failoverTimeline(i: TimelineInputs): Step[] {
    const detect: Step = { what: `Route 53 marks the primary unhealthy (${i.interval} s x ${i.failureThreshold} failures)`, seconds: i.interval * i.failureThreshold };
    const dns: Step = { what: `Resolvers drop the cached answer (alias TTL ${ALIAS_TTL} s)`, seconds: ALIAS_TTL };
    if (i.mode !== "pilot-light") {
        return [detect, dns];
    }
    const wake: Step[] = i.detection === "probe"
        ? [
            { what: `The probe in the standby region sees ${Math.min(i.failureThreshold, PROBES_PER_RUN)} failed checks ${PROBE_INTERVAL} s apart (next run within ${PROBE_PERIOD - (PROBES_PER_RUN - 1) * PROBE_INTERVAL} s) and Route 53's checkers agree`, seconds: probeDetectionSeconds(i.interval, i.failureThreshold) },
            { what: "The probe raises the standby ASG's minimum", seconds: PROBE_ACTION },
        ]
        : [
            detect,
            { what: "The alarm in us-east-1 sees the unhealthy minute", seconds: ALARM_DELAY },
            { what: "SNS invokes the failover function, which raises the standby ASG", seconds: AUTOMATION_DELAY },
        ];
    const start: Step = i.warmPool
        ? { what: "Warm-pool instances start and run the created container", seconds: WARM_START }
        : { what: "Instances boot, install Docker, pull and start the app", seconds: i.instanceReadySeconds };
    return [
        ...wake,
        start,
        { what: "ALB target health checks pass", seconds: i.targetHealthySeconds },
        { what: `Route 53 sees the standby healthy (${i.interval} s x ${i.failureThreshold} successes)`, seconds: i.interval * i.failureThreshold },
        dns,
    ];
}

/** Total worst-case seconds of a timeline: the RTO the mode can promise, before resolvers that ignore TTLs. */
export function rtoSeconds(steps: Step[]): number {
    return steps.reduce((sum, s) => sum + s.seconds, 0);
}

/** The README table's rows: each mode, and pilot-light by what wakes it and where its instances come from. */
const ROWS: { label: string; inputs: Pick<TimelineInputs, "mode" | "detection" | "warmPool"> }[] = [
    { label: "warm-standby", inputs: { mode: "warm-standby" } },
    { label: "active-active", inputs: { mode: "active-active" } },
    { label: "pilot-light (default: probe, warm pool)", inputs: { mode: "pilot-light", detection: "probe", warmPool: true } },
    { label: "pilot-light, woken by the alarm (probe off, or its guard held)", inputs: { mode: "pilot-light", detection: "alarm", warmPool: true } },
    { label: "pilot-light, `warmPool: false`, `probe: false`", inputs: { mode: "pilot-light", detection: "alarm", warmPool: false } },
];

/** Renders the per-mode RTO table for the README. */
export function renderRtoTable(base: Omit<TimelineInputs, "mode" | "detection" | "warmPool">): string {
    const rows = ROWS.map(({ label, inputs }) => {
        const steps = failoverTimeline({ ...base, ...inputs });
        return `| ${label} | ${steps.map((s) => `${s.what}: ${s.seconds} s`).join("; ")} | **${formatDuration(rtoSeconds(steps))}** |`;
    });
    return ["| Mode | Steps (worst case) | RTO |", "|---|---|---|", ...rows].join("\n");
}

function formatDuration(seconds: number): string {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}
