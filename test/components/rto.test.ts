import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ALIAS_TTL, ELB_DNS_SECONDS, failoverTimeline, instanceFailureTimeline, INSTANCE_READY_SECONDS, renderRtoTable, rtoSeconds, zoneFailureTimeline } from "../../components/rto";
import { ROOT } from "../mocks";

const prod = { interval: 10, failureThreshold: 3, instanceReadySeconds: 180, targetHealthySeconds: 30 };

describe("RTO model (pure)", () => {
    it("warm-standby recovers in detection (interval x threshold) plus the alias TTL", () => {
        assert.equal(rtoSeconds(failoverTimeline({ ...prod, mode: "warm-standby" })), 10 * 3 + ALIAS_TTL);
        assert.equal(rtoSeconds(failoverTimeline({ ...prod, mode: "warm-standby", interval: 30 })), 30 * 3 + ALIAS_TTL);
    });

    it("pilot-light puts the alarm, the function, instance start-up and both health checks on the critical path", () => {
        const steps = failoverTimeline({ ...prod, mode: "pilot-light" });
        assert.equal(steps.length, 7);
        assert.ok(rtoSeconds(steps) > rtoSeconds(failoverTimeline({ ...prod, mode: "warm-standby" })) + prod.instanceReadySeconds);
        const slower = failoverTimeline({ ...prod, mode: "pilot-light", instanceReadySeconds: 300 });
        assert.equal(rtoSeconds(slower) - rtoSeconds(steps), 120);
    });

    it("the README's RTO table must be the model's output for the prod settings", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const m = /<!-- rto:start -->\n([\s\S]*?)\n<!-- rto:end -->/.exec(readme);
        assert.ok(m, "README.md has no rto:start/rto:end block");
        assert.equal(m[1], renderRtoTable(prod), "README.md's RTO table is out of date; paste the expected table");
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
