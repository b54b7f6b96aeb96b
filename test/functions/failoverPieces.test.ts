// The failover function's pieces on their own: its clients, the replica's promotion and state, the live
// alarms, the state item's reader and compare-and-set writer, and what the handler does with events
// that are not SNS alarm messages at all.
import assert from "node:assert/strict";
import { type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { type AttributeValue, ConditionalCheckFailedException, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DBInstanceNotFoundFault, type RDSClient } from "@aws-sdk/client-rds";
import { liveAlarms } from "../../functions/failover/alarms";
import { type Clients, createClients, notify, promoteReplica, replicaWasPromoted } from "../../functions/failover/aws";
import { MalformedEventError } from "../../functions/failover/events";
import { parseSettings } from "../../functions/failover/settings";
import { parseStateItem, readState, writeState } from "../../functions/failover/state";
import { type Call, callOnce } from "../../functions/shared/retry";
import { NOW, PROMOTE, REPLICA, TABLE, WAKE, World, alarmEvent, baseEnv, holdEnv, promoteEnv } from "./failoverFixtures";
import { freshLoad } from "./freshLoad";

const T1 = "2026-03-01T10:00:00.000Z";
const T2 = "2026-03-01T10:30:00.000Z";
const nowMs = Date.parse(NOW);
const named = (name: string) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: 400 } });
const fake = <C>(send: (input: Record<string, unknown>) => Promise<unknown>) => ({ send: (cmd: { input: Record<string, unknown> }) => send(cmd.input) }) as unknown as C;

