/**
 * The manual switch that holds the primary out of DNS: an SSM parameter (the source of truth) and the
 * custom metric Route 53's switch check reads through a CloudWatch alarm, both in the standby region.
 * Route 53 health checks on a CloudWatch alarm follow the alarm's data stream, not its state (Route 53
 * developer guide, "How Route 53 determines whether a health check is healthy"), so holding and
 * releasing are a PutMetricData each: a regional data-ingestion call, with no Route 53 API (us-east-1)
 * and nothing in the primary's region on the path. Used by the failover function, its reconcile and the
 * operators' command (tools/switch).
 */
import { PutMetricDataCommand, type CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { HOLD_METRIC, holdParameterName, metricNamespace } from "./contract";
import { type Call, callOnce } from "./retry";

/** Where one stack's switch lives. */
export interface HoldSwitch {
    stack: string;
    /** The standby region, where the parameter, the metric and its alarm live. */
    region: string;
}

/** Whether the primary is held out now. A missing parameter reads as not held (a stack deployed before the switch). */
export async function readHold(ssm: SSMClient, sw: HoldSwitch, call: Call = callOnce): Promise<boolean> {
    try {
        const out = await call("ssm:GetParameter", () => ssm.send(new GetParameterCommand({ Name: holdParameterName(sw.stack) })));
        return out.Parameter?.Value === "true";
    } catch (error) {
        if (error instanceof ParameterNotFound || (error as { name?: string }).name === "ParameterNotFound") {
            return false;
        }
        throw error;
    }
}

/** Publishes the hold's value to the metric Route 53's switch check follows (1 held, 0 released). */
export async function publishHold(cloudWatch: CloudWatchClient, sw: HoldSwitch, held: boolean, call: Call = callOnce): Promise<void> {
    await call("cloudwatch:PutMetricData", () => cloudWatch.send(new PutMetricDataCommand({
        Namespace: metricNamespace(sw.stack),
        MetricData: [{ MetricName: HOLD_METRIC, Value: held ? 1 : 0, Unit: "Count" }],
    })));
}

/**
 * Holds the primary out (or releases it): the parameter first, so the reconcile's next re-publish
 * agrees, then the metric, which is what moves DNS.
 */
export async function setHold(clients: { ssm: SSMClient; cloudWatch: CloudWatchClient }, sw: HoldSwitch, held: boolean, call: Call = callOnce): Promise<void> {
    await call("ssm:PutParameter", () => clients.ssm.send(new PutParameterCommand({
        Name: holdParameterName(sw.stack),
        Value: held ? "true" : "false",
        Type: "String",
        Overwrite: true,
    })));
    await publishHold(clients.cloudWatch, sw, held, call);
}
