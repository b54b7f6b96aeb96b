/**
 * The primary probe: started every minute in the standby region (EventBridge Scheduler), each run checks
 * the primary's health path on a fixed cadence for longer than the longest gap between two runs, so
 * runs overlap and a failure never waits for the next one (src/failover/rto.ts bounds the detection).
 * It wakes the standby when `failureThreshold` checks in a row fail and Route 53's checkers agree, or
 * when Route 53's API (us-east-1) cannot be reached at all. The wake only ever raises the standby
 * (functions/shared/capacity.ts), so duplicate runs, overlapping runs and the failover function can act
 * at the same time. It never scales anything down: the failover function and the reconcile do that.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { Route53Client } from "@aws-sdk/client-route-53";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { type Check, type CheckResult, type CheckTarget, httpsCheck } from "./check";
import { type Call, type Sleep, withRetry } from "../shared/retry";
import { type Route53View, route53View } from "./route53";
import { type Settings, parseSettings } from "./settings";
// The one upward-only wake every waker shares: reads the group, raises only what is below the target,
// sends the minimum alone (Auto Scaling then raises the desired capacity and never lowers it).
import { type RaiseOutcome, raiseCapacity } from "../shared/capacity";
import type { Log } from "../shared/log";
import { subjectLine } from "../shared/subject";

export type { Log };

/** The clients, each in the region its API lives in. */
export interface ProbeClients {
    /** The standby region's Auto Scaling. */
    autoScaling: AutoScalingClient;
    /** Route 53 (global; its API is served from us-east-1). */
    route53: Route53Client;
    /** The standby region's SNS, where the probe's topic is. */
    sns: SNSClient;
}

/** What can be swapped out around the handler. */
export interface ProbeOptions {
    /** @default process.env */
    env?: Record<string, string | undefined>;
    /** @default an HTTPS check of the primary (check.ts) */
    check?: Check;
    /** @default setTimeout */
    sleep?: Sleep;
    /** @default Date.now */
    now?: () => number;
    /** @default a Powertools Logger */
    logger?: Log;
    /** @default clients built from the settings */
    clients?: ProbeClients;
    /** Attempts per AWS call (throttling and unreachability only). @default 3 */
    attempts?: number;
}

/** What one run saw and did. */
export interface RunOutcome {
    /** Each check's result, in order. */
    checks: boolean[];
    /** Route 53's last answer, when the checks failed often enough to ask. */
    route53?: Route53View["kind"];
    /** none: primary passed; held: failed, but Route 53 disagreed or gave no answer; raised / already-awake: woke. */
    action: "none" | "held" | "raised" | "already-awake";
}

/** Builds the clients. SDK retries are off: `withRetry` is the one retry layer, with a known budget. */
export function createClients(s: Settings): ProbeClients {
    const common = { maxAttempts: 1, requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000 } };
    return {
        autoScaling: new AutoScalingClient({ ...common, region: s.standbyRegion }),
        // Route 53 is global; the SDK sends every commercial-region client to route53.amazonaws.com.
        route53: new Route53Client({ ...common, region: s.standbyRegion }),
        sns: new SNSClient({ ...common, region: s.standbyRegion }),
    };
}

/**
 * Time kept for one check before it starts: Route 53's 4 s connect + 2 s status. check.ts also gives the
 * body 2 s, so a check that stalls at every step takes 8 s and the last 2 s come out of ACTION_RESERVE_MS.
 */
const CHECK_BUDGET_MS = 6_000;
/** The longest one AWS call attempt can take: the clients' connect plus request timeouts (createClients). */
const ATTEMPT_BUDGET_MS = 3_000 + 5_000;
/** The wake and the notification, in the standby region's own APIs, which answer within a second or two. */
const WAKE_BUDGET_MS = 4_000;
/**
 * Room after the last check for one Route 53 attempt and the wake. Retries take only time beyond it: when
 * us-east-1 hangs, a second or third Route 53 attempt would otherwise let the Lambda timeout cut the wake off.
 */
const ACTION_RESERVE_MS = ATTEMPT_BUDGET_MS + WAKE_BUDGET_MS;

/** What Route 53 said when the probe wakes the standby: its checkers agree, or its API could not be reached. */
export type WakeView = Extract<Route53View, { kind: "agrees" | "unreachable" }>;

/** What the probe checks: the primary ALB, asked for the service by its name (SNI, Host, certificate). */
export function checkTarget(s: Settings): CheckTarget {
    return { endpoint: s.primaryEndpoint, hostName: s.hostName, path: s.healthPath, searchString: s.searchString };
}

