import assert from "node:assert/strict";
import { MalformedEventError, parseEvent } from "../../functions/failover/events";
import { aheadOfClock, parseAlarmTime } from "../../functions/failover/time";
import { NOW, WAKE, alarmMessage, snsEvent } from "./failoverFixtures";
import { freshLoad } from "./freshLoad";

// Alarm times and SNS events as the failover function trusts them (functions/failover/time.ts and
// events.ts). The time pattern and the event schemas are built while the modules load, so the tests of
// what they accept load them anew (freshLoad).
type Time = typeof import("../../functions/failover/time");
type Events = typeof import("../../functions/failover/events");

const nowMs = Date.parse(NOW);
const at = (iso: string) => Date.parse(iso);

/** The message parseEvent refuses `event` with. */
function refusal(event: unknown, events: Events = freshLoad<Events>("failover/events")): string {
    try {
        events.parseEvent(event, nowMs);
    } catch (error) {
        assert.ok(error instanceof events.MalformedEventError, `not a MalformedEventError: ${String(error)}`);
        assert.equal(error.name, "MalformedEventError");
        return error.message;
    }
    assert.fail(`accepted ${JSON.stringify(event)}`);
}

describe("alarm times: strict ISO 8601, real dates, offsets of at most 14 hours", () => {
    it("every form CloudWatch and ISO 8601 write must be read to the instant", () => {
        const { parseAlarmTime: parse } = freshLoad<Time>("failover/time");
        assert.deepEqual(
            ["2026-03-01T10:00:00.000+0000", "2026-03-01T10:00:00Z", "2026-03-01T12:30:00+02:30", "2026-03-01T08:00:00.123456789-0200", "2026-03-01T10:00:00.5Z"].map(parse),
            [at("2026-03-01T10:00:00Z"), at("2026-03-01T10:00:00Z"), at("2026-03-01T10:00:00Z"), at("2026-03-01T10:00:00.123Z"), at("2026-03-01T10:00:00.500Z")],
        );
    });

    it("text around a time, short fields and letters must not be read as a time", () => {
        const { parseAlarmTime: parse } = freshLoad<Time>("failover/time");
        const bad = ["x2026-03-01T10:00:00Z", "2026-03-01T10:00:00Zjunk", "2026-3-01T10:00:00Z", "2026-03-1T10:00:00Z", "2026-03-01T1:00:00Z",
            "2026-03-01T10:0:00Z", "2026-03-01T10:00:0Z", "2026-03-01T10:00:00.Z", "2026-03-01T10:00:00+2:00", "2026-03-01T10:00:00+02:0", "2026-03-01T10:00:00 0200", "26-03-01T10:00:00Z"];
        assert.deepEqual(bad.filter((t) => parse(t) !== undefined), []);
    });

    it("the edges of the calendar and the clock must be accepted, and one past them refused", () => {
        const accepted = ["2026-01-01T00:00:00Z", "2026-12-31T23:59:59Z", "2026-03-01T10:00:00+14:00", "2026-03-01T10:00:00+13:59"];
        const refused = ["2026-00-10T10:00:00Z", "2026-13-10T10:00:00Z", "2026-03-00T10:00:00Z", "2026-02-29T10:00:00Z", "2026-03-01T24:00:00Z",
            "2026-03-01T10:60:00Z", "2026-03-01T10:00:60Z", "2026-03-01T10:00:00+15:00", "2026-03-01T10:00:00+01:60"];
        assert.deepEqual(accepted.filter((t) => parseAlarmTime(t) === undefined), []);
        assert.deepEqual(refused.filter((t) => parseAlarmTime(t) !== undefined), []);
        assert.equal(parseAlarmTime("2026-03-01T10:00:00+14:00"), at("2026-02-28T20:00:00Z"));
        assert.equal(parseAlarmTime("2026-03-01T10:00:00-14:00"), at("2026-03-02T00:00:00Z"));
    });

    it("a time up to five minutes ahead of the clock must be trusted, and one further ahead refused", () => {
        const { aheadOfClock: ahead } = freshLoad<Time>("failover/time");
        assert.equal(ahead(nowMs + 4 * 60_000, nowMs), undefined);
        assert.equal(ahead(nowMs + 5 * 60_000, nowMs), undefined);
        assert.equal(ahead(nowMs + 5 * 60_000 + 1, nowMs), 5 * 60_000 + 1);
        assert.equal(aheadOfClock(nowMs + 5 * 60_000, nowMs), undefined);
        assert.equal(aheadOfClock(nowMs + 6 * 60_000, nowMs), 6 * 60_000);
    });
});

