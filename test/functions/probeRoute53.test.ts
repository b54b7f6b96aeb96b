import assert from "node:assert/strict";
import type { Route53Client } from "@aws-sdk/client-route-53";
import { route53View } from "../../functions/probe/route53";
import { type Call, callOnce } from "../../functions/shared/retry";

// Route 53's view of the primary (functions/probe/route53.ts) on its own, against scripted answers.
const answering = (answer: () => Promise<unknown>) => ({ send: answer }) as unknown as Route53Client;
const observations = (healthy: number, failing: number, extra: unknown[] = []) => ({
    HealthCheckObservations: [
        ...Array.from({ length: healthy }, () => ({ StatusReport: { Status: "Success: HTTP Status Code 200, OK" } })),
        ...Array.from({ length: failing }, () => ({ StatusReport: { Status: "Failure: Connection timed out." } })),
        ...extra,
    ],
});
const failure = (fields: { name?: string; message?: string; code?: string; status?: number }) => {
    const e = new Error(fields.message);
    Object.defineProperty(e, "name", { value: fields.name });
    if (fields.message === undefined) Object.defineProperty(e, "message", { value: undefined });
    return Object.assign(e, { code: fields.code, $metadata: { httpStatusCode: fields.status } });
};
const view = (answer: () => Promise<unknown>, call: Call = callOnce) => route53View(answering(answer), call, "check-1");

describe("probe: Route 53's view of the primary", () => {
    it("the checkers must be counted as Route 53 counts them: failing ones, and an observation without a report, against all", async () => {
        assert.deepEqual(await view(() => Promise.resolve(observations(1, 6, [{}]))), { kind: "agrees", failing: 7, total: 8 });
        assert.deepEqual(await view(() => Promise.resolve(observations(2, 6))), { kind: "disagrees", healthy: 2, total: 8 });
    });

    it("no observations at all must be no answer, never agreement", async () => {
        for (const answer of [{}, { HealthCheckObservations: [] }]) {
            assert.deepEqual(await view(() => Promise.resolve(answer)), { kind: "no-answer", reason: "no checker has reported yet" });
        }
    });

    it("an unreachable API must be said with the error's name and message, or its code's when it has no name", async () => {
        assert.deepEqual(await view(() => Promise.reject(failure({ name: "TimeoutError", message: "socket timed out" }))), { kind: "unreachable", error: "TimeoutError: socket timed out" });
        assert.deepEqual(await view(() => Promise.reject(failure({ message: "read ECONNRESET", code: "ECONNRESET" }))), { kind: "unreachable", error: "Error: read ECONNRESET" });
    });

    it("throttling must be no answer, saying the error's name and message as given", async () => {
        assert.deepEqual(await view(() => Promise.reject(failure({ name: "Throttling", message: "Rate exceeded" }))), { kind: "no-answer", reason: "Throttling: Rate exceeded" });
        assert.deepEqual(await view(() => Promise.reject(failure({ name: "Throttling" }))), { kind: "no-answer", reason: "Throttling: " });
        assert.deepEqual(await view(() => Promise.reject(failure({ message: "Rate exceeded" }))), { kind: "no-answer", reason: "Error: Rate exceeded" });
    });

    it("the call must reach the retry policy named by its IAM action", async () => {
        const labels: string[] = [];
        await view(() => Promise.resolve(observations(8, 0)), (label, fn) => (labels.push(label), fn()));
        assert.deepEqual(labels, ["route53:GetHealthCheckStatus"]);
    });
});
