import assert from "node:assert/strict";
import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DEFAULT_RETRY } from "../../functions/shared/retry";
import { AlarmNotFoundError } from "../../functions/failover/alarms";
import { RECOVERY, REPLICA, WAKE, World, arnOf, baseEnv, throttled, size, AWAKE } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:35:00.000+0000";
const T3 = "2026-03-01T10:40:00.000+0000";
const T4 = "2026-03-01T11:30:00.000+0000";

const ASLEEP = { minSize: 0, desiredCapacity: 0 };

const failure = (name: string, message: string, status = 400) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("failover function: a recovery must not scale in while the primary fails again", () => {
    let world: World;
    afterEach(() => world.restore());

    for (const wakeState of ["ALARM", "INSUFFICIENT_DATA"] as const) {
        it(`a RECOVERY while the wake alarm is ${wakeState} must keep the standby up, warn and notify, and record nothing`, async () => {
            world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
            world.transition(WAKE, wakeState, T2);
            await world.handler()(world.transition(RECOVERY, "ALARM", T3));

            assert.deepEqual(size(world), AWAKE);
            assert.deepEqual(world.writes, []);
            assert.deepEqual(world.state(), { state: "awake", since: T1 });
            assert.equal(world.published.length, 1);
            assert.match(world.published[0].Subject ?? "", /stays up: primary us-east-2 unhealthy again/);
            assert.match(world.published[0].Message ?? "", new RegExp(`wake alarm ${WAKE} is now ${wakeState}`));
            const warnings = world.log.levels("warn");
            assert.equal(warnings.length, 1);
            assert.equal(warnings[0].extra.wakeAlarmState, wakeState);
        });
    }

    it("a wake for the new failure, older than the refused recovery, must leave the standby up until the genuine recovery", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        const handler = world.handler();
        const wake = world.transition(WAKE, "ALARM", T2);
        await handler(world.transition(RECOVERY, "ALARM", T3)); // late recovery, newer than the new failure's wake
        assert.deepEqual(size(world), AWAKE);
        await handler(wake); // that wake, delivered after it
        assert.deepEqual(size(world), AWAKE);
        world.transition(WAKE, "OK", "2026-03-01T10:50:00.000+0000");
        await handler(world.transition(RECOVERY, "ALARM", T4)); // the genuine recovery later on

        assert.deepEqual(size(world), ASLEEP);
        assert.deepEqual(world.state(), { state: "asleep", since: T4 });
    });

    it("a standby recorded asleep (but lowered by hand, say) must be raised, not lowered, by a recovery while the wake alarm is in ALARM", async () => {
        world = new World({ record: { state: "asleep", since: T1 } });
        world.transition(WAKE, "ALARM", T2);
        await world.handler()(world.transition(RECOVERY, "ALARM", T3));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "asleep", since: T1 });
    });

    it("with a promoted replica, a recovery during a new failure must be refused before the replica is even asked", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.replica = "promoted";
        world.transition(WAKE, "ALARM", T2);
        await world.handler(baseEnv({ REPLICA_DB_IDENTIFIER: REPLICA }))(world.transition(RECOVERY, "ALARM", T3));

        assert.ok(!world.calls.some((c) => c.startsWith("rds:")));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.match(world.published[0].Subject ?? "", /unhealthy again/);
    });

    it("the wake alarm must be asked for by name, in the region its ARN names", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        const env = baseEnv({ WAKE_ALARM_ARN: arnOf(WAKE, "eu-central-1"), RECOVERY_ALARM_ARN: arnOf(RECOVERY, "eu-central-1") });
        await world.handler(env)(world.transition(RECOVERY, "ALARM", T3, { AlarmArn: arnOf(RECOVERY, "eu-central-1") }));

        const calls = world.cwMock.commandCalls(DescribeAlarmsCommand);
        assert.deepEqual(calls.map((c) => c.args[0].input), [{ AlarmNames: [WAKE] }, { AlarmNames: [WAKE] }]);
        assert.equal(await (calls[0].thisValue as CloudWatchClient).config.region(), "eu-central-1");
        assert.deepEqual(size(world), ASLEEP);
    });

    it("the wake alarm turning between the check and the scale-in must leave the standby raised again, and unrecorded", async () => {
        world = new World({ group: { minSize: 3, desiredCapacity: 7 }, record: { state: "awake", since: T1 } });
        let reads = 0;
        world.gate = (action) => {
            // The primary fails again right after the first look at the wake alarm.
            if (action === "cloudwatch:DescribeAlarms" && ++reads === 2) world.transition(WAKE, "ALARM", T4);
            return Promise.resolve();
        };
        await world.handler()(world.transition(RECOVERY, "ALARM", T3));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.match(world.published[0].Message ?? "", /turned while the standby web-standby-asg was being scaled in; it was raised again/);
    });
});

describe("failover function: when the wake alarm cannot be read", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a throttled DescribeAlarms must be retried, and the recovery completed", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.fail("cloudwatch:DescribeAlarms", throttled());
        await world.handler()(world.transition(RECOVERY, "ALARM", T3));

        assert.deepEqual(world.sleeps, [188]);
        assert.deepEqual(size(world), ASLEEP);
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
    });

    it("throttling that outlasts the attempt budget must fail the invocation without scaling in", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.fail("cloudwatch:DescribeAlarms", throttled(), DEFAULT_RETRY.maxAttempts);
        await assert.rejects(world.handler()(world.transition(RECOVERY, "ALARM", T3)), /Rate exceeded/);
        assert.equal(world.calls.filter((c) => c === "cloudwatch:DescribeAlarms").length, DEFAULT_RETRY.maxAttempts);
        assert.deepEqual(size(world), AWAKE);
    });

    it("any other DescribeAlarms failure must fail the invocation at once: no scaling, no notice, no record", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.fail("cloudwatch:DescribeAlarms", failure("AccessDenied", "not authorized to perform cloudwatch:DescribeAlarms", 403));
        await assert.rejects(world.handler()(world.transition(RECOVERY, "ALARM", T3)), /not authorized/);

        assert.equal(world.calls.filter((c) => c === "cloudwatch:DescribeAlarms").length, 1);
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.published.length, 0);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("a wake alarm that does not exist must fail a recovery rather than count as healthy", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.alarms.delete(WAKE);
        await assert.rejects(world.handler()(world.transition(RECOVERY, "ALARM", T3)), AlarmNotFoundError);
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("a recovery whose second look at the wake alarm fails must raise the standby again before failing", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        let reads = 0;
        world.gate = (action) => {
            if (action === "cloudwatch:DescribeAlarms" && ++reads === 2) world.fail("cloudwatch:DescribeAlarms", failure("AccessDenied", "denied", 403));
            return Promise.resolve();
        };
        await assert.rejects(world.handler()(world.transition(RECOVERY, "ALARM", T3)), /denied/);
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });
});
