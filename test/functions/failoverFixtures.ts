// Shared fixtures for the failover function tests: a valid environment, alarm events, a recording
// logger, and a World: an in-memory model of what the function touches (the standby group's capacity
// with Auto Scaling's own rules, the state item with DynamoDB's conditional writes, the alarms' live
// states, the replica, the topic) behind aws-sdk-client-mock. Tests assert the world's end state.
import {
    type Activity,
    AutoScalingClient,
    DescribeAutoScalingGroupsCommand,
    DescribeScalingActivitiesCommand,
    type DescribeScalingActivitiesCommandInput,
    UpdateAutoScalingGroupCommand,
    type UpdateAutoScalingGroupCommandInput,
} from "@aws-sdk/client-auto-scaling";
import {
    CloudWatchClient,
    DescribeAlarmsCommand,
    type DescribeAlarmsCommandInput,
    GetMetricDataCommand,
    type GetMetricDataCommandInput,
    PutMetricDataCommand,
    type PutMetricDataCommandInput,
    StandardUnit,
} from "@aws-sdk/client-cloudwatch";
import { GetHealthCheckStatusCommand, Route53Client } from "@aws-sdk/client-route-53";
import { GetParameterCommand, type GetParameterCommandInput, ParameterNotFound, PutParameterCommand, type PutParameterCommandInput, SSMClient } from "@aws-sdk/client-ssm";
import {
    type AttributeValue,
    ConditionalCheckFailedException,
    DynamoDBClient,
    GetItemCommand,
    type GetItemCommandInput,
    PutItemCommand,
    type PutItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { DescribeDBInstancesCommand, InvalidDBInstanceStateFault, PromoteReadReplicaCommand, RDSClient } from "@aws-sdk/client-rds";
import { PublishCommand, type PublishCommandInput, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { createHandler, type Log } from "../../functions/failover/handler";
import { evaluateCondition } from "./ddbCondition";

/** Names used across the tests. */
export const STANDBY_ASG = "web-standby-asg";
export const PRIMARY_ASG = "web-primary-asg";
export const ACCOUNT = "123456789012";
export const arnOf = (alarm: string, region = "us-east-1", account = ACCOUNT) => `arn:aws:cloudwatch:${region}:${account}:alarm:${alarm}`;
export const WAKE = "web-primary-unhealthy";
export const WAKE_ARN = arnOf(WAKE);
export const RECOVERY = "web-primary-stable";
export const RECOVERY_ARN = arnOf(RECOVERY);
export const PROMOTE = "web-primary-down-long";
export const PROMOTE_ARN = arnOf(PROMOTE);
export const TOPIC = "arn:aws:sns:us-east-1:123456789012:web-failover";
export const TABLE = "web-failover-state";
export const REPLICA = "web-replica";

/** The function's clock in the tests; alarm times are a little before it. */
export const NOW = "2026-03-01T12:00:00.000Z";

/** A complete, valid pilot-light environment; tests override single variables. */
export function baseEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return {
        AWS_REGION: "us-west-2",
        MODE: "pilot-light",
        STACK: "prod",
        PRIMARY_REGION: "us-east-2",
        STANDBY_REGION: "us-west-2",
        STANDBY_ASG_NAME: STANDBY_ASG,
        WAKE_ALARM_NAME: WAKE,
        WAKE_ALARM_ARN: WAKE_ARN,
        RECOVERY_ALARM_NAME: RECOVERY,
        RECOVERY_ALARM_ARN: RECOVERY_ARN,
        RECOVERY_WINDOW_MINUTES: "30",
        FAILOVER_MIN_SIZE: "3",
        FAILOVER_DESIRED_CAPACITY: "4",
        STANDBY_MIN_SIZE: "0",
        STANDBY_DESIRED_CAPACITY: "0",
        STATE_TABLE_NAME: TABLE,
        NOTIFY_TOPIC_ARN: TOPIC,
        ...overrides,
    };
}

/** The standby's size once woken under {@link baseEnv} (FAILOVER_MIN_SIZE, FAILOVER_DESIRED_CAPACITY). */
export const AWAKE = { minSize: 3, desiredCapacity: 4 };

/** The standby group's size as the tests compare it with {@link AWAKE}. */
export const size = (w: World) => ({ minSize: w.group.minSize, desiredCapacity: w.group.desiredCapacity });

/** An access-denied error as the AWS SDK raises it. */
export const denied = () => Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });

