/**
 * What the function does with one alarm change: wake, sleep, promote, or refuse. Every change to the
 * standby or the database is decided on the alarms' live state, never on the message or the record alone.
 */
import { liveAlarms } from "./alarms";
import { type Clients, notify, promoteReplica, replicaWasPromoted } from "./aws";
import { type RaiseOutcome, raiseCapacity, setCapacity } from "../shared/capacity";
import { UNKNOWN_ALARM_LOG } from "../shared/contract";
import type { AlarmChange } from "./events";
import { type ReconcileOutcome, reconcile } from "./reconcile";
import { readHold, setHold } from "../shared/hold";
import {
    type DatabaseOutcome,
    heldOnWakeLines,
    heldRecoveryMessage,
    holdCommands,
    keptAwakeMessage,
    notPromotedMessage,
    primaryHealthyMessage,
    promotedMessage,
    sleptMessage,
    stillAwakeMessage,
    unconfirmedWakeMessage,
    unhealthyAgainMessage,
    wokeMessage,
} from "./messages";
import { type Call, type RetryPolicy, withRetry } from "../shared/retry";
import { intentOf } from "./intent";
import type { Log } from "../shared/log";
import type { Settings } from "./settings";
import { type ReadState, type StateRecord, readState, writeState } from "./state";


function errorText(error: unknown): string {
    const e = error as { name?: string; message?: string };
    return `${e.name ?? "Error"}: ${e.message ?? String(error)}`;
}

/** The failover function's behaviour, one instance per execution environment. */
export class Failover {
    private readonly call: Call;
    /** Set per invocation from the Lambda context, so retries stop before the timeout. */
    timeLeftMs?: () => number;

    constructor(
        private readonly s: Settings,
        private readonly clients: Clients,
        private readonly log: Log,
        retry: RetryPolicy,
        private readonly now: () => Date,
    ) {
        this.call = <T>(label: string, fn: () => Promise<T>, retryIf?: (error: unknown) => boolean) =>
            withRetry(
                fn,
                { ...retry, timeLeftMs: this.timeLeftMs },
                (attempt, delayMs, error) =>
                    this.log.warn("AWS call failed, retrying", { call: label, attempt, delayMs, error: (error as { name?: string }).name ?? String(error) }),
                retryIf,
            );
    }

    /** Acts on one alarm change. */
    async handle(change: AlarmChange): Promise<void> {
        const keys = { alarm: change.alarmName, state: change.newState, stateChangeTime: change.stateChangeTime };
        switch (intentOf(this.s, change)) {
            case "unknown-alarm":
                // An error with a marker field: a metric filter counts these lines and an alarm tells a
                // person, because a stale alarm name after a replace would otherwise silence failover.
                this.log.error("Message from an alarm this function does not know (a stale name after a replace, or a forged message); ignored", {
                    ...keys,
                    alarmArn: change.alarmArn ?? null,
                    knownAlarms: [this.s.wakeAlarmArn, this.s.recoveryAlarmArn, ...(this.s.promoteAlarm ? [this.s.promoteAlarm.arn] : [])],
                    [UNKNOWN_ALARM_LOG.field]: UNKNOWN_ALARM_LOG.value,
                    action: "none",
                });
                return;
            case "ignore":
                this.log.info("Alarm state needs no action", { ...keys, action: "none" });
                return;
            case "primary-healthy":
                return this.primaryHealthy(change, keys);
            case "wake":
                return this.wake(change, keys);
            case "sleep":
                return this.sleep(change, keys);
            case "promote":
                return this.promote(change, keys);
        }
    }

