import assert from "node:assert/strict";
import { type AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeDBInstancesCommand, InvalidDBInstanceStateFault, PromoteReadReplicaCommand } from "@aws-sdk/client-rds";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import { MalformedEventError } from "../../functions/failover/events";
import { INITIAL_STATE } from "../../functions/failover/initialState";
import { parseSettings } from "../../functions/failover/settings";
import {
    PARAM,
    PRIMARY_ASG,
    RECOVERY,
    STANDBY_ASG,
    TOPIC,
    WAKE,
    World,
    alarmEvent,
    alarmMessage,
    baseEnv,
    snsEvent,
} from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:05:00.000+0000";
const T3 = "2026-03-01T10:40:00.000+0000";
const T4 = "2026-03-01T11:00:00.000+0000";

describe("failover function: waking and sleeping the standby", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a WAKE alarm must raise the standby's min and desired to the failover capacity, record it and notify", async () => {
        world = new World();
        await world.handler()(alarmEvent(WAKE, "ALARM", T1));

        assert.deepEqual(world.updates(), [{ AutoScalingGroupName: STANDBY_ASG, MinSize: 3, DesiredCapacity: 4 }]);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        const [published] = world.publishes();
        assert.equal(published.TopicArn, TOPIC);
        assert.match(published.Subject ?? "", /standby us-west-2 woken/);
        assert.match(published.Message ?? "", /min 3, desired 4/);
        assert.match(published.Message ?? "", /pilot-light/);
        assert.match(published.Message ?? "", new RegExp(`${T1.replace(/[.+]/g, "\\$&")}`));
        assert.match(published.Message ?? "", /https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#alarmsV2:alarm\/web-primary-unhealthy/);
        assert.deepEqual(published.MessageAttributes, { source: { DataType: "String", StringValue: "ha-web-tier-failover" } });
    });

    it("notifications must go to the topic's own region (us-east-1), not the function's region", async () => {
        world = new World();
        await world.handler()(alarmEvent(WAKE, "ALARM", T1));
        const client = world.sns.commandCalls(PublishCommand)[0].thisValue as SNSClient;
        assert.equal(await client.config.region(), "us-east-1");
        const asgClient = world.asg.commandCalls(UpdateAutoScalingGroupCommand)[0].thisValue as AutoScalingClient;
        assert.equal(await asgClient.config.region(), "us-west-2");
    });

    it("the state must be written only after scaling and notifying, so a failed invocation is retried in full", async () => {
        world = new World();
        world.sns.on(PublishCommand).rejects(Object.assign(new Error("denied"), { name: "AuthorizationErrorException" }));
        await assert.rejects(world.handler()(alarmEvent(WAKE, "ALARM", T1)), /denied/);
        assert.equal(world.ssm.commandCalls(PutParameterCommand).length, 0);
        assert.deepEqual(world.state(), INITIAL_STATE);
    });

    it("a WAKE OK inside the recovery window must only notify, naming the window, and never scale", async () => {
        world = new World({ state: "awake", since: T1 });
        await world.handler()(alarmEvent(WAKE, "OK", T2));

        assert.equal(world.updates().length, 0);
        const published = world.publishes();
        assert.equal(published.length, 1);
        assert.match(published[0].Message ?? "", /healthy for 30 minutes/);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("a RECOVERY alarm after the window must put an awake standby back to its standby capacity", async () => {
        world = new World({ state: "awake", since: T1 });
        await world.handler()(alarmEvent(RECOVERY, "ALARM", T3));

        assert.deepEqual(world.updates(), [{ AutoScalingGroupName: STANDBY_ASG, MinSize: 0, DesiredCapacity: 0 }]);
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
        assert.match(world.publishes()[0].Subject ?? "", /back to standby capacity/);
    });

    it("the recovery alarm's OK and INSUFFICIENT_DATA, and the wake alarm's INSUFFICIENT_DATA, must do nothing", async () => {
        world = new World({ state: "awake", since: T1 });
        const handler = world.handler();
        await handler(alarmEvent(RECOVERY, "OK", T2));
        await handler(alarmEvent(RECOVERY, "INSUFFICIENT_DATA", T3));
        await handler(alarmEvent(WAKE, "INSUFFICIENT_DATA", T4));
        assert.equal(world.totalCalls(), 0);
    });

    it("a RECOVERY alarm while the standby is recorded asleep must set the standby capacity again, without notifying", async () => {
        world = new World({ state: "asleep", since: T1 });
        await world.handler()(alarmEvent(RECOVERY, "ALARM", T3));

        // The record may be stale (a wake that scaled up but failed later), so the capacity is set regardless.
        assert.deepEqual(world.updates(), [{ AutoScalingGroupName: STANDBY_ASG, MinSize: 0, DesiredCapacity: 0 }]);
        assert.equal(world.publishes().length, 0);
        // The time is still recorded so that an older wake delivered late now looks stale.
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
    });

    it("a whole failure and recovery must scale up once and down once, in that order", async () => {
        world = new World();
        const handler = world.handler();
        await handler(alarmEvent(WAKE, "ALARM", T1));
        await handler(alarmEvent(WAKE, "OK", T2));
        await handler(alarmEvent(RECOVERY, "ALARM", T3));

        assert.deepEqual(
            world.updates().map((u) => u.DesiredCapacity),
            [4, 0],
        );
        assert.equal(world.publishes().length, 3);
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
    });
});

