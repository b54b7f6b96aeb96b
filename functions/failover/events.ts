import { z } from "zod";

/** Message attribute the function stamps on its own notifications, so it can recognise (and skip) them. */
export const SOURCE_ATTRIBUTE = "source";
/** Value of {@link SOURCE_ATTRIBUTE}; the subscription's filter policy drops messages carrying it. */
export const SOURCE_VALUE = "ha-web-tier-failover";

// CloudWatch writes "2024-05-01T10:00:00.000+0000"; Date.parse accepts far looser input (a bare date,
// "2024"), so the shape is checked first and an unparseable time can never reach the ordering logic.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

const alarmMessage = z.object({
    AlarmName: z.string().min(1),
    NewStateValue: z.enum(["ALARM", "OK", "INSUFFICIENT_DATA"]),
    // Not used, but checked: a message whose old state is no alarm state is not from CloudWatch.
    OldStateValue: z.enum(["ALARM", "OK", "INSUFFICIENT_DATA"]).optional(),
    StateChangeTime: z
        .string()
        .regex(ISO_TIME, "must be an ISO 8601 date-time")
        .refine((value) => !Number.isNaN(Date.parse(value)), "must be a valid date-time"),
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
 */
export function parseEvent(event: unknown): ParsedRecord[] {
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
        return {
            kind: "alarm",
            change: {
                alarmName: m.AlarmName,
                newState: m.NewStateValue,
                stateChangeTime: m.StateChangeTime,
                changedAt: Date.parse(m.StateChangeTime),
                alarmArn: m.AlarmArn,
                reason: m.NewStateReason,
            },
        };
    });
}
