/**
 * Runs one AWS call with the function's retry policy; the label names the call in logs. `retryIf`
 * narrows which errors are retried (default: throttling, timeouts, 5xx, dropped connections).
 */
export type Call = <T>(label: string, fn: () => Promise<T>, retryIf?: (error: unknown) => boolean) => Promise<T>;

/** A {@link Call} that makes each call once, for callers that bring no retry policy of their own. */
export const callOnce: Call = (_label, fn) => fn();

/** Waits; injectable so tests exercise the backoff without real sleeps. */
export type Sleep = (ms: number) => Promise<void>;

/** How the function retries AWS calls; the SDK clients are built with maxAttempts 1 so this is the only layer. */
export interface RetryPolicy {
    /** Total attempts per call, the first one included. */
    maxAttempts: number;
    /** Backoff before the second attempt; doubles each time, with equal jitter (half fixed, half random) below the cap. */
    baseDelayMs: number;
    /** Upper bound of one backoff. */
    maxDelayMs: number;
    sleep: Sleep;
    /** Uniform number in [0, 1); injectable so tests can pin the jitter. */
    random: () => number;
    /** Milliseconds left before the Lambda timeout; when unknown, only maxAttempts bounds the retries. */
    timeLeftMs?: () => number;
    /** No backoff starts unless this much time would remain after it, leaving room for the attempt itself. */
    reserveMs: number;
}

/**
 * Defaults sized for a 60 s Lambda timeout: at most 4 attempts and 0.25 + 0.5 + 1 s of backoff per call,
 * with 3 s connect and 5 s request timeouts on the clients. The usual failover (four or five calls) ends
 * in a few seconds; under a stuck network the Lambda context's remaining time stops the retries 10 s
 * before a (60 s assumed) timeout, so the failure is logged rather than cut off.
 */
export const DEFAULT_RETRY: RetryPolicy = {
    maxAttempts: 4,
    baseDelayMs: 250,
    maxDelayMs: 2_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: Math.random,
    reserveMs: 10_000,
};

interface AwsLikeError {
    name?: string;
    message?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
}

// Auto Scaling answers throttling with code "Throttling" and message "Rate exceeded"; other services
// use ThrottlingException or TooManyRequestsException; DynamoDB also ProvisionedThroughputExceededException
// (on-demand tables too, when one partition is hot).
const THROTTLING_NAMES = new Set([
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "PriorRequestNotComplete",
    "ProvisionedThroughputExceededException",
]);
const TRANSIENT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "InternalFailure", "ServiceUnavailable"]);
const NETWORK_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH"]);

/** True for throttling: worth retrying with backoff, never worth failing a failover for. */
export function isThrottling(error: unknown): boolean {
    const e = (error ?? {}) as AwsLikeError;
    return (
        THROTTLING_NAMES.has(e.name ?? "") ||
        /rate exceeded/i.test(e.message ?? "") ||
        e.$metadata?.httpStatusCode === 429 ||
        e.$retryable?.throttling === true
    );
}

/** True when no answer came, or a server-side failure: the endpoint cannot be reached or cannot serve now. */
export function isUnreachable(error: unknown): boolean {
    const e = (error ?? {}) as AwsLikeError;
    const status = e.$metadata?.httpStatusCode ?? 0;
    return (
        TRANSIENT_NAMES.has(e.name ?? "") ||
        NETWORK_CODES.has(e.code ?? "") ||
        NETWORK_CODES.has(e.name ?? "") ||
        (status >= 500 && status <= 599)
    );
}

/** True for errors that a later attempt may not hit: throttling, 5xx, timeouts, dropped connections. */
export function isRetryable(error: unknown): boolean {
    return isThrottling(error) || isUnreachable(error);
}

/** Called before each backoff, so the caller can log which call is being retried and why. */
export type OnRetry = (attempt: number, delayMs: number, error: unknown) => void;

/**
 * Runs `call` until it succeeds, fails with an error `retryIf` rejects, runs out of attempts or would
 * run into the Lambda timeout; the last error is rethrown unchanged so callers can still match on its
 * name. `retryIf` lets a call that is not safe to repeat after an unknown outcome retry less.
 */
export async function withRetry<T>(
    call: () => Promise<T>,
    policy: RetryPolicy,
    onRetry?: OnRetry,
    retryIf: (error: unknown) => boolean = isRetryable,
): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            if (attempt >= policy.maxAttempts || !retryIf(error)) {
                throw error;
            }
            const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            const delay = Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
            if (policy.timeLeftMs && policy.timeLeftMs() - delay < policy.reserveMs) {
                throw error;
            }
            onRetry?.(attempt, delay, error);
            await policy.sleep(delay);
        }
    }
}