describe("failover function: duplicates and ordering", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a duplicated WAKE delivery must make exactly one scaling call and one notification in total", async () => {
        world = new World();
        const handler = world.handler();
        await handler(alarmEvent(WAKE, "ALARM", T1));
        await handler(alarmEvent(WAKE, "ALARM", T1));
        await handler(snsEvent(alarmMessage(WAKE, "ALARM", T1), alarmMessage(WAKE, "ALARM", T1)));

        assert.equal(world.updates().length, 1);
        assert.equal(world.publishes().length, 1);
    });

    it("an old WAKE alarm delivered after a newer recovery must do nothing", async () => {
        world = new World({ state: "awake", since: T1 });
        const handler = world.handler();
        await handler(alarmEvent(RECOVERY, "ALARM", T3));
        await handler(alarmEvent(WAKE, "ALARM", T2));

        assert.deepEqual(
            world.updates().map((u) => u.DesiredCapacity),
            [0],
        );
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
        assert.ok(world.log.lines.some((l) => /not newer/.test(l.message)));
    });

    it("a late recovery older than a repeated WAKE must not put a failing primary's standby to sleep", async () => {
        world = new World({ state: "awake", since: T1 });
        const handler = world.handler();
        await handler(alarmEvent(WAKE, "ALARM", T3)); // the primary failed again; already awake
        await handler(alarmEvent(RECOVERY, "ALARM", T2)); // stale, delivered late

        // Only the repeated wake's (idempotent) failover capacity; never the standby capacity.
        assert.deepEqual(world.updates(), [{ AutoScalingGroupName: STANDBY_ASG, MinSize: 3, DesiredCapacity: 4 }]);
        assert.deepEqual(world.state(), { state: "awake", since: T3 });
        assert.match(world.publishes()[0].Subject ?? "", /already awake/);
    });

    it("a newer WAKE alarm while recorded awake must set the failover capacity again and say the standby was already awake", async () => {
        world = new World({ state: "awake", since: T1 });
        await world.handler()(alarmEvent(WAKE, "ALARM", T2));
        assert.deepEqual(world.updates(), [{ AutoScalingGroupName: STANDBY_ASG, MinSize: 3, DesiredCapacity: 4 }]);
        const published = world.publishes();
        assert.equal(published.length, 1);
        assert.match(published[0].Subject ?? "", /already awake/);
        assert.match(published[0].Message ?? "", /set to min 3, desired 4 again/);
        assert.deepEqual(world.state(), { state: "awake", since: T2 });
    });

    it("a stale 'awake' record (a sleep that scaled in but failed to notify) must not stop the next wake from scaling up", async () => {
        world = new World({ state: "awake", since: T1 });
        const handler = world.handler();
        world.sns.on(PublishCommand).rejectsOnce(Object.assign(new Error("denied"), { name: "AuthorizationErrorException" }));
        await assert.rejects(handler(alarmEvent(RECOVERY, "ALARM", T3)), /denied/);
        // The sleep scaled the standby to 0, but the record still says awake since T1.
        assert.deepEqual(world.updates().at(-1), { AutoScalingGroupName: STANDBY_ASG, MinSize: 0, DesiredCapacity: 0 });
        assert.deepEqual(world.state(), { state: "awake", since: T1 });

        world.sns.on(PublishCommand).resolves({ MessageId: "out-2" });
        world.wakeAlarm("ALARM");
        await handler(alarmEvent(WAKE, "ALARM", T4)); // the primary fails again before the sleep is retried

        assert.deepEqual(world.updates().at(-1), { AutoScalingGroupName: STANDBY_ASG, MinSize: 3, DesiredCapacity: 4 });
        assert.deepEqual(world.state(), { state: "awake", since: T4 });
    });

    it("a missing state parameter must read as asleep, and the first wake must create it", async () => {
        world = new World(undefined);
        await world.handler()(alarmEvent(WAKE, "ALARM", T1));
        assert.equal(world.updates().length, 1);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.ssm.commandCalls(PutParameterCommand)[0].args[0].input.Name, PARAM);
    });

    it("an unreadable state parameter must not block a wake, and must be logged and rewritten", async () => {
        world = new World("not json");
        await world.handler()(alarmEvent(WAKE, "ALARM", T1));
        assert.equal(world.updates().length, 1);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.log.levels("error").length, 1);
    });
});

