/**
 * The scheduled reconcile (every few minutes, in the standby region): the one path that puts an awake
 * standby back to rest when no alarm transition will. A standby can be left up by a probe wake (Route
 * 53's API unreachable while its checkers saw the primary healthy), a refused recovery (the wake alarm
 * INSUFFICIENT_DATA when the recovery alarm fired), a wake message delivered after the recovery, a
 * manual failover that was released, or a recovery whose invocation failed. The reconcile lowers it
 * only when every condition holds, each read live: the primary has passed Route 53's checks every
 * minute of the hold time (the HealthCheckStatus history, not a single look), the wake alarm is OK, no
 * manual hold is set, and the standby's replica has not become the writer. Any read it cannot make
 * keeps the standby up: lowering is the one thing that can strand users.
 */
import { DescribeScalingActivitiesCommand } from "@aws-sdk/client-auto-scaling";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { liveAlarms } from "./alarms";
import { type Clients, notify, replicaWasPromoted } from "./aws";
import type { Log } from "../shared/log";
import { capacityShortMessage, heldOnWakeLines, reconciledMessage } from "./messages";
import type { Settings } from "./settings";
import { describeGroup, raiseCapacity, setCapacity } from "../shared/capacity";
import { publishHold, readHold, setHold } from "../shared/hold";
import type { Call } from "../shared/retry";

/** What one reconcile run found and did. */
export type ReconcileOutcome =
    | { kind: "at-rest" }
    | { kind: "kept"; reasons: string[] }
    | { kind: "lowered" }
    | { kind: "raised-again"; wakeAlarm: string };

/** What the reconcile needs from the function. */
export interface ReconcileContext {
    s: Settings;
    clients: Clients;
    log: Log;
    call: Call;
    now: () => Date;
}

function errorText(error: unknown): string {
    const e = error as { name?: string; message?: string };
    return `${e.name ?? "Error"}: ${e.message ?? String(error)}`;
}

/**
 * The primary's endpoint check over the last `minutes` (one-minute Minimum of HealthCheckStatus, us-east-1):
 * healthy only with a datapoint for every minute of the window, each 1, the newest at most
 * `freshMinutes` old (Route 53's metrics arrive about a minute late). A gap is no evidence of health.
 */
export async function healthyFor(c: ReconcileContext, minutes: number, freshMinutes = 3): Promise<{ healthy: boolean; latestUnhealthy: boolean; detail: string }> {
    const end = c.now();
    const start = new Date(end.getTime() - (minutes + freshMinutes) * 60_000);
    const out = await c.call("cloudwatch:GetMetricData", () => c.clients.cloudWatch.send(new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        ScanBy: "TimestampDescending",
        MetricDataQueries: [{
            Id: "status",
            MetricStat: {
                Metric: { Namespace: "AWS/Route53", MetricName: "HealthCheckStatus", Dimensions: [{ Name: "HealthCheckId", Value: c.s.primaryHealthCheckId }] },
                Period: 60,
                Stat: "Minimum",
            },
        }],
    })));
    const result = out.MetricDataResults?.[0];
    const points = (result?.Timestamps ?? []).map((t, i) => ({ at: t.getTime(), value: result?.Values?.[i] ?? NaN })).sort((a, b) => b.at - a.at);
    const latest = points[0];
    if (latest === undefined) {
        return { healthy: false, latestUnhealthy: false, detail: "no HealthCheckStatus datapoints" };
    }
    const latestUnhealthy = latest.value < 1;
    if (end.getTime() - latest.at > freshMinutes * 60_000) {
        return { healthy: false, latestUnhealthy, detail: `the newest datapoint is from ${new Date(latest.at).toISOString()}` };
    }
    const window = points.filter((p) => p.at > latest.at - minutes * 60_000);
    if (window.length < minutes) {
        return { healthy: false, latestUnhealthy, detail: `${window.length} of the last ${minutes} minutes have data` };
    }
    const failing = window.filter((p) => !(p.value >= 1)).length;
    return failing > 0
        ? { healthy: false, latestUnhealthy, detail: `${failing} of the last ${minutes} minutes unhealthy` }
        : { healthy: true, latestUnhealthy, detail: `healthy every minute of the last ${minutes}` };
}

/** How far back each run looks for failed launches: one reconcile period and a minute of overlap. */
const SHORTAGE_LOOKBACK_MS = 6 * 60_000;

/**
 * Tells a person when the awake standby cannot get its instances: launches (or warm-pool starts) that
 * failed with InsufficientInstanceCapacity since the last run. "If you get this error when you try to
 * launch an instance or restart a stopped instance, AWS does not currently have enough available
 * On-Demand capacity ... Wait a few minutes and then submit your request again" (EC2 user guide,
 * "Troubleshoot Amazon EC2 instance launch issues"): Auto Scaling keeps retrying on its own, and launches
 * in the group's other zones; a warm pool cannot take a mixed instances policy, so there is no
 * instance-type fallback to try (EC2 Auto Scaling user guide, warm pool limitations). A failed read is
 * logged, never thrown: it must not stop the reconcile.
 */
