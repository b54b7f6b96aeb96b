import assert from "node:assert/strict";
import { PROMOTE, RECOVERY, REPLICA, WAKE, arnOf, baseEnv, holdEnv } from "./failoverFixtures";
import { freshLoad, settingsRefusal } from "./freshLoad";

// The value shapes both functions parse their environment with (functions/shared/settings.ts), through
// the failover function's settings. The schemas are built while the modules load, so each test loads
// them anew (freshLoad) as a cold start does.
type FailoverSettings = typeof import("../../functions/failover/settings");
type Contract = typeof import("../../functions/shared/contract");

const parse = (env: Record<string, string | undefined>) => freshLoad<FailoverSettings>("failover/settings").parseSettings(env);

/** The message parseSettings refuses `env` with; fails the test when it is accepted or throws something else. */
const refusal = (env: Record<string, string | undefined>): string => settingsRefusal("failover/settings", env);

const GOV_TOPIC = "arn:aws-us-gov:sns:us-gov-west-1:123456789012:web-failover";
const govAlarm = (name: string) => `arn:aws-us-gov:cloudwatch:us-gov-west-1:123456789012:alarm:${name}`;

describe("function environments: the shapes of regions, names, counts, ARNs and flags", () => {
    const refused: [string, Record<string, string | undefined>, RegExp][] = [
        ["a region with something before it", { PRIMARY_REGION: "1us-east-2" }, /PRIMARY_REGION must be an AWS region such as eu-west-1/],
        ["a region with something after it", { PRIMARY_REGION: "us-east-2x" }, /PRIMARY_REGION must be an AWS region such as eu-west-1/],
        ["a region with a one-letter area", { PRIMARY_REGION: "u-east-2" }, /PRIMARY_REGION must be an AWS region such as eu-west-1/],
        ["a stack name of blanks", { STACK: "   " }, /STACK must not be empty/],
        ["a count with letters before it", { FAILOVER_MIN_SIZE: "x3" }, /FAILOVER_MIN_SIZE must be a whole number/],
        ["a count with letters after it", { FAILOVER_MIN_SIZE: "3x" }, /FAILOVER_MIN_SIZE must be a whole number/],
        ["a count below its minimum", { RECOVERY_WINDOW_MINUTES: "0" }, /RECOVERY_WINDOW_MINUTES must be at least 1/],
        ["a count above its maximum", { RECONCILE_HOLD_MINUTES: "1441" }, /RECONCILE_HOLD_MINUTES must be at most 1440/],
        ["a topic ARN with something before it", { NOTIFY_TOPIC_ARN: "xarn:aws:sns:us-east-1:123456789012:t" }, /NOTIFY_TOPIC_ARN must be an SNS topic ARN/],
        ["a topic name with a blank", { NOTIFY_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:web failover" }, /NOTIFY_TOPIC_ARN must be an SNS topic ARN/],
        ["a topic ARN with a one-letter region area", { NOTIFY_TOPIC_ARN: "arn:aws:sns:u-east-1:123456789012:t" }, /NOTIFY_TOPIC_ARN must be an SNS topic ARN/],
        ["an alarm ARN with something before it", { WAKE_ALARM_ARN: `x${arnOf(WAKE)}` }, /WAKE_ALARM_ARN must be a CloudWatch alarm ARN \(arn:aws:cloudwatch:<region>:<account>:alarm:<name>\)/],
        ["an alarm name ending in a line break", { WAKE_ALARM_ARN: `${arnOf(WAKE)}\n` }, /WAKE_ALARM_ARN must be a CloudWatch alarm ARN/],
        ["an alarm ARN with a one-letter region area", { WAKE_ALARM_ARN: arnOf(WAKE, "u-east-1") }, /WAKE_ALARM_ARN must be a CloudWatch alarm ARN/],
        ["alarms in two regions", { RECOVERY_ALARM_ARN: arnOf(RECOVERY, "eu-west-1") }, /RECOVERY_ALARM_ARN must be in the wake alarm's region \(us-east-1\)/],
        ["a flag that is neither true nor false", { DRILL: "yes" }, /DRILL must be "true" or "false"/],
        ["automatic promotion of a replica without its alarm", { AUTO_PROMOTE: "true", REPLICA_DB_IDENTIFIER: REPLICA }, /PROMOTE_ALARM_ARN is required with AUTO_PROMOTE true/],
        ["manual failback without the switch's region", { FAILBACK: "manual", HOLD_REGION: "" }, /HOLD_REGION is required with FAILBACK manual/],
    ];
    for (const [what, overrides, message] of refused) {
        it(`${what} must be refused, naming the variable and what it must be`, () => {
            assert.match(refusal(baseEnv(overrides)), message);
        });
    }

    it("a count too large to be a number must be refused as such, never reported as missing", () => {
        const message = refusal(baseEnv({ FAILOVER_MIN_SIZE: "9".repeat(400) }));
        assert.match(message, /FAILOVER_MIN_SIZE /);
        assert.doesNotMatch(message, /FAILOVER_MIN_SIZE is required/);
    });

    it("a missing variable must be reported as required", () => {
        assert.match(refusal(baseEnv({ STATE_TABLE_NAME: undefined })), /STATE_TABLE_NAME is required/);
    });

    it("multi-part and two-digit regions, other partitions and several-digit counts must be accepted as written", () => {
        const s = parse(baseEnv({
            PRIMARY_REGION: "us-gov-east-1",
            STANDBY_REGION: "us-gov-west-10",
            WAKE_ALARM_ARN: govAlarm(WAKE),
            RECOVERY_ALARM_ARN: govAlarm(RECOVERY),
            NOTIFY_TOPIC_ARN: GOV_TOPIC,
            RECOVERY_WINDOW_MINUTES: "30",
            FAILOVER_MIN_SIZE: "12",
            FAILOVER_DESIRED_CAPACITY: "16",
            RECONCILE_HOLD_MINUTES: "15",
        }));
        assert.deepEqual(
            [s.primaryRegion, s.standbyRegion, s.wakeAlarmRegion, s.notifyTopicRegion, s.recoveryWindowMinutes, s.failover, s.reconcileHoldMinutes],
            ["us-gov-east-1", "us-gov-west-10", "us-gov-west-1", "us-gov-west-1", 30, { minSize: 12, desiredCapacity: 16 }, 15],
        );
        const tenth = parse(baseEnv({ NOTIFY_TOPIC_ARN: "arn:aws:sns:ap-east-10:123456789012:t", WAKE_ALARM_ARN: arnOf(WAKE, "ap-east-10"), RECOVERY_ALARM_ARN: arnOf(RECOVERY, "ap-east-10") }));
        assert.deepEqual([tenth.notifyTopicRegion, tenth.wakeAlarmRegion], ["ap-east-10", "ap-east-10"]);
    });

    it("names must be read without surrounding blanks, and longer than one character", () => {
        const s = parse(baseEnv({ STACK: "  prod-eu ", STANDBY_ASG_NAME: "web-standby-asg" }));
        assert.equal(s.stack, "prod-eu");
        assert.equal(s.standbyAsgName, "web-standby-asg");
    });

    it("flags must read true only as \"true\", false as \"false\" or unset", () => {
        assert.deepEqual([parse(baseEnv({ DRILL: "true" })).drill, parse(baseEnv({ DRILL: "false" })).drill, parse(baseEnv()).drill], [true, false, false]);
        const promoting = parse(baseEnv({ AUTO_PROMOTE: "true", REPLICA_DB_IDENTIFIER: REPLICA, PROMOTE_ALARM_NAME: PROMOTE, PROMOTE_ALARM_ARN: arnOf(PROMOTE) }));
        assert.equal(promoting.autoPromote, true);
    });

    it("an optional variable must be read when set, and an empty one must mean unset", () => {
        const s = parse(holdEnv({ FAILBACK: "manual" }));
        assert.deepEqual(s.hold, { stack: "prod", region: "us-west-2" });
        assert.equal(s.primaryHealthCheckId, "hc-primary");
        assert.equal(parse(baseEnv({ REPLICA_DB_IDENTIFIER: "", HOLD_REGION: "" })).replicaDbIdentifier, undefined);
    });
});

describe("the contract between the program and the functions", () => {
    it("the names deployed stacks hold must stay as deployed: the state table's key and item, the notification marker, the metrics", () => {
        const c = freshLoad<Contract>("shared/contract");
        // Changing any of these strands what a running stack holds: the state item under its key, the
        // topic subscription's filter on the marker, the alarms on the metrics.
        assert.deepEqual(
            [c.STATE_KEY_ATTRIBUTE, c.STATE_ITEM_KEY, c.SOURCE_ATTRIBUTE, c.SOURCE_VALUE, c.UNKNOWN_ALARM_METRIC, c.HOLD_METRIC],
            ["pk", "failover-state", "source", "ha-web-tier-failover", "FailoverUnknownAlarmMessages", "PrimaryHeld"],
        );
    });
});

describe("failover function environment: its own variables and the rules between them", () => {
    const refused: [string, Record<string, string | undefined>, RegExp][] = [
        ["a mode it does not know", { MODE: "active-active" }, /MODE must be "pilot-light" or "warm-standby"/],
        ["a failback it does not know", { FAILBACK: "sometimes" }, /FAILBACK must be "automatic" or "manual"/],
        ["a replica identifier starting with a digit", { REPLICA_DB_IDENTIFIER: "1web" }, /REPLICA_DB_IDENTIFIER must be an RDS DB instance identifier/],
        ["a replica identifier with an underscore", { REPLICA_DB_IDENTIFIER: "web_1" }, /REPLICA_DB_IDENTIFIER must be an RDS DB instance identifier/],
        ["a replica identifier with two hyphens in a row", { REPLICA_DB_IDENTIFIER: "web--replica" }, /REPLICA_DB_IDENTIFIER must be an RDS DB instance identifier/],
        ["a replica identifier ending in a hyphen", { REPLICA_DB_IDENTIFIER: "web-replica-" }, /REPLICA_DB_IDENTIFIER must not end with a hyphen/],
        ["a state table name with a blank before a valid name", { STATE_TABLE_NAME: "web state-table" }, /STATE_TABLE_NAME must be a DynamoDB table name/],
        ["a state table name with a blank after a valid name", { STATE_TABLE_NAME: "web-state table" }, /STATE_TABLE_NAME must be a DynamoDB table name/],
        ["a resting desired capacity below the resting minimum", { STANDBY_MIN_SIZE: "2", STANDBY_DESIRED_CAPACITY: "1" }, /STANDBY_DESIRED_CAPACITY must be at least STANDBY_MIN_SIZE/],
        ["a failover capacity below the resting capacity", { STANDBY_DESIRED_CAPACITY: "5" }, /FAILOVER_DESIRED_CAPACITY must be at least STANDBY_DESIRED_CAPACITY/],
    ];
    for (const [what, overrides, message] of refused) {
        it(`${what} must be refused, naming the variable and what it must be`, () => {
            const text = refusal(baseEnv(overrides));
            assert.match(text, /^Invalid failover function environment: /);
            assert.match(text, message);
        });
    }

    it("both modes, both failbacks and a well-formed replica must be accepted, failback automatic when unset", () => {
        const warm = parse(baseEnv({ MODE: "warm-standby", STANDBY_MIN_SIZE: "1", STANDBY_DESIRED_CAPACITY: "4", REPLICA_DB_IDENTIFIER: "web-replica-2" }));
        assert.deepEqual([warm.mode, warm.standby, warm.replicaDbIdentifier, warm.failback], ["warm-standby", { minSize: 1, desiredCapacity: 4 }, "web-replica-2", "automatic"]);
        const manual = parse(holdEnv({ FAILBACK: "manual", STATE_TABLE_NAME: "web.state_table-1" }));
        assert.deepEqual([manual.mode, manual.failback, manual.stateTableName], ["pilot-light", "manual", "web.state_table-1"]);
        assert.equal(parse(holdEnv({ FAILBACK: "automatic" })).failback, "automatic");
    });

    it("without a switch region there must be no switch, and without a promotion alarm no promotion alarm", () => {
        const s = parse(baseEnv());
        assert.equal(s.hold, undefined);
        assert.equal(s.promoteAlarm, undefined);
    });
});
