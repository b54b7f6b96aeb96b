/**
 * Which timeline the resilience model picks for each failure, over small synthetic stacks: a tier with
 * one instance or several, the worst of several serving tiers, a standby at rest with or without
 * instances, what wakes it (a schedule in its own region or the alarm), a warm pool, and the health
 * check's settings (Route 53's defaults where unset). Expected times are written out from the sourced
 * constants, so a wrong branch shows as a wrong number.
 */
import * as assert from "node:assert/strict";
import { ALARM_DELAY, ALIAS_TTL, AUTOMATION_DELAY, INSTANCE_READY_SECONDS, PROBE_ACTION, WARM_START } from "../../../src/failover/rto";
import { assess, type Scenario } from "../../../tools/resilience";
import { addTier, Stack, twoRegionStack } from "./synthetic";

const scenarioOf = (s: Stack, id: string): Scenario => {
    const found = assess(s.resources).scenarios.find((x) => x.id === id);
    assert.ok(found, `no scenario ${id}`);
    return found;
};

// The synthetic target group checks every 15 s: 3 failures to mark a target unhealthy, 2 successes to pass.
const TG_DETECT = 15 * 3;
const TG_PASS = 15 * 2;
// A new target behind the woken region's ALB serves after one passing check (ELB user guide: a target
// registered to a target group is healthy once it passes its initial check): one interval.
const TG_NEW = 15;
// Its Route 53 checks: every 10 s, 3 failures.
const R53 = 10 * 3;
// The probe's worst case for 10 s x 3: some run is always checking, 3 checks 5 s apart, the last timing out (8 s).
const PROBE_DETECT = 3 * 5 + 8;

/** Two serving regions behind latency records, with `desired` instances each. */
function activeActive(desired: [number, number]): Stack {
    const s = new Stack();
    const regions = ["us-west-2", "eu-west-1"];
    regions.forEach((region, i) => {
        addTier(s, { region, zones: [`${region}a`, `${region}b`], desired: desired[i] ?? 2, nat: "per-az" });
        s.add("aws:route53/healthCheck:HealthCheck", `hc-${region}`, "us-east-1", { requestInterval: 10, failureThreshold: 3 }, { fqdn: [`${region}-alb`] });
        s.add("aws:route53/record:Record", `rec-${region}`, "us-east-1", { latencyRoutingPolicies: [{ region }] }, { aliases: [`${region}-alb`], healthCheckId: [`hc-${region}`] });
    });
    return s;
}

describe("resilience model: the timeline each failure takes", () => {
    it("losing an instance of a tier with others beside it costs only the ALB's detection", () => {
        assert.deepEqual(scenarioOf(twoRegionStack(), "instance").steps.map((x) => x.seconds), [TG_DETECT]);
    });

    it("losing the only instance of a serving tier waits for the replacement to launch and pass its checks", () => {
        const s = new Stack();
        addTier(s, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 1, nat: "per-az" });
        const instance = scenarioOf(s, "instance");
        assert.deepEqual(instance.steps.map((x) => x.seconds), [TG_DETECT, INSTANCE_READY_SECONDS, TG_PASS]);
        assert.equal(instance.rtoSeconds, TG_DETECT + INSTANCE_READY_SECONDS + TG_PASS);
        assert.equal(instance.outcome, "recovers");
    });

    it("with several serving tiers the one with a single instance sets the instance RTO, whichever region it is", () => {
        for (const desired of [[1, 3], [3, 1]] as [number, number][]) {
            assert.equal(scenarioOf(activeActive(desired), "instance").rtoSeconds, TG_DETECT + INSTANCE_READY_SECONDS + TG_PASS, desired.join(", "));
        }
        assert.equal(scenarioOf(activeActive([2, 2]), "instance").rtoSeconds, TG_DETECT);
    });

    it("a region of an active-active pair fails over in detection plus the alias TTL, to the other serving region", () => {
        const region = scenarioOf(activeActive([2, 2]), "region:us-west-2");
        assert.deepEqual(region.steps.map((x) => x.seconds), [R53, ALIAS_TTL]);
        assert.deepEqual(region.servedBy, ["eu-west-1"]);
        assert.equal(region.outcome, "recovers");
    });

    it("a standby resting with instances takes the warm-standby timeline; at zero instances, the pilot light's wake", () => {
        assert.deepEqual(scenarioOf(twoRegionStack({ standbyDesired: 2 }), "region:us-west-2").steps.map((x) => x.seconds), [R53, ALIAS_TTL]);
        assert.deepEqual(scenarioOf(twoRegionStack(), "region:us-west-2").steps.map((x) => x.seconds),
            [R53, ALARM_DELAY, AUTOMATION_DELAY, INSTANCE_READY_SECONDS, TG_NEW, R53, ALIAS_TTL]);
    });

    it("a scheduled wake path outside the failed region wakes without the alarm; a warm pool starts without the cold launch", () => {
        const probed = twoRegionStack();
        probed.add("aws:scheduler/schedule:Schedule", "probe-schedule", "us-east-1", { scheduleExpression: "rate(1 minute)" }, { target: ["fn"] });
        assert.deepEqual(scenarioOf(probed, "region:us-west-2").steps.map((x) => x.seconds),
            [PROBE_DETECT, PROBE_ACTION, INSTANCE_READY_SECONDS, TG_NEW, R53, ALIAS_TTL]);
        probed.set("us-east-1-asg", { warmPool: { minSize: 0, poolState: "Stopped" } });
        assert.deepEqual(scenarioOf(probed, "region:us-west-2").steps.map((x) => x.seconds),
            [PROBE_DETECT, PROBE_ACTION, WARM_START, TG_NEW, R53, ALIAS_TTL]);
    });

    it("a scheduled path inside the failed region does not count as the probe: the alarm path wakes the standby", () => {
        const s = twoRegionStack();
        s.add("aws:lambda/function:Function", "west-probe", "us-west-2", {}, { environment: ["us-east-1-asg"] });
        s.add("aws:scheduler/schedule:Schedule", "west-schedule", "us-west-2", { scheduleExpression: "rate(1 minute)" }, { target: ["west-probe"] });
        const region = scenarioOf(s, "region:us-west-2");
        assert.equal(region.steps[1]?.seconds, ALARM_DELAY);
        assert.equal(region.outcome, "recovers");
    });

    it("the failed region's Route 53 check sets detection; unset, Route 53's defaults apply (30 s x 3)", () => {
        const s = twoRegionStack({ standbyDesired: 1 });
        s.set("hc-us-west-2", { requestInterval: 30, failureThreshold: 2 });
        assert.deepEqual(scenarioOf(s, "region:us-west-2").steps.map((x) => x.seconds), [30 * 2, ALIAS_TTL]);
        const r = s.resources.find((x) => x.name === "hc-us-west-2");
        assert.ok(r);
        r.inputs = { type: "HTTP_STR_MATCH", resourcePath: "/health" };
        assert.deepEqual(scenarioOf(s, "region:us-west-2").steps.map((x) => x.seconds), [30 * 3, ALIAS_TTL]);
    });

    it("the woken tier's own target group's interval sets how long its new instances take to pass; unset, the provider's default (30 s)", () => {
        const s = twoRegionStack();
        s.set("us-east-1-tg", { healthCheck: { interval: 20, healthyThreshold: 5, unhealthyThreshold: 2 } });
        assert.equal(scenarioOf(s, "region:us-west-2").steps[4]?.seconds, 20);
        s.set("us-east-1-tg", { healthCheck: undefined });
        assert.equal(scenarioOf(s, "region:us-west-2").steps[4]?.seconds, 30);
    });
});
