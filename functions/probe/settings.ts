/** The probe function's settings, read from its environment (set by src/failover/primaryProbe.ts). */
import { z } from "zod";
import type { ProbeEnvName } from "../shared/contract";
import { count, nonEmpty, parseEnvironment, region, topicArn } from "../shared/settings";

export { SettingsError } from "../shared/settings";

// Typed by the contract: every variable PrimaryProbe sets is parsed here, and no other.
const shape = {
    STACK: nonEmpty,
    PRIMARY_REGION: region,
    STANDBY_REGION: region,
    PRIMARY_ENDPOINT: nonEmpty,
    HOST_NAME: nonEmpty,
    HEALTH_PATH: z.string().startsWith("/", "must start with /"),
    SEARCH_STRING: nonEmpty,
    HEALTH_CHECK_ID: nonEmpty,
    STANDBY_ASG_NAME: nonEmpty,
    FAILOVER_CAPACITY: count(1, 10_000),
    STANDBY_MIN_SIZE: count(0, 10_000),
    STANDBY_DESIRED_CAPACITY: count(0, 10_000),
    FAILURE_THRESHOLD: count(1, 10),
    PROBES_PER_RUN: count(1, 100),
    PROBE_INTERVAL_SECONDS: count(1, 30),
    NOTIFY_TOPIC_ARN: topicArn,
} satisfies Record<ProbeEnvName, z.ZodTypeAny>;

const schema = z.object(shape).superRefine((env, ctx) => {
    if (env.PRIMARY_REGION === env.STANDBY_REGION) {
        ctx.addIssue({ code: "custom", path: ["STANDBY_REGION"], message: "must differ from PRIMARY_REGION" });
    }
    if (env.FAILURE_THRESHOLD > env.PROBES_PER_RUN) {
        ctx.addIssue({ code: "custom", path: ["FAILURE_THRESHOLD"], message: "must be at most PROBES_PER_RUN, or no run could ever see enough failures" });
    }
});

/** What one probe run needs to know. */
export interface Settings {
    /** Stack name, for messages. */
    stack: string;
    /** The probed region, for messages. */
    primaryRegion: string;
    /** Where this function runs, the standby ASG lives and the topic is. */
    standbyRegion: string;
    /** The primary ALB's DNS name: the probe connects there, never to the failover name. */
    primaryEndpoint: string;
    /** The name the certificate is for: sent as SNI and Host, and checked against the certificate. */
    hostName: string;
    /** The health path to request. */
    healthPath: string;
    /** Text only the app's health response contains. */
    searchString: string;
    /** The primary's Route 53 health check, whose checkers must agree before a wake. */
    healthCheckId: string;
    /** The only group the probe raises. */
    standbyAsgName: string;
    /** Instances the standby is raised to (at least; never lowered). */
    failoverCapacity: number;
    /** The standby's resting size, for the notification's way back. */
    standby: { minSize: number; desiredCapacity: number };
    /** Consecutive failed checks before the probe asks Route 53. */
    failureThreshold: number;
    /** Checks per run. */
    probesPerRun: number;
    /** Milliseconds between the checks of a run. */
    probeIntervalMs: number;
    /** The probe's topic, in the standby region. */
    notifyTopicArn: string;
}

/** Parses the environment, or throws {@link SettingsError} naming each bad variable. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
    const e = parseEnvironment(schema, env, "invalid environment");
    return {
        stack: e.STACK,
        primaryRegion: e.PRIMARY_REGION,
        standbyRegion: e.STANDBY_REGION,
        primaryEndpoint: e.PRIMARY_ENDPOINT,
        hostName: e.HOST_NAME,
        healthPath: e.HEALTH_PATH,
        searchString: e.SEARCH_STRING,
        healthCheckId: e.HEALTH_CHECK_ID,
        standbyAsgName: e.STANDBY_ASG_NAME,
        failoverCapacity: e.FAILOVER_CAPACITY,
        standby: { minSize: e.STANDBY_MIN_SIZE, desiredCapacity: e.STANDBY_DESIRED_CAPACITY },
        failureThreshold: e.FAILURE_THRESHOLD,
        probesPerRun: e.PROBES_PER_RUN,
        probeIntervalMs: e.PROBE_INTERVAL_SECONDS * 1000,
        notifyTopicArn: e.NOTIFY_TOPIC_ARN,
    };
}
