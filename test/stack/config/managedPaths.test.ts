import { strict as assert } from "assert";
import { parseConfig } from "../../../stack/config";
import { problemsOf } from "./configProblems";

const base = (extra: Record<string, unknown> = {}, failover: Record<string, unknown> = {}) => ({
    regions: [
        { name: "us-east-2", vpcCidr: "10.10.0.0/16" },
        { name: "us-west-2", vpcCidr: "10.20.0.0/16" },
    ] as Record<string, unknown>[],
    mode: "pilot-light",
    dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
    ...extra,
    failover: { notificationEmail: "ops@example.com", ...failover },
});

describe("stack config: front door and failover engine", () => {
    it("defaults to Route 53 records and the failover function, with a 30-minute delay between a plan's automatic runs", () => {
        const c = parseConfig(base());
        assert.deepEqual([c.frontDoor, c.failover.engine, c.failover.minDelayMinutesBetweenExecutions, c.failover.approvalRoleArn], ["dns", "function", 30, undefined]);
    });

    it("accepts Global Accelerator in every multi-region mode, and Region switch in pilot-light and warm-standby", () => {
        for (const mode of ["pilot-light", "warm-standby", "active-active"]) {
            assert.equal(parseConfig(base({ mode, frontDoor: "global-accelerator" })).frontDoor, "global-accelerator");
        }
        for (const mode of ["pilot-light", "warm-standby"]) {
            const c = parseConfig(base({ mode }, { engine: "arc-region-switch", minDelayMinutesBetweenExecutions: 45, approvalRoleArn: "arn:aws:iam::123456789012:role/approver" }));
            assert.deepEqual([c.failover.engine, c.failover.minDelayMinutesBetweenExecutions], ["arc-region-switch", 45]);
        }
    });

    it("Global Accelerator does not need dns in the failover modes (users reach the accelerator), and says what is lost without it", () => {
        const c = parseConfig({ ...base({ mode: "warm-standby", frontDoor: "global-accelerator" }), dns: undefined });
        assert.ok(c.advisories.some((a) => a.startsWith("ha-web-tier:frontDoor is global-accelerator without dns: users reach the accelerator's DNS name")));
        assert.deepEqual(problemsOf({ ...base({ mode: "warm-standby" }), dns: undefined }).filter((p) => p.startsWith("ha-web-tier:dns:")).length, 1);
    });

    it("refuses a front door or engine that has nothing to do, naming the key and the fix", () => {
        assert.deepEqual(problemsOf({ ...base({ mode: "single-region", frontDoor: "global-accelerator" }), regions: [{ name: "us-east-2", vpcCidr: "10.10.0.0/16" }], failover: {} }), [
            "ha-web-tier:frontDoor: global-accelerator fails over between two or more regions, and single-region has one; use dns (the default), or add a second region with mode warm-standby or pilot-light",
        ]);
        assert.deepEqual(problemsOf({ ...base({ mode: "active-active" }, { engine: "arc-region-switch" }) }), [
            "ha-web-tier:failover.engine: arc-region-switch wakes a standby (pilot-light and warm-standby), and active-active has none: every region serves; remove it",
        ]);
        assert.deepEqual(problemsOf({ ...base({ mode: "single-region" }, { engine: "arc-region-switch" }), regions: [{ name: "us-east-2", vpcCidr: "10.10.0.0/16" }] }).filter((p) => p.includes("failover.engine")), [
            "ha-web-tier:failover.engine: has no effect in single-region, which has no standby to fail over to; remove it (set it again when you add a second region with mode warm-standby or pilot-light)",
        ]);
    });

    it("refuses the Region switch settings without Region switch, and the function's settings with it", () => {
        assert.deepEqual(problemsOf(base({}, { minDelayMinutesBetweenExecutions: 10, approvalRoleArn: "arn:aws:iam::123456789012:role/approver" })), [
            "ha-web-tier:failover.approvalRoleArn: has an effect only with failover.engine arc-region-switch (it configures the Region switch plan); remove it, or set failover.engine: arc-region-switch",
            "ha-web-tier:failover.minDelayMinutesBetweenExecutions: has an effect only with failover.engine arc-region-switch (it configures the Region switch plan); remove it, or set failover.engine: arc-region-switch",
        ]);
        assert.deepEqual(problemsOf(base({}, { engine: "arc-region-switch", probe: true, reservedConcurrency: 2 })), [
            "ha-web-tier:failover.probe: is true, but failover.engine arc-region-switch deploys no probe: it would scale the standby beside the plan; remove it (the plan is started by the alarm)",
            "ha-web-tier:failover.reservedConcurrency: reserves concurrency for the failover function, which failover.engine arc-region-switch does not deploy; remove it",
        ]);
    });

    it("refuses a pilot light in us-east-1's shadow: Region switch's trigger, or the probe without a name, lives there", () => {
        const east = (extra: Record<string, unknown>, failover: Record<string, unknown> = {}) => ({
            ...base(extra, failover), regions: [{ name: "us-east-1", vpcCidr: "10.10.0.0/16" }, { name: "us-west-2", vpcCidr: "10.20.0.0/16" }],
        });
        assert.deepEqual(problemsOf(east({}, { engine: "arc-region-switch" })), [
            "ha-web-tier:failover.engine: arc-region-switch is started by the alarm in us-east-1 and has no probe: with the primary in us-east-1 a pilot-light standby would not be woken when the primary's region fails; use failover.engine: function (with the probe and the warm pool), mode warm-standby, or another primary region",
        ]);
        assert.deepEqual(problemsOf({ ...east({ frontDoor: "global-accelerator" }), dns: undefined }), [
            "ha-web-tier:dns: is required in pilot-light with the primary in us-east-1: the probe, which wakes the standby without the alarm in us-east-1, checks the service's name and is not deployed without one; set dns.hostedZoneId and dns.recordName, or use mode warm-standby",
        ]);
        // The same regions in warm-standby are fine: the standby serves without a wake.
        parseConfig(east({ mode: "warm-standby" }, { engine: "arc-region-switch" }));
    });

    it("refuses a manual failback that nothing would keep: behind Global Accelerator, or without the failover function", () => {
        assert.deepEqual(problemsOf(base({ frontDoor: "global-accelerator" }, { failback: "manual" })).filter((p) => p.includes("failback")), [
            "ha-web-tier:failover.failback: manual holds users on the standby through Route 53's failover records, and global-accelerator routes by the ALBs' health instead: nothing would hold them; use failback automatic, or frontDoor dns",
        ]);
        assert.deepEqual(problemsOf(base({}, { engine: "arc-region-switch", failback: "manual" })).filter((p) => p.includes("failback")), [
            "ha-web-tier:failover.failback: manual is kept by the failover function, which failover.engine arc-region-switch does not deploy; use failback automatic, or failover.engine function",
        ]);
        assert.equal(parseConfig(base({}, { failback: "manual" })).failover.failback, "manual");
    });

    it("checks the shape of the new keys with messages that name the fix", () => {
        assert.deepEqual(problemsOf(base({ frontDoor: "cloudfront" }, { engine: "lambda", minDelayMinutesBetweenExecutions: 0, approvalRoleArn: "approver" })), [
            "ha-web-tier:failover.approvalRoleArn: is not an IAM role ARN; use arn:aws:iam::<account>:role/<name>, the role people assume to approve a failover",
            "ha-web-tier:failover.engine: must be one of function | arc-region-switch, got \"lambda\"; pick one of those",
            "ha-web-tier:failover.minDelayMinutesBetweenExecutions: must be at least 1 minute; see the config reference in docs/configuration.md",
            "ha-web-tier:frontDoor: must be one of dns | global-accelerator, got \"cloudfront\"; pick one of those",
        ]);
    });
});