/** The environment with the manual switch in the standby region and the reconcile's inputs. */
export function holdEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
    return baseEnv({ HOLD_REGION: "us-west-2", PRIMARY_HEALTH_CHECK_ID: "hc-primary", RECONCILE_HOLD_MINUTES: "15", ...overrides });
}

/** The environment with a replica that is promoted automatically after `minutes` (the promotion alarm). */
export function promoteEnv(overrides: Record<string, string | undefined> = {}, minutes = "10"): Record<string, string | undefined> {
    return baseEnv({
        REPLICA_DB_IDENTIFIER: REPLICA,
        AUTO_PROMOTE: "true",
        PROMOTE_ALARM_NAME: PROMOTE,
        PROMOTE_ALARM_ARN: PROMOTE_ARN,
        PROMOTE_AFTER_MINUTES: minutes,
        ...overrides,
    });
}

/** The SNS record body CloudWatch sends for an alarm state change. */
export function alarmMessage(name: string, state: string, time: string, extra: Record<string, unknown> = {}) {
    return {
        AlarmName: name,
        AlarmArn: arnOf(name),
        NewStateValue: state,
        OldStateValue: state === "ALARM" ? "OK" : "ALARM",
        NewStateReason: "Threshold Crossed",
        StateChangeTime: time,
        Region: "US East (N. Virginia)",
        ...extra,
    };
}

/** Wraps message bodies into the SNS event Lambda receives. */
export function snsEvent(...messages: unknown[]) {
    const noAttributes = (): Record<string, { Type: string; Value: string }> => ({});
    return {
        Records: messages.map((m, i) => ({
            EventSource: "aws:sns",
            EventVersion: "1.0",
            EventSubscriptionArn: `${TOPIC}:sub`,
            Sns: {
                Type: "Notification",
                MessageId: `msg-${i}`,
                TopicArn: TOPIC,
                Subject: "ALARM",
                Message: typeof m === "string" ? m : JSON.stringify(m),
                Timestamp: "2026-01-01T00:00:00.000Z",
                MessageAttributes: noAttributes(),
            },
        })),
    };
}

/** One alarm change as a whole event. */
export function alarmEvent(name: string, state: string, time: string, extra: Record<string, unknown> = {}) {
    return snsEvent(alarmMessage(name, state, time, extra));
}

/** Records log lines so tests can assert that errors are logged, without printing anything. */
export class RecordingLog implements Log {
    readonly lines: { level: string; message: string; extra: Record<string, unknown> }[] = [];
    debug(message: string, ...extra: Record<string, unknown>[]) {
        this.lines.push({ level: "debug", message, extra: Object.assign({}, ...extra) });
    }
    info(message: string, ...extra: Record<string, unknown>[]) {
        this.lines.push({ level: "info", message, extra: Object.assign({}, ...extra) });
    }
    warn(message: string, ...extra: Record<string, unknown>[]) {
        this.lines.push({ level: "warn", message, extra: Object.assign({}, ...extra) });
    }
    error(message: string, ...extra: Record<string, unknown>[]) {
        this.lines.push({ level: "error", message, extra: Object.assign({}, ...extra) });
    }
    levels(level: string) {
        return this.lines.filter((l) => l.level === level);
    }
}

/** The standby group as Auto Scaling keeps it. */
export interface Group {
    minSize: number;
    maxSize: number;
    desiredCapacity: number;
}

/** Where a world starts: the group's size and the state item, if any. */
export interface WorldState {
    group?: Partial<Group>;
    record?: { state: string; since: string; version?: number };
}

/** One alarm's live state. */
export interface Alarm {
    arn: string;
    state: "OK" | "ALARM" | "INSUFFICIENT_DATA";
    transitionedAt: string;
}

const error = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** An AWS throttling error as the SDK raises it. */
export const throttled = (name = "Throttling", message = "Rate exceeded") => error(name, message);

