/** Retries for the probe's AWS calls, and what a failed call means. */

/** Waits; injectable so tests run without real sleeps. */
export type Sleep = (ms: number) => Promise<void>;

interface AwsLikeError {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

const THROTTLING = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "PriorRequestNotComplete"]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH"]);
const TIMEOUTS = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);

/** The service answered "slow down": it is reachable, and a later attempt may pass. */
export function isThrottling(error: unknown): boolean {
    const e = (error ?? {}) as AwsLikeError;
    return THROTTLING.has(e.name ?? "") || /rate exceeded/i.test(e.message ?? "") || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

/** No answer at all, or a server-side failure: the endpoint cannot be reached or cannot serve. */
export function isUnreachable(error: unknown): boolean {
    const e = (error ?? {}) as AwsLikeError;
    const status = e.$metadata?.httpStatusCode ?? 0;
    return NETWORK.has(e.code ?? "") || NETWORK.has(e.name ?? "") || TIMEOUTS.has(e.name ?? "") || (status >= 500 && status <= 599);
}

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
            if (attempt >= attempts || !(isThrottling(error) || isUnreachable(error))) {
                throw error;
            }
            onRetry?.(attempt, error);
            await sleep(baseDelayMs * 2 ** (attempt - 1));
        }
    }
}