    /**
     * The state item, or undefined when it cannot be read at all. The item is advisory: it decides what
     * is announced and what looks stale, never whether the standby is raised, so a DynamoDB outage
     * costs at most a repeated or missing message, never a wake.
     */
    private async tryReadState(keys: Record<string, unknown>): Promise<ReadState | undefined> {
        try {
            const read = await readState(this.clients.dynamoDb, this.call, this.s.stateTableName, this.now().getTime());
            if (!read.ok) {
                // Acting is safer than refusing: the action requested is applied and the record rewritten.
                this.log.error("State item is unreadable or dated ahead of the clock; acting on this alarm and rewriting it", {
                    ...keys,
                    table: this.s.stateTableName,
                    reason: read.reason,
                });
            }
            return read;
        } catch (error) {
            this.log.error("State item could not be read; acting without it (it is advisory)", { ...keys, table: this.s.stateTableName, error: errorText(error) });
            return undefined;
        }
    }

    /** Records an action, after every side effect. A failed write is logged, never thrown: the record is advisory. */
    private async record(change: AlarmChange, state: StateRecord["state"], read: ReadState | undefined, keys: Record<string, unknown>): Promise<void> {
        try {
            const view = read ?? await readState(this.clients.dynamoDb, this.call, this.s.stateTableName, this.now().getTime());
            // Read only now (the first read failed): the decision was made without it, so an action
            // recorded meanwhile, as new as this one or newer, must not be overwritten.
            if (read === undefined && view.ok && view.record.sinceMs >= change.changedAt) {
                this.log.info("State not recorded: a newer action is recorded already", { ...keys, state, recorded: view.record });
                return;
            }
            const result = await writeState(
                this.clients.dynamoDb,
                this.call,
                this.s.stateTableName,
                { state, since: change.stateChangeTime, sinceMs: change.changedAt },
                view,
                this.now,
            );
            if (result === "superseded") {
                this.log.info("State not recorded: another invocation recorded this alarm time or a newer one meanwhile", { ...keys, state });
            }
        } catch (error) {
            this.log.error("State not recorded (it is advisory; the action stands)", { ...keys, state, error: errorText(error) });
        }
    }

    private wakeAlarmState(): Promise<string> {
        return liveAlarms(this.clients.cloudWatch, this.call, [this.s.wakeAlarmName], this.s.wakeAlarmRegion).then(
            (alarms) => alarms.get(this.s.wakeAlarmName)!.state,
        );
    }

    /** The wake alarm's live state, or the error text when it cannot be read. */
    private async tryWakeAlarmState(): Promise<{ state: string } | { error: string }> {
        try {
            return { state: await this.wakeAlarmState() };
        } catch (error) {
            return { error: errorText(error) };
        }
    }

    private raise(): Promise<RaiseOutcome> {
        return raiseCapacity(this.clients.autoScaling, this.s.standbyAsgName, this.s.failover, this.call);
    }

