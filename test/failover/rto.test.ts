import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ALIAS_TTL, ELB_DNS_SECONDS, failoverTimeline, instanceFailureTimeline, INSTANCE_READY_SECONDS, PROBE_CHECK_TIMEOUT, PROBE_INTERVAL, PROBE_SCHEDULE_GAP, probeDetectionSeconds, probeRunChecks, probeTimeoutSeconds, renderRtoTable, rtoSeconds, WARM_START, zoneFailureTimeline } from "../../src/failover/rto";
import { ROOT } from "../mocks";

// The prod stack: 10 s checks, 3 failures, 3 minutes to a cold instance, a target group checking every 15 s.
const prod = { interval: 10, failureThreshold: 3, instanceReadySeconds: 180, targetHealthySeconds: 15 };
const pilot = { ...prod, mode: "pilot-light" as const };

describe("RTO model (pure)", () => {
    it("warm-standby recovers in detection (interval x threshold) plus the alias TTL", () => {
        assert.equal(rtoSeconds(failoverTimeline({ ...prod, mode: "warm-standby" })), 10 * 3 + ALIAS_TTL);
        assert.equal(rtoSeconds(failoverTimeline({ ...prod, mode: "warm-standby", interval: 30 })), 30 * 3 + ALIAS_TTL);
    });

    it("pilot-light puts the alarm, the function, instance start-up and both health checks on the critical path", () => {
        const steps = failoverTimeline(pilot);
        assert.equal(steps.length, 7);
        assert.ok(rtoSeconds(steps) > rtoSeconds(failoverTimeline({ ...prod, mode: "warm-standby" })) + prod.instanceReadySeconds);
        const slower = failoverTimeline({ ...pilot, instanceReadySeconds: 300 });
        assert.equal(rtoSeconds(slower) - rtoSeconds(steps), 120);
    });

    it("the prod stack's region scenario (pilot-light, probe and warm pool) must be at most 3 minutes worst case, every step sourced", () => {
        const steps = failoverTimeline({ ...pilot, detection: "probe", warmPool: true });
        assert.ok(rtoSeconds(steps) <= 180, `${rtoSeconds(steps)} s`);
        assert.ok(!steps.some((s) => /alarm|us-east-1/.test(s.what)), "the alarm must not be on the default wake path");
        assert.ok(steps.some((s) => s.seconds === WARM_START));
        for (const mode of ["warm-standby", "active-active", "pilot-light"] as const) {
            for (const detection of ["probe", "alarm"] as const) {
                for (const s of failoverTimeline({ ...prod, mode, detection, warmPool: detection === "probe" })) {
                    assert.ok(s.source && s.source.length > 10, `${mode}/${detection}: "${s.what}" has no source`);
                }
            }
        }
    });

    it("the probe's worst case is its cadence, not its schedule: the threshold's checks one interval apart, the last timing out", () => {
        assert.equal(probeDetectionSeconds(10, 3), 3 * PROBE_INTERVAL + PROBE_CHECK_TIMEOUT);
        // With slower Route 53 checks the probe waits until every checker has seen the failure.
        assert.ok(probeDetectionSeconds(30, 1) >= 30);
        assert.ok(probeDetectionSeconds(10, 8) > probeDetectionSeconds(10, 5));
        // A run lasts longer than the longest gap between two runs (Scheduler's 60 s precision), plus the checks to wake.
        for (const threshold of [1, 3, 10]) {
            assert.ok((probeRunChecks(threshold) - 1) * PROBE_INTERVAL >= PROBE_SCHEDULE_GAP + probeDetectionSeconds(30, threshold) - PROBE_CHECK_TIMEOUT);
        }
    });

    it("the probe function's timeout outlasts its run: every check after the first one interval apart, the last timing out, then 20 s for Route 53 and the wake", () => {
        // Lambda ends a run at its timeout (Lambda developer guide, "Configure function timeout"): a shorter one would cut the wake.
        // 24 checks cover Scheduler's longest gap, then the checks to wake for the slowest Route 53 interval (6, or the threshold
        // when higher), one spare; 5 s apart, the last timing out after 8 s, then 20 s: threshold 3 -> 31 checks, 178 s.
        assert.deepEqual([1, 3, 10].map(probeTimeoutSeconds), [178, 178, 198]);
    });

    it("each part of the wake path moves the modeled RTO: the warm pool saves the cold start, the probe the alarm", () => {
        const cold = rtoSeconds(failoverTimeline(pilot));
        const warm = rtoSeconds(failoverTimeline({ ...pilot, warmPool: true }));
        const both = rtoSeconds(failoverTimeline({ ...pilot, warmPool: true, detection: "probe" }));
        assert.equal(cold - warm, prod.instanceReadySeconds - WARM_START);
        assert.ok(both < warm);
    });

    it("the RTO table in docs/failover.md must be the model's output for the prod settings", () => {
        const readme = fs.readFileSync(path.join(ROOT, "docs", "failover.md"), "utf8");
        const m = /<!-- rto:start -->\n([\s\S]*?)\n<!-- rto:end -->/.exec(readme);
        assert.ok(m, "docs/failover.md has no rto:start/rto:end block");
        assert.equal(m[1], renderRtoTable(prod), "docs/failover.md's RTO table is out of date; paste the expected table");
    });
});

describe("RTO model for an instance and a zone (pure)", () => {
    const tg = { interval: 15, healthyThreshold: 2, unhealthyThreshold: 3 };

    it("losing one of several instances costs only the ALB's detection; losing the only one adds a replacement's start-up", () => {
        assert.equal(rtoSeconds(instanceFailureTimeline(tg, true)), 15 * 3);
        assert.equal(rtoSeconds(instanceFailureTimeline(tg, false)), 15 * 3 + INSTANCE_READY_SECONDS + 15 * 2);
    });

    it("a zone is routed around after the ALB's detection and ELB's DNS refresh", () => {
        assert.equal(rtoSeconds(zoneFailureTimeline(tg)), 15 * 3 + ELB_DNS_SECONDS);
        assert.equal(rtoSeconds(zoneFailureTimeline({ ...tg, interval: 30 })), 30 * 3 + ELB_DNS_SECONDS);
    });
});
