import assert from "node:assert/strict";
import { type AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { MalformedEventError } from "../../functions/failover/events";
import { parseSettings } from "../../functions/failover/settings";
import {
    PRIMARY_ASG,
    RECOVERY,
    REPLICA,
    STANDBY_ASG,
    TOPIC,
    WAKE,
    World,
    alarmEvent,
    alarmMessage,
    baseEnv,
    snsEvent,
    AWAKE,
    size,
} from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:05:00.000+0000";
const T3 = "2026-03-01T10:40:00.000+0000";
const T4 = "2026-03-01T11:00:00.000+0000";

const ASLEEP = { minSize: 0, desiredCapacity: 0 };

describe("failover function: waking and sleeping the standby", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a WAKE alarm must raise the standby's min and desired to the failover capacity, record it and notify", async () => {
        world = new World();
        await world.handler()(world.transition(WAKE, "ALARM", T1));

        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        const [published] = world.published;
        assert.equal(published.TopicArn, TOPIC);
        assert.match(published.Subject ?? "", /^\[prod\] FAILOVER: standby us-west-2 woken/);
        assert.match(published.Message ?? "", /raised from min 0, desired 0 to min 3, desired 4/);
        assert.match(published.Message ?? "", /pilot-light/);
        assert.ok((published.Message ?? "").includes(T1));
        assert.match(published.Message ?? "", /https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#alarmsV2:alarm\/web-primary-unhealthy/);
        assert.deepEqual(published.MessageAttributes, { source: { DataType: "String", StringValue: "ha-web-tier-failover" } });
    });

    it("notifications must go to the topic's own region (us-east-1), not the function's region", async () => {
        world = new World();
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        const client = world.snsMock.commandCalls(PublishCommand)[0].thisValue as SNSClient;
        assert.equal(await client.config.region(), "us-east-1");
        const asgClient = world.asgMock.commandCalls(UpdateAutoScalingGroupCommand)[0].thisValue as AutoScalingClient;
        assert.equal(await asgClient.config.region(), "us-west-2");
    });

    it("the state must be written only after scaling and notifying, so a failed invocation is retried in full", async () => {
        world = new World();
        world.fail("sns:Publish", Object.assign(new Error("denied"), { name: "AuthorizationErrorException" }));
        const handler = world.handler();
        const event = world.transition(WAKE, "ALARM", T1);
        await assert.rejects(handler(event), /denied/);
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.state(), undefined);

        await handler(event); // Lambda's retry completes the wake
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.published.length, 1);
    });

    it("a WAKE OK inside the recovery window must only notify, naming the window, and never scale", async () => {
        world = new World({ group: { ...AWAKE }, record: { state: "awake", since: T1 } });
        await world.handler()(world.transition(WAKE, "OK", T2));

        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.published.length, 1);
        assert.match(world.published[0].Message ?? "", /healthy for 30 minutes/);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("a RECOVERY alarm after the window must put an awake standby back to its standby capacity", async () => {
        world = new World({ group: { minSize: 3, desiredCapacity: 7 }, record: { state: "awake", since: T1 } });
        await world.handler()(world.transition(RECOVERY, "ALARM", T3));

        assert.deepEqual(size(world), ASLEEP);
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
        assert.match(world.published[0].Subject ?? "", /back to standby capacity/);
    });

    it("the recovery alarm's OK and INSUFFICIENT_DATA, and the wake alarm's INSUFFICIENT_DATA, must do nothing", async () => {
        world = new World({ record: { state: "awake", since: T1 } });
        const handler = world.handler();
        await handler(world.transition(RECOVERY, "OK", T2));
        await handler(world.transition(RECOVERY, "INSUFFICIENT_DATA", T3));
        await handler(world.transition(WAKE, "INSUFFICIENT_DATA", T4));
        assert.deepEqual(world.calls, []);
    });

    it("a RECOVERY alarm while the standby is recorded asleep must set the standby capacity again, without notifying", async () => {
        // The record may be stale (a wake that scaled up but failed later), so the capacity is set regardless.
        world = new World({ group: { ...AWAKE }, record: { state: "asleep", since: T1 } });
        await world.handler()(world.transition(RECOVERY, "ALARM", T3));

        assert.deepEqual(size(world), ASLEEP);
        assert.equal(world.published.length, 0);
        // The time is still recorded so that an older wake delivered late now looks stale.
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
    });

    it("a whole failure and recovery must leave the standby asleep, after having woken it", async () => {
        world = new World();
        const handler = world.handler();
        await handler(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        await handler(world.transition(WAKE, "OK", T2));
        await handler(world.transition(RECOVERY, "ALARM", T3));

        assert.deepEqual(size(world), ASLEEP);
        assert.equal(world.published.length, 3);
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
    });
});

