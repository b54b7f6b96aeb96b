// The probe's detection bound, on a discrete-event clock: runs start every minute anywhere within the
// minute (EventBridge Scheduler's 60 s precision), overlap, and check a primary that stops answering at
// some moment (every check from then on hangs until it times out). Whatever the moment and the runs'
// start times, some run must raise the standby within the model's bound (src/failover/rto.ts).
import { strict as assert } from "assert";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { GetHealthCheckStatusCommand, Route53Client } from "@aws-sdk/client-route-53";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createHandler } from "../../functions/probe/handler";
import { PROBE_CHECK_TIMEOUT, PROBE_INTERVAL, probeDetectionSeconds, probeRunChecks, probeTimeoutSeconds, ROUTE53_CHECK_TIMEOUT } from "../../src/failover/rto";
import { probeEnv, RecordingLog, STANDBY_ASG } from "./probeWorld";

/** Virtual time: timers fire in order; between two, every promise settles. */
class Clock {
    nowMs = 0;
    private timers: { at: number; seq: number; fire: () => void }[] = [];
    private seq = 0;

    after(ms: number): Promise<void> {
        return new Promise((fire) => this.timers.push({ at: this.nowMs + Math.max(0, ms), seq: this.seq++, fire }));
    }

    async runAll(): Promise<void> {
        for (;;) {
            await new Promise((r) => setImmediate(r));
            if (this.timers.length === 0) return;
            this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
            const next = this.timers.shift()!;
            this.nowMs = next.at;
            next.fire();
        }
    }
}

const INTERVAL = 10; // prod's Route 53 request interval
const THRESHOLD = 3;

describe("the probe's detection is bounded by its cadence, not its schedule (discrete-event runs)", function () {
    this.timeout(60_000);
    const asg = mockClient(AutoScalingClient);
    const r53 = mockClient(Route53Client);
    const sns = mockClient(SNSClient);
    after(() => {
        asg.restore();
        r53.restore();
        sns.restore();
    });

    /** Runs starting at `starts` (s); the primary stops answering at `failAt` (s). Returns when the standby was raised (s). */
    async function scenario(starts: number[], failAt: number): Promise<number | undefined> {
        const clock = new Clock();
        const group = { min: 0, desired: 0, max: 6 };
        let raisedAt: number | undefined;
        asg.reset();
        r53.reset();
        sns.reset();
        asg.on(DescribeAutoScalingGroupsCommand).callsFake(() => ({ AutoScalingGroups: [{ AutoScalingGroupName: STANDBY_ASG, MinSize: group.min, DesiredCapacity: group.desired, MaxSize: group.max }] }));
        asg.on(UpdateAutoScalingGroupCommand).callsFake((input) => {
            group.min = Math.max(group.min, input.MinSize ?? 0);
            group.desired = Math.max(group.desired, group.min);
            raisedAt ??= clock.nowMs / 1000;
            return {};
        });
        // Each Route 53 checker checks every INTERVAL s and gives up after 6 s; GetHealthCheckStatus reports
        // each one's latest observation, so all of them report the failure once INTERVAL + 6 s have passed.
        r53.on(GetHealthCheckStatusCommand).callsFake(() => {
            const all = clock.nowMs / 1000 >= failAt + INTERVAL + ROUTE53_CHECK_TIMEOUT;
            const obs = (ok: boolean) => ({ StatusReport: { Status: ok ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out." } });
            return { HealthCheckObservations: Array.from({ length: 8 }, () => obs(!all)) };
        });
        sns.on(PublishCommand).resolves({ MessageId: "m" });
        const env = probeEnv({ PROBES_PER_RUN: String(probeRunChecks(THRESHOLD)), PROBE_INTERVAL_SECONDS: String(PROBE_INTERVAL), FAILURE_THRESHOLD: String(THRESHOLD) });
        const runs = starts.map(async (start) => {
            await clock.after(start * 1000);
            const began = clock.nowMs;
            let started = 0;
            const handler = createHandler({
                env,
                // A check made after the failure hangs until it times out; one made before passes at once.
                check: () => {
                    // Thrown at once, not rejected: a run that loops past its checks stops here instead of spinning.
                    if (++started > probeRunChecks(THRESHOLD)) throw new Error("the run started more than PROBES_PER_RUN checks");
                    const ok = clock.nowMs / 1000 < failAt;
                    return clock.after(ok ? 50 : PROBE_CHECK_TIMEOUT * 1000)
                        .then(() => ({ ok, detail: ok ? "HTTP 200" : "connect took longer than 4000 ms" }));
                },
                sleep: (ms) => clock.after(ms),
                now: () => clock.nowMs,
                logger: new RecordingLog(),
                clients: { autoScaling: new AutoScalingClient({ region: "us-east-1" }), route53: new Route53Client({ region: "us-east-1" }), sns: new SNSClient({ region: "us-east-1" }) },
            });
            await handler({}, { getRemainingTimeInMillis: () => probeTimeoutSeconds(THRESHOLD) * 1000 - (clock.nowMs - began) });
        });
        await clock.runAll();
        await Promise.all(runs);
        return raisedAt;
    }

    // Runs due at 0, 60, 120, ... s, each starting anywhere within its minute.
    const patterns: Record<string, number[]> = {
        "on the minute": [0, 60, 120, 180, 240],
        "at the end of the minute": [59, 119, 179, 239, 299],
        "the longest gaps (end of one minute, start of the next but one)": [0, 119, 120, 239, 240],
        "drifting": [13, 97, 121, 222, 245],
    };
    const bound = probeDetectionSeconds(INTERVAL, THRESHOLD);

    for (const [name, starts] of Object.entries(patterns)) {
        it(`runs ${name}: a primary failing at any moment is caught within ${bound} s`, async () => {
            let worst = 0;
            for (let failAt = 61; failAt < 190; failAt += 6.3) {
                const raisedAt = await scenario(starts, failAt);
                assert.ok(raisedAt !== undefined, `failing at ${failAt} s: never woken`);
                worst = Math.max(worst, raisedAt - failAt);
                assert.ok(raisedAt - failAt <= bound, `failing at ${failAt.toFixed(1)} s, runs at ${starts.join(", ")} s: woken after ${(raisedAt - failAt).toFixed(1)} s, the model says at most ${bound} s`);
            }
            assert.ok(worst > bound - PROBE_INTERVAL - 1, `the search never came near the bound (worst ${worst} s): it proves little`);
        });
    }
});
