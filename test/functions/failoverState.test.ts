import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { callOnce } from "../../functions/shared/retry";
import { INITIAL_STATE, parseStateItem, readState, writeState } from "../../functions/failover/state";
import { parseAlarmTime } from "../../functions/failover/time";
import { evaluateCondition } from "./ddbCondition";
import { NOW, TABLE, World } from "./failoverFixtures";

const nowMs = Date.parse(NOW);
const item = (state: string, since: string, version?: string) => ({
    pk: { S: "failover-state" },
    state: { S: state },
    since: { S: since },
    ...(version === undefined ? {} : { version: { N: version } }),
});

describe("failover function: alarm times", () => {
    it("only real calendar dates and times must parse, each to its instant", () => {
        assert.equal(parseAlarmTime("2026-03-01T10:00:00.000+0000"), Date.parse("2026-03-01T10:00:00Z"));
        assert.equal(parseAlarmTime("2026-03-01T12:30:00+02:30"), Date.parse("2026-03-01T10:00:00Z"));
        assert.equal(parseAlarmTime("2024-02-29T00:00:00Z"), Date.parse("2024-02-29T00:00:00Z"), "a leap day");
        assert.equal(parseAlarmTime("2026-03-01T10:00:00.123456789Z"), Date.parse("2026-03-01T10:00:00.123Z"));
        for (const bad of [
            "2026-02-30T10:00:00.000+0000", // 30 February
            "2025-02-29T10:00:00Z", // not a leap year
            "2026-04-31T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-00-10T10:00:00Z",
            "2026-03-01T24:00:00Z",
            "2026-03-01T10:60:00Z",
            "2026-03-01T10:00:60Z",
            "2026-03-01T10:00:00+1500",
            "2026-03-01",
            "yesterday",
        ]) {
            assert.equal(parseAlarmTime(bad), undefined, bad);
        }
    });
});

describe("failover function: the state item", () => {
    it("a missing item must read as asleep since the epoch, writable only while it is still missing", () => {
        const read = parseStateItem(undefined, nowMs);
        assert.deepEqual(read, { ok: true, record: INITIAL_STATE, version: { kind: "absent" } });
    });

    it("an item dated ahead of the function's clock, or on an impossible date, must not be trusted", () => {
        const future = parseStateItem(item("asleep", "2026-03-02T12:00:00.000Z", "4"), nowMs);
        assert.ok(!future.ok && /86400 s ahead of the function's clock/.test(future.reason));
        const feb30 = parseStateItem(item("awake", "2026-02-30T10:00:00.000Z", "4"), nowMs);
        assert.ok(!feb30.ok && /real calendar date/.test(feb30.reason));
        // Within the allowed skew it is still trusted.
        assert.ok(parseStateItem(item("awake", "2026-03-01T12:04:00.000Z", "4"), nowMs).ok);
    });

    it("the condition model must refuse what DynamoDB refuses, so the tests below can fail", () => {
        const stored = item("awake", "2026-03-01T10:00:00.000Z", "3");
        const ctx = (values: Record<string, { N: string }>) => ({ item: stored, names: { "#version": "version", "#pk": "pk" }, values });
        assert.equal(evaluateCondition("#version = :read", ctx({ ":read": { N: "3" } })), true);
        assert.equal(evaluateCondition("#version = :read", ctx({ ":read": { N: "2" } })), false);
        assert.equal(evaluateCondition("attribute_not_exists(#pk)", ctx({})), false);
        assert.equal(evaluateCondition("attribute_exists(#pk) AND attribute_not_exists(#version)", ctx({})), false);
        assert.equal(evaluateCondition("attribute_not_exists(#pk)", { item: undefined, names: { "#pk": "pk" }, values: {} }), true);
    });

    it("a write on a view another invocation has since changed must not land, and an older action must never overwrite a newer record", async () => {
        const world = new World({ record: { state: "asleep", since: "2026-03-01T09:00:00.000Z", version: 5 } });
        try {
            const ddb = new DynamoDBClient({ region: "us-west-2" });
            const now = () => new Date(nowMs);
            const a = await readState(ddb, callOnce, TABLE, nowMs);
            const b = await readState(ddb, callOnce, TABLE, nowMs);
            // b acts on the newer alarm and writes first; a, older and on the same view, comes second.
            assert.equal(await writeState(ddb, callOnce, TABLE, { state: "awake", since: "2026-03-01T10:05:00.000Z", sinceMs: Date.parse("2026-03-01T10:05:00.000Z") }, b, now), "written");
            assert.equal(await writeState(ddb, callOnce, TABLE, { state: "asleep", since: "2026-03-01T10:00:00.000Z", sinceMs: Date.parse("2026-03-01T10:00:00.000Z") }, a, now), "superseded");
            assert.deepEqual(world.state(), { state: "awake", since: "2026-03-01T10:05:00.000Z" });
            assert.equal(world.item?.version?.N, "6");

            // A newer action on a stale view is written on the version it finds when it reads again.
            assert.equal(await writeState(ddb, callOnce, TABLE, { state: "asleep", since: "2026-03-01T10:40:00.000Z", sinceMs: Date.parse("2026-03-01T10:40:00.000Z") }, a, now), "written");
            assert.deepEqual(world.state(), { state: "asleep", since: "2026-03-01T10:40:00.000Z" });
            assert.equal(world.item?.version?.N, "7");
            const times = world.writes.map((w) => Date.parse(w.since.S!));
            assert.deepEqual(times, [...times].sort((x, y) => x - y), "every write must be newer than the one before");
        } finally {
            world.restore();
        }
    });

    it("the shared names module must import nothing, so the Pulumi program can load it without the AWS SDK", () => {
        const source = fs.readFileSync(path.resolve(__dirname, "..", "..", "functions", "shared", "contract.ts"), "utf8");
        assert.doesNotMatch(source, /^\s*import\b|^\s*export\b[^;]*\bfrom\b|\brequire\s*\(|\bimport\s*\(/m);
    });
});