/** The world the function acts on, and the mocks that give it to the function. */
export class World {
    readonly asgMock = mockClient(AutoScalingClient);
    readonly ddbMock = mockClient(DynamoDBClient);
    readonly rdsMock = mockClient(RDSClient);
    readonly snsMock = mockClient(SNSClient);
    readonly cwMock = mockClient(CloudWatchClient);
    readonly ssmMock = mockClient(SSMClient);
    readonly r53Mock = mockClient(Route53Client);
    log = new RecordingLog();
    /** SSM parameters (the standby region's), by name. */
    params = new Map<string, string>();
    /** Every value published to the hold metric, in order. */
    holdMetric: number[] = [];
    /**
     * The primary's endpoint check, one-minute Minimum of HealthCheckStatus, oldest first; the newest is
     * `healthLagMinutes` old (Route 53's metrics arrive about a minute late). Empty: no datapoints.
     */
    health: number[] = [];
    healthLagMinutes = 1;
    /** The primary's endpoint check whose history the world holds (holdEnv's PRIMARY_HEALTH_CHECK_ID). */
    healthCheckId = "hc-primary";
    /** What Route 53's checkers report of the primary, for a probe run in this world. */
    checkersHealthy = true;
    /** The standby group's scaling activities, newest first. */
    activities: Activity[] = [];
    sleeps: number[] = [];
    /** Every call the function made, by IAM action name, in order. */
    calls: string[] = [];
    /** The standby group. */
    group!: Group;
    /** The state item; undefined: no item. */
    item: Record<string, AttributeValue> | undefined;
    /** Every state item successfully written, in order. */
    writes: Record<string, AttributeValue>[] = [];
    alarms = new Map<string, Alarm>();
    /** The standby's database: a replica, a promoted writer, or absent. */
    replica: "replica" | "promoted" | "absent" = "replica";
    published: PublishCommandInput[] = [];
    /** Errors the next calls of an action throw, in order, before the world is touched. */
    faults = new Map<string, unknown[]>();
    /** Called before each call takes effect; the interleaving tests park calls here. */
    gate?: (action: string) => Promise<void>;
    /** The function's clock. */
    clock = Date.parse(NOW);

