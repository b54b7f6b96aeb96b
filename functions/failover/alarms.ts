/** The live state of the function's own alarms, read from CloudWatch before anything is changed. */
import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { Call } from "../shared/retry";

/** One alarm as DescribeAlarms reports it now. */
export interface LiveAlarm {
    name: string;
    arn?: string;
    /** ALARM, OK or INSUFFICIENT_DATA. */
    state: string;
    /** When the state value last changed, in epoch milliseconds, if CloudWatch said. */
    transitionedAt?: number;
}

/** Thrown when an alarm cannot be found, so the caller fails instead of acting without knowing. */
export class AlarmNotFoundError extends Error {
    constructor(name: string, region: string) {
        super(`Alarm ${name} was not found in ${region}; refusing to act on the primary's health without it`);
        this.name = "AlarmNotFoundError";
    }
}

/**
 * Reads the named alarms' current states in one call. Every failure is thrown (throttling after the
 * retries in `call`); a missing alarm too: the caller decides what acting blind would mean.
 */
export async function liveAlarms(cloudWatch: CloudWatchClient, call: Call, names: string[], region: string): Promise<Map<string, LiveAlarm>> {
    const out = await call("cloudwatch:DescribeAlarms", () => cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: names })));
    const found = new Map<string, LiveAlarm>();
    for (const a of out.MetricAlarms ?? []) {
        if (a.AlarmName !== undefined && a.StateValue !== undefined) {
            // StateTransitionedTimestamp is the last change of StateValue; StateUpdatedTimestamp also moves
            // when only the reason changes, so it can only make a transition look later, never earlier.
            const at = a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp;
            found.set(a.AlarmName, { name: a.AlarmName, arn: a.AlarmArn, state: a.StateValue, transitionedAt: at?.getTime() });
        }
    }
    for (const name of names) {
        if (!found.has(name)) {
            throw new AlarmNotFoundError(name, region);
        }
    }
    return found;
}
