// No imports, on purpose: the Pulumi program reads this record to create the state parameter, and
// importing state.ts there would load the AWS SDK into every preview.

/** Whether the standby has been scaled to failover capacity ("awake") or sits at standby capacity. */
export type StandbyState = "awake" | "asleep";

/** The last action the function took and the alarm StateChangeTime that caused it. */
export interface StateRecord {
    state: StandbyState;
    /** StateChangeTime of the alarm message that was last acted on, verbatim. */
    since: string;
}

/**
 * The record the state parameter starts from (GlobalFailover creates it with ignoreChanges on the
 * value) and what a missing parameter reads as: asleep since the epoch, so the first real alarm is
 * always newer. Frozen because it is shared by every reader.
 */
export const INITIAL_STATE: Readonly<StateRecord> = Object.freeze({ state: "asleep", since: "1970-01-01T00:00:00.000Z" });
