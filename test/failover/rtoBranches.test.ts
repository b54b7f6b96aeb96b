/**
 * Every branch of the RTO model, each with the steps it must produce written out from the sourced
 * constants: the mode, the front door, the engine, what wakes a pilot light and where its instances
 * come from, an instance with or without others beside it, and how a duration is written.
 */
import * as assert from "node:assert/strict";
import {
    ACCELERATOR_FAILBACK_SECONDS, ACCELERATOR_SHIFT_SECONDS, ALARM_DELAY, ALIAS_TTL, AUTOMATION_DELAY, ELB_DNS_SECONDS, failoverTimeline,
    instanceFailureTimeline, PROBE_ACTION, probeDetectionSeconds, REGION_SWITCH_START_SECONDS, regionFailoverTimeline, renderManagedRtoTable,
    renderRtoTable, WARM_START, zoneFailureTimeline, type RegionTimelineInputs, type Step,
} from "../../src/failover/rto";

const I = 10; // Route 53 interval
const F = 3; // failure threshold
const READY = 180;
const HEALTHY = 30;
const failed = { interval: 10, timeout: 5, unhealthyThreshold: 2 };
const base = { interval: I, failureThreshold: F, instanceReadySeconds: READY, targetHealthySeconds: HEALTHY, failedTargetHealth: failed };

const seconds = (steps: Step[]): number[] => steps.map((s) => s.seconds);
const gaDetection = failed.interval * failed.unhealthyThreshold + failed.timeout;
// The probe's worst case for a 10 s interval and 3 failures: some run is always checking, so 3 checks
// 5 s apart must fail (the first starts within 5 s), the last timing out after 8 s. Written out, not
// computed: the rows are built at load time, and the model must not run then (a mutant it reached
// there would cost a fresh process).
const PROBE = 3 * 5 + 8;

