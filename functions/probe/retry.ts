/** Retries for the probe's AWS calls, and what a failed call means. */

/** Waits; injectable so tests run without real sleeps. */
export type Sleep = (ms: number) => Promise<void>;

// One classification of AWS errors for both functions (functions/failover/retry.ts).
import { isRetryable } from "../failover/retry";

/** Runs one AWS call with retries and a label for the logs. */
export type Call = <T>(label: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Retries `fn` on throttling and unreachability, up to `attempts`, with doubling delays; the last
 * error is rethrown unchanged so callers can still classify it.
 */
export async function withRetry<T>(fn: () => Promise<T>, attempts: number, baseDelayMs: number, sleep: Sleep, onRetry?: (attempt: number, error: unknown) => void): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn();
        } catch (error) {
            if (attempt >= attempts || !isRetryable(error)) {
                throw error;
            }
            onRetry?.(attempt, error);
            await sleep(baseDelayMs * 2 ** (attempt - 1));
        }
    }
}
