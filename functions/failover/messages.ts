import type { RaiseOutcome } from "../shared/capacity";
import { subjectLine } from "../shared/subject";
import type { AlarmChange } from "./events";
import type { Settings } from "./settings";

/** One notification, ready for SNS Publish. */
export interface Notification {
    subject: string;
    body: string;
}

/**
 * What a wake or a promotion means for the standby's database replica: none to promote, left to a
 * person, promoted later by the promotion alarm, never promoted in a drill, or the promotion's result.
 */
export type DatabaseOutcome =
    | { kind: "none" }
    | { kind: "pending"; replica: string }
    | { kind: "scheduled"; replica: string; afterMinutes: number }
    | { kind: "drill"; replica: string }
    | { kind: "promoted"; replica: string }
    | { kind: "already-promoted"; replica: string; detail: string }
    | { kind: "failed"; replica: string; detail: string };

/** The exact command a person runs to promote the replica by hand. */
export function promoteCommand(replica: string, region: string): string {
    return `aws rds promote-read-replica --db-instance-identifier ${replica} --region ${region}`;
}

function alarmLink(change: AlarmChange): string {
    // Route 53 health-check alarms always live in us-east-1; the ARN says so when present.
    const region = change.alarmArn?.split(":")[3] || "us-east-1";
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(change.alarmName)}`;
}

function footer(s: Settings, change: AlarmChange, now: Date): string[] {
    return [
        "",
        `Stack: ${s.stack}    Mode: ${s.mode}`,
        `Primary region: ${s.primaryRegion}    Standby region: ${s.standbyRegion}`,
        `Alarm: ${change.alarmName} -> ${change.newState} at ${change.stateChangeTime}`,
        ...(change.reason ? [`Reason: ${change.reason}`] : []),
        `Alarm in the console: ${alarmLink(change)}`,
        `Handled at: ${now.toISOString()}`,
    ];
}

function capacity(c: { minSize: number; desiredCapacity: number }): string {
    return `min ${c.minSize}, desired ${c.desiredCapacity}`;
}

/** "[stack] " or "[stack] DRILL: ", so a drill can never be mistaken for an outage in an inbox. */
function tag(s: Settings): string {
    return s.drill ? `[${s.stack}] DRILL: ` : `[${s.stack}] `;
}

function drillLines(s: Settings): string[] {
    return s.drill
        ? ["", "This is a DRILL (failover.drill): the primary's health check is inverted on purpose. The standby scales as in a real failover; the database is never promoted."]
        : [];
}

/** What a raise did, in one sentence; the group's own numbers, since a repeated wake never lowers them. */
function raiseLine(s: Settings, r: RaiseOutcome): string[] {
    const lines = r.raised
        ? [`The standby Auto Scaling group ${s.standbyAsgName} in ${s.standbyRegion} was raised from ${capacity(r.before)} to ${capacity(r.after)} (failover capacity ${capacity(s.failover)}; it is never lowered by a wake).`]
        : [`The standby Auto Scaling group ${s.standbyAsgName} in ${s.standbyRegion} already had ${capacity(r.before)}, at or above the failover capacity (${capacity(s.failover)}); it was left as it is.`];
    if (r.cappedAtMax) {
        lines.push(`WARNING: the failover capacity exceeds the group's maximum (${r.before.maxSize}); the group was raised to its maximum only. Raise capacity.max or lower failover.capacity.`);
    }
    return lines;
}

/** Said when the wake alarm's live state could not be read and the standby was raised on the message alone. */
function unconfirmedLines(detail?: string): string[] {
    return detail === undefined
        ? []
        : ["", `The wake alarm's current state could not be read (${detail}); the standby was raised on the alarm message alone, since a raise can be undone and a missed wake cannot.`];
}