describe("failover function: what it must never do", () => {
    let world: World;
    afterEach(() => world.restore());

    const malformed: [string, unknown][] = [
        ["an event that is not SNS", { Records: [{ eventSource: "aws:sqs", body: "{}" }] }],
        ["an empty object", {}],
        ["a message that is not JSON", snsEvent("ALARM: primary down")],
        ["a message without AlarmName", snsEvent({ NewStateValue: "ALARM", StateChangeTime: T1 })],
        ["an unknown state value", snsEvent(alarmMessage(WAKE, "BROKEN", T1))],
        ["an unknown old state value", snsEvent(alarmMessage(WAKE, "ALARM", T1, { OldStateValue: "BROKEN" }))],
        ["a bad StateChangeTime", snsEvent(alarmMessage(WAKE, "ALARM", "yesterday"))],
        ["a date without a time", snsEvent(alarmMessage(WAKE, "ALARM", "2026-03-01"))],
        ["an impossible date", snsEvent(alarmMessage(WAKE, "ALARM", "2026-13-45T10:00:00Z"))],
        ["one good record next to a bad one", snsEvent(alarmMessage(WAKE, "ALARM", T1), "{")],
    ];
    for (const [what, event] of malformed) {
        it(`${what} must be logged as an error, make no AWS call, and fail the invocation`, async () => {
            world = new World();
            await assert.rejects(world.handler()(event), MalformedEventError);
            assert.equal(world.totalCalls(), 0);
            assert.equal(world.log.levels("error").length, 1);
        });
    }

    it("an unknown alarm must be logged as a warning and make no AWS call", async () => {
        world = new World();
        await world.handler()(alarmEvent("someone-elses-alarm", "ALARM", T1));
        assert.equal(world.totalCalls(), 0);
        assert.equal(world.log.levels("warn").length, 1);
    });

    it("the function's own notifications must be ignored without any AWS call", async () => {
        world = new World();
        const event = snsEvent(alarmMessage(WAKE, "ALARM", T1));
        event.Records[0].Sns.MessageAttributes = { source: { Type: "String", Value: "ha-web-tier-failover" } };
        await world.handler()(event);
        assert.equal(world.totalCalls(), 0);
    });

    it("no UpdateAutoScalingGroup call may ever name any group but the standby, whatever the alarm sequence", async () => {
        world = new World();
        // The primary's ASG name is offered in the environment; the function must have no way to use it.
        const env = baseEnv({ PRIMARY_ASG_NAME: PRIMARY_ASG });
        const handler = world.handler(env);
        await handler(alarmEvent(WAKE, "ALARM", T1)); // wake
        await handler(alarmEvent(WAKE, "OK", T2)); // primary healthy: notify only
        await handler(alarmEvent(RECOVERY, "ALARM", T3)); // recovery: scale in
        await handler(alarmEvent(RECOVERY, "ALARM", T3)); // duplicate
        await handler(alarmEvent(WAKE, "ALARM", "2026-03-01T10:10:00Z")); // out of order (older than T3)
        await handler(alarmEvent(WAKE, "ALARM", T4)); // wake again
        await handler(alarmEvent(WAKE, "ALARM", "2026-03-01T11:05:00Z")); // repeated wake while awake
        world.wakeAlarm("ALARM");
        await handler(alarmEvent(RECOVERY, "ALARM", "2026-03-01T11:50:00Z")); // recovery while failing again: kept up

        const updates = world.updates();
        // wake, recovery, wake, repeated wake; the other messages must not scale at all.
        assert.equal(updates.length, 4);
        for (const input of updates) {
            assert.equal(input.AutoScalingGroupName, STANDBY_ASG, JSON.stringify(input));
        }
        assert.ok(world.asg.calls().every((c) => c.args[0] instanceof UpdateAutoScalingGroupCommand));
        assert.equal(world.log.lines.filter((l) => /not newer/.test(l.message)).length, 2);

        const settings = parseSettings(env);
        const values = stringsIn(settings);
        assert.ok(values.includes(STANDBY_ASG), "the walk must see the standby's name");
        assert.ok(!values.includes(PRIMARY_ASG), `settings carry the primary ASG name: ${JSON.stringify(settings)}`);
    });
});