async function reportCapacityShortage(c: ReconcileContext): Promise<void> {
    const { s, clients, log, call } = c;
    try {
        const out = await call("autoscaling:DescribeScalingActivities", () => clients.autoScaling.send(new DescribeScalingActivitiesCommand({ AutoScalingGroupName: s.standbyAsgName, MaxRecords: 20 })));
        const since = c.now().getTime() - SHORTAGE_LOOKBACK_MS;
        const short = (out.Activities ?? []).filter((a) => (a.StartTime?.getTime() ?? 0) >= since
            && /InsufficientInstanceCapacity|sufficient .* capacity/i.test(`${a.StatusMessage ?? ""} ${a.Description ?? ""}`));
        if (short.length === 0) return;
        log.error("The standby cannot get its instances: insufficient capacity", { action: "capacity-short", activities: short.map((a) => a.StatusMessage) });
        await notify(clients, call, s, capacityShortMessage(s, short.map((a) => a.StatusMessage ?? a.Description ?? ""), c.now()));
    } catch (error) {
        log.error("Could not read the standby's scaling activities", { action: "none", error: errorText(error) });
    }
}

/** One reconcile run. Never lowers unless every condition holds; says what it did when it acts. */
export async function reconcile(c: ReconcileContext): Promise<ReconcileOutcome> {
    const { s, clients, log, call } = c;
    const reasons: string[] = [];
    let held: boolean | undefined;
    if (s.hold && clients.hold) {
        try {
            held = await readHold(clients.hold.ssm, s.hold, call);
            // Keeps Route 53's switch check on recent data (it falls back to the last known status between runs).
            await publishHold(clients.hold.cloudWatch, s.hold, held, call);
        } catch (error) {
            reasons.push(`the manual hold could not be read or re-published (${errorText(error)})`);
            log.error("Manual hold could not be read or re-published", { action: "reconcile", error: errorText(error) });
        }
    }
    const group = await describeGroup(clients.autoScaling, s.standbyAsgName, call);
    if (group.minSize <= s.standby.minSize && group.desiredCapacity <= s.standby.desiredCapacity) {
        log.info("Reconcile: the standby is at rest", { action: "none", group });
        return { kind: "at-rest" };
    }
    await reportCapacityShortage(c);
    if (held === true) {
        reasons.push("the primary is held out by hand (release it with the failback command)");
    }
    let wakeAlarm: string | undefined;
    try {
        wakeAlarm = (await liveAlarms(clients.cloudWatch, call, [s.wakeAlarmName], s.wakeAlarmRegion)).get(s.wakeAlarmName)!.state;
        if (wakeAlarm !== "OK") reasons.push(`the wake alarm is ${wakeAlarm}`);
    } catch (error) {
        reasons.push(`the wake alarm could not be read (${errorText(error)})`);
    }
    if (s.primaryHealthCheckId === undefined) {
        reasons.push("no health check of the primary to read the history of");
    } else {
        try {
            const history = await healthyFor(c, s.reconcileHoldMinutes);
            if (!history.healthy) reasons.push(`Route 53 has not seen the primary healthy for ${s.reconcileHoldMinutes} minutes: ${history.detail}`);
            // Manual failback: a standby that serves because the primary fails (woken by the probe, say) is
            // held there, as a wake by the alarm would have done.
            if (s.failback === "manual" && s.hold && clients.hold && held === false && history.latestUnhealthy) {
                await setHold(clients.hold, s.hold, true, call);
                await notify(clients, call, s, { subject: `[${s.stack}] Primary ${s.primaryRegion} held out of DNS (failback manual)`.slice(0, 99), body: heldOnWakeLines(s).join("\n") });
                reasons.push("the primary fails and failback is manual: it is now held out");
            }
        } catch (error) {
            reasons.push(`the primary's health history could not be read (${errorText(error)})`);
        }
    }
    if (reasons.length === 0) {
        try {
            if (await replicaWasPromoted(clients, call, s)) reasons.push("the standby's replica was promoted: it holds the writer");
        } catch (error) {
            reasons.push(`the replica could not be read (${errorText(error)})`);
        }
    }
    if (reasons.length > 0) {
        log.info("Reconcile: the standby stays up", { action: "keep", group, reasons });
        return { kind: "kept", reasons };
    }
    await setCapacity(clients.autoScaling, s.standbyAsgName, s.standby, call);
    // Check, act, check again, as the recovery does: a failure that started meanwhile raises it at once.
    let after: string;
    try {
        after = (await liveAlarms(clients.cloudWatch, call, [s.wakeAlarmName], s.wakeAlarmRegion)).get(s.wakeAlarmName)!.state;
    } catch (error) {
        await raiseCapacity(clients.autoScaling, s.standbyAsgName, s.failover, call);
        throw error;
    }
    if (after !== "OK") {
        await raiseCapacity(clients.autoScaling, s.standbyAsgName, s.failover, call);
        log.warn("Reconcile: the wake alarm turned while the standby was lowered; raised again", { action: "keep-awake", wakeAlarm: after });
        return { kind: "raised-again", wakeAlarm: after };
    }
    // Likewise a hold set by a person meanwhile (an unreadable hold counts as held).
    if (s.hold && clients.hold && await readHold(clients.hold.ssm, s.hold, call).catch(() => true)) {
        await raiseCapacity(clients.autoScaling, s.standbyAsgName, s.failover, call);
        log.warn("Reconcile: the primary was held out while the standby was lowered; raised again", { action: "keep-awake" });
        return { kind: "raised-again", wakeAlarm: "OK (held)" };
    }
    log.info("Reconcile: the standby was put back to rest", { action: "reconcile-sleep", before: group, after: s.standby });
    await notify(clients, call, s, reconciledMessage(s, group, c.now()));
    return { kind: "lowered" };
}
