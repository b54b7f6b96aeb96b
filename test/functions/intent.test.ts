/** What the failover function makes of each alarm change: only its own alarms, only their decisive states. */
import assert from "node:assert/strict";
import type { AlarmChange } from "../../functions/failover/events";
import { intentOf } from "../../functions/failover/intent";
import { parseSettings } from "../../functions/failover/settings";
import { PROMOTE, PROMOTE_ARN, RECOVERY, RECOVERY_ARN, WAKE, WAKE_ARN, promoteEnv } from "./failoverFixtures";

const change = (alarmName: string, alarmArn: string, newState: AlarmChange["newState"]): AlarmChange =>
    ({ alarmName, alarmArn, newState, stateChangeTime: "2026-12-07T12:00:00.000+0000", changedAt: Date.parse("2026-12-07T12:00:00Z") });

describe("failover function: what each alarm change means", () => {
    it("each own alarm acts only on ALARM (and the wake alarm on OK); every other state of it is ignored, never a wake or a sleep", () => {
        const s = parseSettings(promoteEnv());
        const table = [WAKE, RECOVERY, PROMOTE].map((name, i) => {
            const arn = [WAKE_ARN, RECOVERY_ARN, PROMOTE_ARN][i];
            return [name, ...(["ALARM", "OK", "INSUFFICIENT_DATA"] as const).map((state) => intentOf(s, change(name, arn, state)))];
        });
        assert.deepEqual(table, [
            [WAKE, "wake", "primary-healthy", "ignore"],
            [RECOVERY, "sleep", "ignore", "ignore"],
            [PROMOTE, "promote", "ignore", "ignore"],
        ]);
    });

    it("an own alarm's name with another ARN is not believed", () => {
        assert.equal(intentOf(parseSettings(promoteEnv()), change(WAKE, RECOVERY_ARN, "ALARM")), "unknown-alarm");
    });
});
