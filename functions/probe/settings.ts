/** The probe function's settings, read from its environment (set by src/failover/primaryProbe.ts). */
import { z } from "zod";

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be an AWS region such as eu-west-1");
const nonEmpty = z.string().trim().min(1, "must not be empty");
const count = (minimum: number, maximum: number) =>
    z.string().regex(/^\d+$/, "must be a whole number").transform(Number)
        .pipe(z.number().int().min(minimum, `must be at least ${minimum}`).max(maximum, `must be at most ${maximum}`));
const topicArn = z.string().regex(/^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:[\w-]{1,256}$/, "must be an SNS topic ARN");

const schema = z.object({
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
    PROBES_PER_RUN: count(1, 10),
    PROBE_INTERVAL_SECONDS: count(1, 30),
    NOTIFY_TOPIC_ARN: topicArn,
}).superRefine((env, ctx) => {
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

/** Thrown for a missing or malformed variable, naming every problem. */
export class SettingsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SettingsError";
    }
}

/** Parses the environment, or throws {@link SettingsError} naming each bad variable. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
    const r = schema.safeParse(env);
    if (!r.success) {
        const problems = r.error.issues.map((i) => {
            const variable = i.path.map(String).join(".");
            // zod words a missing variable as a type error; say what it is.
            return `${variable} ${i.code === "invalid_type" && env[variable] === undefined ? "is required" : i.message}`;
        });
        throw new SettingsError(`invalid environment: ${problems.join("; ")}`);
    }
    const e = r.data;
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