/** Every string anywhere inside a value. */
function stringsIn(value: unknown): string[] {
    if (typeof value === "string") return [value];
    if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
    return [];
}

describe("failover function: warm-standby mode", () => {
    let world: World;
    afterEach(() => world.restore());

    it("warm-standby must scale to full size on WAKE and back to its non-zero standby size on RECOVERY", async () => {
        world = new World();
        const handler = world.handler(
            baseEnv({ MODE: "warm-standby", STANDBY_MIN_SIZE: "2", STANDBY_DESIRED_CAPACITY: "2", FAILOVER_MIN_SIZE: "6", FAILOVER_DESIRED_CAPACITY: "6" }),
        );
        await handler(alarmEvent(WAKE, "ALARM", T1));
        await handler(alarmEvent(RECOVERY, "ALARM", T3));

        assert.deepEqual(world.updates(), [
            { AutoScalingGroupName: STANDBY_ASG, MinSize: 6, DesiredCapacity: 6 },
            { AutoScalingGroupName: STANDBY_ASG, MinSize: 2, DesiredCapacity: 2 },
        ]);
        assert.match(world.publishes()[0].Message ?? "", /warm-standby/);
    });
});

describe("failover function: database replica promotion", () => {
    let world: World;
    afterEach(() => world.restore());
    const dbEnv = (autoPromote?: string) => baseEnv({ REPLICA_DB_IDENTIFIER: "web-replica", AUTO_PROMOTE: autoPromote });

    it("with auto-promotion on, a wake must promote the replica by its identifier and say so", async () => {
        world = new World();
        await world.handler(dbEnv("true"))(alarmEvent(WAKE, "ALARM", T1));
        const promotions = world.rds.commandCalls(PromoteReadReplicaCommand).map((c) => c.args[0].input);
        assert.deepEqual(promotions, [{ DBInstanceIdentifier: "web-replica" }]);
        assert.match(world.publishes()[0].Message ?? "", /promotion of read replica web-replica in us-west-2 has started/);
    });

    it("with auto-promotion off (the default), a wake must not promote, and must give the exact command", async () => {
        world = new World();
        await world.handler(dbEnv(undefined))(alarmEvent(WAKE, "ALARM", T1));
        assert.equal(world.rds.commandCalls(PromoteReadReplicaCommand).length, 0);
        const body = world.publishes()[0].Message ?? "";
        assert.match(body, /promotion is PENDING/);
        assert.ok(body.includes("aws rds promote-read-replica --db-instance-identifier web-replica --region us-west-2"));
        assert.match(body, /README runbook/);
    });

    it("an already promoted replica must not fail the wake", async () => {
        world = new World();
        world.rds.on(PromoteReadReplicaCommand).rejects(new InvalidDBInstanceStateFault({ message: "not a read replica", $metadata: {} }));
        await world.handler(dbEnv("true"))(alarmEvent(WAKE, "ALARM", T1));
        assert.equal(world.updates().length, 1);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.match(world.publishes()[0].Message ?? "", /already promoted or not a read replica/);
    });

    it("a promotion that fails for good must still notify with the manual command and complete the wake", async () => {
        world = new World();
        world.rds.on(PromoteReadReplicaCommand).rejects(Object.assign(new Error("not allowed"), { name: "AccessDenied" }));
        await world.handler(dbEnv("true"))(alarmEvent(WAKE, "ALARM", T1));
        assert.match(world.publishes()[0].Message ?? "", /FAILED: AccessDenied: not allowed[\s\S]*promote-read-replica/);
        assert.equal(world.log.levels("error").length, 1);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("without a replica there must be no RDS call and no database paragraph", async () => {
        world = new World();
        await world.handler(baseEnv({ AUTO_PROMOTE: "true", REPLICA_DB_IDENTIFIER: "" }))(alarmEvent(WAKE, "ALARM", T1));
        assert.equal(world.rds.calls().length, 0);
        assert.doesNotMatch(world.publishes()[0].Message ?? "", /DATABASE/);
    });

    it("a recovery must never promote, and must scale in while the replica is still a replica", async () => {
        world = new World({ state: "awake", since: T1 });
        await world.handler(dbEnv("true"))(alarmEvent(RECOVERY, "ALARM", T3));
        assert.equal(world.rds.commandCalls(PromoteReadReplicaCommand).length, 0);
        assert.equal(world.rds.commandCalls(DescribeDBInstancesCommand).length, 1);
        assert.deepEqual(world.updates(), [{ AutoScalingGroupName: STANDBY_ASG, MinSize: 0, DesiredCapacity: 0 }]);
    });

    it("a standby recorded asleep (possibly stale) must still be kept up when its replica has been promoted", async () => {
        world = new World({ state: "asleep", since: T1 });
        world.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: "web-replica" }] });
        await world.handler(dbEnv("false"))(alarmEvent(RECOVERY, "ALARM", T3));
        assert.deepEqual(world.updates(), []);
        assert.match(world.publishes()[0].Subject ?? "", /kept up: its database was promoted/);
        assert.deepEqual(world.state(), { state: "awake", since: T3 });
    });

    it("a repeated wake must still take the database step and report it", async () => {
        world = new World({ state: "awake", since: T1 });
        await world.handler(dbEnv(undefined))(alarmEvent(WAKE, "ALARM", T2));
        const body = world.publishes()[0].Message ?? "";
        assert.match(world.publishes()[0].Subject ?? "", /already awake/);
        assert.match(body, /promotion is PENDING/);
        assert.ok(body.includes("aws rds promote-read-replica --db-instance-identifier web-replica --region us-west-2"));
        assert.equal(world.rds.commandCalls(PromoteReadReplicaCommand).length, 0);
    });

    it("a recovery must keep the standby up when its replica has been promoted to a writer", async () => {
        world = new World({ state: "awake", since: T1 });
        world.rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceIdentifier: "web-replica" }] });
        await world.handler(dbEnv("false"))(alarmEvent(RECOVERY, "ALARM", T3));
        assert.equal(world.updates().length, 0);
        assert.match(world.publishes()[0].Subject ?? "", /kept up: its database was promoted/);
        assert.deepEqual(world.state(), { state: "awake", since: T3 });
    });
});
