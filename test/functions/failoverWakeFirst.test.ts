// Wake first, record after: the standby's raise depends on Auto Scaling alone; the state item and the
// live alarm only decide what is said and recorded. And an OK is announced only while it is current.
import assert from "node:assert/strict";
import { RECOVERY, WAKE, World, alarmEvent, throttled, size, AWAKE } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:05:00.000+0000";
const T3 = "2026-03-01T10:40:00.000+0000";

const unavailable = () => Object.assign(new Error("service unavailable"), { name: "InternalServerError", $metadata: { httpStatusCode: 500 } });

describe("failover function: wake first, record after", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a wake's only calls before the raise must be Auto Scaling's: no state table, no CloudWatch", async () => {
        world = new World();
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        const raisedAt = world.calls.indexOf("autoscaling:UpdateAutoScalingGroup");
        assert.ok(raisedAt >= 0, "the standby was not raised");
        assert.deepEqual(world.calls.slice(0, raisedAt + 1), ["autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup"]);
        assert.deepEqual(size(world), AWAKE);
    });

    it("a wake whose state-table read fails every attempt must still raise the standby and tell people, without failing", async () => {
        world = new World();
        world.fail("dynamodb:GetItem", unavailable(), 100);
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.published.length, 1);
        assert.match(world.published[0].Subject ?? "", /FAILOVER: standby us-west-2 woken/);
        assert.ok(world.log.levels("error").some((l) => /State item could not be read/.test(l.message)));
    });

    it("a wake whose state-table write fails every attempt must leave the standby raised and the invocation succeeded", async () => {
        world = new World();
        world.fail("dynamodb:PutItem", unavailable(), 100);
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.state(), undefined);
        assert.ok(world.log.levels("error").some((l) => /State not recorded/.test(l.message)));
    });

    it("a wake whose alarm read and state read both fail must raise, and say it was raised on the message alone", async () => {
        world = new World();
        world.fail("dynamodb:GetItem", throttled(), 100);
        world.fail("cloudwatch:DescribeAlarms", unavailable(), 100);
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.match(world.published[0].Message ?? "", /raised on the alarm message alone/);
    });

    it("a wake whose raise fails must fail the invocation (for Lambda's retries and the dead-letter queue) before anything else is called", async () => {
        world = new World();
        world.fail("autoscaling:UpdateAutoScalingGroup", Object.assign(new Error("denied"), { name: "AccessDenied" }));
        await assert.rejects(world.handler()(world.transition(WAKE, "ALARM", T1)), /denied/);
        assert.deepEqual(world.calls, ["autoscaling:DescribeAutoScalingGroups", "autoscaling:UpdateAutoScalingGroup"]);
    });

    it("a recovery whose state read fails must still decide on the live alarms, and scale in only when they say so", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.fail("dynamodb:GetItem", unavailable(), 100);
        world.transition(WAKE, "OK", T2);
        await world.handler()(world.transition(RECOVERY, "ALARM", T3));
        assert.deepEqual(size(world), { minSize: 0, desiredCapacity: 0 });
    });
});

describe("failover function: an OK is announced only while it is current", () => {
    let world: World;
    afterEach(() => world.restore());

    it("an OK older than the ALARM already acted on, with the wake alarm live in ALARM, must not tell anyone the primary is healthy", async () => {
        world = new World();
        const handler = world.handler();
        const lateOk = alarmEvent(WAKE, "OK", T1); // the primary's brief recovery, delivered late
        await handler(world.transition(WAKE, "ALARM", T2));
        const before = world.published.length;
        await handler(lateOk);
        assert.equal(world.published.length, before, "a stale OK was announced as current");
        assert.ok(world.log.lines.some((l) => /Stale OK/.test(l.message)));
        assert.deepEqual(size(world), AWAKE);
    });

    it("an OK older than the recorded action must not be announced even when the live alarm cannot be read", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T2 } });
        world.fail("cloudwatch:DescribeAlarms", unavailable(), 100);
        await world.handler()(alarmEvent(WAKE, "OK", T1));
        assert.equal(world.published.length, 0);
    });

    it("an OK while the live alarm is INSUFFICIENT_DATA must not be announced as current", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.transition(WAKE, "INSUFFICIENT_DATA", T3);
        await world.handler()(alarmEvent(WAKE, "OK", T2));
        assert.equal(world.published.length, 0);
    });

    it("a current OK (the live alarm OK, nothing newer recorded) must still be announced", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        await world.handler()(world.transition(WAKE, "OK", T2));
        assert.equal(world.published.length, 1);
        assert.match(world.published[0].Subject ?? "", /healthy again/);
    });
});