describe("failover function: duplicates and ordering", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a duplicated WAKE delivery must notify once and change the group once", async () => {
        world = new World();
        const handler = world.handler();
        const event = world.transition(WAKE, "ALARM", T1);
        await handler(event);
        await handler(event);
        await handler(snsEvent(alarmMessage(WAKE, "ALARM", T1), alarmMessage(WAKE, "ALARM", T1)));

        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.updates().length, 1, "a group already at failover capacity needs no update");
        assert.equal(world.published.length, 1);
    });

    it("an old WAKE delivered after a newer recovery raises the standby (wake first) but must not overwrite the newer record, and must say it was unconfirmed", async () => {
        world = new World({ group: { ...AWAKE }, record: { state: "awake", since: T1 } });
        const handler = world.handler();
        const oldWake = world.transition(WAKE, "ALARM", T2);
        world.transition(WAKE, "OK", "2026-03-01T10:08:00.000+0000");
        await handler(world.transition(RECOVERY, "ALARM", T3));
        await handler(oldWake);

        // The raise comes before any other call, so a late wake raises; the reconcile puts it back.
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "asleep", since: T3 });
        assert.match(world.published.at(-1)?.Subject ?? "", /raised on an unconfirmed wake/);
        assert.ok(world.log.lines.some((l) => /Wake not confirmed/.test(l.message)));
    });

    it("a late recovery older than a repeated WAKE must not put a failing primary's standby to sleep", async () => {
        world = new World({ group: { ...AWAKE }, record: { state: "awake", since: T1 } });
        const handler = world.handler();
        const lateRecovery = alarmEvent(RECOVERY, "ALARM", T2);
        await handler(world.transition(WAKE, "ALARM", T3)); // the primary failed again; already awake
        await handler(lateRecovery); // stale, delivered late

        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T3 });
        assert.match(world.published[0].Subject ?? "", /already awake/);
    });

    it("a newer WAKE while recorded awake must say the standby was already awake, and keep its capacity", async () => {
        world = new World({ group: { ...AWAKE }, record: { state: "awake", since: T1 } });
        await world.handler()(world.transition(WAKE, "ALARM", T2));
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.published.length, 1);
        assert.match(world.published[0].Subject ?? "", /already awake/);
        assert.match(world.published[0].Message ?? "", /already had min 3, desired 4, at or above the failover capacity/);
        assert.deepEqual(world.state(), { state: "awake", since: T2 });
    });

    it("a stale 'awake' record (a sleep that scaled in but failed to notify) must not stop the next wake from scaling up", async () => {
        world = new World({ group: { ...AWAKE }, record: { state: "awake", since: T1 } });
        const handler = world.handler();
        world.fail("sns:Publish", Object.assign(new Error("denied"), { name: "AuthorizationErrorException" }));
        await assert.rejects(handler(world.transition(RECOVERY, "ALARM", T3)), /denied/);
        assert.deepEqual(size(world), ASLEEP);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });

        await handler(world.transition(WAKE, "ALARM", T4)); // the primary fails again before the sleep is retried

        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T4 });
    });

    it("a missing state item must read as asleep, and the first wake must create it", async () => {
        world = new World();
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.item?.version?.N, "1");
    });

    it("an unreadable state item must not block a wake, and must be logged and rewritten", async () => {
        world = new World();
        world.item = { pk: { S: "failover-state" }, state: { S: "sleeping" }, version: { S: "garbled" } };
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.equal(world.item?.version?.N, "1");
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
        ["30 February", snsEvent(alarmMessage(WAKE, "ALARM", "2026-02-30T10:00:00.000+0000"))],
        ["a time an hour ahead of the function's clock", snsEvent(alarmMessage(WAKE, "ALARM", "2026-03-01T13:00:00.000+0000"))],
        ["one good record next to a bad one", snsEvent(alarmMessage(WAKE, "ALARM", T1), "{")],
    ];
    for (const [what, event] of malformed) {
        it(`${what} must be logged as an error, make no AWS call, and fail the invocation`, async () => {
            world = new World();
            world.alarms.get(WAKE)!.state = "ALARM";
            await assert.rejects(world.handler()(event), MalformedEventError);
            assert.deepEqual(world.calls, []);
            assert.equal(world.group.desiredCapacity, 0);
            assert.equal(world.log.levels("error").length, 1);
        });
    }

    it("the function's own notifications must be ignored without any AWS call", async () => {
        world = new World();
        const event = world.transition(WAKE, "ALARM", T1);
        event.Records[0].Sns.MessageAttributes = { source: { Type: "String", Value: "ha-web-tier-failover" } };
        await world.handler()(event);
        assert.deepEqual(world.calls, []);
    });

    it("no UpdateAutoScalingGroup call may ever name any group but the standby, whatever the alarm sequence", async () => {
        world = new World();
        // The primary's ASG name is offered in the environment; the function must have no way to use it.
        const env = baseEnv({ PRIMARY_ASG_NAME: PRIMARY_ASG });
        const handler = world.handler(env);
        await handler(world.transition(WAKE, "ALARM", T1)); // wake
        await handler(world.transition(WAKE, "OK", T2)); // primary healthy: notify only
        await handler(world.transition(RECOVERY, "ALARM", T3)); // recovery: scale in
        await handler(world.transition(RECOVERY, "ALARM", T3)); // duplicate
        await handler(alarmEvent(WAKE, "ALARM", "2026-03-01T10:10:00Z")); // out of order, primary healthy: not confirmed
        await handler(world.transition(WAKE, "ALARM", T4)); // wake again
        await handler(world.transition(WAKE, "ALARM", "2026-03-01T11:05:00Z")); // repeated wake while awake
        await handler(world.transition(RECOVERY, "ALARM", "2026-03-01T11:50:00Z")); // recovery while failing again: kept up

        assert.deepEqual(size(world), AWAKE);
        const updates = world.updates();
        assert.ok(updates.length >= 3);
        for (const input of updates) {
            assert.equal(input.AutoScalingGroupName, STANDBY_ASG, JSON.stringify(input));
        }
        assert.ok(world.calls.filter((c) => c.startsWith("autoscaling:")).every((c) => ["autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup"].includes(c)));

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
        world = new World({ group: { minSize: 2, desiredCapacity: 2 } });
        const handler = world.handler(
            baseEnv({ MODE: "warm-standby", STANDBY_MIN_SIZE: "2", STANDBY_DESIRED_CAPACITY: "2", FAILOVER_MIN_SIZE: "6", FAILOVER_DESIRED_CAPACITY: "6" }),
        );
        await handler(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), { minSize: 6, desiredCapacity: 6 });
        assert.match(world.published[0].Message ?? "", /warm-standby/);
        world.transition(WAKE, "OK", T2);
        await handler(world.transition(RECOVERY, "ALARM", T3));
        assert.deepEqual(size(world), { minSize: 2, desiredCapacity: 2 });
    });
});

