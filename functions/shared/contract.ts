// No imports, on purpose: the Pulumi program reads these names to build the state table, the role's
// conditions, the metric filter and each function's environment, and importing the functions' other
// modules there would load the AWS SDK into every preview.

/** The state table's partition key attribute. */
export const STATE_KEY_ATTRIBUTE = "pk";

/**
 * The one item the function keeps in the state table: the last action and the alarm time behind it.
 * The role may touch no other item (dynamodb:LeadingKeys).
 */
export const STATE_ITEM_KEY = "failover-state";

/**
 * The log field and value the function writes when a message names an alarm it does not know (a stale
 * name after an alarm was replaced, or a forged message). A metric filter on the function's log group
 * turns each such line into a datapoint, and an alarm on it tells a person.
 */
export const UNKNOWN_ALARM_LOG = { field: "failoverEvent", value: "unknown-alarm" } as const;

/**
 * Message attribute the function stamps on its own notifications to the alarm topic, so it can
 * recognise (and skip) them; the topic's subscription to the function drops messages carrying it.
 */
export const SOURCE_ATTRIBUTE = "source";
/** Value of {@link SOURCE_ATTRIBUTE} on the function's own notifications. */
export const SOURCE_VALUE = "ha-web-tier-failover";

/** The metric the filter publishes, in the namespace {@link metricNamespace} gives. */
export const UNKNOWN_ALARM_METRIC = "FailoverUnknownAlarmMessages";

/** The metric namespace of one stack, so stacks sharing an account and region do not share alarms. */
export function metricNamespace(stack: string): string {
    return `ha-web-tier/${stack}`;
}

/**
 * The environment variables the failover function reads. FailoverFunction sets exactly these and the
 * function's schema parses exactly these: both sides are typed by this list, so a name written on
 * one side only fails to compile.
 */
export const FAILOVER_ENV = [
    "MODE", "STACK", "PRIMARY_REGION", "STANDBY_REGION", "STANDBY_ASG_NAME",
    "WAKE_ALARM_NAME", "WAKE_ALARM_ARN", "RECOVERY_ALARM_NAME", "RECOVERY_ALARM_ARN",
    "PROMOTE_ALARM_NAME", "PROMOTE_ALARM_ARN", "PROMOTE_AFTER_MINUTES", "RECOVERY_WINDOW_MINUTES",
    "FAILOVER_MIN_SIZE", "FAILOVER_DESIRED_CAPACITY", "STANDBY_MIN_SIZE", "STANDBY_DESIRED_CAPACITY",
    "STATE_TABLE_NAME", "NOTIFY_TOPIC_ARN", "REPLICA_DB_IDENTIFIER", "AUTO_PROMOTE", "DRILL",
    "FAILBACK", "HOLD_REGION", "PRIMARY_HEALTH_CHECK_ID", "RECONCILE_HOLD_MINUTES",
] as const;
/** One of {@link FAILOVER_ENV}. */
export type FailoverEnvName = (typeof FAILOVER_ENV)[number];

/** The environment variables the probe reads; PrimaryProbe sets exactly these (see {@link FAILOVER_ENV}). */
export const PROBE_ENV = [
    "STACK", "PRIMARY_REGION", "STANDBY_REGION", "PRIMARY_ENDPOINT", "HOST_NAME", "HEALTH_PATH",
    "SEARCH_STRING", "HEALTH_CHECK_ID", "STANDBY_ASG_NAME", "FAILOVER_CAPACITY", "STANDBY_MIN_SIZE",
    "STANDBY_DESIRED_CAPACITY", "FAILURE_THRESHOLD", "PROBES_PER_RUN", "PROBE_INTERVAL_SECONDS", "NOTIFY_TOPIC_ARN",
] as const;
/** One of {@link PROBE_ENV}. */
export type ProbeEnvName = (typeof PROBE_ENV)[number];

/** What a component puts in a function's environment: every contract variable, and the Powertools service name. */
export type FunctionEnvironment<N extends string, V> = Record<N, V> & { POWERTOOLS_SERVICE_NAME: string };

/** The metric (namespace {@link metricNamespace}) whose value 1 holds the primary out of DNS, 0 lets it serve. */
export const HOLD_METRIC = "PrimaryHeld";

/**
 * The SSM parameter (standby region) that says whether the primary is held out: "true" or "false". It
 * is the switch's source of truth: the commands write it, and the scheduled reconcile re-publishes its
 * value to {@link HOLD_METRIC} so Route 53's switch check always has recent data.
 */
export function holdParameterName(stack: string): string {
    return `/ha-web-tier/${stack}/primary-held`;
}

/**
 * The SSM parameter (standby region) describing the standby for the manual commands, so they need no
 * Pulumi backend: JSON {@link StandbyDescription}.
 */
export function standbyParameterName(stack: string): string {
    return `/ha-web-tier/${stack}/standby`;
}

/** What {@link standbyParameterName} holds. */
export interface StandbyDescription {
    /** The standby Auto Scaling group's name. */
    asg: string;
    /** The instances a wake raises it to. */
    failoverCapacity: number;
    /** Its size at rest. */
    resting: { minSize: number; desiredCapacity: number };
}

/** The event the reconcile schedule sends the failover function. */
export const RECONCILE_EVENT = { "ha-web-tier": "reconcile" } as const;
