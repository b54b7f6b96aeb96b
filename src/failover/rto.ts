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
    /** Until a newly registered target passes: one check of the target group (its interval). */
    targetHealthySeconds: number;
    /** Pilot-light: what wakes the standby, the standby-region probe or the us-east-1 alarm. @default "alarm" */
    detection?: "probe" | "alarm";
    /** Pilot-light: the woken instances come from a warm pool. @default false */
    warmPool?: boolean;
}

/** One step of the timeline. */
export interface Step {
    /** What happens, for the docs table. */
    what: string;
    /** Seconds this step adds, at worst. */
    seconds: number;
    /** Where the number comes from: an AWS document (quoted in the constant's comment) or this project's estimate. */
    source?: string;
}

/** Alias records to an ALB have a fixed 60 s TTL. */
export const ALIAS_TTL = 60;
/** The alarm evaluates one-minute datapoints; Route 53 metrics arrive about a minute late. */
export const ALARM_DELAY = 120;
/** SNS delivery across regions, a cold start and the UpdateAutoScalingGroup call. */
export const AUTOMATION_DELAY = 10;

/** The probe's schedule: EventBridge Scheduler's shortest rate is one minute. */
export const PROBE_PERIOD = 60;
/**
 * The longest time between two probe invocations: "All schedule types on EventBridge Scheduler invoke
 * their targets with 60 second precision. This means that if you set your schedule to run at 1:00, it
 * will invoke the target API between 1:00:00 and 1:00:59" (EventBridge Scheduler user guide, "Schedule
 * types"), so one run may start at 1:00:00 and the next at 1:01:59.
 */
export const PROBE_SCHEDULE_GAP = 2 * PROBE_PERIOD;
/** Seconds between the checks of one run; each starts on time, whatever the one before is doing. */
export const PROBE_INTERVAL = 5;
/**
 * The longest one check can take: Route 53's own limits, a TCP connection within 4 s and a status within
 * 2 s of it ("How Amazon Route 53 determines whether a health check is healthy"), and 2 s more for the
 * body (functions/probe/check.ts).
 */
export const PROBE_CHECK_TIMEOUT = 8;
/** Route 53's limits for one of its checkers' checks (connect 4 s + status 2 s), same source. */
export const ROUTE53_CHECK_TIMEOUT = 6;
/** GetHealthCheckStatus, DescribeAutoScalingGroups and UpdateAutoScalingGroup: API round trips, retried on throttling. */
export const PROBE_ACTION = 5;
/**
 * Warm pool to serving: AWS's warm pool example measured 36 s for "Launching a new EC2 instance from
 * warm pool" with a lifecycle hook completed by the instance (aws-samples/amazon-ec2-auto-scaling-group-
 * examples, features/warm-pools), against 243 s for a fresh launch; plus starting the created container.
 */
export const WARM_START = 40;

/** The highest Route 53 request interval, which a probe run must be long enough for. */
const SLOWEST_INTERVAL = 30;

/**
 * How many failed checks in a row the probe needs before Route 53 can agree: `failureThreshold`, and
 * enough that the last one ends after every Route 53 checker has observed the failure once (each checks
 * every `interval` and gives up after {@link ROUTE53_CHECK_TIMEOUT}); GetHealthCheckStatus reports each
 * checker's latest observation.
 */
export function probeChecksToWake(interval: number, failureThreshold: number): number {
    return Math.max(failureThreshold, Math.ceil((interval + ROUTE53_CHECK_TIMEOUT - PROBE_CHECK_TIMEOUT) / PROBE_INTERVAL));
}

/**
 * Checks per probe run: enough that a run started up to {@link PROBE_SCHEDULE_GAP} before the next one
 * still has the checks to wake for a failure that begins just before that next run starts. Runs overlap,
 * so at every moment some run has that many checks ahead of it: no failure waits for a run.
 */
export function probeRunChecks(failureThreshold: number): number {
    return Math.ceil(PROBE_SCHEDULE_GAP / PROBE_INTERVAL) + probeChecksToWake(SLOWEST_INTERVAL, failureThreshold) + 1;
}

