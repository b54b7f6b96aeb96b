import { z } from "zod";
import type { FailoverEnvName } from "../shared/contract";
import type { HoldSwitch } from "../shared/hold";
import { alarmArn, alarmNameOf, count, flag, nonEmpty, optional, parseEnvironment, region, regionOf, topicArn } from "../shared/settings";

export { SettingsError } from "../shared/settings";

// RDS DB instance identifiers: 1-63 letters, digits or hyphens, starting with a letter.
const dbIdentifier = z
    .string()
    .regex(/^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/, "must be an RDS DB instance identifier")
    .refine((value) => !value.endsWith("-"), "must not end with a hyphen");

// DynamoDB table names: 3-255 letters, digits, underscores, hyphens and dots.
const tableName = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, "must be a DynamoDB table name");

// Typed by the contract: every variable FailoverFunction sets is parsed here, and no other.
const shape = {
    MODE: z.enum(["pilot-light", "warm-standby"], { message: 'must be "pilot-light" or "warm-standby"' }),
    STACK: nonEmpty,
    PRIMARY_REGION: region,
    STANDBY_REGION: region,
    STANDBY_ASG_NAME: nonEmpty,
    WAKE_ALARM_NAME: nonEmpty,
    WAKE_ALARM_ARN: alarmArn,
    RECOVERY_ALARM_NAME: nonEmpty,
    RECOVERY_ALARM_ARN: alarmArn,
    // The alarm that has seen the primary fail for PROMOTE_AFTER_MINUTES; only with automatic promotion.
    PROMOTE_ALARM_NAME: optional(nonEmpty),
    PROMOTE_ALARM_ARN: optional(alarmArn),
    PROMOTE_AFTER_MINUTES: count(1).default(10),
    RECOVERY_WINDOW_MINUTES: count(1),
    FAILOVER_MIN_SIZE: count(1),
    FAILOVER_DESIRED_CAPACITY: count(1),
    STANDBY_MIN_SIZE: count(0),
    STANDBY_DESIRED_CAPACITY: count(0),
    STATE_TABLE_NAME: tableName,
    NOTIFY_TOPIC_ARN: topicArn,
    // An empty value is how a deployment without a database says "no replica".
    REPLICA_DB_IDENTIFIER: optional(dbIdentifier),
    AUTO_PROMOTE: flag,
    DRILL: flag,
    // Who lets users back to a recovered primary: Route 53 on its own, or a person (the hold).
    FAILBACK: z.enum(["automatic", "manual"], { message: 'must be "automatic" or "manual"' }).default("automatic"),
    // Where the manual switch lives (the standby region); empty: no switch (no DNS records to steer).
    HOLD_REGION: optional(region),
    // The primary's endpoint check, whose one-minute history the reconcile reads; empty: never reconcile down.
    PRIMARY_HEALTH_CHECK_ID: optional(nonEmpty),
    RECONCILE_HOLD_MINUTES: count(1, 1440).default(15),
} satisfies Record<FailoverEnvName, z.ZodTypeAny>;

const schema = z
    .object(shape)
    .superRefine((env, ctx) => {
        const problem = (variable: string, message: string) =>
            ctx.addIssue({ code: "custom", path: [variable], message });
        if (env.PRIMARY_REGION === env.STANDBY_REGION) {
            problem("STANDBY_REGION", "must differ from PRIMARY_REGION");
        }
        const pairs: [string, string | undefined, string | undefined][] = [
            ["WAKE", env.WAKE_ALARM_NAME, env.WAKE_ALARM_ARN],
            ["RECOVERY", env.RECOVERY_ALARM_NAME, env.RECOVERY_ALARM_ARN],
            ["PROMOTE", env.PROMOTE_ALARM_NAME, env.PROMOTE_ALARM_ARN],
        ];
        for (const [alarm, name, arn] of pairs) {
            if ((name === undefined) !== (arn === undefined)) {
                problem(`${alarm}_ALARM_ARN`, `must be set together with ${alarm}_ALARM_NAME`);
            } else if (name !== undefined && arn !== undefined && alarmNameOf(arn) !== name) {
                problem(`${alarm}_ALARM_ARN`, `must be the ARN of ${alarm}_ALARM_NAME (${name}), but names the alarm ${alarmNameOf(arn)}`);
            }
            // One CloudWatch client, in the wake alarm's region, reads them all.
            if (arn !== undefined && alarm !== "WAKE" && regionOf(arn) !== regionOf(env.WAKE_ALARM_ARN)) {
                problem(`${alarm}_ALARM_ARN`, `must be in the wake alarm's region (${regionOf(env.WAKE_ALARM_ARN)})`);
            }
        }
        pairs.forEach(([alarm, name], j) => {
            const same = pairs.slice(0, j).find(([, other]) => name !== undefined && other === name);
            if (same) {
                problem(`${alarm}_ALARM_NAME`, `must differ from ${same[0]}_ALARM_NAME`);
            }
        });
        if (env.AUTO_PROMOTE && env.REPLICA_DB_IDENTIFIER !== undefined && env.PROMOTE_ALARM_ARN === undefined) {
            problem("PROMOTE_ALARM_ARN", "is required with AUTO_PROMOTE true and a replica: promotion waits for that alarm");
        }
        if (env.FAILOVER_DESIRED_CAPACITY < env.FAILOVER_MIN_SIZE) {
            problem("FAILOVER_DESIRED_CAPACITY", "must be at least FAILOVER_MIN_SIZE");
        }
        if (env.STANDBY_DESIRED_CAPACITY < env.STANDBY_MIN_SIZE) {
            problem("STANDBY_DESIRED_CAPACITY", "must be at least STANDBY_MIN_SIZE");
        }
        if (env.FAILOVER_DESIRED_CAPACITY < env.STANDBY_DESIRED_CAPACITY) {
            problem("FAILOVER_DESIRED_CAPACITY", "must be at least STANDBY_DESIRED_CAPACITY");
        }
        if (env.FAILBACK === "manual" && env.HOLD_REGION === undefined) {
            problem("HOLD_REGION", "is required with FAILBACK manual: the hold is what keeps users on the standby");
        }
        // Static stability: a warm standby must already serve when DNS fails over, without this function.
        if (env.MODE === "warm-standby" && env.STANDBY_MIN_SIZE < 1) {
            problem("STANDBY_MIN_SIZE", "must be at least 1 in warm-standby mode");
        }
    });

