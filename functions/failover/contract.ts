// No imports, on purpose: the Pulumi program reads these names to build the state table, the role's
// conditions and the metric filter, and importing the function's other modules there would load the
// AWS SDK into every preview.

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