/** The probe function's timeout: the run's checks, the last one timing out, then Route 53 and the wake. */
export function probeTimeoutSeconds(failureThreshold: number): number {
    return (probeRunChecks(failureThreshold) - 1) * PROBE_INTERVAL + PROBE_CHECK_TIMEOUT + 20;
}

/**
 * The probe's worst case, from the moment the primary stops answering: some run is always checking
 * (see {@link probeRunChecks}), its next check starts within {@link PROBE_INTERVAL}, and
 * {@link probeChecksToWake} checks one interval apart must fail, the last one by timing out.
 */
export function probeDetectionSeconds(interval: number, failureThreshold: number): number {
    return probeChecksToWake(interval, failureThreshold) * PROBE_INTERVAL + PROBE_CHECK_TIMEOUT;
}

/** Where each step's number comes from, named once. */
export const SOURCES = {
    route53: "Route 53 developer guide, \"How Amazon Route 53 determines whether a health check is healthy\" (interval x failure threshold; 18 % rule)",
    ttl: "Route 53 developer guide, \"Choosing between alias and non-alias records\" (alias to an ELB: fixed 60 s TTL)",
    alarm: "Route 53 developer guide, \"Monitoring health checks using CloudWatch\" (one-minute HealthCheckStatus datapoints, us-east-1 only); the minute of lag is this project's estimate",
    automation: "this project's estimate (SNS delivery, a Lambda cold start, one UpdateAutoScalingGroup call); AWS publishes no figure",
    probe: "EventBridge Scheduler user guide, \"Schedule types\" (60 s precision); Route 53's check limits; functions/probe (5 s cadence, runs that overlap)",
    probeAction: "this project's estimate (three API round trips with a throttling retry)",
    warmStart: "aws-samples/amazon-ec2-auto-scaling-group-examples, features/warm-pools (36 s measured from the warm pool), plus the container start",
    coldStart: "this project's estimate for the demo image over NAT (app.bootGraceSeconds is the ceiling)",
    targetHealth: "ELB user guide, \"Health checks for your target groups\": \"After your target is registered, it must pass one health check to be considered healthy\"",
} as const;

/** failoverTimeline's pilot-light step where the start-up ends and the front door's tail begins (regionFailoverTimeline splits there). */
const TARGETS_PASS = "The ALB's first check of the new targets passes";
/** The alarm path's wake step; the Region switch timeline puts its own in its place. */
const FUNCTION_STEP = "SNS invokes the failover function";

/**
 * The steps from "the primary stops answering" to "users are served by another region", worst case.
 * In warm-standby and active-active, users are served again once DNS moves; scaling the standby up
 * runs alongside. In pilot-light, the standby's record only answers once its instances pass health
 * checks (evaluateTargetHealth), so the wake is on the critical path. Route 53 marking the primary
 * unhealthy runs alongside the probe's checks and is done before the standby can serve.
 */
export function failoverTimeline(i: TimelineInputs): Step[] {
    const detect: Step = { what: `Route 53 marks the primary unhealthy (${i.interval} s x ${i.failureThreshold} failures)`, seconds: i.interval * i.failureThreshold, source: SOURCES.route53 };
    const dns: Step = { what: `Resolvers drop the cached answer (alias TTL ${ALIAS_TTL} s)`, seconds: ALIAS_TTL, source: SOURCES.ttl };
    if (i.mode !== "pilot-light") {
        return [detect, dns];
    }
    const checks = probeChecksToWake(i.interval, i.failureThreshold);
    const wake: Step[] = i.detection === "probe"
        ? [
            { what: `The probe in the standby region sees ${checks} failed checks ${PROBE_INTERVAL} s apart (a run is always checking; the last check times out after ${PROBE_CHECK_TIMEOUT} s) and Route 53's checkers agree`, seconds: probeDetectionSeconds(i.interval, i.failureThreshold), source: SOURCES.probe },
            { what: "The probe raises the standby ASG's minimum", seconds: PROBE_ACTION, source: SOURCES.probeAction },
        ]
        : [
            detect,
            { what: "The alarm in us-east-1 sees the unhealthy minute", seconds: ALARM_DELAY, source: SOURCES.alarm },
            { what: `${FUNCTION_STEP}, which raises the standby ASG`, seconds: AUTOMATION_DELAY, source: SOURCES.automation },
        ];
    const start: Step = i.warmPool
        ? { what: "Warm-pool instances start and run the created container", seconds: WARM_START, source: SOURCES.warmStart }
        : { what: "Instances boot, install Docker, pull and start the app", seconds: i.instanceReadySeconds, source: SOURCES.coldStart };
    return [
        ...wake,
        start,
        { what: TARGETS_PASS, seconds: i.targetHealthySeconds, source: SOURCES.targetHealth },
        { what: `Route 53 sees the standby healthy (${i.interval} s x ${i.failureThreshold} successes)`, seconds: i.interval * i.failureThreshold, source: SOURCES.route53 },
        dns,
    ];
}

