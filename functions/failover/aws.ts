import { AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import {
    DBInstanceNotFoundFault,
    DescribeDBInstancesCommand,
    InvalidDBInstanceStateFault,
    PromoteReadReplicaCommand,
    RDSClient,
} from "@aws-sdk/client-rds";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { SOURCE_ATTRIBUTE, SOURCE_VALUE } from "./events";
import { isThrottling } from "./retry";
import type { DatabaseOutcome, Notification } from "./messages";
import type { Settings } from "./settings";

/**
 * Runs one AWS call with the function's retry policy; the label names the call in logs. `retryIf`
 * narrows which errors are retried (default: throttling, timeouts, 5xx, dropped connections).
 */
export type Call = <T>(label: string, fn: () => Promise<T>, retryIf?: (error: unknown) => boolean) => Promise<T>;

/** The SDK clients the function uses, each pinned to the region its resource lives in. */
export interface Clients {
    autoScaling: AutoScalingClient;
    ssm: SSMClient;
    rds: RDSClient;
    sns: SNSClient;
    cloudWatch: CloudWatchClient;
}

/**
 * Builds the clients. SDK retries are off (maxAttempts 1) because the handler retries itself with a
 * known budget; timeouts keep a hung connection from eating the Lambda timeout.
 */
export function createClients(s: Settings): Clients {
    const common = {
        maxAttempts: 1,
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000 },
    };
    return {
        autoScaling: new AutoScalingClient({ ...common, region: s.standbyRegion }),
        ssm: new SSMClient({ ...common, region: s.standbyRegion }),
        rds: new RDSClient({ ...common, region: s.standbyRegion }),
        // The topic lives in us-east-1 (next to the Route 53 alarm), not in the function's region.
        sns: new SNSClient({ ...common, region: s.notifyTopicRegion }),
        // The wake alarm lives with the Route 53 metrics in us-east-1; its ARN names the region.
        cloudWatch: new CloudWatchClient({ ...common, region: s.wakeAlarmRegion }),
    };
}

/**
 * Sets the standby ASG's minimum and desired capacity. Raising the minimum too keeps target tracking
 * from scaling a freshly woken standby back in before traffic reaches it. Only the configured standby
 * ASG is ever named: the settings hold no other group.
 */
export async function scaleStandby(
    clients: Clients,
    call: Call,
    s: Settings,
    capacity: { minSize: number; desiredCapacity: number },
): Promise<void> {
    await call("autoscaling:UpdateAutoScalingGroup", () =>
        clients.autoScaling.send(
            new UpdateAutoScalingGroupCommand({
                AutoScalingGroupName: s.standbyAsgName,
                MinSize: capacity.minSize,
                DesiredCapacity: capacity.desiredCapacity,
            }),
        ),
    );
}

function errorText(error: unknown): string {
    const e = error as { name?: string; message?: string };
    return `${e.name ?? "Error"}: ${e.message ?? String(error)}`;
}

function isInvalidState(error: unknown): boolean {
    const name = (error as { name?: string }).name;
    return error instanceof InvalidDBInstanceStateFault || name === "InvalidDBInstanceStateFault" || name === "InvalidDBInstanceState";
}

/**
 * The database step of a wake. An already promoted replica, or a promotion that fails, is reported in
 * the notification instead of failing the wake (the standby is already scaled and people must hear
 * about it).
 */
export async function databaseStep(clients: Clients, call: Call, s: Settings): Promise<DatabaseOutcome> {
    const replica = s.replicaDbIdentifier;
    if (replica === undefined) {
        return { kind: "none" };
    }
    if (!s.autoPromote) {
        return { kind: "pending", replica };
    }
    try {
        // Retried on throttling only, which RDS answers before acting. After a timeout or a 5xx the
        // promotion may have started; a retry would then get InvalidDBInstanceState and report the
        // replica "already promoted", hiding the failure. It is reported failed with the manual command.
        await call(
            "rds:PromoteReadReplica",
            () => clients.rds.send(new PromoteReadReplicaCommand({ DBInstanceIdentifier: replica })),
            isThrottling,
        );
        return { kind: "promoted", replica };
    } catch (error) {
        if (isInvalidState(error)) {
            return { kind: "already-promoted", replica, detail: errorText(error) };
        }
        return { kind: "failed", replica, detail: errorText(error) };
    }
}

/**
 * Whether the standby's replica has become a writer (promoted automatically or by hand). Scaling the
 * standby in then would take capacity away from the only region that can write.
 */
export async function replicaWasPromoted(clients: Clients, call: Call, s: Settings): Promise<boolean> {
    const replica = s.replicaDbIdentifier;
    if (replica === undefined) {
        return false;
    }
    try {
        const out = await call("rds:DescribeDBInstances", () =>
            clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: replica })),
        );
        const instance = out.DBInstances?.[0];
        return instance !== undefined && !instance.ReadReplicaSourceDBInstanceIdentifier;
    } catch (error) {
        if (error instanceof DBInstanceNotFoundFault || (error as { name?: string }).name === "DBInstanceNotFoundFault") {
            return false;
        }
        throw error;
    }
}

/** Thrown when the wake alarm cannot be found, so a recovery fails instead of scaling in without knowing. */
export class WakeAlarmNotFoundError extends Error {
    constructor(name: string, region: string) {
        super(`Wake alarm ${name} was not found in ${region}; refusing to scale the standby in without knowing the primary's health`);
        this.name = "WakeAlarmNotFoundError";
    }
}

/**
 * The wake alarm's current state. The wake and recovery alarms are evaluated separately, so a recovery
 * message can arrive after the primary has failed again; only the wake alarm's live state says whether
 * scaling in is safe. Every failure is thrown (throttling after the retries in `call`): scaling in blind
 * could leave a failing primary without a standby.
 */
export async function wakeAlarmState(clients: Clients, call: Call, s: Settings): Promise<string> {
    const out = await call("cloudwatch:DescribeAlarms", () =>
        clients.cloudWatch.send(new DescribeAlarmsCommand({ AlarmNames: [s.wakeAlarmName] })),
    );
    const alarm = out.MetricAlarms?.find((a) => a.AlarmName === s.wakeAlarmName);
    if (alarm?.StateValue === undefined) {
        throw new WakeAlarmNotFoundError(s.wakeAlarmName, s.wakeAlarmRegion);
    }
    return alarm.StateValue;
}

/** Publishes a notification marked with the source attribute, so the function's own subscription skips it. */
export async function notify(clients: Clients, call: Call, s: Settings, n: Notification): Promise<void> {
    await call("sns:Publish", () =>
        clients.sns.send(
            new PublishCommand({
                TopicArn: s.notifyTopicArn,
                Subject: n.subject,
                Message: n.body,
                MessageAttributes: { [SOURCE_ATTRIBUTE]: { DataType: "String", StringValue: SOURCE_VALUE } },
            }),
        ),
    );
}