    constructor(init: WorldState = {}) {
        this.reset(init);
        this.on(this.asgMock, DescribeAutoScalingGroupsCommand, "autoscaling:DescribeAutoScalingGroups", () => ({
            AutoScalingGroups: [{ AutoScalingGroupName: STANDBY_ASG, MinSize: this.group.minSize, MaxSize: this.group.maxSize, DesiredCapacity: this.group.desiredCapacity }],
        }));
        // Without a group name, DescribeScalingActivities answers for every group in the region.
        this.on(this.asgMock, DescribeScalingActivitiesCommand, "autoscaling:DescribeScalingActivities", (input: DescribeScalingActivitiesCommandInput) => ({
            Activities: structuredClone(this.activities.filter((a) => input.AutoScalingGroupName === undefined || a.AutoScalingGroupName === input.AutoScalingGroupName)),
        }));
        this.on(this.asgMock, UpdateAutoScalingGroupCommand, "autoscaling:UpdateAutoScalingGroup", (input: UpdateAutoScalingGroupCommandInput) => this.update(input));
        this.on(this.ddbMock, GetItemCommand, "dynamodb:GetItem", (input: GetItemCommandInput) => {
            if (input.TableName !== TABLE || input.Key?.pk?.S !== "failover-state" || input.ConsistentRead !== true) {
                throw error("ValidationException", `unexpected GetItem ${JSON.stringify(input)}`);
            }
            return { Item: this.item && structuredClone(this.item) };
        });
        this.on(this.ddbMock, PutItemCommand, "dynamodb:PutItem", (input: PutItemCommandInput) => this.put(input));
        this.on(this.cwMock, DescribeAlarmsCommand, "cloudwatch:DescribeAlarms", (input: DescribeAlarmsCommandInput) => ({
            MetricAlarms: (input.AlarmNames ?? []).flatMap((name) => {
                const a = this.alarms.get(name);
                return a ? [{ AlarmName: name, AlarmArn: a.arn, StateValue: a.state, StateTransitionedTimestamp: new Date(a.transitionedAt) }] : [];
            }),
        }));
        // The standby region holds one DB instance, the replica: any other identifier is not found.
        this.on(this.rdsMock, DescribeDBInstancesCommand, "rds:DescribeDBInstances", (input: { DBInstanceIdentifier?: string }) => {
            if (this.replica === "absent" || input.DBInstanceIdentifier !== REPLICA) throw error("DBInstanceNotFoundFault", "not found", 404);
            return { DBInstances: [{ DBInstanceIdentifier: REPLICA, ...(this.replica === "replica" ? { ReadReplicaSourceDBInstanceIdentifier: "arn:aws:rds:us-east-2:123456789012:db:web" } : {}) }] };
        });
        this.on(this.rdsMock, PromoteReadReplicaCommand, "rds:PromoteReadReplica", (input: { DBInstanceIdentifier?: string }) => {
            if (input.DBInstanceIdentifier !== REPLICA) throw error("DBInstanceNotFoundFault", "not found", 404);
            if (this.replica !== "replica") throw new InvalidDBInstanceStateFault({ message: "not a read replica", $metadata: {} });
            this.replica = "promoted";
            return {};
        });
        this.on(this.ssmMock, GetParameterCommand, "ssm:GetParameter", (input: GetParameterCommandInput) => {
            const value = this.params.get(input.Name ?? "");
            if (value === undefined) throw new ParameterNotFound({ message: "not found", $metadata: {} });
            return { Parameter: { Name: input.Name, Value: value } };
        });
        // PutParameter's rules (SSM API reference): an existing parameter is replaced only with Overwrite,
        // and the type is one of three (a SecureString would read back encrypted without WithDecryption).
        this.on(this.ssmMock, PutParameterCommand, "ssm:PutParameter", (input: PutParameterCommandInput) => {
            if (this.params.has(input.Name ?? "") && input.Overwrite !== true) {
                throw error("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
            }
            if (input.Type !== "String") {
                throw error("ValidationException", `parameter type ${JSON.stringify(input.Type)}: the world models plain String parameters only`);
            }
            this.params.set(input.Name ?? "", input.Value ?? "");
            return { Version: 1 };
        });
        // PutMetricData refuses a unit outside CloudWatch's StandardUnit list.
        this.on(this.cwMock, PutMetricDataCommand, "cloudwatch:PutMetricData", (input: PutMetricDataCommandInput) => {
            const units: string[] = Object.values(StandardUnit);
            const bad = (input.MetricData ?? []).find((d) => d.Unit !== undefined && !units.includes(d.Unit));
            if (bad) {
                throw error("InvalidParameterValue", `The parameter MetricData.member.1.Unit must be a value in the set ${units.join(", ")}`);
            }
            this.holdMetric.push(...(input.MetricData ?? []).map((d) => d.Value ?? NaN));
            return {};
        });
        // GetMetricData as CloudWatch answers it: only the primary check's HealthCheckStatus (namespace,
        // name, dimension, one-minute Minimum) has datapoints, only those in [StartTime, EndTime) come back,
        // and ScanBy must be one of its two values.
        this.on(this.cwMock, GetMetricDataCommand, "cloudwatch:GetMetricData", (input: GetMetricDataCommandInput) => {
            if (input.ScanBy !== undefined && input.ScanBy !== "TimestampDescending" && input.ScanBy !== "TimestampAscending") {
                throw error("ValidationError", `ScanBy ${JSON.stringify(input.ScanBy)}`);
            }
            // "The first character must be a lowercase letter" (MetricDataQuery Id).
            if ((input.MetricDataQueries ?? []).some((q) => !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? ""))) {
                throw error("ValidationError", "MetricDataQuery Id must start with a lowercase letter");
            }
            return {
                MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
                    const stat = q.MetricStat;
                    const metric = stat?.Metric;
                    const dims = metric?.Dimensions ?? [];
                    const ours = metric?.Namespace === "AWS/Route53" && metric.MetricName === "HealthCheckStatus" && stat?.Period === 60 && stat.Stat === "Minimum"
                        && dims.length === 1 && dims[0].Name === "HealthCheckId" && dims[0].Value === this.healthCheckId;
                    const n = this.health.length;
                    const from = input.StartTime?.getTime() ?? -Infinity;
                    const to = input.EndTime?.getTime() ?? Infinity;
                    const points = ours
                        ? this.health.map((value, k) => ({ at: new Date(this.clock - (this.healthLagMinutes + (n - 1 - k)) * 60_000), value })).filter((p) => p.at.getTime() >= from && p.at.getTime() < to).reverse()
                        : [];
                    return { Id: q.Id, Timestamps: points.map((p) => p.at), Values: points.map((p) => p.value) };
                }),
            };
        });
        this.on(this.r53Mock, GetHealthCheckStatusCommand, "route53:GetHealthCheckStatus", () => ({
            HealthCheckObservations: Array.from({ length: 8 }, () => ({ StatusReport: { Status: this.checkersHealthy ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out." } })),
        }));
        // SNS refuses a subject of 100 characters or more, or with a line break or control character.
        this.on(this.snsMock, PublishCommand, "sns:Publish", (input: PublishCommandInput) => {
            if (input.Subject !== undefined && (input.Subject.length >= 100 || /[\u0000-\u001f\u007f]/.test(input.Subject))) {
                throw error("InvalidParameterException", "Invalid parameter: Subject");
            }
            this.published.push(input);
            return { MessageId: `out-${this.published.length}` };
        });
    }

    /** Puts the world back to a starting state (a fresh world, without installing the mocks again). */
    reset(init: WorldState = {}) {
        this.group = { minSize: 0, maxSize: 10, desiredCapacity: 0, ...init.group };
        this.item = init.record && {
            pk: { S: "failover-state" },
            state: { S: init.record.state },
            since: { S: init.record.since },
            version: { N: String(init.record.version ?? 7) },
        };
        const since = "2026-03-01T09:00:00.000Z";
        this.alarms = new Map<string, Alarm>([
            [WAKE, { arn: WAKE_ARN, state: "OK", transitionedAt: since }],
            [RECOVERY, { arn: RECOVERY_ARN, state: "OK", transitionedAt: since }],
            [PROMOTE, { arn: PROMOTE_ARN, state: "OK", transitionedAt: since }],
        ]);
        this.replica = "replica";
        this.params = new Map();
        this.holdMetric = [];
        this.health = [];
        this.healthLagMinutes = 1;
        this.checkersHealthy = true;
        this.activities = [];
        this.calls = [];
        this.writes = [];
        this.published = [];
        this.faults = new Map();
        this.sleeps = [];
        this.log = new RecordingLog();
        this.gate = undefined;
        this.clock = Date.parse(NOW);
        for (const m of [this.asgMock, this.ddbMock, this.rdsMock, this.snsMock, this.cwMock, this.ssmMock, this.r53Mock]) {
            m.resetHistory();
        }
    }

    // One fake per client on the stub aws-sdk-client-mock installs, dispatching on the command's class:
    // cheaper than a matcher per command (the interleaving tests make tens of thousands of calls), and a
    // command the world does not model fails loudly instead of returning undefined.
    private readonly models = new Map<unknown, { action: string; apply: (input: any) => unknown }>();

    private on<I>(mock: any, command: any, action: string, apply: (input: I) => unknown) {
        if (![...this.models.values()].some((m) => m.action.split(":")[0] === action.split(":")[0])) {
            mock.send.callsFake(async (cmd: { constructor: unknown; input: unknown }) => {
                const model = this.models.get(cmd.constructor);
                if (!model) {
                    throw new Error(`the test world does not model ${(cmd.constructor as { name: string }).name}`);
                }
                this.calls.push(model.action);
                await this.gate?.(model.action);
                const queued = this.faults.get(model.action);
                if (queued?.length) {
                    throw queued.shift();
                }
                return model.apply(cmd.input);
            });
        }
        this.models.set(command, { action, apply });
    }

    // Auto Scaling's rules (UpdateAutoScalingGroup API reference): a new minimum without a desired
    // capacity raises the desired capacity to it if lower; limits that cross are refused.
    private update(input: UpdateAutoScalingGroupCommandInput) {
        if (input.AutoScalingGroupName !== STANDBY_ASG) {
            throw error("ValidationError", `AutoScalingGroup name not found - ${input.AutoScalingGroupName}`);
        }
        const g = { ...this.group };
        g.minSize = input.MinSize ?? g.minSize;
        g.maxSize = input.MaxSize ?? g.maxSize;
        if (input.DesiredCapacity !== undefined) {
            g.desiredCapacity = input.DesiredCapacity;
        } else {
            g.desiredCapacity = Math.min(Math.max(g.desiredCapacity, g.minSize), g.maxSize);
        }
        if (g.minSize > g.maxSize || g.desiredCapacity < g.minSize || g.desiredCapacity > g.maxSize) {
            throw error("ValidationError", `Desired capacity:${g.desiredCapacity} must be between the specified min size:${g.minSize} and max size:${g.maxSize}`);
        }
        this.group = g;
        return {};
    }

    private put(input: PutItemCommandInput) {
        if (input.TableName !== TABLE || input.Item?.pk?.S !== "failover-state") {
            throw error("ValidationException", `unexpected PutItem ${JSON.stringify(input)}`);
        }
        if (input.ConditionExpression === undefined) {
            throw new Error("the state item must only ever be written conditionally");
        }
        if (Object.values(input.ExpressionAttributeNames ?? {}).some((name) => name === "")) {
            throw error("ValidationException", "ExpressionAttributeNames contains invalid value: Empty attribute name");
        }
        const holds = evaluateCondition(input.ConditionExpression, {
            item: this.item,
            names: input.ExpressionAttributeNames ?? {},
            values: input.ExpressionAttributeValues ?? {},
        });
        if (!holds) {
            throw new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });
        }
        this.item = structuredClone(input.Item);
        this.writes.push(structuredClone(input.Item));
        return {};
    }

    /**
     * An alarm changes state: its live state moves now, and the event CloudWatch sends is returned.
     * Extra fields override the message (a forged ARN, say) without touching the live alarm.
     */
    transition(name: string, state: Alarm["state"], time: string, extra: Record<string, unknown> = {}) {
        const alarm = this.alarms.get(name);
        if (alarm) {
            alarm.state = state;
            alarm.transitionedAt = time;
        }
        return alarmEvent(name, state, time, extra);
    }

    /** The next `times` calls of an action fail with `failure` (every attempt counts). */
    fail(action: string, failure: unknown, times = 1) {
        this.faults.set(action, [...(this.faults.get(action) ?? []), ...Array.from({ length: times }, () => failure)]);
    }

    /** A handler with this world's logger, clock and no real sleeps; each is one execution environment. */
    handler(env: Record<string, string | undefined> = baseEnv()) {
        return createHandler({
            env,
            // Looked up at each line, so a handler kept across resets logs to the current recorder.
            logger: {
                debug: (m, ...e) => this.log.debug(m, ...e),
                info: (m, ...e) => this.log.info(m, ...e),
                warn: (m, ...e) => this.log.warn(m, ...e),
                error: (m, ...e) => this.log.error(m, ...e),
            },
            now: () => new Date(this.clock),
            retry: {
                sleep: (ms) => {
                    this.sleeps.push(ms);
                    return Promise.resolve();
                },
                random: () => 0.5,
            },
        });
    }

    /** The state item as { state, since }, or undefined when there is none. */
    state(): { state?: string; since?: string } | undefined {
        return this.item === undefined ? undefined : { state: this.item.state?.S, since: this.item.since?.S };
    }

    /** The inputs of every UpdateAutoScalingGroup call. */
    updates() {
        return this.asgMock.commandCalls(UpdateAutoScalingGroupCommand).map((c) => c.args[0].input);
    }

    restore() {
        for (const m of [this.asgMock, this.ddbMock, this.rdsMock, this.snsMock, this.cwMock, this.ssmMock, this.r53Mock]) {
            m.restore();
        }
    }
}