describe("failover function: the database replica on wake and recovery", () => {
    let world: World;
    afterEach(() => world.restore());
    const dbEnv = (autoPromote?: string) => baseEnv({ REPLICA_DB_IDENTIFIER: REPLICA, AUTO_PROMOTE: autoPromote });

    it("with auto-promotion off (the default), a wake must not promote, and must give the exact command", async () => {
        world = new World();
        await world.handler(dbEnv(undefined))(world.transition(WAKE, "ALARM", T1));
        assert.equal(world.replica, "replica");
        const body = world.published[0].Message ?? "";
        assert.match(body, /promotion is PENDING/);
        assert.ok(body.includes("aws rds promote-read-replica --db-instance-identifier web-replica --region us-west-2"));
        assert.match(body, /docs\/data-tier\.md/);
    });

    it("without a replica there must be no RDS call and no database paragraph", async () => {
        world = new World();
        await world.handler(baseEnv({ AUTO_PROMOTE: "true", REPLICA_DB_IDENTIFIER: "" }))(world.transition(WAKE, "ALARM", T1));
        assert.ok(!world.calls.some((c) => c.startsWith("rds:")));
        assert.doesNotMatch(world.published[0].Message ?? "", /DATABASE/);
    });

    it("a recovery must never promote, and must scale in while the replica is still a replica", async () => {
        world = new World({ group: { ...AWAKE }, record: { state: "awake", since: T1 } });
        await world.handler(dbEnv("false"))(world.transition(RECOVERY, "ALARM", T3));
        assert.equal(world.replica, "replica");
        assert.deepEqual(size(world), ASLEEP);
    });

    for (const recorded of ["awake", "asleep"]) {
        it(`a standby recorded ${recorded} must be kept up when its replica has been promoted to a writer`, async () => {
            world = new World({ group: { ...AWAKE }, record: { state: recorded, since: T1 } });
            world.replica = "promoted";
            await world.handler(dbEnv("false"))(world.transition(RECOVERY, "ALARM", T3));
            assert.deepEqual(size(world), AWAKE);
            assert.match(world.published[0].Subject ?? "", /kept up: its database was promoted/);
            assert.deepEqual(world.state(), { state: "awake", since: T3 });
        });
    }

    it("a repeated wake must still report the database step", async () => {
        world = new World({ group: { ...AWAKE }, record: { state: "awake", since: T1 } });
        await world.handler(dbEnv(undefined))(world.transition(WAKE, "ALARM", T2));
        const body = world.published[0].Message ?? "";
        assert.match(world.published[0].Subject ?? "", /already awake/);
        assert.match(body, /promotion is PENDING/);
        assert.equal(world.replica, "replica");
    });
});