describe("failover function: its clients", () => {
    it("each client must call its service's region once per attempt, with connect and request timeouts", async () => {
        const s = parseSettings(holdEnv({ NOTIFY_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:t" }));
        const c = createClients(s);
        const all = [c.autoScaling, c.dynamoDb, c.rds, c.sns, c.cloudWatch, c.hold!.ssm, c.hold!.cloudWatch];
        assert.deepEqual(await Promise.all(all.map((x) => x.config.region())), ["us-west-2", "us-west-2", "us-west-2", "eu-west-1", "us-east-1", "us-west-2", "us-west-2"]);
        assert.deepEqual(await Promise.all(all.map((x) => x.config.maxAttempts())), [1, 1, 1, 1, 1, 1, 1]);
        for (const x of all) {
            const handler = (x.config.requestHandler as unknown as { configProvider: Promise<{ connectionTimeout?: number; requestTimeout?: number }> }).configProvider;
            const { connectionTimeout, requestTimeout } = await handler;
            assert.deepEqual({ connectionTimeout, requestTimeout }, { connectionTimeout: 3_000, requestTimeout: 5_000 });
        }
        assert.equal(createClients(parseSettings(baseEnv())).hold, undefined);
    });
});

describe("failover function: the replica", () => {
    let world: World;
    beforeEach(() => (world = new World()));
    afterEach(() => world.restore());
    const clients = (rds?: RDSClient): Clients => ({ ...createClients(parseSettings(promoteEnv())), ...(rds ? { rds } : {}) });

    it("promoting a replica that is already a writer, however RDS names the refusal, must say so; any other failure is a failed promotion", async () => {
        world.replica = "promoted";
        assert.deepEqual(await promoteReplica(clients(), callOnce, REPLICA), { kind: "already-promoted", replica: REPLICA, detail: "InvalidDBInstanceStateFault: not a read replica" });
        for (const name of ["InvalidDBInstanceStateFault", "InvalidDBInstanceState"]) {
            const rds = fake<RDSClient>(() => Promise.reject(named(name)));
            assert.equal((await promoteReplica(clients(rds), callOnce, REPLICA)).kind, "already-promoted", name);
        }
        const rds = fake<RDSClient>(() => Promise.reject(named("AccessDenied")));
        assert.deepEqual(await promoteReplica(clients(rds), callOnce, REPLICA), { kind: "failed", replica: REPLICA, detail: "AccessDenied: AccessDenied happened" });
        const nameless = new Error("socket hang up");
        Object.defineProperty(nameless, "name", { value: undefined });
        assert.deepEqual(await promoteReplica(clients(fake<RDSClient>(() => Promise.reject(nameless))), callOnce, REPLICA), { kind: "failed", replica: REPLICA, detail: "Error: socket hang up" });
    });

    it("promoting must name the replica to RDS", async () => {
        assert.deepEqual(await promoteReplica(clients(), callOnce, REPLICA), { kind: "promoted", replica: REPLICA });
        assert.equal(world.replica, "promoted");
    });

    it("a replica is a writer only when RDS describes it without a source; missing, not described or absent, it is not", async () => {
        const s = parseSettings(promoteEnv());
        assert.equal(await replicaWasPromoted(clients(), callOnce, s), false);
        world.replica = "promoted";
        assert.equal(await replicaWasPromoted(clients(), callOnce, s), true);
        world.replica = "absent";
        assert.equal(await replicaWasPromoted(clients(), callOnce, s), false);
        for (const answer of [{}, { DBInstances: [] }]) {
            assert.equal(await replicaWasPromoted(clients(fake<RDSClient>(() => Promise.resolve(answer))), callOnce, s), false);
        }
        const notFound = new DBInstanceNotFoundFault({ message: "gone", $metadata: {} });
        assert.equal(await replicaWasPromoted(clients(fake<RDSClient>(() => Promise.reject(notFound))), callOnce, s), false);
        await assert.rejects(replicaWasPromoted(clients(fake<RDSClient>(() => Promise.reject(named("AccessDenied")))), callOnce, s), /AccessDenied happened/);
    });

    it("without a replica there is nothing to ask: another instance in the region must not count as a promoted replica", async () => {
        const rds = fake<RDSClient>(() => Promise.resolve({ DBInstances: [{ DBInstanceIdentifier: "someone-elses-writer" }] }));
        assert.equal(await replicaWasPromoted(clients(rds), callOnce, parseSettings(baseEnv())), false);
    });

    it("each call must reach the retry policy named by its IAM action", async () => {
        const labels: string[] = [];
        const call: Call = (label, fn, retryIf) => (labels.push(label), callOnce(label, fn, retryIf));
        const c = clients();
        await replicaWasPromoted(c, call, parseSettings(promoteEnv()));
        await promoteReplica(c, call, REPLICA);
        await liveAlarms(c.cloudWatch, call, [WAKE], "us-east-1");
        await readState(c.dynamoDb, call, TABLE, nowMs);
        await writeState(c.dynamoDb, call, TABLE, { state: "awake", since: T1, sinceMs: Date.parse(T1) }, parseStateItem(undefined, nowMs), () => new Date(nowMs));
        await notify(c, call, parseSettings(promoteEnv()), { subject: "s", body: "b" });
        assert.deepEqual(labels, ["rds:DescribeDBInstances", "rds:PromoteReadReplica", "cloudwatch:DescribeAlarms", "dynamodb:GetItem", "dynamodb:PutItem", "sns:Publish"]);
    });
});

describe("failover function: live alarms", () => {
    let world: World;
    beforeEach(() => (world = new World()));
    afterEach(() => world.restore());
    const cw = (alarms: unknown[] | undefined) => fake<CloudWatchClient>(() => Promise.resolve(alarms === undefined ? {} : { MetricAlarms: alarms }));

    it("an alarm CloudWatch does not report, or reports without a state, must be refused as not found, naming it and its region", async () => {
        for (const client of [cw(undefined), cw([]), cw([{ AlarmName: WAKE }]), cw([{ StateValue: "OK" }])]) {
            await assert.rejects(liveAlarms(client, callOnce, [WAKE], "us-east-1"), (error: Error) =>
                error.name === "AlarmNotFoundError" && error.message === `Alarm ${WAKE} was not found in us-east-1; refusing to act on the primary's health without it`);
        }
    });

    it("an alarm's time must be its last state transition, or its last update when CloudWatch gives no transition", async () => {
        const t = new Date(T1);
        const u = new Date(T2);
        const read = async (alarm: Record<string, unknown>) => (await liveAlarms(cw([{ AlarmName: WAKE, StateValue: "ALARM", ...alarm }]), callOnce, [WAKE], "us-east-1")).get(WAKE);
        assert.deepEqual(await read({ StateTransitionedTimestamp: t, StateUpdatedTimestamp: u }), { name: WAKE, arn: undefined, state: "ALARM", transitionedAt: t.getTime() });
        assert.equal((await read({ StateTransitionedTimestamp: t }))?.transitionedAt, t.getTime());
        assert.equal((await read({ StateUpdatedTimestamp: u }))?.transitionedAt, u.getTime());
        assert.equal((await read({}))?.transitionedAt, undefined);
    });
});

describe("failover function: the state item", () => {
    let world: World;
    beforeEach(() => (world = new World()));
    afterEach(() => world.restore());
    const ddb = new DynamoDBClient({ region: "us-west-2" });
    const record = { state: "awake" as const, since: T2, sinceMs: Date.parse(T2) };
    const now = () => new Date(nowMs);

    it("an item without a state, with another state or without a time must be untrusted, saying what an item must be", () => {
        const shape = 'item is not {state: "awake"|"asleep", since: <ISO time>}';
        const items: Record<string, AttributeValue>[] = [{ since: { S: T1 } }, { state: { S: "sleepy" }, since: { S: T1 } }, { state: { S: "awake" } }];
        for (const item of items) {
            assert.deepEqual(parseStateItem({ pk: { S: "failover-state" }, ...item }, nowMs), { ok: false, reason: shape, version: { kind: "unversioned" } });
        }
    });

    it("a missing item must read as asleep since the epoch, under the state key", async () => {
        const state = freshLoad<typeof import("../../functions/failover/state")>("failover/state");
        const expected = { ok: true, record: { state: "asleep", since: "1970-01-01T00:00:00.000Z", sinceMs: 0 }, version: { kind: "absent" } };
        assert.deepEqual(state.parseStateItem(undefined, nowMs), expected);
        assert.deepEqual(await state.readState(ddb, callOnce, TABLE, nowMs), expected);
    });

    it("an item written before versions must be replaced only while still unversioned, and then carry version 1", async () => {
        world.item = { pk: { S: "failover-state" }, state: { S: "asleep" }, since: { S: T1 } };
        const read = await readState(ddb, callOnce, TABLE, nowMs);
        assert.deepEqual(read.version, { kind: "unversioned" });
        assert.equal(await writeState(ddb, callOnce, TABLE, record, read, now), "written");
        assert.deepEqual(world.item, { pk: { S: "failover-state" }, state: { S: "awake" }, since: { S: T2 }, version: { N: "1" }, updatedAt: { S: NOW } });
    });

    it("a version that is not a whole number of zero or more must be replaced by version 1", async () => {
        for (const n of ["-3", "1.5"]) {
            world.item = { pk: { S: "failover-state" }, state: { S: "asleep" }, since: { S: T1 }, version: { N: n } };
            await writeState(ddb, callOnce, TABLE, record, await readState(ddb, callOnce, TABLE, nowMs), now);
            assert.deepEqual(world.item?.version, { N: "1" }, n);
        }
    });

    it("a lost race, however the SDK names it, must be written again on the new version; a failure that is not a lost race must be thrown", async () => {
        world.fail("dynamodb:PutItem", Object.assign(new Error("The conditional request failed"), { name: "ConditionalCheckFailedException" }));
        assert.equal(await writeState(ddb, callOnce, TABLE, record, await readState(ddb, callOnce, TABLE, nowMs), now), "written");
        assert.equal(world.item?.state?.S, "awake");
        world.reset();
        world.fail("dynamodb:PutItem", named("AccessDeniedException"));
        await assert.rejects(writeState(ddb, callOnce, TABLE, record, await readState(ddb, callOnce, TABLE, nowMs), now), /AccessDeniedException happened/);
        assert.equal(world.item, undefined);
    });

    it("three lost races in a row must give up so Lambda retries, and a fourth attempt is never made", async () => {
        const lost = () => new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });
        world.fail("dynamodb:PutItem", lost(), 3);
        await assert.rejects(writeState(ddb, callOnce, TABLE, record, await readState(ddb, callOnce, TABLE, nowMs), now),
            new RegExp(`State item in ${TABLE} changed under 3 writes in a row; giving up so Lambda retries the event`));
        assert.equal(world.item, undefined);
    });
});

describe("failover function: events that are not alarm messages", () => {
    let world: World;
    beforeEach(() => (world = new World()));
    afterEach(() => world.restore());

    it("no event at all, or null, must be refused as malformed, not crash, and change nothing", async () => {
        for (const event of [undefined, null]) {
            await assert.rejects(world.handler()(event), MalformedEventError);
        }
        assert.deepEqual(world.calls, []);
    });

    it("an invocation without Lambda's time budget must still act", async () => {
        await world.handler()(world.transition(WAKE, "ALARM", T1), {});
        assert.deepEqual({ minSize: world.group.minSize, desiredCapacity: world.group.desiredCapacity }, { minSize: 3, desiredCapacity: 4 });
    });

    it("the promotion alarm returning to OK must ask for nothing and tell no one", async () => {
        world.transition(WAKE, "ALARM", T1);
        await world.handler(promoteEnv())(alarmEvent(PROMOTE, "OK", T2));
        assert.equal(world.replica, "replica");
        assert.deepEqual(world.published, []);
    });
});
