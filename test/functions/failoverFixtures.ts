// Shared fixtures for the failover function tests: a valid environment, alarm events, a recording
// logger and aws-sdk-client-mock stubs with an in-memory state parameter.
import { AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeDBInstancesCommand, PromoteReadReplicaCommand, RDSClient } from "@aws-sdk/client-rds";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { createHandler, type Log } from "../../functions/failover/handler";
import { INITIAL_STATE } from "../../functions/failover/initialState";

/** Names used across the tests. */
export const STANDBY_ASG = "web-standby-asg";
export const PRIMARY_ASG = "web-primary-asg";
export const WAKE = "web-primary-unhealthy";
export const WAKE_ARN = `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${WAKE}`;
export const RECOVERY = "web-primary-stable";
export const TOPIC = "arn:aws:sns:us-east-1:123456789012:web-failover";
export const PARAM = "/ha-web-tier/prod/failover-state";

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
        RECOVERY_WINDOW_MINUTES: "30",
        FAILOVER_MIN_SIZE: "3",
        FAILOVER_DESIRED_CAPACITY: "4",
        STANDBY_MIN_SIZE: "0",
        STANDBY_DESIRED_CAPACITY: "0",
        STATE_PARAMETER_NAME: PARAM,
        NOTIFY_TOPIC_ARN: TOPIC,
        ...overrides,
    };
}

/** The SNS record body CloudWatch sends for an alarm state change. */
export function alarmMessage(name: string, state: string, time: string, extra: Record<string, unknown> = {}) {
    return {
        AlarmName: name,
        AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
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
                MessageAttributes: {},
            },
        })),
    };
}

/** One alarm change as a whole event. */
export function alarmEvent(name: string, state: string, time: string) {
    return snsEvent(alarmMessage(name, state, time));
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

/** Stubs for every client the function uses, plus the state parameter kept in memory. */
export class World {
    readonly asg = mockClient(AutoScalingClient);
    readonly ssm = mockClient(SSMClient);
    readonly rds = mockClient(RDSClient);
    readonly sns = mockClient(SNSClient);
    readonly cw = mockClient(CloudWatchClient);
    readonly log = new RecordingLog();
    readonly sleeps: number[] = [];
    /** The state parameter's value; undefined means the parameter does not exist. */
    stored: string | undefined;

    constructor(initial: { state: string; since: string } | string | undefined = INITIAL_STATE) {
        this.stored = typeof initial === "object" ? JSON.stringify(initial) : initial;
        this.asg.on(UpdateAutoScalingGroupCommand).resolves({});
        this.ssm.on(GetParameterCommand).callsFake(() => {
            if (this.stored === undefined) {
                throw new ParameterNotFound({ message: "not found", $metadata: {} });
            }
            return { Parameter: { Name: PARAM, Value: this.stored } };
        });
        this.ssm.on(PutParameterCommand).callsFake((input: { Value?: string }) => {
            this.stored = input.Value;
            return { Version: 2 };
        });
        this.rds.on(PromoteReadReplicaCommand).resolves({});
        this.rds.on(DescribeDBInstancesCommand).resolves({
            DBInstances: [{ DBInstanceIdentifier: "web-replica", ReadReplicaSourceDBInstanceIdentifier: "arn:aws:rds:us-east-2:123456789012:db:web" }],
        });
        this.sns.on(PublishCommand).resolves({ MessageId: "out-1" });
        this.wakeAlarm("OK");
    }

    /** Sets the wake alarm's live state, as DescribeAlarms reports it. */
    wakeAlarm(state: "OK" | "ALARM" | "INSUFFICIENT_DATA") {
        this.cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [{ AlarmName: WAKE, AlarmArn: WAKE_ARN, StateValue: state }] });
    }

    describeAlarms() {
        return this.cw.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input);
    }

    /** A handler with this world's logger, no real sleeps and a fixed clock. */
    handler(env: Record<string, string | undefined> = baseEnv()) {
        return createHandler({
            env,
            logger: this.log,
            now: () => new Date("2026-03-01T12:00:00.000Z"),
            retry: {
                sleep: (ms) => {
                    this.sleeps.push(ms);
                    return Promise.resolve();
                },
                random: () => 0.5,
            },
        });
    }

    state(): unknown {
        return this.stored === undefined ? undefined : JSON.parse(this.stored);
    }

    updates() {
        return this.asg.commandCalls(UpdateAutoScalingGroupCommand).map((c) => c.args[0].input);
    }

    publishes() {
        return this.sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    }

    /** Every call made on any client, whatever the command. */
    totalCalls(): number {
        return this.asg.calls().length + this.ssm.calls().length + this.rds.calls().length + this.sns.calls().length + this.cw.calls().length;
    }

    restore() {
        this.asg.restore();
        this.ssm.restore();
        this.rds.restore();
        this.sns.restore();
        this.cw.restore();
    }
}
