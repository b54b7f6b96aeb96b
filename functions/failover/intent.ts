/** Which of the function's alarms a message comes from, and what its new state asks for. */
import type { AlarmChange } from "./events";
import type { Settings } from "./settings";

/** What one alarm change asks the function to do. */
export type Intent = "wake" | "primary-healthy" | "sleep" | "promote" | "ignore" | "unknown-alarm";

/**
 * What a change asks for. An alarm is known only by name and ARN together: the ARN names account and
 * region, so a message naming one of the alarms from elsewhere, or without an ARN, is not believed.
 */
export function intentOf(s: Settings, change: AlarmChange): Intent {
    const is = (alarm: { name: string; arn: string } | undefined) =>
        alarm !== undefined && change.alarmName === alarm.name && change.alarmArn === alarm.arn;
    if (is({ name: s.wakeAlarmName, arn: s.wakeAlarmArn })) {
        // Missing health data says nothing about the primary; acting on it could wake or strand the standby.
        return change.newState === "ALARM" ? "wake" : change.newState === "OK" ? "primary-healthy" : "ignore";
    }
    if (is({ name: s.recoveryAlarmName, arn: s.recoveryAlarmArn })) {
        return change.newState === "ALARM" ? "sleep" : "ignore";
    }
    if (is(s.promoteAlarm)) {
        return change.newState === "ALARM" ? "promote" : "ignore";
    }
    return "unknown-alarm";
}
