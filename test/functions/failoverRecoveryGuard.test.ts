import assert from "node:assert/strict";
import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import { WakeAlarmNotFoundError } from "../../functions/failover/aws";
import { DEFAULT_RETRY } from "../../functions/failover/retry";
import { RECOVERY, STANDBY_ASG, WAKE, World, alarmEvent, baseEnv } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:35:00.000+0000";
const T3 = "2026-03-01T10:40:00.000+0000";
const T4 = "2026-03-01T11:30:00.000+0000";

const FAILOVER = { AutoScalingGroupName: STANDBY_ASG, MinSize: 3, DesiredCapacity: 4 };
const STANDBY = { AutoScalingGroupName: STANDBY_ASG, MinSize: 0, DesiredCapacity: 0 };

const failure = (name: string, message: string, status = 400) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

describe("failover function: a recovery must not scale in while the primary fails again", () => {
    let world: World;
    afterEach(() => world.restore());

    for (const wakeState of ["ALARM", "INSUFFICIENT_DATA"] as const) {
        it(`a RECOVERY while the wake alarm is ${wakeState} must not scale in, must warn and notify, and must record nothing`, async () => {
            world = new World({ state: "awake", since: T1 });
            world.wakeAlarm(wakeState);
            await world.handler()(alarmEvent(RECOVERY, "ALARM", T3));

            assert.deepEqual(world.updates(), []);
            assert.equal(world.ssm.commandCalls(PutParameterCommand).length, 0);
            assert.deepEqual(world.state(), { state: "awake", since: T1 });
            const published = world.publishes();
            assert.equal(published.length, 1);
            assert.match(published[0].Subject ?? "", /stays up: primary us-east-2 unhealthy again/);
            assert.match(published[0].Message ?? "", new RegExp(`wake alarm ${WAKE} is now ${wakeState}`));
            const warnings = world.log.levels("warn");
            assert.equal(warnings.length, 1);
            assert.equal(warnings[0].extra.wakeAlarmState, wakeState);
        });
    }

    it("a wake for the new failure, older than the refused recovery, must still scale the standby up", async () => {
        world = new World({ state: "awake", since: T1 });
        const handler = world.handler();
        world.wakeAlarm("ALARM");
        await handler(alarmEvent(RECOVERY, "ALARM", T3)); // late recovery, newer than the new failure's wake
        await handler(alarmEvent(WAKE, "ALARM", T2)); // that wake, delivered after it
        world.wakeAlarm("OK");
        await handler(alarmEvent(RECOVERY, "ALARM", T4)); // the genuine recovery later on

        assert.deepEqual(world.updates(), [FAILOVER, STANDBY]);
        assert.deepEqual(world.state(), { state: "asleep", since: T4 });
    });

    it("a standby recorded asleep must not be set to standby capacity while the wake alarm is in ALARM", async () => {
        world = new World({ state: "asleep", since: T1 });
        world.wakeAlarm("ALARM");
        await world.handler()(alarmEvent(RECOVERY, "ALARM", T3));
        assert.deepEqual(world.updates(), []);
        assert.deepEqual(world.state(), { state: "asleep", since: T1 });
    });

    it("with a promoted replica, a recovery during a new failure must be refused before the replica is even asked", async () => {
        world = new World({ state: "awake", since: T1 });
        world.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: "web-replica" }] });
        world.wakeAlarm("ALARM");
        await world.handler(baseEnv({ REPLICA_DB_IDENTIFIER: "web-replica" }))(alarmEvent(RECOVERY, "ALARM", T3));

        assert.equal(world.rds.calls().length, 0);
        assert.deepEqual(world.updates(), []);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.match(world.publishes()[0].Subject ?? "", /unhealthy again/);
    });

    it("the wake alarm must be asked for by name, in the region its ARN names", async () => {
        world = new World({ state: "awake", since: T1 });
        const env = baseEnv({ WAKE_ALARM_ARN: `arn:aws:cloudwatch:eu-central-1:123456789012:alarm:${WAKE}` });
        await world.handler(env)(alarmEvent(RECOVERY, "ALARM", T3));

        assert.deepEqual(world.describeAlarms(), [{ AlarmNames: [WAKE] }]);
        const client = world.cw.commandCalls(DescribeAlarmsCommand)[0].thisValue as CloudWatchClient;
        assert.equal(await client.config.region(), "eu-central-1");
        assert.deepEqual(world.updates(), [STANDBY]);
    });

    it("waking and the primary-healthy notice must not depend on CloudWatch", async () => {
        world = new World();
        const handler = world.handler();
        await handler(alarmEvent(WAKE, "ALARM", T1));
        await handler(alarmEvent(WAKE, "OK", T2));
        assert.equal(world.cw.calls().length, 0);
        assert.deepEqual(world.updates(), [FAILOVER]);
    });
});

describe("failover function: when the wake alarm cannot be read", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a throttled DescribeAlarms must be retried, and the recovery completed", async () => {
        world = new World({ state: "awake", since: T1 });
        world.cw
            .on(DescribeAlarmsCommand)
            .rejectsOnce(failure("Throttling", "Rate exceeded"))
            .resolves({ MetricAlarms: [{ AlarmName: WAKE, StateValue: "OK" }] });
        await world.handler()(alarmEvent(RECOVERY, "ALARM", T3));

        assert.equal(world.describeAlarms().length, 2);
        assert.deepEqual(world.sleeps, [188]);
        assert.deepEqual(world.updates(), [STANDBY]);
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
    });

    it("throttling that outlasts the attempt budget must fail the invocation without scaling in", async () => {
        world = new World({ state: "awake", since: T1 });
        world.cw.on(DescribeAlarmsCommand).rejects(failure("Throttling", "Rate exceeded"));
        await assert.rejects(world.handler()(alarmEvent(RECOVERY, "ALARM", T3)), /Rate exceeded/);
        assert.equal(world.describeAlarms().length, DEFAULT_RETRY.maxAttempts);
        assert.deepEqual(world.updates(), []);
    });

    it("any other DescribeAlarms failure must fail the invocation at once: no scaling, no notice, no record", async () => {
        world = new World({ state: "awake", since: T1 });
        world.cw.on(DescribeAlarmsCommand).rejects(failure("AccessDenied", "not authorized to perform cloudwatch:DescribeAlarms", 403));
        await assert.rejects(world.handler()(alarmEvent(RECOVERY, "ALARM", T3)), /not authorized/);

        assert.equal(world.describeAlarms().length, 1);
        assert.deepEqual(world.updates(), []);
        assert.equal(world.publishes().length, 0);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("a wake alarm that does not exist must fail the invocation rather than count as healthy", async () => {
        world = new World({ state: "awake", since: T1 });
        world.cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
        await assert.rejects(world.handler()(alarmEvent(RECOVERY, "ALARM", T3)), WakeAlarmNotFoundError);
        assert.deepEqual(world.updates(), []);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });
});
