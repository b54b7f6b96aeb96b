/**
 * Alarm times as the function trusts them: strict ISO 8601 with a real calendar date, and never far
 * ahead of the function's own clock.
 */

/**
 * How far an alarm time may lie ahead of the function's clock. CloudWatch stamps StateChangeTime from
 * its own clock; Lambda hosts keep theirs synchronised (Amazon Time Sync), so anything beyond a few
 * seconds is a forged or corrupted time, not skew. Five minutes leaves room for both and still stops
 * a time far in the future from making every later, real alarm look old.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

// CloudWatch writes "2024-05-01T10:00:00.000+0000"; Date.parse accepts far looser input (a bare date,
// "2024") and rolls impossible dates over (30 February becomes 2 March), so every field is checked here.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):?(\d{2}))$/;

function daysIn(year: number, month: number): number {
    // Day 0 of the next month is the last day of this one; Date.UTC handles leap years.
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The epoch milliseconds of an alarm time, or undefined unless it is an ISO 8601 date-time with a real
 * calendar date (no 30 February, no hour 24, no second 60) and a UTC offset of at most 14 hours.
 */
export function parseAlarmTime(value: string): number | undefined {
    const m = ISO_TIME.exec(value);
    if (!m) {
        return undefined;
    }
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) {
        return undefined;
    }
    let offsetMinutes = 0;
    if (m[8] !== "Z") {
        const [hours, minutes] = [Number(m[10]), Number(m[11])];
        if (hours > 14 || minutes > 59) {
            return undefined;
        }
        offsetMinutes = (m[9] === "-" ? -1 : 1) * (hours * 60 + minutes);
    }
    const millis = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
    // Date.UTC treats years 0-99 as 1900-1999; setUTCFullYear keeps the year as written.
    const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
    d.setUTCFullYear(year);
    return d.getTime() - offsetMinutes * 60_000;
}

/** How far a time lies ahead of `nowMs`, when it is further than {@link MAX_CLOCK_SKEW_MS}; else undefined. */
export function aheadOfClock(timeMs: number, nowMs: number): number | undefined {
    const ahead = timeMs - nowMs;
    return ahead > MAX_CLOCK_SKEW_MS ? ahead : undefined;
}
