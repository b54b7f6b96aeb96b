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
export async function withRetry<T>(
    fn: () => Promise<T>, attempts: number, baseDelayMs: number, sleep: Sleep,
    onRetry?: (attempt: number, error: unknown) => void,
    /** Asked before each backoff with its delay: false stops retrying (no time left for another attempt and what follows). */
    mayRetry: (delayMs: number) => boolean = () => true,
): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await fn();
        } catch (error) {
            const delay = baseDelayMs * 2 ** (attempt - 1);
            if (attempt >= attempts || !isRetryable(error) || !mayRetry(delay)) {
                throw error;
            }
            onRetry?.(attempt, error);
            await sleep(delay);
        }
    }
}
