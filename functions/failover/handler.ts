import { Logger } from "@aws-lambda-powertools/logger";
import { createClients } from "./aws";
import { MalformedEventError, parseEvent } from "./events";
import { Failover } from "./failover";
import type { Log } from "../shared/log";
import { DEFAULT_RETRY, type RetryPolicy } from "../shared/retry";
import { RECONCILE_EVENT } from "../shared/contract";
import { type Settings, parseSettings } from "./settings";

export type { Log } from "../shared/log";

/** The scheduled reconcile's event (RECONCILE_EVENT), as EventBridge Scheduler delivers its input. */
function isReconcileEvent(event: unknown): boolean {
    return typeof event === "object" && event !== null && (event as Record<string, unknown>)["ha-web-tier"] === RECONCILE_EVENT["ha-web-tier"];
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

        if (isReconcileEvent(event)) {
            const outcome = await failover.reconcile();
            log.info("Reconcile done", { outcome });
            return;
        }
        let records;
        try {
            records = parseEvent(event, now().getTime());
        } catch (error) {
            if (error instanceof MalformedEventError) {
                log.error("Malformed event; no action taken, failing so the dead-letter queue keeps it", {
                    error: error.message,
                    event,
                });
            }
            throw error;
        }
        // Records are handled one after another. Concurrent invocations need no serialising: every change
        // is decided on the alarms' live state, and the state item is written by compare-and-set.
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
