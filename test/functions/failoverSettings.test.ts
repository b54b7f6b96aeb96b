import assert from "node:assert/strict";
import { parseEvent } from "../../functions/failover/events";
import { wokeMessage } from "../../functions/failover/messages";
import { subjectLine } from "../../functions/shared/subject";
import { SettingsError, parseSettings } from "../../functions/failover/settings";
import { NOW, PROMOTE, PROMOTE_ARN, RECOVERY, RECOVERY_ARN, REPLICA, WAKE, WAKE_ARN, World, arnOf, baseEnv, alarmMessage, snsEvent } from "./failoverFixtures";

const T1 = "2026-03-01T10:00:00.000+0000";

describe("failover function: environment", () => {
    const cases: [string, Record<string, string | undefined>, RegExp][] = [
        ["a missing ASG name", { STANDBY_ASG_NAME: undefined }, /STANDBY_ASG_NAME is required/],
        ["an unknown mode", { MODE: "active-active" }, /MODE must be "pilot-light" or "warm-standby"/],
        ["a non-numeric capacity", { FAILOVER_DESIRED_CAPACITY: "four" }, /FAILOVER_DESIRED_CAPACITY must be a whole number/],
        ["a failover capacity of zero", { FAILOVER_MIN_SIZE: "0" }, /FAILOVER_MIN_SIZE must be at least 1/],
        ["a desired below the minimum", { FAILOVER_MIN_SIZE: "5" }, /FAILOVER_DESIRED_CAPACITY must be at least FAILOVER_MIN_SIZE/],
        ["a topic that is not an SNS ARN", { NOTIFY_TOPIC_ARN: "web-failover" }, /NOTIFY_TOPIC_ARN must be an SNS topic ARN/],
        ["the same region twice", { STANDBY_REGION: "us-east-2" }, /STANDBY_REGION must differ from PRIMARY_REGION/],
        ["the same alarm twice", { RECOVERY_ALARM_NAME: WAKE }, /RECOVERY_ALARM_NAME must differ from WAKE_ALARM_NAME/],
        ["warm-standby without a running standby", { MODE: "warm-standby" }, /STANDBY_MIN_SIZE must be at least 1 in warm-standby mode/],
        ["AUTO_PROMOTE that is not a boolean", { AUTO_PROMOTE: "yes" }, /AUTO_PROMOTE must be "true" or "false"/],
        ["a malformed replica identifier", { REPLICA_DB_IDENTIFIER: "1-bad_id" }, /REPLICA_DB_IDENTIFIER must be an RDS DB instance identifier/],
        ["a region that is not one", { PRIMARY_REGION: "Ohio" }, /PRIMARY_REGION must be an AWS region/],
        ["a missing wake alarm ARN", { WAKE_ALARM_ARN: undefined }, /WAKE_ALARM_ARN is required/],
        ["a wake alarm ARN that is only a name", { WAKE_ALARM_ARN: WAKE }, /WAKE_ALARM_ARN must be a CloudWatch alarm ARN/],
        ["a wake alarm ARN of another service", { WAKE_ALARM_ARN: "arn:aws:sns:us-east-1:123456789012:web-primary-unhealthy" }, /WAKE_ALARM_ARN must be a CloudWatch alarm ARN/],
        [
            "a wake alarm ARN naming another alarm",
            { WAKE_ALARM_ARN: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${RECOVERY}` },
            /WAKE_ALARM_ARN must be the ARN of WAKE_ALARM_NAME \(web-primary-unhealthy\), but names the alarm web-primary-stable/,
        ],
        ["a missing recovery alarm ARN", { RECOVERY_ALARM_ARN: undefined }, /RECOVERY_ALARM_ARN is required/],
        ["a recovery alarm ARN naming the wake alarm", { RECOVERY_ALARM_ARN: WAKE_ARN }, /RECOVERY_ALARM_ARN must be the ARN of RECOVERY_ALARM_NAME \(web-primary-stable\), but names the alarm web-primary-unhealthy/],
        ["a recovery alarm in another region than the wake alarm", { RECOVERY_ALARM_ARN: arnOf(RECOVERY, "eu-west-1") }, /RECOVERY_ALARM_ARN must be in the wake alarm's region \(us-east-1\)/],
        ["a promotion alarm name without its ARN", { PROMOTE_ALARM_NAME: PROMOTE }, /PROMOTE_ALARM_ARN must be set together with PROMOTE_ALARM_NAME/],
        ["the promotion alarm being the wake alarm", { PROMOTE_ALARM_NAME: WAKE, PROMOTE_ALARM_ARN: WAKE_ARN }, /PROMOTE_ALARM_NAME must differ from WAKE_ALARM_NAME/],
        ["automatic promotion of a replica without a promotion alarm", { AUTO_PROMOTE: "true", REPLICA_DB_IDENTIFIER: REPLICA }, /PROMOTE_ALARM_ARN is required with AUTO_PROMOTE true and a replica/],
        ["a promotion wait of zero minutes", { PROMOTE_AFTER_MINUTES: "0" }, /PROMOTE_AFTER_MINUTES must be at least 1/],
        ["DRILL that is not a boolean", { DRILL: "yes" }, /DRILL must be "true" or "false"/],
        ["a missing state table", { STATE_TABLE_NAME: undefined }, /STATE_TABLE_NAME is required/],
        ["a state table name DynamoDB refuses", { STATE_TABLE_NAME: "a b" }, /STATE_TABLE_NAME must be a DynamoDB table name/],
    ];
    for (const [what, overrides, message] of cases) {
        it(`${what} must be rejected with a message naming the variable`, () => {
            assert.throws(() => parseSettings(baseEnv(overrides)), (error: unknown) => {
                assert.ok(error instanceof SettingsError);
                assert.match(error.message, message);
                return true;
            });
        });
    }

    it("every problem must be reported at once", () => {
        assert.throws(
            () => parseSettings(baseEnv({ STACK: undefined, STATE_TABLE_NAME: "" })),
            /STACK is required.*STATE_TABLE_NAME must be a DynamoDB table name/,
        );
    });

    it("the notification region must come from the topic ARN; AUTO_PROMOTE and DRILL must default to false, the promotion wait to 10 minutes", () => {
        const s = parseSettings(baseEnv({ NOTIFY_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:t" }));
        assert.equal(s.notifyTopicRegion, "eu-west-1");
        assert.equal(s.autoPromote, false);
        assert.equal(s.drill, false);
        assert.equal(s.promoteAfterMinutes, 10);
        assert.equal(s.promoteAlarm, undefined);
        assert.equal(s.replicaDbIdentifier, undefined);
        assert.equal(s.recoveryAlarmArn, RECOVERY_ARN);
        const promoting = parseSettings(baseEnv({ PROMOTE_ALARM_NAME: PROMOTE, PROMOTE_ALARM_ARN: PROMOTE_ARN, PROMOTE_AFTER_MINUTES: "25", DRILL: "true" }));
        assert.deepEqual(promoting.promoteAlarm, { name: PROMOTE, arn: PROMOTE_ARN });
        assert.equal(promoting.promoteAfterMinutes, 25);
        assert.equal(promoting.drill, true);
    });

    it("the CloudWatch region must come from the wake alarm's ARN, and alarm names may contain colons", () => {
        const s = parseSettings(baseEnv({
            WAKE_ALARM_NAME: "prod:primary down",
            WAKE_ALARM_ARN: "arn:aws:cloudwatch:ap-southeast-2:123456789012:alarm:prod:primary down",
            RECOVERY_ALARM_ARN: arnOf(RECOVERY, "ap-southeast-2"),
        }));
        assert.equal(s.wakeAlarmRegion, "ap-southeast-2");
        assert.equal(s.wakeAlarmName, "prod:primary down");
        assert.equal(s.wakeAlarmArn, "arn:aws:cloudwatch:ap-southeast-2:123456789012:alarm:prod:primary down");
    });

    it("a function running outside the standby region must warn once, naming both regions, and still act", async () => {
        const outside = /outside the standby region/;
        const run = async (awsRegion: string, alarms: number) => {
            const world = new World();
            try {
                const handler = world.handler(baseEnv({ AWS_REGION: awsRegion }));
                for (let minute = 0; minute < alarms; minute++) {
                    await handler(world.transition(WAKE, "ALARM", `2026-03-01T10:0${minute}:00.000+0000`));
                }
                return { warnings: world.log.levels("warn").filter((l) => outside.test(l.message)), awake: world.group.desiredCapacity };
            } finally {
                world.restore();
            }
        };
        const away = await run("us-east-2", 2);
        assert.deepEqual(
            away.warnings.map((w) => w.extra),
            [{ runtimeRegion: "us-east-2", standbyRegion: "us-west-2" }],
        );
        assert.equal(away.awake, 4);
        assert.deepEqual((await run("us-west-2", 1)).warnings, []);
    });

    it("a bad environment must fail the invocation with that message and make no AWS call", async () => {
        const world = new World();
        try {
            await assert.rejects(world.handler(baseEnv({ STANDBY_ASG_NAME: undefined }))(world.transition(WAKE, "ALARM", T1)), /STANDBY_ASG_NAME is required/);
            assert.deepEqual(world.calls, []);
            assert.equal(world.log.levels("error").length, 1);
        } finally {
            world.restore();
        }
    });
});

describe("failover function: events and messages", () => {
    it("CloudWatch's +0000 time format must be accepted and ordered by instant, not by text", () => {
        const [a] = parseEvent(snsEvent(alarmMessage(WAKE, "ALARM", "2026-03-01T10:00:00.000+0000")), Date.parse(NOW));
        const [b] = parseEvent(snsEvent(alarmMessage(WAKE, "ALARM", "2026-03-01T11:30:00.000+0200")), Date.parse(NOW));
        assert.ok(a.kind === "alarm" && b.kind === "alarm");
        assert.ok(b.change.changedAt < a.change.changedAt);
    });

    it("subjects must stay under SNS's 100-character limit and on one line, whatever the stack name", () => {
        const s = parseSettings(baseEnv({ STACK: "a-very-long-stack-name-".repeat(6) }));
        const [record] = parseEvent(snsEvent(alarmMessage(WAKE, "ALARM", T1)), Date.parse(NOW));
        assert.ok(record.kind === "alarm");
        const group = { minSize: 0, maxSize: 1, desiredCapacity: 0 };
        const n = wokeMessage(s, record.change, { kind: "none" }, { before: group, after: group, raised: false, cappedAtMax: true }, new Date(0));
        assert.ok(n.subject.length < 100, `${n.subject.length} characters`);
        assert.equal(subjectLine("line one\nline two"), "line one line two");
        // NEL, the Unicode line and paragraph separators and anything else outside printable ASCII become a space.
        assert.equal(subjectLine("a\u0085b\u2028c\u2029d é 😀"), "a b c d");
        assert.ok(/^[\x20-\x7e]{99}$/.test(subjectLine("é".repeat(50) + "x".repeat(200))));
    });
});
