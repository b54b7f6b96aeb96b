/**
 * The state item: the function's last action and the alarm time behind it, one DynamoDB item in the
 * standby region, written only by compare-and-set so an older action never overwrites a newer record.
 */
import {
    type AttributeValue,
    ConditionalCheckFailedException,
    type DynamoDBClient,
    GetItemCommand,
    PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { STATE_ITEM_KEY, STATE_KEY_ATTRIBUTE } from "../shared/contract";
import type { Call } from "../shared/retry";
import { aheadOfClock, parseAlarmTime } from "./time";

/** Whether the standby has been scaled to failover capacity ("awake") or sits at standby capacity. */
export type StandbyState = "awake" | "asleep";

/** The last action the function took and the alarm StateChangeTime that caused it. */
export interface StateRecord {
    state: StandbyState;
    /** StateChangeTime of the alarm message that was last acted on, verbatim. */
    since: string;
    /** The same time in epoch milliseconds, for ordering. */
    sinceMs: number;
}

/** What a missing item reads as: asleep since the epoch, so the first real alarm is always newer. */
export const INITIAL_STATE: Readonly<StateRecord> = Object.freeze({ state: "asleep", since: "1970-01-01T00:00:00.000Z", sinceMs: 0 });

/**
 * The item as it was read, which the next write must still find: absent, present without a version,
 * or at a version (kept as the raw attribute, so even a garbled version can be compared and replaced).
 */
export type ItemVersion =
    | { kind: "absent" }
    | { kind: "unversioned" }
    | { kind: "versioned"; raw: AttributeValue; next: number };

/** What reading the item gave: a record to trust, or a value nobody can trust; either way its version. */
export type ReadState =
    | { ok: true; record: StateRecord; version: ItemVersion }
    | { ok: false; reason: string; version: ItemVersion };

const KEY = { [STATE_KEY_ATTRIBUTE]: { S: STATE_ITEM_KEY } };

function versionOf(item: Record<string, AttributeValue>): ItemVersion {
    const raw = item.version;
    if (raw === undefined) {
        return { kind: "unversioned" };
    }
    const n = raw.N !== undefined ? Number(raw.N) : NaN;
    return { kind: "versioned", raw, next: Number.isSafeInteger(n) && n >= 0 ? n + 1 : 1 };
}

/**
 * Judges a stored item. A record dated more than the allowed skew ahead of `nowMs` is as untrustworthy
 * as garbage: believed, it would make every real alarm until that date look stale. Exported so tests
 * can check the reader against items written by hand.
 */
export function parseStateItem(item: Record<string, AttributeValue> | undefined, nowMs: number): ReadState {
    if (item === undefined) {
        return { ok: true, record: { ...INITIAL_STATE }, version: { kind: "absent" } };
    }
    const version = versionOf(item);
    const state = item.state?.S;
    const since = item.since?.S;
    if ((state !== "awake" && state !== "asleep") || since === undefined) {
        return { ok: false, reason: 'item is not {state: "awake"|"asleep", since: <ISO time>}', version };
    }
    const sinceMs = parseAlarmTime(since);
    if (sinceMs === undefined) {
        return { ok: false, reason: `since ${JSON.stringify(since)} is not an ISO 8601 date-time with a real calendar date`, version };
    }
    const ahead = aheadOfClock(sinceMs, nowMs);
    if (ahead !== undefined) {
        return { ok: false, reason: `since ${since} is ${Math.round(ahead / 1000)} s ahead of the function's clock`, version };
    }
    return { ok: true, record: { state, since, sinceMs }, version };
}

/** Reads the item with a strongly consistent read, so a write just made by another invocation is seen. */
export async function readState(ddb: DynamoDBClient, call: Call, table: string, nowMs: number): Promise<ReadState> {
    const out = await call("dynamodb:GetItem", () =>
        ddb.send(new GetItemCommand({ TableName: table, Key: KEY, ConsistentRead: true })),
    );
    return parseStateItem(out.Item, nowMs);
}

function isConditionFailure(error: unknown): boolean {
    return error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === "ConditionalCheckFailedException";
}

/** The condition that the item is still as `version` describes. */
function unchangedSince(version: ItemVersion): Pick<PutItemCommand["input"], "ConditionExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"> {
    switch (version.kind) {
        case "absent":
            return { ConditionExpression: "attribute_not_exists(#pk)", ExpressionAttributeNames: { "#pk": STATE_KEY_ATTRIBUTE } };
        case "unversioned":
            return { ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(#version)", ExpressionAttributeNames: { "#pk": STATE_KEY_ATTRIBUTE, "#version": "version" } };
        case "versioned":
            return { ConditionExpression: "#version = :read", ExpressionAttributeNames: { "#version": "version" }, ExpressionAttributeValues: { ":read": version.raw } };
    }
}

/** How a write ended: recorded, or left alone because a record as new or newer is already there. */
export type WriteResult = "written" | "superseded";

/** Attempts at the compare-and-set before giving up; each lost race means another invocation wrote. */
const WRITE_ATTEMPTS = 3;

/**
 * Records an action by compare-and-set: the item is written only if it is still the version `read`
 * found, so two invocations can never both write on the same view. When another invocation wrote in
 * between, the item is read again: if it now holds this alarm time or a newer one the write is dropped
 * ("superseded"), otherwise it is attempted again on the new version. Written last, after every side
 * effect, so a failed invocation is retried in full.
 */
export async function writeState(
    ddb: DynamoDBClient,
    call: Call,
    table: string,
    record: StateRecord,
    read: ReadState,
    now: () => Date,
): Promise<WriteResult> {
    let version = read.version;
    for (let attempt = 1; ; attempt++) {
        const item: Record<string, AttributeValue> = {
            ...KEY,
            state: { S: record.state },
            since: { S: record.since },
            version: { N: String(version.kind === "versioned" ? version.next : 1) },
            // For people reading the table; the function orders by `since`, the alarm's own time.
            updatedAt: { S: now().toISOString() },
        };
        try {
            await call("dynamodb:PutItem", () => ddb.send(new PutItemCommand({ TableName: table, Item: item, ...unchangedSince(version) })));
            return "written";
        } catch (error) {
            if (!isConditionFailure(error)) {
                throw error;
            }
            const fresh = await readState(ddb, call, table, now().getTime());
            if (fresh.ok && fresh.record.sinceMs >= record.sinceMs) {
                return "superseded";
            }
            if (attempt >= WRITE_ATTEMPTS) {
                throw new Error(`State item in ${table} changed under ${WRITE_ATTEMPTS} writes in a row; giving up so Lambda retries the event`);
            }
            version = fresh.version;
        }
    }
}