function databaseLines(s: Settings, db: DatabaseOutcome): string[] {
    const runbook = 'See "Promoting the database replica" in docs/data-tier.md to point the app at the new writer and bring the stack back in line.';
    switch (db.kind) {
        case "none":
            return [];
        case "scheduled":
            return [
                "",
                `DATABASE: the read replica ${db.replica} in ${s.standbyRegion} is promoted automatically once the primary has failed its health check for ${db.afterMinutes} minutes in a row; the function reads the alarms again right before promoting.`,
                "Promotion is one-way and breaks replication. To promote sooner:",
                `  ${promoteCommand(db.replica, s.standbyRegion)}`,
                runbook,
            ];
        case "drill":
            return [
                "",
                `DATABASE: this is a drill; the read replica ${db.replica} in ${s.standbyRegion} is not promoted, automatically or otherwise. Do not promote it: the primary still takes writes.`,
            ];
        case "pending":
            return [
                "",
                `DATABASE: promotion is PENDING. The read replica ${db.replica} in ${s.standbyRegion} was not promoted (automatic promotion is off).`,
                "Promotion is one-way and breaks replication; if the primary region will not come back soon, promote it with:",
                `  ${promoteCommand(db.replica, s.standbyRegion)}`,
                runbook,
            ];
        case "promoted":
            return [
                "",
                `DATABASE: promotion of read replica ${db.replica} in ${s.standbyRegion} has started (automatic promotion is on).`,
                "Replication from the primary is broken from now on; it becomes a standalone writer in a few minutes.",
                runbook,
            ];
        case "already-promoted":
            return [
                "",
                `DATABASE: ${db.replica} in ${s.standbyRegion} was not promoted again: it is already promoted or not a read replica (${db.detail}).`,
                runbook,
            ];
        case "failed":
            return [
                "",
                `DATABASE: automatic promotion of ${db.replica} in ${s.standbyRegion} FAILED: ${db.detail}`,
                "If the request timed out, the promotion may have started anyway (the command below then answers InvalidDBInstanceState).",
                "Promote it by hand if the primary region will not come back soon:",
                `  ${promoteCommand(db.replica, s.standbyRegion)}`,
                runbook,
            ];
    }
}