/** The notification of a probe wake: what the probe saw, what Route 53 said, what it raised, and the way back. */
export function wakeMessage(s: Settings, r53: WakeView, w: RaiseOutcome, failed: number): { subject: string; body: string } {
    const why = r53.kind === "agrees"
        ? `${r53.failing} of ${r53.total} Route 53 checkers also see it failing`
        : `Route 53's API could not be reached (${r53.error}), so the probe acted on its own checks`;
    return {
        subject: subjectLine(`ha-web-tier ${s.stack}: standby ${s.standbyRegion} woken by the probe`),
        body: [
            `The probe in ${s.standbyRegion} saw ${failed} failed checks in a row of https://${s.hostName}${s.healthPath} on ${s.primaryEndpoint} (${s.primaryRegion}); ${why}.`,
            `It raised the minimum of ${s.standbyAsgName} from ${w.before.minSize} to ${w.after.minSize} (desired was ${w.before.desiredCapacity}, max ${w.before.maxSize})${w.cappedAtMax ? `; the failover capacity ${s.failoverCapacity} is above the group's maximum, so it stopped there` : ""}.`,
            "The failover function puts the standby back to its resting size once the primary has been healthy for the recovery window.",
            `If the primary never failed, put it back by hand: aws autoscaling update-auto-scaling-group --auto-scaling-group-name ${s.standbyAsgName} --min-size ${s.standby.minSize} --desired-capacity ${s.standby.desiredCapacity} --region ${s.standbyRegion}`,
        ].join("\n"),
    };
}

/** Builds the handler; settings and clients are created at the first invocation and reused. */
export function createHandler(options: ProbeOptions = {}): (event?: unknown, context?: { getRemainingTimeInMillis?: () => number }) => Promise<RunOutcome> {
    const log: Log = options.logger ?? new Logger({ serviceName: "ha-web-tier-probe" });
    const sleep: Sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const now = options.now ?? Date.now;
    const attempts = options.attempts ?? 3;
    let ready: { s: Settings; clients: ProbeClients; check: Check } | undefined;

    return async (_event, context) => {
        if (!ready) {
            let s: Settings;
            try {
                s = parseSettings(options.env ?? process.env);
            } catch (error) {
                log.error("Invalid environment", { error: (error as Error).message });
                throw error;
            }
            const check = options.check ?? httpsCheck(checkTarget(s));
            ready = { s, clients: options.clients ?? createClients(s), check };
        }
        const { s, clients, check } = ready;
        const timeLeft = () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
        // Doubling delays without jitter (random 1), and no backoff that would eat the room the action needs.
        const policy = { maxAttempts: attempts, baseDelayMs: 200, maxDelayMs: 60_000, sleep, random: () => 1, timeLeftMs: timeLeft, reserveMs: ACTION_RESERVE_MS };
        const call: Call = (label, fn) => withRetry(fn, policy, (attempt, _delay, error) =>
            log.warn("AWS call failed, retrying", { call: label, attempt, error: (error as { name?: string }).name ?? String(error) }));

        const start = now();
        const checks: boolean[] = [];
        const results: (CheckResult | undefined)[] = [];
        let judged = 0;
        let streak = 0;
        let r53: Route53View | undefined;
        let decided: RunOutcome | undefined;
        let failure: Error | undefined;
        // Judges settled checks in the order they started, one judgement at a time: a check may
        // outlast the cadence (a hung primary costs it its full timeout), so the next one starts on
        // time without waiting for it, and detection stays bounded by the cadence (see rto.ts).
        const judge = async (): Promise<void> => {
            while (decided === undefined && results[judged] !== undefined) {
                const result = results[judged]!;
                const attempt = ++judged;
                checks.push(result.ok);
                streak = result.ok ? 0 : streak + 1;
                if (!result.ok) {
                    log.warn("Primary check failed", { attempt, streak, detail: result.detail });
                }
                if (streak < s.failureThreshold) {
                    continue;
                }
                r53 = await route53View(clients.route53, call, s.healthCheckId);
                if (r53.kind === "disagrees" || r53.kind === "no-answer") {
                    // The guard: a failure seen only from here (a network path, this region) wakes nobody.
                    log.warn("Primary fails from the standby region, but Route 53 does not confirm it; not waking", { route53: r53 });
                    continue;
                }
                decided = await wake(r53);
            }
        };
        const wake = async (view: WakeView): Promise<RunOutcome> => {
            const w = await raiseCapacity(clients.autoScaling, s.standbyAsgName, { minSize: s.failoverCapacity, desiredCapacity: s.failoverCapacity }, call);
            if (!w.raised) {
                log.info("Standby already at or above failover capacity", { route53: view, group: w.before });
                return { checks, route53: view.kind, action: "already-awake" };
            }
            log.warn("Standby woken", { route53: view, group: w.before, after: w.after });
            const m = wakeMessage(s, view, w, streak);
            await call("sns:Publish", () => clients.sns.send(new PublishCommand({ TopicArn: s.notifyTopicArn, Subject: m.subject, Message: m.body })));
            return { checks, route53: view.kind, action: "raised" };
        };
        let judging = Promise.resolve();
        const started: Promise<void>[] = [];
        for (let i = 0; i < s.probesPerRun; i++) {
            const wait = start + i * s.probeIntervalMs - now();
            if (wait > 0) {
                await sleep(wait);
            }
            if (decided !== undefined || failure !== undefined || timeLeft() < CHECK_BUDGET_MS + ACTION_RESERVE_MS) {
                break;
            }
            started.push(check().then((result) => {
                results[i] = result;
                judging = judging.then(judge).catch((error: unknown) => {
                    failure ??= error instanceof Error ? error : new Error(String(error));
                });
            }));
        }
        await Promise.all(started);
        await judging;
        if (failure !== undefined) {
            throw failure;
        }
        return decided ?? { checks, route53: r53?.kind, action: r53 ? "held" : "none" };
    };
}

/** Lambda entry point (esbuild entry functions/probe/handler.ts, export `handler`). */
export const handler = createHandler();
