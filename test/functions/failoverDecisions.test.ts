// What the failover function decides at the edges of each path: a state item it cannot trust, a live
// alarm it cannot read, a hold it cannot read or set, a promotion it must refuse. Each test asserts what
// the standby, the state item, the replica and on-call end up with.
import assert from "node:assert/strict";
import { PROMOTE, PROMOTE_ARN, RECOVERY, REPLICA, WAKE, World, baseEnv, holdEnv, promoteEnv, size, AWAKE, denied } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000Z";
const T2 = "2026-03-01T10:30:00.000Z";
const HOLD = "/ha-web-tier/prod/primary-held";
const body = (w: World, i = 0) => w.published[i]?.Message ?? "";

describe("failover function: decisions at the edges", () => {
    let world: World;
    afterEach(() => world.restore());

    it("a wake over a state item nobody can read must act and rewrite the item", async () => {
        world = new World({ record: { state: "sleepy", since: "not a time" } });
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
        assert.match(world.published[0].Subject ?? "", /FAILOVER: standby us-west-2 woken/);
    });

    it("a wake the live alarm contradicts must be announced as unconfirmed and recorded when it raised the standby, and not at all when it was up", async () => {
        world = new World();
        const event = world.transition(WAKE, "ALARM", T1);
        world.transition(WAKE, "OK", T2);
        await world.handler()(event);
        assert.deepEqual(size(world), AWAKE);
        assert.match(world.published[0].Subject ?? "", /raised on an unconfirmed wake/);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });

        world.reset({ group: AWAKE });
        const again = world.transition(WAKE, "ALARM", T1);
        world.transition(WAKE, "OK", T2);
        await world.handler()(again);
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.published, []);
        assert.equal(world.state(), undefined);
    });

    it("with manual failback, a wake must hold the primary out and say so after a blank line; a failed hold must be said with the command to hold it", async () => {
        world = new World();
        world.params.set(HOLD, "false");
        await world.handler(holdEnv({ FAILBACK: "manual" }))(world.transition(WAKE, "ALARM", T1));
        assert.equal(world.params.get(HOLD), "true");
        assert.ok(body(world).includes("\n\nFAILBACK IS MANUAL: the primary us-east-2 is now held out of DNS."), body(world));

        world.reset();
        world.params.set(HOLD, "false");
        world.fail("ssm:PutParameter", denied());
        await world.handler(holdEnv({ FAILBACK: "manual" }))(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.equal(world.params.get(HOLD), "false");
        const text = body(world);
        assert.ok(text.includes("\n\nFAILBACK IS MANUAL, but holding the primary out of DNS failed (AccessDeniedException: denied)"), text);
        assert.ok(text.includes("npm run switch -- failover --stack prod"), text);
        assert.ok(text.includes("--value true --region us-west-2"), text);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });

        world.reset();
        world.params.set(HOLD, "false");
        const nameless = new Error("socket hang up");
        Object.defineProperty(nameless, "name", { value: undefined });
        world.fail("ssm:PutParameter", nameless);
        await world.handler(holdEnv({ FAILBACK: "manual" }))(world.transition(WAKE, "ALARM", T1));
        assert.ok(body(world).includes("holding the primary out of DNS failed (Error: socket hang up)"), body(world));
    });

    it("a replica with a promotion alarm but automatic promotion off must be announced as pending, never scheduled", async () => {
        world = new World();
        await world.handler(baseEnv({ REPLICA_DB_IDENTIFIER: REPLICA, PROMOTE_ALARM_NAME: PROMOTE, PROMOTE_ALARM_ARN: PROMOTE_ARN }))(world.transition(WAKE, "ALARM", T1));
        assert.match(body(world), /promotion is PENDING/);
        assert.doesNotMatch(body(world), /promoted automatically/);
    });

    it("an OK must be announced when the state item or the live alarm cannot be read, and when the record is as old as the OK", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.fail("dynamodb:GetItem", denied());
        await world.handler()(world.transition(WAKE, "OK", T2));
        assert.match(world.published[0]?.Subject ?? "", /healthy again/);

        world.reset({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.fail("cloudwatch:DescribeAlarms", denied());
        await world.handler()(world.transition(WAKE, "OK", T2));
        assert.match(world.published[0]?.Subject ?? "", /healthy again/);

        world.reset({ group: AWAKE, record: { state: "awake", since: T2 } });
        await world.handler()(world.transition(WAKE, "OK", T2));
        assert.match(world.published[0]?.Subject ?? "", /healthy again/);
        assert.deepEqual(world.state(), { state: "awake", since: T2 });
    });

    it("a recovery refused before any scale-in must say the standby was not scaled in", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.transition(WAKE, "ALARM", T1);
        await world.handler()(world.transition(RECOVERY, "ALARM", T2));
        assert.deepEqual(size(world), AWAKE);
        assert.ok(body(world).includes("The standby web-standby-asg in us-west-2 was not scaled in."), body(world));
    });

    it("a stale recovery while the primary fails again must keep the standby up and tell no one", async () => {
        world = new World({ group: { minSize: 0, desiredCapacity: 0 }, record: { state: "awake", since: T2 } });
        world.transition(WAKE, "ALARM", T2);
        await world.handler()(world.transition(RECOVERY, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.published, []);
        assert.deepEqual(world.state(), { state: "awake", since: T2 });
    });

    it("a hold that cannot be read must count as held: before the scale-in the standby stays, after it the standby is raised again", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.fail("ssm:GetParameter", denied());
        await world.handler(holdEnv())(world.transition(RECOVERY, "ALARM", T2));
        assert.deepEqual(size(world), AWAKE);
        assert.match(world.published[0]?.Subject ?? "", /healthy but held out/);

        world.reset({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.params.set(HOLD, "false");
        let reads = 0;
        world.gate = (action) => {
            if (action === "ssm:GetParameter" && ++reads === 2) world.fail(action, denied());
            return Promise.resolve();
        };
        await world.handler(holdEnv())(world.transition(RECOVERY, "ALARM", T2));
        assert.deepEqual(size(world), AWAKE);
        assert.match(world.published[0]?.Subject ?? "", /healthy but held out/);
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("a standby kept up for its promoted replica must be announced naming that replica", async () => {
        world = new World({ group: AWAKE, record: { state: "awake", since: T1 } });
        world.replica = "promoted";
        await world.handler(baseEnv({ REPLICA_DB_IDENTIFIER: REPLICA }))(world.transition(RECOVERY, "ALARM", T2));
        assert.deepEqual(size(world), AWAKE);
        assert.ok(body(world).includes(`but ${REPLICA} in us-west-2 is no longer a read replica`), body(world));
    });

    it("a promotion alarm without a replica to promote must promote nothing and tell no one", async () => {
        world = new World({ group: AWAKE });
        world.transition(WAKE, "ALARM", T1);
        await world.handler(baseEnv({ AUTO_PROMOTE: "true", PROMOTE_ALARM_NAME: PROMOTE, PROMOTE_ALARM_ARN: PROMOTE_ARN }))(world.transition(PROMOTE, "ALARM", T2));
        assert.equal(world.replica, "replica");
        assert.deepEqual(world.published, []);
    });

    const refusals: [string, (w: World) => void, Record<string, string>, string][] = [
        ["in a drill", (w) => w.transition(WAKE, "ALARM", T1), { DRILL: "true" }, "was not promoted: this is a drill (failover.drill), and a drill never promotes."],
        ["with the wake alarm OK", (w) => w.transition(WAKE, "OK", T1), {}, "was not promoted: the wake alarm web-primary-unhealthy is OK now: the primary passes its health check again."],
        ["with the wake alarm out of data", (w) => w.transition(WAKE, "INSUFFICIENT_DATA", T1), {}, "was not promoted: the wake alarm web-primary-unhealthy is INSUFFICIENT_DATA now: it has no health data to judge by."],
        ["with the promotion alarm OK again", (w) => {
            w.transition(WAKE, "ALARM", T1);
            w.alarms.get(PROMOTE)!.state = "OK";
        }, {}, "was not promoted: the promotion alarm web-primary-down-long is OK now: the primary has not failed for 10 minutes in a row."],
    ];
    for (const [when, arrange, env, reason] of refusals) {
        it(`a promotion ${when} must be refused, telling on-call why`, async () => {
            world = new World({ group: AWAKE });
            const event = world.transition(PROMOTE, "ALARM", T2);
            arrange(world);
            await world.handler(promoteEnv(env))(event);
            assert.equal(world.replica, "replica");
            assert.ok(body(world).includes(reason), body(world));
        });
    }

    it("a promotion that succeeds must be announced as started and log no error", async () => {
        world = new World({ group: AWAKE });
        world.transition(WAKE, "ALARM", T1);
        await world.handler(promoteEnv())(world.transition(PROMOTE, "ALARM", T2));
        assert.equal(world.replica, "promoted");
        assert.match(body(world), /has started/);
        assert.deepEqual(world.log.levels("error"), []);
    });

    it("an action whose first read of the state failed must still be recorded over an older record", async () => {
        world = new World({ record: { state: "asleep", since: "2026-03-01T09:00:00.000Z" } });
        world.fail("dynamodb:GetItem", denied());
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(world.state(), { state: "awake", since: T1 });
    });

    it("an action must not overwrite one recorded for the same alarm time while its first read failed", async () => {
        world = new World({ record: { state: "asleep", since: T1 } });
        world.fail("dynamodb:GetItem", denied());
        await world.handler()(world.transition(WAKE, "ALARM", T1));
        assert.deepEqual(size(world), AWAKE);
        assert.deepEqual(world.state(), { state: "asleep", since: T1 });
    });
});
