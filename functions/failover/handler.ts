import { Logger } from "@aws-lambda-powertools/logger";
import { type Call, type Clients, createClients, databaseStep, notify, replicaWasPromoted, scaleStandby, wakeAlarmState } from "./aws";
import { type AlarmChange, MalformedEventError, parseEvent } from "./events";
import {
    keptAwakeMessage,
    primaryHealthyMessage,
    sleptMessage,
    stillAwakeMessage,
    unhealthyAgainMessage,
    wokeMessage,
} from "./messages";
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from "./retry";
import { type Settings, parseSettings } from "./settings";
import { type StateRecord, readState, writeState } from "./state";

/** The logging surface the handler needs; Powertools' Logger provides it, tests pass a recorder. */
export interface Log {
    debug(message: string, ...extra: Record<string, unknown>[]): void;
    info(message: string, ...extra: Record<string, unknown>[]): void;
    warn(message: string, ...extra: Record<string, unknown>[]): void;
    error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** What can be swapped out around the handler: environment, clock, backoff and logger. */
export interface HandlerOptions {
    /** @default process.env, read at the first invocation */
    env?: Record<string, string | undefined>;
    /** @default the 4-attempt policy in retry.ts */
    retry?: Partial<RetryPolicy>;
    /** @default () => new Date() */
    now?: () => Date;
    /** @default a Powertools Logger with service name ha-web-tier-failover */
    logger?: Log;
}

type Intent = "wake" | "primary-healthy" | "sleep";

function intentOf(s: Settings, change: AlarmChange): Intent | "ignore" | "unknown-alarm" {
    if (change.alarmName === s.wakeAlarmName) {
        if (change.newState === "ALARM") return "wake";
        if (change.newState === "OK") return "primary-healthy";
        // Missing health data says nothing about the primary; acting on it could wake or strand the standby.
        return "ignore";
    }
    if (change.alarmName === s.recoveryAlarmName) {
        return change.newState === "ALARM" ? "sleep" : "ignore";
    }
    return "unknown-alarm";
}

class Failover {
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
                    this.log.warn("AWS call failed, retrying", {
                        call: label,
                        attempt,
                        delayMs,
                        error: (error as { name?: string }).name ?? String(error),
                    }),
                retryIf,
            );
    }

    async handle(change: AlarmChange): Promise<void> {
        const keys = { alarm: change.alarmName, state: change.newState, stateChangeTime: change.stateChangeTime };
        const intent = intentOf(this.s, change);
        if (intent === "unknown-alarm") {
            this.log.warn("Alarm is neither the wake nor the recovery alarm; ignored", { ...keys, action: "none" });
            return;
        }
        if (intent === "ignore") {
            this.log.info("Alarm state needs no action", { ...keys, action: "none" });
            return;
        }

        const read = await readState(this.clients.ssm, this.call, this.s.stateParameterName);
        let current: StateRecord | undefined;
        if (read.ok) {
            current = read.record;
            if (change.changedAt <= Date.parse(current.since)) {
                this.log.info("Alarm change is not newer than the last action: duplicate or out of order; ignored", {
                    ...keys,
                    action: "none",
                    recorded: current,
                });
                return;
            }
        } else {
            // Acting is safer than refusing: the action requested is applied and the record rewritten.
            this.log.error("State parameter is unreadable; acting on this alarm and rewriting it", {
                ...keys,
                parameter: this.s.stateParameterName,
                reason: read.reason,
            });
        }

        switch (intent) {
            case "wake":
                return this.wake(change, current, keys);
            case "primary-healthy":
                // Notification only: not an action, so nothing is recorded (a later recovery must not look stale).
                await notify(this.clients, this.call, this.s, primaryHealthyMessage(this.s, change, this.now()));
                this.log.info("Primary healthy again; standby stays up until the recovery window passes", {
                    ...keys,
                    action: "notify",
                });
                return;
            case "sleep":
                return this.sleep(change, current, keys);
        }
    }

    // Side effects first, record last: every step before the record is safe to repeat, so a failed
    // invocation retried by Lambda (or replayed from the dead-letter queue) completes the whole action.
    // The record is therefore only known to be true for the action it names; it can be stale afterwards
    // (a sleep that scaled in but failed to notify leaves "awake"), so every newer alarm sets the capacity
    // again (UpdateAutoScalingGroup is idempotent) and the record only picks the wording.
    private async wake(change: AlarmChange, current: StateRecord | undefined, keys: Record<string, unknown>): Promise<void> {
        const alreadyAwake = current?.state === "awake";
        await scaleStandby(this.clients, this.call, this.s, this.s.failover);
        this.log.info(alreadyAwake ? "Standby recorded awake already; failover capacity set again" : "Standby scaled to failover capacity", {
            ...keys,
            action: "wake",
            mode: this.s.mode,
            asg: this.s.standbyAsgName,
            ...this.s.failover,
            alreadyAwake,
        });
        // Also on a repeated wake: a stale record says nothing about the replica, and a promoted one is only reported.
        const db = await databaseStep(this.clients, this.call, this.s);
        if (db.kind === "failed") {
            this.log.error("Replica promotion failed; reported in the notification", { ...keys, action: "promote", db });
        } else if (db.kind !== "none") {
            this.log.info("Database step done", { ...keys, action: "promote", db });
        }
        const message = alreadyAwake ? stillAwakeMessage(this.s, change, db, this.now()) : wokeMessage(this.s, change, db, this.now());
        await notify(this.clients, this.call, this.s, message);
        await writeState(this.clients.ssm, this.call, this.s.stateParameterName, { state: "awake", since: change.stateChangeTime });
    }

    private async sleep(change: AlarmChange, current: StateRecord | undefined, keys: Record<string, unknown>): Promise<void> {
        // Asked first, before anything can scale in: a recovery may be newer than the last wake message
        // yet older than the primary's current failure. A failed lookup throws, so Lambda retries it.
        const wakeAlarm = await wakeAlarmState(this.clients, this.call, this.s);
        if (wakeAlarm !== "OK") {
            await notify(this.clients, this.call, this.s, unhealthyAgainMessage(this.s, change, wakeAlarm, this.now()));
            // Nothing recorded: the next genuine recovery must not look stale next to this one.
            this.log.warn("Recovery ignored: the wake alarm says the primary is unhealthy again; standby not scaled in", {
                ...keys,
                action: "keep-awake",
                wakeAlarm: this.s.wakeAlarmName,
                wakeAlarmState: wakeAlarm,
            });
            return;
        }
        // Also when recorded asleep: the record may be stale, and the replica may have been promoted since.
        if (await replicaWasPromoted(this.clients, this.call, this.s)) {
            const replica = this.s.replicaDbIdentifier ?? "";
            await notify(this.clients, this.call, this.s, keptAwakeMessage(this.s, change, replica, this.now()));
            await writeState(this.clients.ssm, this.call, this.s.stateParameterName, { state: "awake", since: change.stateChangeTime });
            this.log.warn("Standby kept awake: its database replica was promoted", { ...keys, action: "keep-awake", replica });
            return;
        }
        const alreadyAsleep = current?.state === "asleep";
        await scaleStandby(this.clients, this.call, this.s, this.s.standby);
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
        await writeState(this.clients.ssm, this.call, this.s.stateParameterName, { state: "asleep", since: change.stateChangeTime });
    }
}