    // Wake first, record after: the raise is the first call a wake makes, and only Auto Scaling stands
    // before it. Every other read (the live alarm, the state item) comes after and decides only what is
    // said and recorded: a raise can be undone (the reconcile returns an unneeded standby to rest once
    // the primary has been healthy for its hold time), a missed wake cannot. The group is raised, never
    // lowered. A wake the live alarm contradicts (OK now: a late message, or one not from CloudWatch) or
    // that is not newer than the record (a duplicate, or out of order) is not announced as a failover.
    private async wake(change: AlarmChange, keys: Record<string, unknown>): Promise<void> {
        const raised = await this.raise();
        const details = { ...keys, asg: this.s.standbyAsgName, before: raised.before, after: raised.after, cappedAtMax: raised.cappedAtMax };
        if (raised.cappedAtMax) {
            this.log.error("Failover capacity exceeds the standby group's maximum; raised to the maximum only", details);
        }
        const live = await this.tryWakeAlarmState();
        const read = await this.tryReadState(keys);
        const unconfirmed = "error" in live ? live.error : undefined;
        if ("error" in live) {
            this.log.error("Wake alarm state could not be read; the standby was raised on the message alone", { ...keys, error: live.error });
        }
        const stale = read?.ok === true && change.changedAt <= read.record.sinceMs;
        if ("state" in live && live.state === "OK") {
            this.log.warn("Wake not confirmed: the wake alarm is OK now (the primary recovered since, or the message was not from CloudWatch); the standby was raised anyway, and the reconcile returns it to rest", {
                ...details,
                action: raised.raised ? "raise-unconfirmed" : "none",
                wakeAlarmState: live.state,
            });
            if (raised.raised) {
                await notify(this.clients, this.call, this.s, unconfirmedWakeMessage(this.s, change, raised, this.now()));
                if (!stale) await this.record(change, "awake", read, keys);
            }
            return;
        }
        if (stale) {
            this.log.info("Wake not newer than the last action (duplicate or out of order): capacity ensured, not announced", {
                ...details,
                action: "ensure-awake",
                recorded: read?.ok ? read.record : null,
            });
            return;
        }
        const alreadyAwake = read?.ok === true && read.record.state === "awake";
        this.log.info(raised.raised ? "Standby raised to failover capacity" : "Standby already at or above failover capacity; left as it is", {
            ...details,
            action: "wake",
            mode: this.s.mode,
            alreadyAwake,
            drill: this.s.drill,
        });
        const db = this.wakeDatabaseOutcome();
        const held = await this.holdOnWake(keys);
        const message = alreadyAwake
            ? stillAwakeMessage(this.s, change, db, raised, this.now(), unconfirmed)
            : wokeMessage(this.s, change, db, raised, this.now(), unconfirmed);
        if (held !== undefined) {
            message.body = [message.body, "", ...held].join("\n");
        }
        await notify(this.clients, this.call, this.s, message);
        await this.record(change, "awake", read, keys);
    }

    // An OK is news only while it is current: the live wake alarm must be OK too, and no action the
    // function recorded may be newer than it. An OK older than the ALARM acted on (delivered late),
    // with the alarm in ALARM again, would tell on-call the primary is healthy while it fails.
    private async primaryHealthy(change: AlarmChange, keys: Record<string, unknown>): Promise<void> {
        const live = await this.tryWakeAlarmState();
        const read = await this.tryReadState(keys);
        const liveSays = "state" in live ? live.state : undefined;
        const newerRecord = read?.ok === true && read.record.sinceMs > change.changedAt ? read.record : undefined;
        if ((liveSays !== undefined && liveSays !== "OK") || newerRecord) {
            this.log.info("Stale OK: the wake alarm or a newer recorded action says this OK is no longer current; not announced", {
                ...keys,
                action: "none",
                wakeAlarmState: liveSays ?? null,
                recorded: newerRecord ?? null,
            });
            return;
        }
        // Notification only: not an action, so nothing is recorded (a later recovery must not look stale).
        await notify(this.clients, this.call, this.s, primaryHealthyMessage(this.s, change, this.now()));
        this.log.info("Primary healthy again; standby stays up until the recovery window passes", { ...keys, action: "notify" });
    }

    /**
     * With manual failback, a genuine wake holds the primary out of DNS, so users stay on the standby
     * until a person releases it. After the raise, never before it; a failure is said, not thrown (the
     * reconcile sets the hold on its next run when the primary still fails).
     */
    private async holdOnWake(keys: Record<string, unknown>): Promise<string[] | undefined> {
        if (this.s.failback !== "manual" || !this.s.hold || !this.clients.hold) {
            return undefined;
        }
        try {
            await setHold(this.clients.hold, this.s.hold, true, this.call);
            this.log.info("Primary held out of DNS (failback manual)", { ...keys, action: "hold" });
            return heldOnWakeLines(this.s);
        } catch (error) {
            this.log.error("Could not hold the primary out of DNS (failback manual); the reconcile tries again", { ...keys, error: errorText(error) });
            return [`FAILBACK IS MANUAL, but holding the primary out of DNS failed (${errorText(error)}); the reconcile tries again within minutes. To hold it now:`, ...holdCommands(this.s, true)];
        }
    }

    /** The scheduled reconcile (see reconcile.ts). */
    reconcile(): Promise<ReconcileOutcome> {
        return reconcile({ s: this.s, clients: this.clients, log: this.log, call: this.call, now: this.now });
    }

