import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ALIAS_TTL, failoverTimeline, renderRtoTable, rtoSeconds } from "../../components/rto";
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