/** The standby was raised because the primary failed its health check. */
export function wokeMessage(s: Settings, change: AlarmChange, db: DatabaseOutcome, r: RaiseOutcome, now: Date, unconfirmed?: string): Notification {
    const staticNote =
        s.mode === "warm-standby"
            ? `In warm-standby mode the standby was already serving with ${capacity(s.standby)}; DNS failover did not wait for this scale-up.`
            : "In pilot-light mode DNS sends traffic to the standby once its new instances pass their health checks.";
    return {
        subject: subjectLine(`${tag(s)}FAILOVER: standby ${s.standbyRegion} woken, primary ${s.primaryRegion} unhealthy`),
        body: [
            `The primary region ${s.primaryRegion} failed its Route 53 health check.`,
            ...raiseLine(s, r),
            staticNote,
            `It stays up until the primary has been healthy for ${s.recoveryWindowMinutes} minutes without interruption.`,
            ...unconfirmedLines(unconfirmed),
            ...databaseLines(s, db),
            ...drillLines(s),
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/**
 * The primary failed again while the standby was recorded awake. The group is read and raised again
 * if it had been lowered since (the record may be stale), never lowered, and the message says which.
 */
export function stillAwakeMessage(s: Settings, change: AlarmChange, db: DatabaseOutcome, r: RaiseOutcome, now: Date, unconfirmed?: string): Notification {
    return {
        subject: subjectLine(`${tag(s)}Primary ${s.primaryRegion} unhealthy again; standby ${s.standbyRegion} already awake`),
        body: [
            `The primary region ${s.primaryRegion} failed its health check again.`,
            ...raiseLine(s, r),
            `The recovery window of ${s.recoveryWindowMinutes} minutes starts over once the primary is healthy.`,
            ...unconfirmedLines(unconfirmed),
            ...databaseLines(s, db),
            ...drillLines(s),
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/**
 * The standby was raised on a wake message that the live wake alarm contradicts (OK now): a message
 * delivered late, after the primary recovered, or one not sent by CloudWatch. Raised anyway, because
 * the raise comes before any other call; the reconcile puts it back.
 */
export function unconfirmedWakeMessage(s: Settings, change: AlarmChange, r: RaiseOutcome, now: Date): Notification {
    return {
        subject: subjectLine(`${tag(s)}Standby ${s.standbyRegion} raised on an unconfirmed wake; primary ${s.primaryRegion} passes now`),
        body: [
            `A wake message for the primary region ${s.primaryRegion} arrived, but the wake alarm ${s.wakeAlarmName} is OK now: the primary recovered since the message was sent, or the message did not come from CloudWatch.`,
            ...raiseLine(s, r),
            "The function raises the standby before it asks anything else (a missed wake cannot be undone; a raise can).",
            "The reconcile puts the standby back to its resting size once Route 53's checkers have seen the primary healthy for its hold time and no wake is live. To do it now:",
            `  aws autoscaling update-auto-scaling-group --auto-scaling-group-name ${s.standbyAsgName} --min-size ${s.standby.minSize} --desired-capacity ${s.standby.desiredCapacity} --region ${s.standbyRegion}`,
            ...drillLines(s),
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The primary passes its health check again; the standby deliberately stays up (hysteresis). */
export function primaryHealthyMessage(s: Settings, change: AlarmChange, now: Date): Notification {
    const users = s.failback === "manual" && s.hold
        ? [`The primary region ${s.primaryRegion} passes its Route 53 health check again, but failback is manual: it stays held out of DNS and users stay on the standby ${s.standbyRegion} until a person releases it:`, ...holdCommands(s, false)]
        : [`The primary region ${s.primaryRegion} passes its Route 53 health check again, and DNS sends users back to it.`];
    return {
        subject: subjectLine(`${tag(s)}Primary ${s.primaryRegion} healthy again; standby stays up for now`),
        body: [
            ...users,
            `The standby in ${s.standbyRegion} stays up until the primary has been healthy for ${s.recoveryWindowMinutes} minutes without interruption, so a flapping primary does not make it bounce.`,
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The primary has been stable for the whole window and the standby went back to standby capacity. */
export function sleptMessage(s: Settings, change: AlarmChange, now: Date): Notification {
    return {
        subject: subjectLine(`${tag(s)}Standby ${s.standbyRegion} back to standby capacity; primary stable`),
        body: [
            `The primary region ${s.primaryRegion} has been healthy for ${s.recoveryWindowMinutes} minutes.`,
            `The standby Auto Scaling group ${s.standbyAsgName} in ${s.standbyRegion} was set back to ${capacity(s.standby)}.`,
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/**
 * A recovery arrived while the wake alarm says the primary is failing again (the two alarms are evaluated
 * separately, so a late recovery can outrun a newer failure): scaling in would strand the only healthy
 * region. `r` is what ensuring the standby's failover capacity did; `afterScaleIn` says the alarm turned
 * while the standby was being scaled in, so it was raised again at once.
 */
export function unhealthyAgainMessage(s: Settings, change: AlarmChange, wakeAlarmState: string, now: Date, r: RaiseOutcome, afterScaleIn = false): Notification {
    return {
        subject: subjectLine(`${tag(s)}Standby ${s.standbyRegion} stays up: primary ${s.primaryRegion} unhealthy again`),
        body: [
            `The recovery alarm reported the primary region ${s.primaryRegion} healthy for ${s.recoveryWindowMinutes} minutes, but the wake alarm ${s.wakeAlarmName} is now ${wakeAlarmState}: the primary is unhealthy again.`,
            afterScaleIn
                ? `The wake alarm turned while the standby ${s.standbyAsgName} was being scaled in; it was raised again at once.`
                : `The standby ${s.standbyAsgName} in ${s.standbyRegion} was not scaled in.`,
            ...raiseLine(s, r),
            `It goes back to ${capacity(s.standby)} only after the primary has been healthy for a new, uninterrupted window of ${s.recoveryWindowMinutes} minutes.`,
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The primary recovered, but the standby now holds the promoted database, so scaling it in would strand the writer. */
export function keptAwakeMessage(s: Settings, change: AlarmChange, replica: string, now: Date): Notification {
    return {
        subject: subjectLine(`${tag(s)}Standby ${s.standbyRegion} kept up: its database was promoted`),
        body: [
            `The primary region ${s.primaryRegion} has been healthy for ${s.recoveryWindowMinutes} minutes, but ${replica} in ${s.standbyRegion} is no longer a read replica: it was promoted and is now a writer.`,
            `The standby ${s.standbyAsgName} stays at failover capacity (${capacity(s.failover)}) until a person decides which region serves writes.`,
            'Follow "Promoting the database replica" in docs/data-tier.md (database.primaryRegion flip, pulumi refresh, pulumi up).',
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The promotion alarm fired and the function promoted the replica, or tried to (the outcome says). */
export function promotedMessage(s: Settings, change: AlarmChange, db: DatabaseOutcome, now: Date): Notification {
    const verb = db.kind === "failed" ? "FAILED to promote" : db.kind === "already-promoted" ? "found already promoted" : "promoted";
    return {
        subject: subjectLine(`${tag(s)}DATABASE: replica in ${s.standbyRegion} ${verb}; primary ${s.primaryRegion} down ${s.promoteAfterMinutes} min`),
        body: [
            `The primary region ${s.primaryRegion} has failed its health check for ${s.promoteAfterMinutes} minutes in a row, and the wake alarm ${s.wakeAlarmName} was still in ALARM right before promoting.`,
            ...databaseLines(s, db),
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The promotion alarm fired but the function did not promote: a drill, or the primary is no longer failing. */
export function notPromotedMessage(s: Settings, change: AlarmChange, reason: string, now: Date): Notification {
    const replica = s.replicaDbIdentifier ?? "";
    return {
        subject: subjectLine(`${tag(s)}DATABASE: replica in ${s.standbyRegion} NOT promoted`),
        body: [
            `The promotion alarm fired, but the read replica ${replica} in ${s.standbyRegion} was not promoted: ${reason}.`,
            ...(s.drill
                ? drillLines(s)
                : [
                    "Promotion is one-way; the function does not try again for this alarm. If the primary region will not come back soon, promote it by hand:",
                    `  ${promoteCommand(replica, s.standbyRegion)}`,
                ]),
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The exact commands that release (and re-apply) the manual hold, with the npm script first. */
export function holdCommands(s: Settings, held: boolean): string[] {
    const region = s.hold?.region ?? s.standbyRegion;
    return [
        `  npm run switch -- ${held ? "failover" : "failback"} --stack ${s.stack}`,
        "or, without this repository:",
        `  aws ssm put-parameter --name /ha-web-tier/${s.stack}/primary-held --type String --overwrite --value ${held} --region ${region}`,
        `  aws cloudwatch put-metric-data --namespace ha-web-tier/${s.stack} --metric-name PrimaryHeld --unit Count --value ${held ? 1 : 0} --region ${region}`,
    ];
}

/** Said when a wake (or the reconcile, for a probe wake) holds the primary out because failback is manual. */
export function heldOnWakeLines(s: Settings): string[] {
    return [
        `FAILBACK IS MANUAL: the primary ${s.primaryRegion} is now held out of DNS. Users stay on the standby ${s.standbyRegion} until a person releases the primary, however healthy it becomes. Release it with:`,
        ...holdCommands(s, false),
    ];
}

/** A recovery (or the reconcile) found the primary healthy but held out by hand: the standby stays. */
export function heldRecoveryMessage(s: Settings, change: AlarmChange, now: Date): Notification {
    return {
        subject: subjectLine(`${tag(s)}Primary ${s.primaryRegion} healthy but held out; standby ${s.standbyRegion} stays up`),
        body: [
            `The primary region ${s.primaryRegion} has been healthy for ${s.recoveryWindowMinutes} minutes, but it is held out of DNS by hand (failback ${s.failback}), so users stay on the standby ${s.standbyRegion} and it was not scaled in.`,
            "When you decide the primary may serve again, release it:",
            ...holdCommands(s, false),
            `Users return once Route 53 sees the switch released (a minute or two, plus the 60 s DNS TTL); the standby goes back to rest once the reconcile has seen the primary healthy for ${s.reconcileHoldMinutes} minutes.`,
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The reconcile put a standby nothing else would have lowered back to rest. */
export function reconciledMessage(s: Settings, before: { minSize: number; desiredCapacity: number }, now: Date): Notification {
    return {
        subject: subjectLine(`${tag(s)}Standby ${s.standbyRegion} back to rest (reconcile); primary healthy ${s.reconcileHoldMinutes} min`),
        body: [
            `Route 53's checkers have seen the primary ${s.primaryRegion} healthy every minute of the last ${s.reconcileHoldMinutes} minutes, the wake alarm ${s.wakeAlarmName} is OK and the primary is not held out by hand.`,
            `The standby Auto Scaling group ${s.standbyAsgName} in ${s.standbyRegion} was set from ${capacity(before)} back to ${capacity(s.standby)}.`,
            "Nothing else would have done it: the standby was left up by a probe wake, a refused or failed recovery, a late wake message, or a released manual failover.",
            "",
            `Stack: ${s.stack}    Mode: ${s.mode}`,
            `Handled at: ${now.toISOString()}`,
        ].join("\n"),
    };
}

/** The awake standby's launches fail for want of capacity: what Auto Scaling does about it, and what a person can do. */
export function capacityShortMessage(s: Settings, failures: string[], now: Date): Notification {
    return {
        subject: subjectLine(`${tag(s)}CAPACITY: standby ${s.standbyRegion} cannot get its instances`),
        body: [
            `The standby Auto Scaling group ${s.standbyAsgName} in ${s.standbyRegion} is raised to failover capacity, but ${failures.length} launch(es) or warm-pool start(s) failed for want of EC2 capacity:`,
            ...failures.slice(0, 5).map((f) => `  - ${f}`),
            "",
            "What Auto Scaling does: it keeps retrying (AWS: \"capacity can shift frequently\"), and launches in the group's other Availability Zones; a warm-pool instance that cannot start is replaced by a launch. A warm pool cannot take a mixed instances policy, so there is no other instance type to fall back to.",
            "What you can do:",
            "  - wait a few minutes and watch: aws autoscaling describe-scaling-activities --auto-scaling-group-name " + `${s.standbyAsgName} --region ${s.standbyRegion}`,
            `  - change capacity.instanceType to a type with capacity and update the standby region only (break-glass: npm run plan -- --region-down ${s.primaryRegion})`,
            "  - for next time: failover.reserveCapacity reserves the failover capacity (On-Demand Capacity Reservations, billed whether used or not)",
            "",
            `Stack: ${s.stack}    Mode: ${s.mode}`,
            `Handled at: ${now.toISOString()}`,
        ].join("\n"),
    };
}
