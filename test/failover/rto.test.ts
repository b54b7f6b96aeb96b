import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ALIAS_TTL, ELB_DNS_SECONDS, failoverTimeline, instanceFailureTimeline, INSTANCE_READY_SECONDS, probeDetectionSeconds, renderRtoTable, rtoSeconds, WARM_START, zoneFailureTimeline } from "../../src/failover/rto";
import { ROOT } from "../mocks";

const prod = { interval: 10, failureThreshold: 3, instanceReadySeconds: 180, targetHealthySeconds: 30 };
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

    it("the default pilot-light (probe and warm pool) must model an RTO of at most 5 minutes with the prod settings", () => {
        const steps = failoverTimeline({ ...pilot, detection: "probe", warmPool: true });
        assert.ok(rtoSeconds(steps) <= 300, `${rtoSeconds(steps)} s`);
        assert.ok(!steps.some((s) => /alarm|us-east-1/.test(s.what)), "the alarm must not be on the default wake path");
        assert.ok(steps.some((s) => s.seconds === WARM_START));
    });

    it("the probe's worst case waits for the next run, then needs the threshold's checks, the last one timing out", () => {
        // Runs check at 0, 10, 20, 30 and 40 s of each minute: a failure just after 40 s is first seen at 60 s.
        assert.equal(probeDetectionSeconds(10, 3), 20 + 2 * 10 + 6);
        assert.equal(probeDetectionSeconds(10, 1), 20 + 6);
        // The probe never waits for more failures than one run holds.
        assert.equal(probeDetectionSeconds(10, 8), probeDetectionSeconds(10, 5));
        // Route 53's checkers must have observed the failure too.
        assert.ok(probeDetectionSeconds(30, 1) >= 30);
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