/** Total worst-case seconds of a timeline: the RTO the mode can promise, before resolvers that ignore TTLs. */
export function rtoSeconds(steps: Step[]): number {
    return steps.reduce((sum, s) => sum + s.seconds, 0);
}

/** The docs table's rows: each mode, and pilot-light by what wakes it and where its instances come from. */
const ROWS: { label: string; inputs: Pick<TimelineInputs, "mode" | "detection" | "warmPool"> }[] = [
    { label: "warm-standby", inputs: { mode: "warm-standby" } },
    { label: "active-active", inputs: { mode: "active-active" } },
    // The defaults (probe and warm pool) are plain "pilot-light": the plan's assessment of prod must match it.
    { label: "pilot-light", inputs: { mode: "pilot-light", detection: "probe", warmPool: true } },
    { label: "pilot-light, woken by the alarm (probe off, or its guard held)", inputs: { mode: "pilot-light", detection: "alarm", warmPool: true } },
    { label: "pilot-light, `warmPool: false`, `probe: false`", inputs: { mode: "pilot-light", detection: "alarm", warmPool: false } },
];

/** Renders the per-mode RTO table for the docs, then where each step's number comes from. */
export function renderRtoTable(base: Omit<TimelineInputs, "mode" | "detection" | "warmPool">): string {
    const rows = ROWS.map(({ label, inputs }) => {
        const steps = failoverTimeline({ ...base, ...inputs });
        return `| ${label} | ${steps.map((s) => `${s.what}: ${s.seconds} s`).join("; ")} | **${formatDuration(rtoSeconds(steps))}** |`;
    });
    const sources = [...new Set(ROWS.flatMap(({ inputs }) => failoverTimeline({ ...base, ...inputs }).map((s) => `${s.what.replace(/ \(.*$/, "")}: ${s.source}`)))];
    return ["| Mode | Steps (worst case) | RTO |", "|---|---|---|", ...rows, "", "Sources:", "", ...sources.map((l) => `- ${l}`)].join("\n");
}

function formatDuration(seconds: number): string {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m === 0 ? `${s} s` : s === 0 ? `${m} min` : `${m} min ${s} s`;
}

// Step times for the other failure domains (an instance, an Availability Zone, the data tier), used by
// the resilience assessment (tools/resilience/). Each is sourced; where AWS publishes no number, the
// comment says the value is this project's estimate and how it was reached.

/**
 * Launch to serving for a fresh instance of this program's launch template: boot Amazon Linux 2023,
 * install Docker, pull and start the app (the README's "about 3 minutes"). An estimate for the demo
 * image over NAT, not an AWS figure; `app.bootGraceSeconds` (default 300) is the ceiling the ASG allows.
 */
export const INSTANCE_READY_SECONDS = 180;

/**
 * ELB's DNS answers for a load balancer's nodes: clients should re-resolve at least every 60 s, and a
 * zone whose node is unhealthy is dropped from those answers (AWS re:Post, "How do ELB DNS and traffic
 * flow work with different cross-zone configurations?"; ELB guide, "clients should re-resolve at least
 * once per minute").
 */
export const ELB_DNS_SECONDS = 60;