describe("RTO model: every branch", () => {
    const rows: { inputs: Omit<RegionTimelineInputs, keyof typeof base>; steps: number[] }[] = [
        // Serving standbys: DNS moves users (detection, then the TTL); GA moves them on the failed ALB's target health.
        ...(["warm-standby", "active-active"] as const).flatMap((mode) => (["function", "arc-region-switch"] as const).flatMap((engine) => [
            { inputs: { mode, frontDoor: "dns" as const, engine }, steps: [I * F, ALIAS_TTL] },
            { inputs: { mode, frontDoor: "global-accelerator" as const, engine }, steps: [gaDetection, ACCELERATOR_SHIFT_SECONDS] },
        ])),
        // Pilot light woken by the probe or by the alarm and the function, from a warm pool or cold.
        { inputs: { mode: "pilot-light", frontDoor: "dns", engine: "function", detection: "probe", warmPool: true },
            steps: [PROBE, PROBE_ACTION, WARM_START, HEALTHY, I * F, ALIAS_TTL] },
        { inputs: { mode: "pilot-light", frontDoor: "dns", engine: "function", detection: "probe", warmPool: false },
            steps: [PROBE, PROBE_ACTION, READY, HEALTHY, I * F, ALIAS_TTL] },
        { inputs: { mode: "pilot-light", frontDoor: "dns", engine: "function", detection: "alarm", warmPool: true },
            steps: [I * F, ALARM_DELAY, AUTOMATION_DELAY, WARM_START, HEALTHY, I * F, ALIAS_TTL] },
        { inputs: { mode: "pilot-light", frontDoor: "dns", engine: "function", warmPool: false },
            steps: [I * F, ALARM_DELAY, AUTOMATION_DELAY, READY, HEALTHY, I * F, ALIAS_TTL] },
        // Region switch has no probe: it always starts from the alarm, in place of the function.
        { inputs: { mode: "pilot-light", frontDoor: "dns", engine: "arc-region-switch", detection: "probe", warmPool: true },
            steps: [I * F, ALARM_DELAY, REGION_SWITCH_START_SECONDS, WARM_START, HEALTHY, I * F, ALIAS_TTL] },
        { inputs: { mode: "pilot-light", frontDoor: "dns", engine: "arc-region-switch", warmPool: true, approval: true },
            steps: [I * F, ALARM_DELAY, REGION_SWITCH_START_SECONDS, 0, WARM_START, HEALTHY, I * F, ALIAS_TTL] },
        // Behind GA the woken region serves once GA sees its ALB healthy: no Route 53 recheck, no TTL.
        { inputs: { mode: "pilot-light", frontDoor: "global-accelerator", engine: "function", detection: "probe", warmPool: true },
            steps: [PROBE, PROBE_ACTION, WARM_START, HEALTHY, ACCELERATOR_FAILBACK_SECONDS] },
        { inputs: { mode: "pilot-light", frontDoor: "global-accelerator", engine: "function", detection: "alarm", warmPool: true },
            steps: [I * F, ALARM_DELAY, AUTOMATION_DELAY, WARM_START, HEALTHY, ACCELERATOR_FAILBACK_SECONDS] },
        { inputs: { mode: "pilot-light", frontDoor: "global-accelerator", engine: "arc-region-switch", warmPool: false },
            steps: [I * F, ALARM_DELAY, REGION_SWITCH_START_SECONDS, READY, HEALTHY, ACCELERATOR_FAILBACK_SECONDS] },
        { inputs: { mode: "pilot-light", frontDoor: "global-accelerator", engine: "arc-region-switch", warmPool: true, approval: true },
            steps: [I * F, ALARM_DELAY, REGION_SWITCH_START_SECONDS, 0, WARM_START, HEALTHY, ACCELERATOR_FAILBACK_SECONDS] },
    ];
    for (const { inputs, steps } of rows) {
        const what = [inputs.mode, inputs.frontDoor, inputs.engine, inputs.detection ?? "", inputs.warmPool ? "warm pool" : "", inputs.approval ? "approval" : ""]
            .filter(Boolean).join(", ");
        it(`a region failure in ${what} takes the steps its path needs, each with its sourced time`, () => {
            assert.deepEqual(seconds(regionFailoverTimeline({ ...base, ...inputs })), steps);
        });
    }

    it("with Route 53 and the function, the region timeline is the failover timeline itself", () => {
        for (const mode of ["warm-standby", "active-active", "pilot-light"] as const) {
            const i = { ...base, mode, detection: "probe" as const, warmPool: true };
            assert.deepEqual(regionFailoverTimeline({ ...i, frontDoor: "dns", engine: "function" }), failoverTimeline(i));
        }
    });

    it("the probe needs the failure threshold's checks 5 s apart, and never acts before Route 53's checkers have seen the failure", () => {
        // Checks every 5 s, the last timing out after 8 s; at least failureThreshold of them.
        assert.equal(probeDetectionSeconds(10, 2), 2 * 5 + 8);
        assert.equal(probeDetectionSeconds(10, 5), 5 * 5 + 8);
        assert.equal(probeDetectionSeconds(10, 6), 6 * 5 + 8);
        // A 30 s interval: every checker has checked (and given up after 6 s) only 36 s in, so 6 checks.
        assert.equal(probeDetectionSeconds(30, 1), 6 * 5 + 8);
    });

    it("an instance with others beside it costs only the ALB's detection; alone, the replacement's launch and checks too", () => {
        const tg = { interval: 20, healthyThreshold: 4, unhealthyThreshold: 2 };
        assert.deepEqual(seconds(instanceFailureTimeline(tg, true)), [40]);
        assert.deepEqual(seconds(instanceFailureTimeline(tg, false, 90)), [40, 90, 80]);
        assert.deepEqual(seconds(zoneFailureTimeline(tg)), [40, ELB_DNS_SECONDS]);
    });

    it("every step says what happens, and a step timed by settings names them", () => {
        const tg = { interval: 20, healthyThreshold: 4, unhealthyThreshold: 2 };
        const all = [
            ...instanceFailureTimeline(tg, false), ...zoneFailureTimeline(tg),
            ...(["warm-standby", "pilot-light"] as const).flatMap((mode) => (["dns", "global-accelerator"] as const).flatMap((frontDoor) =>
                (["function", "arc-region-switch"] as const).flatMap((engine) =>
                    regionFailoverTimeline({ ...base, mode, frontDoor, engine, detection: "alarm", warmPool: false, approval: true })))),
        ];
        for (const s of all) {
            assert.match(s.what, /^[A-Z].{15,}/, `a step without a description: ${JSON.stringify(s)}`);
        }
        const [detect, launch, pass] = instanceFailureTimeline(tg, false);
        assert.match(detect.what, /20 s x 2 failures/);
        assert.match(launch.what, /replacement/);
        assert.match(pass.what, /20 s x 4 successes/);
        const [zone, dns] = zoneFailureTimeline(tg);
        assert.match(zone.what, /20 s x 2 failures/);
        assert.match(dns.what, new RegExp(`DNS answers \\(${ELB_DNS_SECONDS} s\\)`));
    });

    it("a duration is written in seconds under a minute, in minutes alone when whole, and in both otherwise", () => {
        // warm-standby: interval x threshold + the alias TTL = 30 x 2 + 60 = 2 min exactly.
        const whole = renderRtoTable({ interval: 30, failureThreshold: 2, instanceReadySeconds: 180, targetHealthySeconds: 30 });
        assert.match(whole, /^\| warm-standby \| .* \| \*\*2 min\*\* \|$/m);
        const mixed = renderRtoTable({ interval: 10, failureThreshold: 3, instanceReadySeconds: 180, targetHealthySeconds: 30 });
        assert.match(mixed, /^\| warm-standby \| .* \| \*\*1 min 30 s\*\* \|$/m);
        // Behind GA a serving standby needs only the ALB's detection and GA's shift: 5 x 2 + 2 + 30 = 42 s.
        const fast = { interval: 5, timeout: 2, unhealthyThreshold: 2, healthyThreshold: 2 };
        const ga = renderManagedRtoTable({ interval: 10, failureThreshold: 3, instanceReadySeconds: 180 }, { dns: fast, accelerator: fast });
        assert.match(ga, /^\| warm-standby \| Global Accelerator \| failover function \| .* \| \*\*42 s\*\* \|$/m);
    });
});
