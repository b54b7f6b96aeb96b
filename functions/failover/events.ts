import { z } from "zod";
import { SOURCE_ATTRIBUTE, SOURCE_VALUE } from "../shared/contract";
import { MAX_CLOCK_SKEW_MS, aheadOfClock, parseAlarmTime } from "./time";

const alarmMessage = z.object({
    AlarmName: z.string().min(1),
    NewStateValue: z.enum(["ALARM", "OK", "INSUFFICIENT_DATA"]),
    // Not used, but checked: a message whose old state is no alarm state is not from CloudWatch.
    OldStateValue: z.enum(["ALARM", "OK", "INSUFFICIENT_DATA"]).optional(),
    // Checked field by field, so an unparseable or impossible time never reaches the ordering logic.
    StateChangeTime: z.string().refine((value) => parseAlarmTime(value) !== undefined, "must be an ISO 8601 date-time with a real calendar date"),
    // Optional here so a message without it is still recognised as an alarm message: the handler then
    // refuses it as coming from an alarm it does not know, which reaches a person through a metric.
    AlarmArn: z.string().optional(),
    NewStateReason: z.string().optional(),
});

const snsRecord = z.object({
    EventSource: z.literal("aws:sns"),
    Sns: z.object({
        MessageId: z.string().optional(),
        Message: z.string(),
        MessageAttributes: z.record(z.string(), z.object({ Type: z.string(), Value: z.string() })).optional(),
    }),
});

const snsEvent = z.object({ Records: z.array(snsRecord).min(1) });

/** One CloudWatch alarm state change, as the function acts on it. */
export interface AlarmChange {
    alarmName: string;
    newState: "ALARM" | "OK" | "INSUFFICIENT_DATA";
    /** The alarm's own StateChangeTime string, kept verbatim for the state record and messages. */
    stateChangeTime: string;
    /** StateChangeTime in epoch milliseconds, used for ordering. */
    changedAt: number;
    alarmArn?: string;
    reason?: string;
}

/** What one SNS record turned out to be. */
export type ParsedRecord =
    | { kind: "alarm"; change: AlarmChange }
    // Only skipped records keep the SNS MessageId: the log line that skips them names it.
    | { kind: "own-notification"; messageId?: string };

/**
 * Thrown for an event the function cannot trust; the invocation must fail so the dead-letter queue
 * keeps the event for a person to look at.
 */
export class MalformedEventError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MalformedEventError";
    }
}

function describe(error: z.ZodError): string {
    return error.issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
}

/**
 * Parses every record before anything acts on any of them, so a malformed event makes no AWS call at all.
 * An alarm time more than {@link MAX_CLOCK_SKEW_MS} ahead of `nowMs` (the function's clock) is malformed
 * too: trusted, it would make every later, real alarm look older than the last action.
 */
export function parseEvent(event: unknown, nowMs: number): ParsedRecord[] {
    const outer = snsEvent.safeParse(event);
    if (!outer.success) {
        throw new MalformedEventError(`not an SNS event: ${describe(outer.error)}`);
    }
    return outer.data.Records.map((record, index): ParsedRecord => {
        if (record.Sns.MessageAttributes?.[SOURCE_ATTRIBUTE]?.Value === SOURCE_VALUE) {
            return { kind: "own-notification", messageId: record.Sns.MessageId };
        }
        let body: unknown;
        try {
            body = JSON.parse(record.Sns.Message);
        } catch {
            throw new MalformedEventError(`record ${index}: message is not JSON`);
        }
        const message = alarmMessage.safeParse(body);
        if (!message.success) {
            throw new MalformedEventError(`record ${index}: not a CloudWatch alarm notification: ${describe(message.error)}`);
        }
        const m = message.data;
        const changedAt = parseAlarmTime(m.StateChangeTime)!;
        const ahead = aheadOfClock(changedAt, nowMs);
        if (ahead !== undefined) {
            throw new MalformedEventError(
                `record ${index}: StateChangeTime ${m.StateChangeTime} is ${Math.round(ahead / 1000)} s ahead of the function's clock `
                + `(at most ${MAX_CLOCK_SKEW_MS / 1000} s allowed)`,
            );
        }
        return {
            kind: "alarm",
            change: {
                alarmName: m.AlarmName,
                newState: m.NewStateValue,
                stateChangeTime: m.StateChangeTime,
                changedAt,
                alarmArn: m.AlarmArn,
                reason: m.NewStateReason,
            },
        };
    });
}