/** RDS Multi-AZ (single standby) failover: "typically 60-120 seconds" (RDS user guide, "Failing over a Multi-AZ DB instance"). */
export const MULTI_AZ_FAILOVER_SECONDS = 120;

/** A target group's health check: interval and consecutive results before a target changes state. */
export interface TargetHealth {
    /** Seconds between checks of one target. */
    interval: number;
    /** Consecutive successes before a target is healthy. */
    healthyThreshold: number;
    /** Consecutive failures before a target is unhealthy. */
    unhealthyThreshold: number;
}

/**
 * One app instance fails. Requests to it fail until the ALB marks it unhealthy (interval x unhealthy
 * threshold; ELB guide, "Health checks for your target groups"); the other instances serve meanwhile.
 * With no other instance in the region, users wait for the replacement the ASG launches once ELB health
 * reports the instance unhealthy (`healthCheckType: ELB`).
 */
export function instanceFailureTimeline(tg: TargetHealth, othersServe: boolean, instanceReadySeconds = INSTANCE_READY_SECONDS): Step[] {
    const detect: Step = { what: `The ALB marks the instance unhealthy (${tg.interval} s x ${tg.unhealthyThreshold} failures)`, seconds: tg.interval * tg.unhealthyThreshold };
    if (othersServe) {
        return [detect];
    }
    return [
        detect,
        { what: "The Auto Scaling group launches a replacement: boot, Docker, image pull, app start", seconds: instanceReadySeconds },
        { what: `ALB target health checks pass (${tg.interval} s x ${tg.healthyThreshold} successes)`, seconds: tg.interval * tg.healthyThreshold },
    ];
}

/**
 * An Availability Zone fails. The ALB stops sending to the zone's targets once they fail their checks,
 * and ELB's DNS stops answering with the zone's load balancer node; instances in the other zones serve.
 */
export function zoneFailureTimeline(tg: TargetHealth): Step[] {
    return [
        { what: `The ALB marks the zone's targets unhealthy (${tg.interval} s x ${tg.unhealthyThreshold} failures)`, seconds: tg.interval * tg.unhealthyThreshold },
        { what: `Clients drop the zone's load balancer node from ELB's DNS answers (${ELB_DNS_SECONDS} s)`, seconds: ELB_DNS_SECONDS },
    ];
}

// Where the regional timeline's step times come from (the constants above, kept as they are):
// - ALIAS_TTL: alias records to an ALB answer with a fixed 60 s TTL (Route 53 developer guide,
//   "Choosing between alias and non-alias records").
// - Detection, interval x failure threshold: Route 53 developer guide, "How Route 53 determines
//   whether a health check is healthy"; the interval is 10 or 30 s.
// - ALARM_DELAY: HealthCheckStatus datapoints are one-minute and arrive about a minute late
//   (Route 53's CloudWatch metrics, us-east-1 only), so an alarm on them fires up to two minutes in.
// - AUTOMATION_DELAY: SNS delivery to Lambda, a cold start and one UpdateAutoScalingGroup call; this
//   project's estimate (AWS publishes no figure), not a measured value.
// - Instance start-up: INSTANCE_READY_SECONDS; target health: the target group's own settings.

// Managed paths (docs/managed-paths.md): Global Accelerator as the front door instead of Route 53
// records, and ARC Region switch as the engine that wakes the standby instead of the failover function.
// Each number below is sourced where it is defined; the timelines reuse the steps above where the two
// paths share them, so a change to the wake or the start-up steps reaches every row.

/** How users reach the regions: Route 53 failover or latency records, or one Global Accelerator. */
export type FrontDoor = "dns" | "global-accelerator";

/** What wakes (and scales) the standby: the failover function, or an ARC Region switch plan. */
export type Engine = "function" | "arc-region-switch";

/**
 * Global Accelerator moves new connections once an ALB endpoint is unhealthy: "Once an endpoint is
 * market [sic] as unhealthy, it takes AWS Global Accelerator up to 30 seconds (the health check
 * interval) to direct new connections to the next closest endpoint" (AWS workshop "Introduction to
 * AWS Global Accelerator", Failover, https://intro-to-global-accelerator.workshop.aws/en/failover.html).
 * The developer guide gives no figure ("instantly begins directing traffic to another available
 * endpoint", "Disaster recovery and resiliency"); the workshop's is the only published number.
 */