    /** A wake never promotes: promotion waits for its own alarm, and never happens in a drill. */
    private wakeDatabaseOutcome(): DatabaseOutcome {
        const replica = this.s.replicaDbIdentifier;
        if (replica === undefined) return { kind: "none" };
        if (this.s.drill) return { kind: "drill", replica };
        if (this.s.autoPromote && this.s.promoteAlarm) return { kind: "scheduled", replica, afterMinutes: this.s.promoteAfterMinutes };
        return { kind: "pending", replica };
    }

    // Check, act, check again: the wake alarm must be OK before the standby is scaled in and still OK
    // after. A failure between the two reads starts a wake that may have raised the group before the
    // scale-in landed; the second read sees that failure, and the standby is raised again at once. If the
    // second read cannot be made, the standby is raised anyway before the invocation fails. The first
    // read comes before the staleness check, so a retried recovery that a newer wake now makes look stale
    // still repairs a scale-in its failed attempt left behind.
    private async sleep(change: AlarmChange, keys: Record<string, unknown>): Promise<void> {
        const read = await this.tryReadState(keys);
        const stale = read?.ok === true && change.changedAt <= read.record.sinceMs;
        const before = await this.wakeAlarmState();
        if (before !== "OK") {
            return this.keepUp(change, keys, before, { afterScaleIn: false, announce: !stale });
        }
        if (stale) {
            this.log.info("Recovery not newer than the last action: duplicate or out of order; ignored", { ...keys, action: "none", recorded: read?.ok ? read.record : null });
            return;
        }
        // A manual hold keeps users on the standby however healthy the primary is: never scale it in then.
        // An unreadable hold counts as held: scaling in is the one step that can strand users.
        if (this.s.hold && this.clients.hold) {
            const held = await readHold(this.clients.hold.ssm, this.s.hold, this.call).catch(() => true);
            if (held) {
                this.log.warn("Recovery refused: the primary is held out of DNS by hand; the standby stays up", { ...keys, action: "keep-awake", held });
                await notify(this.clients, this.call, this.s, heldRecoveryMessage(this.s, change, this.now()));
                return;
            }
        }
        // Also when recorded asleep: the record may be stale, and the replica may have been promoted since.
        if (await replicaWasPromoted(this.clients, this.call, this.s)) {
            const replica = this.s.replicaDbIdentifier ?? "";
            await notify(this.clients, this.call, this.s, keptAwakeMessage(this.s, change, replica, this.now()));
            await this.record(change, "awake", read, keys);
            this.log.warn("Standby kept awake: its database replica was promoted", { ...keys, action: "keep-awake", replica });
            return;
        }
        const alreadyAsleep = read?.ok === true && read.record.state === "asleep";
        await setCapacity(this.clients.autoScaling, this.s.standbyAsgName, this.s.standby, this.call);
        let after: string;
        try {
            after = await this.wakeAlarmState();
        } catch (error) {
            await this.raise().catch((raiseError: unknown) =>
                this.log.error("Could not raise the standby again after failing to re-read the wake alarm", { ...keys, error: errorText(raiseError) }),
            );
            throw error;
        }
        if (after !== "OK") {
            return this.keepUp(change, keys, after, { afterScaleIn: true, announce: true });
        }
        // A person may have held the primary out while the standby was scaled in: raise it again.
        if (this.s.hold && this.clients.hold && await readHold(this.clients.hold.ssm, this.s.hold, this.call).catch(() => true)) {
            await this.raise();
            this.log.warn("The primary was held out by hand while the standby was scaled in; raised again", { ...keys, action: "keep-awake" });
            await notify(this.clients, this.call, this.s, heldRecoveryMessage(this.s, change, this.now()));
            return;
        }
        this.log.info(alreadyAsleep ? "Standby recorded asleep already; standby capacity set again" : "Standby scaled back to standby capacity", {
            ...keys,
            action: "sleep",
            mode: this.s.mode,
            asg: this.s.standbyAsgName,
            ...this.s.standby,
            alreadyAsleep,
        });
        // A recovery after no wake (the usual case when recorded asleep) is not news; it is not announced.
        if (!alreadyAsleep) {
            await notify(this.clients, this.call, this.s, sleptMessage(this.s, change, this.now()));
        }
        // Recorded even when asleep already: an older wake delivered late must now look stale.
        await this.record(change, "asleep", read, keys);
    }

