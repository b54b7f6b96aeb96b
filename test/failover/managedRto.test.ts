import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    ACCELERATOR_FAILBACK_SECONDS, ACCELERATOR_SHIFT_SECONDS, acceleratorDetectionSeconds, ALIAS_TTL, failoverTimeline,
    regionFailoverTimeline, REGION_SWITCH_START_SECONDS, renderManagedRtoTable, rtoSeconds, type RegionTimelineInputs,
} from "../../src/failover/rto";
import { ACCELERATOR_TARGET_HEALTH, DNS_TARGET_HEALTH } from "../../src/region/targetHealth";
import { ROOT } from "../mocks";

const prod = { interval: 10, failureThreshold: 3, instanceReadySeconds: 180 };
const behind = (frontDoor: RegionTimelineInputs["frontDoor"], engine: RegionTimelineInputs["engine"], mode: RegionTimelineInputs["mode"], extra: Partial<RegionTimelineInputs> = {}) => {
    const tg = frontDoor === "dns" ? DNS_TARGET_HEALTH : ACCELERATOR_TARGET_HEALTH;
    return regionFailoverTimeline({
        ...prod, mode, frontDoor, engine, failedTargetHealth: tg, targetHealthySeconds: tg.interval,
        detection: "probe", warmPool: true, ...extra,
    });
};

describe("RTO model of the managed paths (pure)", () => {
    it("warm-standby and active-active behind Global Accelerator must recover within 60 s at worst, with no resolver step", () => {
        for (const mode of ["warm-standby", "active-active"] as const) {
            for (const engine of ["function", "arc-region-switch"] as const) {
                const steps = behind("global-accelerator", engine, mode);
                assert.ok(rtoSeconds(steps) <= 60, `${mode} ${engine}: ${rtoSeconds(steps)} s`);
                assert.ok(!steps.some((s) => /TTL|Resolvers/.test(s.what)), `${mode}: a resolver step`);
            }
        }
    });

    it("each step of the accelerator's failover is a sourced figure: the ALB's checks, then GA's move of new connections", () => {
        const steps = behind("global-accelerator", "function", "warm-standby");
        assert.deepEqual(steps.map((s) => s.seconds), [acceleratorDetectionSeconds(ACCELERATOR_TARGET_HEALTH), ACCELERATOR_SHIFT_SECONDS]);
        assert.equal(acceleratorDetectionSeconds({ interval: 5, timeout: 4, unhealthyThreshold: 2 }), 14);
        assert.equal(ACCELERATOR_SHIFT_SECONDS, 30);
    });

    it("the tier's Route 53-era target checks would put the accelerator past 60 s: the front door needs its own", () => {
        const slow = regionFailoverTimeline({ ...prod, mode: "warm-standby", frontDoor: "global-accelerator", engine: "function",
            failedTargetHealth: DNS_TARGET_HEALTH, targetHealthySeconds: 30 });
        assert.ok(rtoSeconds(slow) > 60, `${rtoSeconds(slow)} s`);
    });

    it("Route 53 with the function is the existing model, unchanged", () => {
        for (const mode of ["warm-standby", "active-active", "pilot-light"] as const) {
            const i = { ...prod, mode, targetHealthySeconds: 30, detection: "probe" as const, warmPool: true };
            assert.deepEqual(regionFailoverTimeline({ ...i, frontDoor: "dns", engine: "function", failedTargetHealth: DNS_TARGET_HEALTH }), failoverTimeline(i));
        }
    });

    it("a pilot light behind the accelerator keeps the wake and the start-up, and trades Route 53's second check and the TTL for GA's move", () => {
        const dns = behind("dns", "function", "pilot-light");
        const ga = behind("global-accelerator", "function", "pilot-light");
        assert.ok(ga.some((s) => /probe/.test(s.what)), "the probe still wakes the standby");
        assert.ok(ga.some((s) => /Warm-pool/.test(s.what)));
        assert.ok(!ga.some((s) => /Route 53 sees the standby healthy|alias TTL/.test(s.what)));
        assert.equal(ga.at(-1)?.seconds, ACCELERATOR_FAILBACK_SECONDS);
        assert.ok(rtoSeconds(ga) < rtoSeconds(dns) - ALIAS_TTL);
    });

    it("Region switch wakes a pilot light from the alarm (it has no probe), in place of the function's step", () => {
        const steps = behind("dns", "arc-region-switch", "pilot-light");
        assert.ok(!steps.some((s) => /probe|failover function/.test(s.what)), steps.map((s) => s.what).join("; "));
        assert.ok(steps.some((s) => /alarm in us-east-1/.test(s.what)));
        assert.equal(steps.filter((s) => s.seconds === REGION_SWITCH_START_SECONDS && /Region switch/.test(s.what)).length, 1);
        assert.ok(rtoSeconds(steps) > rtoSeconds(behind("dns", "function", "pilot-light")), "no probe: slower than the function's default");
    });

    it("a manual approval is a step of its own that adds no seconds (the scenario says + manual)", () => {
        const plain = behind("dns", "arc-region-switch", "pilot-light");
        const approved = behind("dns", "arc-region-switch", "pilot-light", { approval: true });
        assert.equal(approved.length, plain.length + 1);
        assert.equal(rtoSeconds(approved), rtoSeconds(plain));
        assert.ok(approved.some((s) => /approves/.test(s.what) && s.seconds === 0));
    });

    it("a warm standby scaled by Region switch fails over as fast as with the function: the scaling runs alongside", () => {
        for (const frontDoor of ["dns", "global-accelerator"] as const) {
            assert.deepEqual(behind(frontDoor, "arc-region-switch", "warm-standby"), behind(frontDoor, "function", "warm-standby"));
        }
    });

    it("the table in docs/managed-paths.md must be the model's output for the prod settings", () => {
        const doc = fs.readFileSync(path.join(ROOT, "docs", "managed-paths.md"), "utf8");
        const m = /<!-- managed-rto:start -->\n([\s\S]*?)\n<!-- managed-rto:end -->/.exec(doc);
        assert.ok(m, "docs/managed-paths.md has no managed-rto:start/managed-rto:end block");
        assert.equal(m[1], renderManagedRtoTable(prod, { dns: DNS_TARGET_HEALTH, accelerator: ACCELERATOR_TARGET_HEALTH }),
            "docs/managed-paths.md's RTO table is out of date; paste the expected table");
    });
});