export const ACCELERATOR_SHIFT_SECONDS = 30;

/**
 * Failback is automatic: once a region is healthy again "typically, routing will start back to healthy
 * endpoints with traffic dials that aren't set to zero in about 30 seconds or so. However, note that
 * established active connections are not moved" (GA developer guide, "Endpoint weights and traffic
 * dials: unhealthy endpoints").
 */
export const ACCELERATOR_FAILBACK_SECONDS = 30;

/**
 * From the trigger alarm entering ALARM to the plan's first step running, including the Auto Scaling
 * call of its scaling step. AWS publishes no figure for how often Region switch reads a trigger's
 * alarms (API reference, "Trigger"; user guide, "Create a trigger"): this is this project's estimate,
 * not a measured value.
 */
export const REGION_SWITCH_START_SECONDS = 60;

/** A target group's check as Global Accelerator experiences it: the failures and the timeout of the last one. */
export interface FailingTargetCheck {
    /** Seconds between checks. */
    interval: number;
    /** Seconds the last, failing check waits for an answer. */
    timeout: number;
    /** Consecutive failures before a target is unhealthy. */
    unhealthyThreshold: number;
}

/** Inputs of {@link regionFailoverTimeline}: the ones of {@link failoverTimeline}, plus the path. */
export interface RegionTimelineInputs extends TimelineInputs {
    /** How users reach the regions. */
    frontDoor: FrontDoor;
    /** What wakes a pilot-light standby (warm-standby and active-active serve without a wake). */
    engine: Engine;
    /** The failed region's target-group check; Global Accelerator detects the failure through it. */
    failedTargetHealth: FailingTargetCheck;
    /** Region switch: the plan starts with a manual approval step (not counted; the RTO is "+ manual"). @default false */
    approval?: boolean;
}

/**
 * Worst case until the failed region's ALB calls its last target unhealthy: the failure begins just
 * after a passing check, then `unhealthyThreshold` checks fail, the last by timing out (ELB user guide,
 * "Health checks for Application Load Balancer target groups": "If the health checks exceed
 * UnhealthyThresholdCount consecutive failures, the load balancer takes the target out of service").
 * GA then calls the endpoint unhealthy: "Global Accelerator considers the load balancer endpoint to be
 * healthy only if each target group behind the load balancer has at least one healthy target" (GA
 * developer guide, "Health check options").
 */
export function acceleratorDetectionSeconds(tg: FailingTargetCheck): number {
    return tg.interval * tg.unhealthyThreshold + tg.timeout;
}

/**
 * The steps from "the primary stops answering" to "users are served by another region", worst case,
 * for each front door and engine. Route 53 with the function is {@link failoverTimeline} itself.
 * Global Accelerator has no resolver step: its anycast addresses do not change, so clients that ignore
 * TTLs move as soon as GA does; it fails over on the ALB's target health, ignoring traffic dials ("for
 * this failover, Global Accelerator ignores the traffic dial setting", GA developer guide, "Endpoint
 * weights and traffic dials: unhealthy endpoints"). Region switch replaces the function on the
 * alarm path (it has no probe) and, in warm-standby, scales alongside the routing, as the function does.
 */