    /**
     * A recovery refused because the primary fails again: the standby is ensured awake, nothing is
     * recorded, and people are told unless the recovery was stale (then it is news to no one).
     */
    private async keepUp(change: AlarmChange, keys: Record<string, unknown>, wakeAlarm: string, how: { afterScaleIn: boolean; announce: boolean }): Promise<void> {
        const { afterScaleIn, announce } = how;
        const raised = await this.raise();
        if (announce) {
            await notify(this.clients, this.call, this.s, unhealthyAgainMessage(this.s, change, wakeAlarm, this.now(), raised, afterScaleIn));
        }
        // Nothing recorded: the next genuine recovery must not look stale next to this one.
        this.log.warn("Recovery refused: the wake alarm says the primary is unhealthy again; standby kept at failover capacity", {
            ...keys,
            action: "keep-awake",
            wakeAlarm: this.s.wakeAlarmName,
            wakeAlarmState: wakeAlarm,
            afterScaleIn,
            before: raised.before,
            after: raised.after,
        });
    }

    // Promotion is one-way, so it fails closed: never in a drill, only with both alarms in ALARM right
    // now (the promotion alarm has seen every health datapoint fail for the configured minutes; the wake
    // alarm says the primary still fails), and a failed read of either throws for Lambda to retry.
    private async promote(change: AlarmChange, keys: Record<string, unknown>): Promise<void> {
        const replica = this.s.replicaDbIdentifier;
        const promoteAlarm = this.s.promoteAlarm;
        if (replica === undefined || !this.s.autoPromote || promoteAlarm === undefined) {
            this.log.warn("Promotion alarm, but automatic promotion is off or there is no replica; ignored", { ...keys, action: "none" });
            return;
        }
        const refuse = async (reason: string) => {
            this.log.warn("Replica not promoted", { ...keys, action: "none", replica, reason });
            await notify(this.clients, this.call, this.s, notPromotedMessage(this.s, change, reason, this.now()));
        };
        if (this.s.drill) {
            return refuse("this is a drill (failover.drill), and a drill never promotes");
        }
        const live = await liveAlarms(this.clients.cloudWatch, this.call, [this.s.wakeAlarmName, promoteAlarm.name], this.s.wakeAlarmRegion);
        const wake = live.get(this.s.wakeAlarmName)!;
        const waited = live.get(promoteAlarm.name)!;
        if (wake.state !== "ALARM") {
            const meaning = wake.state === "OK" ? "the primary passes its health check again" : "it has no health data to judge by";
            return refuse(`the wake alarm ${wake.name} is ${wake.state} now: ${meaning}`);
        }
        if (waited.state !== "ALARM") {
            return refuse(`the promotion alarm ${waited.name} is ${waited.state} now: the primary has not failed for ${this.s.promoteAfterMinutes} minutes in a row`);
        }
        if (await replicaWasPromoted(this.clients, this.call, this.s)) {
            this.log.info("Replica already promoted; nothing to do (a repeated promotion alarm message)", { ...keys, action: "none", replica });
            return;
        }
        // The new writer is only useful with the standby serving; raising is a no-op when it already is.
        await this.raise();
        const db = await promoteReplica(this.clients, this.call, replica);
        const level = db.kind === "failed" ? "error" : "info";
        this.log[level]("Replica promotion attempted", { ...keys, action: "promote", db, wakeAlarmSince: wake.transitionedAt });
        await notify(this.clients, this.call, this.s, promotedMessage(this.s, change, db, this.now()));
    }
}