describe("SNS events: what is read as an alarm change, and what is refused", () => {
    const T = "2026-03-01T11:00:00.000+0000";

    it("each alarm state, with or without its old state and message attributes, must be read as a change", () => {
        const events = freshLoad<Events>("failover/events");
        const bare = snsEvent(alarmMessage(WAKE, "INSUFFICIENT_DATA", T, { OldStateValue: "INSUFFICIENT_DATA" }));
        delete (bare.Records[0].Sns as { MessageAttributes?: unknown }).MessageAttributes;
        const records = events.parseEvent(snsEvent(alarmMessage(WAKE, "ALARM", T), alarmMessage(WAKE, "OK", T, { OldStateValue: undefined })), nowMs)
            .concat(events.parseEvent(bare, nowMs));
        assert.deepEqual(records, [
            { kind: "alarm", change: { alarmName: WAKE, newState: "ALARM", stateChangeTime: T, changedAt: at("2026-03-01T11:00:00Z"), alarmArn: alarmMessage(WAKE, "ALARM", T).AlarmArn, reason: "Threshold Crossed" } },
            { kind: "alarm", change: { alarmName: WAKE, newState: "OK", stateChangeTime: T, changedAt: at("2026-03-01T11:00:00Z"), alarmArn: alarmMessage(WAKE, "OK", T).AlarmArn, reason: "Threshold Crossed" } },
            { kind: "alarm", change: { alarmName: WAKE, newState: "INSUFFICIENT_DATA", stateChangeTime: T, changedAt: at("2026-03-01T11:00:00Z"), alarmArn: alarmMessage(WAKE, "OK", T).AlarmArn, reason: "Threshold Crossed" } },
        ]);
    });

    it("a record the function published itself must be read as its own, keeping the message id", () => {
        const events = freshLoad<Events>("failover/events");
        const own = snsEvent("not even JSON");
        own.Records[0].Sns.MessageAttributes = { source: { Type: "String", Value: "ha-web-tier-failover" } };
        assert.deepEqual(events.parseEvent(own, nowMs), [{ kind: "own-notification", messageId: "msg-0" }]);
    });

    const refused: [string, () => unknown, RegExp][] = [
        ["no object at all", () => null, /^not an SNS event: \(root\): /],
        ["no records", () => ({}), /^not an SNS event: Records: /],
        ["an empty record list", () => ({ Records: [] }), /^not an SNS event: Records: /],
        ["a record from another source", () => {
            const e = snsEvent(alarmMessage(WAKE, "ALARM", T));
            (e.Records[0] as { EventSource: string }).EventSource = "aws:sqs";
            return e;
        }, /^not an SNS event: Records\.0\.EventSource: /],
        ["a record without a message", () => {
            const e = snsEvent(alarmMessage(WAKE, "ALARM", T));
            delete (e.Records[0].Sns as { Message?: string }).Message;
            return e;
        }, /^not an SNS event: Records\.0\.Sns\.Message: /],
        ["a message attribute without a value", () => {
            const e = snsEvent(alarmMessage(WAKE, "ALARM", T));
            (e.Records[0].Sns as { MessageAttributes: unknown }).MessageAttributes = { source: { Type: "String" } };
            return e;
        }, /^not an SNS event: Records\.0\.Sns\.MessageAttributes\.source\.Value: /],
        ["a message that is not JSON", () => snsEvent("{not json"), /^record 0: message is not JSON$/],
        ["an alarm without a name", () => snsEvent(alarmMessage("", "ALARM", T)), /^record 0: not a CloudWatch alarm notification: AlarmName: /],
        ["a state that is no alarm state, and an unreadable time", () => snsEvent(alarmMessage(WAKE, "BROKEN", "yesterday")),
            /^record 0: not a CloudWatch alarm notification: NewStateValue: [^;]+; StateChangeTime: must be an ISO 8601 date-time with a real calendar date$/],
        ["an old state that is no alarm state", () => snsEvent(alarmMessage(WAKE, "ALARM", T, { OldStateValue: "BROKEN" })), /^record 0: not a CloudWatch alarm notification: OldStateValue: /],
        ["a time far ahead of the clock", () => snsEvent(alarmMessage(WAKE, "ALARM", "2026-03-01T12:10:00.000+0000")),
            /^record 0: StateChangeTime 2026-03-01T12:10:00.000\+0000 is 600 s ahead of the function's clock \(at most 300 s allowed\)$/],
    ];
    for (const [what, event, message] of refused) {
        it(`${what} must be refused as malformed, saying where`, () => {
            assert.match(refusal(event()), message);
        });
    }

    it("a malformed second record must refuse the whole event, naming that record", () => {
        assert.throws(() => parseEvent(snsEvent(alarmMessage(WAKE, "ALARM", "2026-03-01T11:00:00Z"), "{"), nowMs), (error: Error) =>
            error instanceof MalformedEventError && error.message === "record 1: message is not JSON");
    });
});
