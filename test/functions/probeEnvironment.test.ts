import assert from "node:assert/strict";
import { freshLoad, settingsRefusal } from "./freshLoad";
import { probeEnv } from "./probeWorld";

// The probe's environment (functions/probe/settings.ts). Its schema is built while the module loads, so
// each test loads it anew (freshLoad), as a cold start does.
type ProbeSettings = typeof import("../../functions/probe/settings");

const parse = (env: Record<string, string>) => freshLoad<ProbeSettings>("probe/settings").parseSettings(env);

const refusal = (env: Record<string, string | undefined>): string => settingsRefusal("probe/settings", env);

describe("probe environment", () => {
    const refused: [string, Record<string, string>, string][] = [
        ["a health path without its leading slash", { HEALTH_PATH: "health" }, "HEALTH_PATH must start with /"],
        ["the standby in the primary's region", { STANDBY_REGION: "us-west-2" }, "STANDBY_REGION must differ from PRIMARY_REGION"],
        ["a threshold no run could reach", { FAILURE_THRESHOLD: "6" }, "FAILURE_THRESHOLD must be at most PROBES_PER_RUN, or no run could ever see enough failures"],
        ["a threshold above ten", { FAILURE_THRESHOLD: "11", PROBES_PER_RUN: "20" }, "FAILURE_THRESHOLD must be at most 10"],
        ["a threshold of zero", { FAILURE_THRESHOLD: "0" }, "FAILURE_THRESHOLD must be at least 1"],
        ["more than a hundred checks a run", { PROBES_PER_RUN: "101" }, "PROBES_PER_RUN must be at most 100"],
        ["a check interval above thirty seconds", { PROBE_INTERVAL_SECONDS: "31" }, "PROBE_INTERVAL_SECONDS must be at most 30"],
        ["a check interval of zero", { PROBE_INTERVAL_SECONDS: "0" }, "PROBE_INTERVAL_SECONDS must be at least 1"],
        ["a failover capacity above ten thousand", { FAILOVER_CAPACITY: "10001" }, "FAILOVER_CAPACITY must be at most 10000"],
        ["a resting size above ten thousand", { STANDBY_MIN_SIZE: "10001", STANDBY_DESIRED_CAPACITY: "10001" }, "STANDBY_MIN_SIZE must be at most 10000; STANDBY_DESIRED_CAPACITY must be at most 10000"],
        ["an empty search string", { SEARCH_STRING: " " }, "SEARCH_STRING must not be empty"],
    ];
    for (const [what, overrides, message] of refused) {
        it(`${what} must be refused, naming the variable`, () => {
            assert.equal(refusal(probeEnv(overrides)), `invalid environment: ${message}`);
        });
    }

    it("every variable must be read as given, the interval in milliseconds, a threshold equal to the checks per run allowed", () => {
        assert.deepEqual(parse(probeEnv({ FAILURE_THRESHOLD: "5", PROBE_INTERVAL_SECONDS: "30", STANDBY_MIN_SIZE: "1", STANDBY_DESIRED_CAPACITY: "10000", FAILOVER_CAPACITY: "10000" })), {
            stack: "prod",
            primaryRegion: "us-west-2",
            standbyRegion: "us-east-1",
            primaryEndpoint: "primary-alb.us-west-2.elb.amazonaws.com",
            hostName: "app.example.com",
            healthPath: "/health",
            searchString: "ha-web-tier: healthy",
            healthCheckId: "0f1e2d3c-aaaa-bbbb-cccc-123456789012",
            standbyAsgName: "prod-standby-asg",
            failoverCapacity: 10000,
            standby: { minSize: 1, desiredCapacity: 10000 },
            failureThreshold: 5,
            probesPerRun: 5,
            probeIntervalMs: 30_000,
            notifyTopicArn: "arn:aws:sns:us-east-1:123456789012:probe-topic",
        });
        assert.deepEqual([parse(probeEnv({ FAILURE_THRESHOLD: "10", PROBES_PER_RUN: "100", PROBE_INTERVAL_SECONDS: "1" }))].map((s) => [s.failureThreshold, s.probesPerRun, s.probeIntervalMs]), [[10, 100, 1000]]);
    });
});
