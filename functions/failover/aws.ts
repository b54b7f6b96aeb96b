import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
    DBInstanceNotFoundFault,
    DescribeDBInstancesCommand,
    InvalidDBInstanceStateFault,
    PromoteReadReplicaCommand,
    RDSClient,
} from "@aws-sdk/client-rds";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import { SOURCE_ATTRIBUTE, SOURCE_VALUE } from "../shared/contract";
import { type Call, isThrottling } from "../shared/retry";
import type { DatabaseOutcome, Notification } from "./messages";
import type { Settings } from "./settings";

/** The SDK clients the function uses, each pinned to the region its resource lives in. */
export interface Clients {
    autoScaling: AutoScalingClient;
    dynamoDb: DynamoDBClient;
    rds: RDSClient;
    sns: SNSClient;
    cloudWatch: CloudWatchClient;
    /** The standby region's SSM and CloudWatch, where the manual switch lives (with a switch only). */
    hold?: { ssm: SSMClient; cloudWatch: CloudWatchClient };
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
        // The state table lives in the standby region, so the function needs nothing from the primary's.
        dynamoDb: new DynamoDBClient({ ...common, region: s.standbyRegion }),
        rds: new RDSClient({ ...common, region: s.standbyRegion }),
        // The topic lives in us-east-1 (next to the Route 53 alarm), not in the function's region.
        sns: new SNSClient({ ...common, region: s.notifyTopicRegion }),
        // The wake alarm lives with the Route 53 metrics in us-east-1; its ARN names the region.
        cloudWatch: new CloudWatchClient({ ...common, region: s.wakeAlarmRegion }),
        hold: s.hold && { ssm: new SSMClient({ ...common, region: s.hold.region }), cloudWatch: new CloudWatchClient({ ...common, region: s.hold.region }) },
    };
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
 * Promotes the standby's replica. The caller has checked that promotion is allowed and due (automatic
 * promotion on, not a drill, the primary failing for long enough). An already promoted replica, or a
 * promotion that fails, is reported in the notification instead of failing the invocation: people
 * must hear about it, and a retry would not promote it either.
 */
export async function promoteReplica(clients: Clients, call: Call, replica: string): Promise<DatabaseOutcome> {
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