/** Failover settings after validation; read once per cold start from the environment GlobalFailover sets. */
export interface Settings {
    mode: "pilot-light" | "warm-standby";
    stack: string;
    primaryRegion: string;
    standbyRegion: string;
    standbyAsgName: string;
    wakeAlarmName: string;
    /** The wake alarm's ARN: only a message carrying it can wake, and its live state is read before acting. */
    wakeAlarmArn: string;
    /** Region of the alarms, taken from the wake alarm's ARN (us-east-1, where Route 53 metrics exist). */
    wakeAlarmRegion: string;
    recoveryAlarmName: string;
    /** The recovery alarm's ARN: only a message carrying it can put the standby to sleep. */
    recoveryAlarmArn: string;
    /** The alarm that has seen the primary fail for `promoteAfterMinutes`; set only with automatic promotion. */
    promoteAlarm?: { name: string; arn: string };
    /** Minutes of failed health checks the promotion alarm waits for (for messages). */
    promoteAfterMinutes: number;
    recoveryWindowMinutes: number;
    failover: { minSize: number; desiredCapacity: number };
    standby: { minSize: number; desiredCapacity: number };
    /** The DynamoDB table, in the standby region, holding the state item. */
    stateTableName: string;
    notifyTopicArn: string;
    /** Region of the notification topic, taken from its ARN (the topic lives in us-east-1). */
    notifyTopicRegion: string;
    replicaDbIdentifier?: string;
    autoPromote: boolean;
    /** A drill (failover.drill): the standby wakes and sleeps as in a real failover; nothing is ever promoted. */
    drill: boolean;
    /** manual: a wake holds the primary out of DNS until a person releases it. */
    failback: "automatic" | "manual";
    /** The manual switch (parameter and metric in the standby region); absent without DNS records. */
    hold?: HoldSwitch;
    /** The primary's endpoint health check, for the reconcile's look at its history. */
    primaryHealthCheckId?: string;
    /** Minutes Route 53's checkers must have seen the primary healthy before the reconcile lowers the standby. */
    reconcileHoldMinutes: number;
}

/** Validates the function's environment up front, so a misconfigured deployment fails loudly before any AWS call. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
    const e = parseEnvironment(schema, env, "Invalid failover function environment");
    return {
        mode: e.MODE,
        stack: e.STACK,
        primaryRegion: e.PRIMARY_REGION,
        standbyRegion: e.STANDBY_REGION,
        standbyAsgName: e.STANDBY_ASG_NAME,
        wakeAlarmName: e.WAKE_ALARM_NAME,
        wakeAlarmArn: e.WAKE_ALARM_ARN,
        wakeAlarmRegion: regionOf(e.WAKE_ALARM_ARN),
        recoveryAlarmName: e.RECOVERY_ALARM_NAME,
        recoveryAlarmArn: e.RECOVERY_ALARM_ARN,
        promoteAlarm: e.PROMOTE_ALARM_NAME !== undefined && e.PROMOTE_ALARM_ARN !== undefined
            ? { name: e.PROMOTE_ALARM_NAME, arn: e.PROMOTE_ALARM_ARN }
            : undefined,
        promoteAfterMinutes: e.PROMOTE_AFTER_MINUTES,
        recoveryWindowMinutes: e.RECOVERY_WINDOW_MINUTES,
        failover: { minSize: e.FAILOVER_MIN_SIZE, desiredCapacity: e.FAILOVER_DESIRED_CAPACITY },
        standby: { minSize: e.STANDBY_MIN_SIZE, desiredCapacity: e.STANDBY_DESIRED_CAPACITY },
        stateTableName: e.STATE_TABLE_NAME,
        notifyTopicArn: e.NOTIFY_TOPIC_ARN,
        notifyTopicRegion: regionOf(e.NOTIFY_TOPIC_ARN),
        replicaDbIdentifier: e.REPLICA_DB_IDENTIFIER,
        autoPromote: e.AUTO_PROMOTE,
        drill: e.DRILL,
        failback: e.FAILBACK,
        hold: e.HOLD_REGION !== undefined ? { stack: e.STACK, region: e.HOLD_REGION } : undefined,
        primaryHealthCheckId: e.PRIMARY_HEALTH_CHECK_ID,
        reconcileHoldMinutes: e.RECONCILE_HOLD_MINUTES,
    };
}
