import assert from "node:assert/strict";
import { UNKNOWN_ALARM_LOG } from "../../functions/shared/contract";
import { createHandler } from "../../functions/failover/handler";
import { MalformedEventError } from "../../functions/failover/events";
import { PROMOTE, RECOVERY, WAKE, World, arnOf, baseEnv, promoteEnv, alarmEvent, size, AWAKE } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";
const T2 = "2026-03-01T10:03:00.000+0000";
const T3 = "2026-03-01T10:05:00.000+0000";
const T4 = "2026-03-01T10:40:00.000+0000";

describe("failover function: a repeat wake never shrinks a standby that is serving", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a flapping primary's second wake must leave a standby grown by target tracking at its grown size", async () => {
        world = new World();
        const handler = world.handler();
        await handler(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        world.group.desiredCapacity = 7; // target tracking scales out under the failed-over traffic
        await handler(world.transition(WAKE, "OK", T2));
        await handler(world.transition(WAKE, "ALARM", T3));

        assert.deepEqual(size(world), { minSize: 3, desiredCapacity: 7 });
        assert.match(world.published.at(-1)?.Message ?? "", /already had min 3, desired 7, at or above the failover capacity/);
        assert.deepEqual(world.state(), { state: "awake", since: T3 });
    });

    it("a wake must raise only what is below the failover capacity, and keep a higher minimum set by hand", async () => {
        world = new World({ group: { minSize: 5, desiredCapacity: 5 } });
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), { minSize: 5, desiredCapacity: 5 });

        world.reset({ group: { minSize: 0, desiredCapacity: 2 } });
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.updates().map((u) => Object.keys(u).sort()), [["AutoScalingGroupName", "DesiredCapacity", "MinSize"]]);
    });

    it("a failover capacity above the group's maximum must raise the group to its maximum, and say so loudly", async () => {
        world = new World({ group: { maxSize: 2 } });
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), { minSize: 2, desiredCapacity: 2 });
        assert.match(world.published[0].Message ?? "", /WARNING: the failover capacity exceeds the group's maximum \(2\)/);
        assert.ok(world.log.levels("error").some((l) => /exceeds the standby group's maximum/.test(l.message)));
    });
});