/**
 * Builds a handler. Settings and clients are created at the first invocation (a bad environment fails
 * every invocation with the same clear message instead of crashing the init phase) and reused after.
 */
export function createHandler(
    options: HandlerOptions = {},
): (event: unknown, context?: { getRemainingTimeInMillis?: () => number }) => Promise<void> {
    const log: Log = options.logger ?? new Logger({ serviceName: "ha-web-tier-failover" });
    const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
    const now = options.now ?? (() => new Date());
    let failover: Failover | undefined;

    return async (event, context): Promise<void> => {
        if (!failover) {
            let settings: Settings;
            try {
                settings = parseSettings(options.env ?? process.env);
            } catch (error) {
                log.error("Invalid environment", { error: (error as Error).message });
                throw error;
            }
            const runtimeRegion = (options.env ?? process.env).AWS_REGION;
            if (runtimeRegion && runtimeRegion !== settings.standbyRegion) {
                log.warn("Function runs outside the standby region and may share fate with the primary", {
                    runtimeRegion,
                    standbyRegion: settings.standbyRegion,
                });
            }
            failover = new Failover(settings, createClients(settings), log, retry, now);
        }
        failover.timeLeftMs = context?.getRemainingTimeInMillis?.bind(context);

        let records;
        try {
            records = parseEvent(event);
        } catch (error) {
            if (error instanceof MalformedEventError) {
                log.error("Malformed event; no action taken, failing so the dead-letter queue keeps it", {
                    error: error.message,
                    event,
                });
            }
            throw error;
        }
        // Records are handled one after another; reserved concurrency 1 serializes invocations as well.
        for (const record of records) {
            if (record.kind === "own-notification") {
                log.info("Own notification; ignored", { messageId: record.messageId, action: "none" });
                continue;
            }
            await failover.handle(record.change);
        }
    };
}

/** Lambda entry point (esbuild entry functions/failover/handler.ts, export `handler`). */
export const handler = createHandler();
