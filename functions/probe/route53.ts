/**
 * Route 53's own view of the primary, the probe's false-positive guard. GetHealthCheckStatus returns
 * each checker's latest observation; Route 53 calls an endpoint unhealthy when 18 % or fewer of its
 * checkers report it healthy ("How Amazon Route 53 determines whether a health check is healthy"), and
 * the probe uses the same rule. The Route 53 API is served from us-east-1: when it cannot be reached at
 * all, the probe acts on its own checks, so a us-east-1 outage cannot keep the standby asleep. The API
 * reference calls GetHealthCheckStatus a diagnostic API not meant for high query rates: the probe asks
 * only after its own checks failed, and a throttled answer is no answer (the alarm path remains).
 */
import { GetHealthCheckStatusCommand, type Route53Client } from "@aws-sdk/client-route-53";
import { type Call, isThrottling, isUnreachable } from "../shared/retry";

/** What Route 53 says of the primary: its checkers agree it fails, disagree, its API is unreachable, or no answer. */
export type Route53View =
    | { kind: "agrees"; failing: number; total: number }
    | { kind: "disagrees"; healthy: number; total: number }
    | { kind: "unreachable"; error: string }
    | { kind: "no-answer"; reason: string };

/** Route 53 counts an endpoint healthy when more than this share of its checkers say so. */
export const HEALTHY_SHARE = 0.18;

/** Asks Route 53; throws only for errors that mean a misconfiguration (access denied, no such check). */
export async function route53View(client: Route53Client, call: Call, healthCheckId: string): Promise<Route53View> {
    let observations;
    try {
        const out = await call("route53:GetHealthCheckStatus", () => client.send(new GetHealthCheckStatusCommand({ HealthCheckId: healthCheckId })));
        observations = out.HealthCheckObservations ?? [];
    } catch (error) {
        const e = error as { name?: string; message?: string };
        if (isUnreachable(error)) {
            return { kind: "unreachable", error: `${e.name ?? "Error"}: ${e.message ?? String(error)}` };
        }
        if (isThrottling(error)) {
            return { kind: "no-answer", reason: `${e.name ?? "Error"}: ${e.message ?? ""}` };
        }
        throw error;
    }
    const total = observations.length;
    if (total === 0) {
        return { kind: "no-answer", reason: "no checker has reported yet" };
    }
    const healthy = observations.filter((o) => (o.StatusReport?.Status ?? "").startsWith("Success")).length;
    return healthy / total > HEALTHY_SHARE ? { kind: "disagrees", healthy, total } : { kind: "agrees", failing: total - healthy, total };
}
