// Every notification the failover function and the probe send, for the settings and outcomes that change
// their words, rendered as on-call reads them (subject, then body). notificationText.test.ts holds them to
// notifications.expected.txt; after a deliberate change of wording, regenerate that file with
//   node -r ./tools/register-ts.js test/functions/notificationText.ts > test/functions/notifications.expected.txt
// and read its diff before committing it.
import type { RaiseOutcome } from "../../functions/shared/capacity";
import type { AlarmChange } from "../../functions/failover/events";
import * as m from "../../functions/failover/messages";
import { subjectLine } from "../../functions/shared/subject";
import { type Settings, parseSettings } from "../../functions/failover/settings";
import { REPLICA, WAKE, WAKE_ARN, baseEnv, holdEnv } from "./failoverFixtures";
import { wakeMessage as probeWakeMessage } from "../../functions/probe/handler";
import { parseSettings as parseProbeSettings } from "../../functions/probe/settings";
import { probeEnv } from "./probeWorld";

const now = new Date("2026-03-01T12:00:00.000Z");
const change: AlarmChange = { alarmName: WAKE, newState: "ALARM", stateChangeTime: "2026-03-01T11:58:00.000+0000", changedAt: 0, alarmArn: WAKE_ARN.replace("us-east-1", "eu-west-1"), reason: "Threshold Crossed" };
const bare: AlarmChange = { alarmName: "name with/slash", newState: "OK", stateChangeTime: "2026-03-01T11:59:00.000Z", changedAt: 0 };
const group = { minSize: 0, maxSize: 10, desiredCapacity: 0 };
const raised: RaiseOutcome = { before: group, after: { minSize: 3, maxSize: 10, desiredCapacity: 4 }, raised: true, cappedAtMax: false };
const kept: RaiseOutcome = { before: { minSize: 5, maxSize: 10, desiredCapacity: 6 }, after: { minSize: 5, maxSize: 10, desiredCapacity: 6 }, raised: false, cappedAtMax: false };
const capped: RaiseOutcome = { before: { minSize: 0, maxSize: 2, desiredCapacity: 0 }, after: { minSize: 2, maxSize: 2, desiredCapacity: 2 }, raised: true, cappedAtMax: true };

/** Each notification, named, as "Subject: ..." and the body. */
export function renderNotifications(): string {
    const pilot: Settings = parseSettings(baseEnv({ REPLICA_DB_IDENTIFIER: REPLICA }));
    const warm: Settings = parseSettings(baseEnv({ MODE: "warm-standby", STANDBY_MIN_SIZE: "1", STANDBY_DESIRED_CAPACITY: "2", DRILL: "true", REPLICA_DB_IDENTIFIER: REPLICA }));
    const manual: Settings = parseSettings(holdEnv({ FAILBACK: "manual", HOLD_REGION: "eu-central-1" }));
    const automatic: Settings = parseSettings(holdEnv());
    const cases: [string, m.Notification][] = [
        ["woke, pilot light, pending replica, reason, eu-west-1 alarm", m.wokeMessage(pilot, change, { kind: "pending", replica: REPLICA }, raised, now)],
        ["woke, warm standby drill, capped, unconfirmed, no reason or ARN", m.wokeMessage(warm, bare, { kind: "drill", replica: REPLICA }, capped, now, "AccessDenied: no")],
        ["woke, scheduled promotion, left as it was", m.wokeMessage(pilot, change, { kind: "scheduled", replica: REPLICA, afterMinutes: 10 }, kept, now)],
        ["still awake, no database", m.stillAwakeMessage(automatic, change, { kind: "none" }, kept, now, "TimeoutError: late")],
        ["unconfirmed wake", m.unconfirmedWakeMessage(pilot, change, raised, now)],
        ["primary healthy, automatic failback", m.primaryHealthyMessage(automatic, bare, now)],
        ["primary healthy, manual failback", m.primaryHealthyMessage(manual, bare, now)],
        ["slept", m.sleptMessage(warm, change, now)],
        ["unhealthy again before the scale-in", m.unhealthyAgainMessage(pilot, change, "ALARM", now, kept)],
        ["unhealthy again after the scale-in", m.unhealthyAgainMessage(pilot, change, "INSUFFICIENT_DATA", now, raised, true)],
        ["kept awake for the promoted replica", m.keptAwakeMessage(pilot, change, REPLICA, now)],
        ["promoted", m.promotedMessage(pilot, change, { kind: "promoted", replica: REPLICA }, now)],
        ["promotion found done", m.promotedMessage(pilot, change, { kind: "already-promoted", replica: REPLICA, detail: "InvalidDBInstanceStateFault: not a read replica" }, now)],
        ["promotion failed", m.promotedMessage(pilot, change, { kind: "failed", replica: REPLICA, detail: "TimeoutError: socket hang up" }, now)],
        ["not promoted", m.notPromotedMessage(pilot, change, "the wake alarm is OK now", now)],
        ["not promoted, drill", m.notPromotedMessage(warm, change, "this is a drill", now)],
        ["held recovery", m.heldRecoveryMessage(manual, change, now)],
        ["held on wake, hold in the standby region", { subject: "-", body: m.heldOnWakeLines(automatic).join("\n") }],
        ["hold commands without a switch", { subject: "-", body: m.holdCommands(pilot, true).join("\n") }],
        ["reconciled", m.reconciledMessage(warm, { minSize: 3, desiredCapacity: 4 }, now)],
        ["capacity short, seven failures", m.capacityShortMessage(pilot, ["one", "two", "three", "four", "five", "six", "seven"], now)],
        ["probe woke, Route 53 agrees", probeWakeMessage(parseProbeSettings(probeEnv()), { kind: "agrees", failing: 7, total: 8 }, raised, 3)],
        ["probe woke, Route 53 unreachable, capped, long stack name",
            probeWakeMessage(parseProbeSettings(probeEnv({ STACK: `prod-${"x".repeat(60)}`, FAILOVER_CAPACITY: "4" })), { kind: "unreachable", error: "TimeoutError: connect ETIMEDOUT" }, capped, 4)],
        ["subjects", {
            subject: "-",
            body: [
                subjectLine(`  ${"x".repeat(99)}  `),
                subjectLine(`${"y".repeat(98)}\n\u0007`),
                subjectLine(`${"z".repeat(100)}`),
                subjectLine("two\n\r\tbreaks"),
            ].join("\n"),
        }],
    ];
    return cases.map(([name, n]) => `=== ${name}\nSubject: ${n.subject}\n${n.body}\n`).join("\n");
}

if (require.main === module) {
    process.stdout.write(renderNotifications());
}