describe("failover function: time is not trusted blindly", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a state record dated in the future must not make a real wake look stale", async () => {
        world = new World({ record: { state: "asleep", since: "2026-03-05T00:00:00.000Z" } });
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.match(world.log.levels("error")[0].extra.reason as string, /ahead of the function's clock/);
        assert.equal(world.published.length, 1, "the wake must be announced");
    });

    it("a state record on an impossible date (30 February) must be treated as unreadable, not rolled over", async () => {
        // Rolled over, 30 February would be 2 March: after every alarm in this test.
        world = new World({ group: AWAKE, record: { state: "awake", since: "2026-02-30T10:00:00.000Z" } });
        await world.handler()(world.transition(RECOVERY, "ALARM", T4));
        assert.deepEqual(size(world), { minSize: 0, desiredCapacity: 0 });
        assert.deepEqual(world.state(), { state: "asleep", since: T4 });
    });

    it("an event dated far ahead of the function's clock must be refused for the dead-letter queue, and must not block the real one", async () => {
        world = new World();
        const handler = world.handler();
        world.alarms.get(WAKE)!.state = "ALARM";
        await assert.rejects(handler(alarmEvent(WAKE, "ALARM", "2026-03-01T18:00:00.000+0000")), /6 h|21600 s ahead/);
        assert.deepEqual(world.calls, []);
        await handler(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("an event a little ahead of the function's clock (within the allowed skew) must be acted on", async () => {
        world = new World();
        await world.handler()(world.transition(WAKE, "ALARM", "2026-03-01T12:04:00.000Z"));
        assert.deepEqual(size(world), AWAKE);
    });

    it("an impossible StateChangeTime must be malformed, not rolled over to a real date", async () => {
        world = new World();
        world.alarms.get(WAKE)!.state = "ALARM";
        await assert.rejects(world.handler()(alarmEvent(WAKE, "ALARM", "2026-02-30T10:00:00.000+0000")), MalformedEventError);
        assert.deepEqual(world.calls, []);
    });
});

describe("failover function: no publisher is believed", () => {
    let world: World;
    afterEach(() => world.restore());

    const forgeries: [string, Record<string, unknown>][] = [
        ["another account's alarm of the same name", { AlarmArn: arnOf(WAKE, "us-east-1", "999999999999") }],
        ["another region's alarm of the same name", { AlarmArn: arnOf(WAKE, "eu-west-1") }],
        ["no AlarmArn at all", { AlarmArn: undefined }],
        ["the recovery alarm's ARN under the wake alarm's name", { AlarmArn: arnOf(RECOVERY) }],
    ];
    for (const [what, extra] of forgeries) {
        it(`a wake message carrying ${what} must change nothing, and must be counted for the unknown-alarm alarm`, async () => {
            world = new World();
            world.alarms.get(WAKE)!.state = "ALARM"; // even while the real alarm fires: the message is not from it
            await world.handler()(alarmEvent(WAKE, "ALARM", T1, extra));
            assert.deepEqual(world.calls, []);
            assert.deepEqual(size(world), { minSize: 0, desiredCapacity: 0 });
            const [line] = world.log.levels("error");
            assert.equal(line.extra[UNKNOWN_ALARM_LOG.field], UNKNOWN_ALARM_LOG.value);
        });
    }

    it("a message from an alarm the function does not know (a stale name after a replace) must be counted, not only logged", async () => {
        world = new World();
        await world.handler()(alarmEvent("web-primary-unhealthy-old", "ALARM", T1));
        assert.deepEqual(world.calls, []);
        assert.equal(world.log.levels("error")[0].extra[UNKNOWN_ALARM_LOG.field], UNKNOWN_ALARM_LOG.value);
    });

    it("the unknown-alarm marker must be a top-level field of the JSON line Powertools prints, where the metric filter looks", async () => {
        const world = new World();
        // Lambda sends both streams to the log group; Powertools prints errors on stderr.
        const printed: string[] = [];
        const streams = [process.stdout, process.stderr];
        const writes = streams.map((s) => s.write.bind(s));
        const capture = (chunk: string | Uint8Array) => (printed.push(String(chunk)), true);
        for (const s of streams) {
            s.write = capture;
        }
        try {
            await createHandler({ env: baseEnv() })(alarmEvent("someone-elses-alarm", "ALARM", T1));
        } finally {
            streams.forEach((s, i) => (s.write = writes[i]));
            world.restore();
        }
        const lines = printed.flatMap((c) => c.split("\n")).filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
        const marked = lines.filter((l) => l[UNKNOWN_ALARM_LOG.field] === UNKNOWN_ALARM_LOG.value);
        assert.equal(marked.length, 1, printed.join(""));
        assert.equal(marked[0].level, "ERROR");
    });

    it("a wake message while DescribeAlarms says the wake alarm is OK must still raise (wake first), and say it was not confirmed", async () => {
        world = new World();
        await world.handler()(alarmEvent(WAKE, "ALARM", T1)); // the live alarm stays OK
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.published.length, 1);
        assert.match(world.published[0].Subject ?? "", /raised on an unconfirmed wake/);
        assert.match(world.published[0].Message ?? "", /update-auto-scaling-group --auto-scaling-group-name web-standby-asg --min-size 0 --desired-capacity 0 --region us-west-2/);
        assert.ok(world.log.levels("warn").some((l) => /Wake not confirmed/.test(l.message)));
    });

    it("a wake whose alarm cannot be read must still raise the standby, and say the wake was not confirmed", async () => {
        world = new World();
        world.fail("cloudwatch:DescribeAlarms", Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
        await world.handler()(alarmEvent(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.match(world.published[0].Message ?? "", /current state could not be read \(AccessDenied: not authorized\); the standby was raised on the alarm message alone/);
    });
});

describe("failover function: promotion waits, re-checks, and never happens in a drill", () => {
    let world: World;
    afterEach(() => world.restore());
    const promoteAt = "2026-03-01T10:10:00.000+0000";

    it("a wake must not promote; it must say when promotion will happen and how to do it sooner", async () => {
        world = new World();
        await world.handler(promoteEnv())(world.transition(WAKE, "ALARM", T1));
        assert.equal(world.replica, "replica");
        assert.ok(!world.calls.includes("rds:PromoteReadReplica"));
        assert.match(world.published[0].Message ?? "", /promoted automatically once the primary has failed its health check for 10 minutes in a row/);
    });

    it("the promotion alarm, with the wake alarm still in ALARM, must raise the standby and promote the replica once", async () => {
        world = new World();
        const handler = world.handler(promoteEnv());
        await handler(world.transition(WAKE, "ALARM", T1));
        world.group.desiredCapacity = 0; // lowered by hand meanwhile
        world.group.minSize = 0;
        const promote = world.transition(PROMOTE, "ALARM", promoteAt);
        await handler(promote);
        await handler(promote); // delivered twice

        assert.equal(world.replica, "promoted");
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.calls.filter((c) => c === "rds:PromoteReadReplica").length, 1);
        assert.match(world.published.at(-1)?.Subject ?? "", /DATABASE: replica in us-west-2 promoted; primary us-east-2 down 10 min/);
        assert.equal(world.published.length, 2);
    });

    for (const [what, wake, waited] of [
        ["the primary recovered before the promotion alarm's message was handled", "OK", "ALARM"],
        ["the promotion alarm's message is stale (the alarm is OK now)", "ALARM", "OK"],
        ["the wake alarm has no data", "INSUFFICIENT_DATA", "ALARM"],
    ] as const) {
        it(`a promotion must be refused, and people told, when ${what}`, async () => {
            world = new World();
            const event = world.transition(PROMOTE, "ALARM", promoteAt);
            world.transition(WAKE, wake, T2);
            world.alarms.get(PROMOTE)!.state = waited;
            await world.handler(promoteEnv())(event);
            assert.equal(world.replica, "replica");
            assert.ok(!world.calls.includes("rds:PromoteReadReplica"));
            assert.match(world.published[0].Subject ?? "", /NOT promoted/);
        });
    }

    it("a promotion must fail closed when the alarms cannot be read", async () => {
        world = new World();
        world.transition(WAKE, "ALARM", T1);
        world.fail("cloudwatch:DescribeAlarms", Object.assign(new Error("denied"), { name: "AccessDenied" }));
        await assert.rejects(world.handler(promoteEnv())(world.transition(PROMOTE, "ALARM", promoteAt)), /denied/);
        assert.equal(world.replica, "replica");
    });

    it("a drill must wake the standby but never promote, whatever the alarms say", async () => {
        world = new World();
        const handler = world.handler(promoteEnv({ DRILL: "true" }));
        await handler(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.match(world.published[0].Subject ?? "", /^\[prod\] DRILL: FAILOVER/);
        assert.match(world.published[0].Message ?? "", /this is a drill; the read replica web-replica in us-west-2 is not promoted/);
        assert.doesNotMatch(world.published[0].Message ?? "", /promote-read-replica/);

        await handler(world.transition(PROMOTE, "ALARM", promoteAt));
        assert.equal(world.replica, "replica");
        assert.ok(!world.calls.some((c) => c.startsWith("rds:")), "a drill must not even ask");
        assert.match(world.published[1].Subject ?? "", /DRILL: DATABASE: replica in us-west-2 NOT promoted/);
        assert.doesNotMatch(world.published[1].Message ?? "", /promote-read-replica/);
    });

    it("without automatic promotion a promotion alarm message must be ignored", async () => {
        world = new World();
        world.transition(WAKE, "ALARM", T1);
        await world.handler(promoteEnv({ AUTO_PROMOTE: "false" }))(world.transition(PROMOTE, "ALARM", promoteAt));
        assert.equal(world.replica, "replica");
        assert.ok(!world.calls.some((c) => c.startsWith("rds:")));
    });
});
