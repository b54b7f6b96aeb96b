import type { AlarmChange } from "./events";
import type { Settings } from "./settings";

/** One notification, ready for SNS Publish. */
export interface Notification {
    subject: string;
    body: string;
}

/** What happened to the standby's database replica during a wake. */
export type DatabaseOutcome =
    | { kind: "none" }
    | { kind: "pending"; replica: string }
    | { kind: "promoted"; replica: string }
    | { kind: "already-promoted"; replica: string; detail: string }
    | { kind: "failed"; replica: string; detail: string };

// SNS rejects subjects of 100 characters or more, and any line break or control character.
const MAX_SUBJECT = 99;

/** Keeps a subject within SNS limits whatever the stack name is, so Publish can never fail on it. */
export function subjectLine(text: string): string {
    const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
    return clean.length <= MAX_SUBJECT ? clean : `${clean.slice(0, MAX_SUBJECT - 3)}...`;
}

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

function databaseLines(s: Settings, db: DatabaseOutcome): string[] {
    const runbook = 'See "Promoting the database replica" in the README runbook to point the app at the new writer and bring the stack back in line.';
    switch (db.kind) {
        case "none":
            return [];
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

/** The standby was scaled up because the primary failed its health check. */
export function wokeMessage(s: Settings, change: AlarmChange, db: DatabaseOutcome, now: Date): Notification {
    const staticNote =
        s.mode === "warm-standby"
            ? `In warm-standby mode the standby was already serving with ${capacity(s.standby)}; DNS failover did not wait for this scale-up.`
            : "In pilot-light mode DNS sends traffic to the standby once its new instances pass their health checks.";
    return {
        subject: subjectLine(`[${s.stack}] FAILOVER: standby ${s.standbyRegion} woken, primary ${s.primaryRegion} unhealthy`),
        body: [
            `The primary region ${s.primaryRegion} failed its Route 53 health check.`,
            `The standby Auto Scaling group ${s.standbyAsgName} in ${s.standbyRegion} was raised to ${capacity(s.failover)}.`,
            staticNote,
            `It stays up until the primary has been healthy for ${s.recoveryWindowMinutes} minutes without interruption.`,
            ...databaseLines(s, db),
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/**
 * The primary failed again while the standby was recorded awake. The capacity is set again anyway (the
 * record may be stale), so the message says so rather than claiming nothing changed.
 */
export function stillAwakeMessage(s: Settings, change: AlarmChange, db: DatabaseOutcome, now: Date): Notification {
    return {
        subject: subjectLine(`[${s.stack}] Primary ${s.primaryRegion} unhealthy again; standby ${s.standbyRegion} already awake`),
        body: [
            `The primary region ${s.primaryRegion} failed its health check again.`,
            `The standby ${s.standbyAsgName} in ${s.standbyRegion} was already recorded at failover capacity; it was set to ${capacity(s.failover)} again in case it had changed since.`,
            `The recovery window of ${s.recoveryWindowMinutes} minutes starts over once the primary is healthy.`,
            ...databaseLines(s, db),
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The primary passes its health check again; the standby deliberately stays up (hysteresis). */
export function primaryHealthyMessage(s: Settings, change: AlarmChange, now: Date): Notification {
    return {
        subject: subjectLine(`[${s.stack}] Primary ${s.primaryRegion} healthy again; standby stays up for now`),
        body: [
            `The primary region ${s.primaryRegion} passes its Route 53 health check again, and DNS sends users back to it.`,
            `The standby in ${s.standbyRegion} stays up until the primary has been healthy for ${s.recoveryWindowMinutes} minutes without interruption, so a flapping primary does not make it bounce.`,
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The primary has been stable for the whole window and the standby went back to standby capacity. */
export function sleptMessage(s: Settings, change: AlarmChange, now: Date): Notification {
    return {
        subject: subjectLine(`[${s.stack}] Standby ${s.standbyRegion} back to standby capacity; primary stable`),
        body: [
            `The primary region ${s.primaryRegion} has been healthy for ${s.recoveryWindowMinutes} minutes.`,
            `The standby Auto Scaling group ${s.standbyAsgName} in ${s.standbyRegion} was set back to ${capacity(s.standby)}.`,
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/**
 * A recovery arrived while the wake alarm says the primary is failing again (the two alarms are evaluated
 * separately, so a late recovery can outrun a newer failure): scaling in would strand the only healthy region.
 */
export function unhealthyAgainMessage(s: Settings, change: AlarmChange, wakeAlarmState: string, now: Date): Notification {
    return {
        subject: subjectLine(`[${s.stack}] Standby ${s.standbyRegion} stays up: primary ${s.primaryRegion} unhealthy again`),
        body: [
            `The recovery alarm reported the primary region ${s.primaryRegion} healthy for ${s.recoveryWindowMinutes} minutes, but the wake alarm ${s.wakeAlarmName} is now ${wakeAlarmState}: the primary is unhealthy again.`,
            `The standby ${s.standbyAsgName} in ${s.standbyRegion} was not scaled in. It goes back to ${capacity(s.standby)} only after the primary has been healthy for a new, uninterrupted window of ${s.recoveryWindowMinutes} minutes.`,
            ...footer(s, change, now),
        ].join("\n"),
    };
}

/** The primary recovered, but the standby now holds the promoted database, so scaling it in would strand the writer. */
export function keptAwakeMessage(s: Settings, change: AlarmChange, replica: string, now: Date): Notification {
    return {
        subject: subjectLine(`[${s.stack}] Standby ${s.standbyRegion} kept up: its database was promoted`),
        body: [
            `The primary region ${s.primaryRegion} has been healthy for ${s.recoveryWindowMinutes} minutes, but ${replica} in ${s.standbyRegion} is no longer a read replica: it was promoted and is now a writer.`,
            `The standby ${s.standbyAsgName} stays at failover capacity (${capacity(s.failover)}) until a person decides which region serves writes.`,
            'Follow "Promoting the database replica" in the README runbook (database.primaryRegion flip, pulumi refresh, pulumi up).',
            ...footer(s, change, now),
        ].join("\n"),
    };
}
