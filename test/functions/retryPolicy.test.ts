import assert from "node:assert/strict";
import { DEFAULT_RETRY, type RetryPolicy, isRetryable, isThrottling, isUnreachable, withRetry } from "../../functions/shared/retry";
import { freshLoad } from "./freshLoad";

// The retry policy both functions share (functions/shared/retry.ts). Its tables of error names and its
// default policy are built while the module loads, so the tests of those load it anew (freshLoad).
type Retry = typeof import("../../functions/shared/retry");

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} happened`), { name, ...extra });

/** A policy that records its backoffs instead of sleeping. */
function recording(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { sleeps: number[] } {
    const sleeps: number[] = [];
    return { ...DEFAULT_RETRY, random: () => 0.5, sleep: (ms) => (sleeps.push(ms), Promise.resolve()), ...overrides, sleeps };
}

/** A call that fails with `error` the first `failures` times, then answers "done". */
function failing(error: Error, failures: number): () => Promise<string> {
    let left = failures;
    return () => (left-- > 0 ? Promise.reject(error) : Promise.resolve("done"));
}

describe("retry policy: which errors are retried, and how", () => {
    it("every throttling spelling the AWS services use must count as throttling", () => {
        const retry = freshLoad<Retry>("shared/retry");
        const names = ["Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
            "RequestThrottled", "RequestThrottledException", "PriorRequestNotComplete", "ProvisionedThroughputExceededException"];
        assert.deepEqual(names.filter((n) => !retry.isThrottling(named(n))), []);
        assert.deepEqual(names.filter((n) => !retry.isRetryable(named(n))), []);
    });

    it("every timeout, server-side failure and dropped connection must count as unreachable, by name or by code", () => {
        const retry = freshLoad<Retry>("shared/retry");
        const transient = ["TimeoutError", "RequestTimeout", "RequestTimeoutException", "InternalFailure", "ServiceUnavailable"];
        const network = ["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH"];
        assert.deepEqual(transient.filter((n) => !retry.isUnreachable(named(n))), []);
        assert.deepEqual(network.filter((c) => !retry.isUnreachable(Object.assign(new Error("socket"), { code: c }))), []);
        assert.deepEqual(network.filter((c) => !retry.isUnreachable(named(c))), []);
    });

    it("an error is throttling when its message says the rate was exceeded or the SDK marks it so, whatever its name", () => {
        assert.ok(isThrottling(Object.assign(new Error("Rate exceeded"), { name: "" })));
        assert.ok(isThrottling({ message: "rate exceeded for this account" }));
        assert.ok(isThrottling({ name: "Unnamed", $retryable: { throttling: true } }));
        assert.ok(!isThrottling({ name: "Unnamed", $retryable: { throttling: false } }));
        assert.ok(!isThrottling({ name: "Unnamed", $retryable: {} }));
        assert.ok(!isThrottling({}));
    });

    it("any HTTP 5xx must count as unreachable, and nothing outside 500-599", () => {
        const status = (code: number) => isUnreachable({ name: "Unnamed", $metadata: { httpStatusCode: code } });
        assert.deepEqual([499, 500, 503, 599, 600].map(status), [false, true, true, true, false]);
        assert.ok(!isRetryable({ name: "Unnamed", $metadata: {} }));
    });

    it("the default policy must make four attempts, backing off 0.25, 0.5 and 1 s (half fixed, half jitter)", async () => {
        const retry = freshLoad<Retry>("shared/retry");
        const sleeps: number[] = [];
        const policy = { ...retry.DEFAULT_RETRY, random: () => 0.5, sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()) };
        await assert.rejects(retry.withRetry(failing(named("Throttling"), 10), policy), /Throttling happened/);
        assert.deepEqual(sleeps, [188, 375, 750]);
        assert.equal(await retry.withRetry(failing(named("Throttling"), 3), policy), "done");
    });

    it("the default sleep must wait the time asked, and then go on", async () => {
        const retry = freshLoad<Retry>("shared/retry");
        const started = Date.now();
        const limit = new Promise<"stuck">((resolve) => setTimeout(() => resolve("stuck"), 1_000));
        assert.equal(await Promise.race([retry.DEFAULT_RETRY.sleep(40).then(() => "slept" as const), limit]), "slept");
        assert.ok(Date.now() - started >= 35, `slept ${Date.now() - started} ms`);
    });

    it("the single-attempt call must make the call and give back its answer", async () => {
        const retry = freshLoad<Retry>("shared/retry");
        assert.equal(await retry.callOnce("test:Call", () => Promise.resolve(42)), 42);
        await assert.rejects(retry.callOnce("test:Call", failing(named("Throttling"), 1)), /Throttling happened/);
    });

    it("a backoff that leaves exactly the reserve before the timeout must still be taken", async () => {
        // random 0: the backoff is half the ceiling, 50 ms; 10,050 ms left leaves the 10,000 ms reserve exactly.
        const policy = recording({ baseDelayMs: 100, maxDelayMs: 100, random: () => 0, timeLeftMs: () => 10_050, reserveMs: 10_000 });
        assert.equal(await withRetry(failing(named("Throttling"), 1), policy), "done");
        assert.deepEqual(policy.sleeps, [50]);
        const short = recording({ baseDelayMs: 100, maxDelayMs: 100, random: () => 0, timeLeftMs: () => 10_049, reserveMs: 10_000 });
        await assert.rejects(withRetry(failing(named("Throttling"), 1), short), /Throttling happened/);
    });
});