export function regionFailoverTimeline(i: RegionTimelineInputs): Step[] {
    const engine = i.mode === "pilot-light" ? i.engine : "function";
    const base = failoverTimeline(engine === "arc-region-switch" ? { ...i, detection: "alarm" } : i);
    if (i.frontDoor === "dns" && engine === "function") {
        return base;
    }
    const acceleratorShift: Step = {
        what: `Global Accelerator sends new connections to the next healthy endpoint group, whatever its traffic dial (up to ${ACCELERATOR_SHIFT_SECONDS} s)`,
        seconds: ACCELERATOR_SHIFT_SECONDS,
    };
    if (i.mode !== "pilot-light") {
        const tg = i.failedTargetHealth;
        return [
            { what: `The failed region's ALB marks its targets unhealthy (${tg.interval} s x ${tg.unhealthyThreshold} failures + ${tg.timeout} s timeout), so Global Accelerator calls the endpoint unhealthy`, seconds: acceleratorDetectionSeconds(tg) },
            acceleratorShift,
        ];
    }
    const k = base.findIndex((s) => s.what === TARGETS_PASS);
    if (k < 0) {
        // failoverTimeline's pilot-light timeline always holds the step (the same constant): a rename must not split it silently.
        throw new Error(`the pilot-light timeline has no "${TARGETS_PASS}" step`);
    }
    let wake = base.slice(0, k + 1);
    const dnsTail = base.slice(k + 1);
    if (engine === "arc-region-switch") {
        wake = wake.flatMap((s) => s.what.startsWith(FUNCTION_STEP)
            ? [
                { what: "Region switch reads the alarm in ALARM and starts the plan; its Auto Scaling step raises the standby group (estimate)", seconds: REGION_SWITCH_START_SECONDS },
                ...(i.approval ? [{ what: "A person approves the plan's manual approval step (not counted: + manual)", seconds: 0 }] : []),
            ]
            : [s]);
    }
    return i.frontDoor === "dns"
        ? [...wake, ...dnsTail]
        : [...wake, { what: `Global Accelerator sends new connections to the woken region once its ALB is healthy (up to ${ACCELERATOR_FAILBACK_SECONDS} s)`, seconds: ACCELERATOR_FAILBACK_SECONDS }];
}

/** The managed-paths table's rows: each failover mode with each front door and engine that applies to it. */
const MANAGED_ROWS: { mode: TimelineInputs["mode"]; frontDoor: FrontDoor; engine: Engine }[] = [
    ...(["warm-standby", "active-active", "pilot-light"] as const).flatMap((mode) => (["dns", "global-accelerator"] as const).flatMap((frontDoor) =>
        (mode === "active-active" ? ["function"] as const : ["function", "arc-region-switch"] as const).map((engine) => ({ mode, frontDoor, engine })))),
];

/** Target-group checks per front door, as the program sets them (src/region/targetHealth.ts). */
export interface FrontDoorTargetHealth {
    /** Behind Route 53 records (DNS_TARGET_HEALTH). */
    dns: FailingTargetCheck & { healthyThreshold: number };
    /** Behind Global Accelerator (ACCELERATOR_TARGET_HEALTH). */
    accelerator: FailingTargetCheck & { healthyThreshold: number };
}

/**
 * Renders docs/managed-paths.md's table: the worst-case region RTO of every mode with each front door
 * and engine, from the same model the plan uses. Pilot-light is shown with its defaults (the probe and
 * the warm pool with the function; the alarm and the warm pool with Region switch, which has no probe).
 */
export function renderManagedRtoTable(base: Omit<TimelineInputs, "mode" | "detection" | "warmPool" | "targetHealthySeconds">, health: FrontDoorTargetHealth): string {
    const rows = MANAGED_ROWS.map(({ mode, frontDoor, engine }) => {
        const tg = frontDoor === "dns" ? health.dns : health.accelerator;
        const steps = regionFailoverTimeline({
            ...base, mode, frontDoor, engine, failedTargetHealth: tg,
            // A newly registered target needs one passing check (SOURCES.targetHealth).
            targetHealthySeconds: tg.interval, detection: "probe", warmPool: true,
        });
        const engineCell = mode === "active-active" ? "none (nothing to wake)" : engine === "function" ? "failover function" : "ARC Region switch";
        return `| ${mode} | ${frontDoor === "dns" ? "Route 53 records" : "Global Accelerator"} | ${engineCell} | ${steps.map((s) => `${s.what}: ${s.seconds} s`).join("; ")} | **${formatDuration(rtoSeconds(steps))}** |`;
    });
    return ["| Mode | Front door | Engine | Steps (worst case) | RTO |", "|---|---|---|---|---|", ...rows].join("\n");
}
