/**
 * The config's cross-field rules at their edges: the last value each accepts and the first it refuses,
 * and each rule held to the modes and keys it names, so an off-by-one or a rule applied to the wrong
 * mode is caught.
 */
import { strict as assert } from "assert";
import { parseConfig } from "../../../stack/config";
import { problemsOf } from "./configProblems";

const regions = (...names: string[]) => names.map((name, i) => ({ name, vpcCidr: `10.${10 + i}.0.0/16` }));

const valid = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    regions: regions("us-west-2", "us-east-2"),
    mode: "pilot-light",
    dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
    failover: { notificationEmail: "ops@example.com" },
    ...extra,
});

/** The problems of `raw` whose key starts with `key`, or [] when the config is accepted. */
function problemsAt(raw: Record<string, unknown>, key: string): string[] {
    try {
        parseConfig(raw);
        return [];
    } catch {
        return problemsOf(raw).filter((p) => p.startsWith(`ha-web-tier:${key}`));
    }
}

describe("stack config: the cross-field rules at their edges", () => {
    it("breakGlass.regionDown must name one of the stack's regions, listing them", () => {
        const [problem] = problemsAt(valid({ breakGlass: { regionDown: "eu-west-1" } }), "breakGlass.regionDown");
        assert.equal(problem, "ha-web-tier:breakGlass.regionDown: eu-west-1 is not one of the stack's regions (us-west-2, us-east-2); name the region that is down");
        assert.deepEqual(problemsAt(valid({ breakGlass: { regionDown: "us-east-2" } }), "breakGlass"), []);
    });

    it("breakGlass.regionDown in a one-region stack is refused: nothing would survive to change", () => {
        const single = valid({ mode: "single-region", regions: regions("us-west-2"), breakGlass: { regionDown: "us-west-2" } });
        assert.deepEqual(problemsAt(single, "breakGlass.regionDown"),
            ["ha-web-tier:breakGlass.regionDown: names the stack's only region: there is no surviving region to change; remove it"]);
    });

    it("active-active takes 2 to 5 regions: 2 and 5 pass, 1 and 6 are refused", () => {
        const names = ["us-west-2", "us-east-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1"];
        const aa = (n: number) => valid({ mode: "active-active", regions: regions(...names.slice(0, n)) });
        assert.deepEqual(problemsAt(aa(2), "regions"), []);
        assert.deepEqual(problemsAt(aa(5), "regions"), []);
        assert.match(problemsAt(aa(1), "regions")[0] ?? "", /active-active needs 2 to 5 regions, got 1/);
        assert.match(problemsAt(aa(6), "regions")[0] ?? "", /active-active needs 2 to 5 regions, got 6/);
    });

    it("a VPC block of /24 is the smallest accepted, /25 is refused", () => {
        const withCidr = (cidr: string) => valid({ regions: [{ name: "us-west-2", vpcCidr: cidr }, { name: "us-east-2", vpcCidr: "10.20.0.0/16" }] });
        assert.deepEqual(problemsAt(withCidr("10.10.0.0/24"), "regions[0].vpcCidr"), []);
        assert.match(problemsAt(withCidr("10.10.0.0/25"), "regions[0].vpcCidr")[0] ?? "", /must be a \/16 to \/24 block/);
    });

    it("capacity may have desired equal to max and to 1; desired above max or below 1 is refused", () => {
        assert.deepEqual(problemsAt(valid({ capacity: { min: 1, desired: 4, max: 4 } }), "capacity"), []);
        assert.deepEqual(problemsAt(valid({ capacity: { min: 1, desired: 1, max: 4 } }), "capacity"), []);
        assert.match(problemsAt(valid({ capacity: { min: 1, desired: 5, max: 4 } }), "capacity")[0] ?? "", /needs min <= desired <= max, got 1 \/ 5 \/ 4/);
        assert.ok(problemsAt(valid({ capacity: { min: 0, desired: 0, max: 4 } }), "capacity.desired").some((p) => /must be at least 1 so the primary serves/.test(p)));
    });

    it("a warm standby may run at capacity.max but not above it, nor with min above desired", () => {
        const ws = (standby: Record<string, unknown>) => valid({ mode: "warm-standby", capacity: { min: 2, desired: 2, max: 4, standby } });
        assert.deepEqual(problemsAt(ws({ min: 1, desired: 4 }), "capacity.standby"), []);
        assert.match(problemsAt(ws({ min: 1, desired: 5 }), "capacity.standby")[0] ?? "", /needs min <= desired <= capacity\.max, got 1 \/ 5 \/ 4/);
        assert.match(problemsAt(ws({ min: 3, desired: 2 }), "capacity.standby")[0] ?? "", /needs min <= desired <= capacity\.max, got 3 \/ 2 \/ 4/);
    });

    it("a pilot-light standby must rest at 0: min or desired above 0 is refused, each named", () => {
        const pl = (standby: Record<string, unknown>) => valid({ capacity: { min: 2, desired: 2, max: 4, standby } });
        assert.deepEqual(problemsAt(pl({ min: 0, desired: 0 }), "capacity.standby"), []);
        assert.match(problemsAt(pl({ min: 1, desired: 1 }), "capacity.standby").join("\n"), /pilot-light keeps the standby at 0 instances, got min 1 \/ desired 1/);
        assert.match(problemsAt(pl({ min: 0, desired: 1 }), "capacity.standby").join("\n"), /pilot-light keeps the standby at 0 instances, got min 0 \/ desired 1/);
    });

    it("failover.capacity may equal capacity.max, not exceed it", () => {
        const fc = (capacity: number) => valid({ capacity: { min: 2, desired: 2, max: 4 }, failover: { notificationEmail: "ops@example.com", capacity } });
        assert.deepEqual(problemsAt(fc(4), "failover.capacity"), []);
        assert.deepEqual(problemsAt(fc(5), "failover.capacity"), ["ha-web-tier:failover.capacity: 5 exceeds capacity.max (4); lower it or raise capacity.max"]);
    });

    it("pilot-light from us-east-1 needs the probe and the warm pool; from another region, or warm-standby from us-east-1, it does not", () => {
        const fromEast = (mode: string) => valid({ mode, regions: regions("us-east-1", "us-west-2"), failover: { notificationEmail: "ops@example.com", probe: false } });
        assert.match(problemsAt(fromEast("pilot-light"), "regions[0].name")[0] ?? "", /pilot-light with the primary in us-east-1 is statically stable only with failover\.probe and failover\.warmPool on/);
        assert.deepEqual(problemsAt(fromEast("warm-standby"), "regions[0].name"), []);
        assert.deepEqual(problemsAt(valid({ failover: { notificationEmail: "ops@example.com", probe: false } }), "regions[0].name"), []);
    });

    it("database.maxAllocatedStorageGb may equal allocatedStorageGb, not be below it", () => {
        const db = (max: number) => valid({ database: { enabled: true, allocatedStorageGb: 50, maxAllocatedStorageGb: max } });
        assert.deepEqual(problemsAt(db(50), "database.maxAllocatedStorageGb"), []);
        assert.deepEqual(problemsAt(db(49), "database.maxAllocatedStorageGb"), ["ha-web-tier:database.maxAllocatedStorageGb: must be at least database.allocatedStorageGb (50); raise it"]);
    });

    it("database.primaryRegion must be one of the regions, and any one of them is accepted", () => {
        assert.deepEqual(problemsAt(valid({ database: { enabled: true, primaryRegion: "us-east-2" } }), "database.primaryRegion"), []);
        assert.deepEqual(problemsAt(valid({ database: { enabled: true, primaryRegion: "eu-west-1" } }), "database.primaryRegion"),
            ["ha-web-tier:database.primaryRegion: eu-west-1 is not one of the stack's regions; use one of us-west-2, us-east-2"]);
    });

    it("a demo-site search string with $ is refused; with a custom image it is the app's own", () => {
        assert.match(problemsAt(valid({ app: { healthSearchString: "ok$x" } }), "app.healthSearchString")[0] ?? "", /contains \$/);
        assert.deepEqual(problemsAt(valid({ app: { image: "public.ecr.aws/nginx/nginx:1.30", healthSearchString: "ok$x" } }), "app.healthSearchString"), []);
    });
});

describe("stack config: the managed-path rules apply only to the modes they name", () => {
    const single = (failover: Record<string, unknown>) => valid({ mode: "single-region", regions: regions("us-west-2"), failover: { notificationEmail: "ops@example.com", ...failover } });

    it("a single-region stack's failover keys get one problem each (single-region's own), never the Region switch hint as well", () => {
        for (const key of ["minDelayMinutesBetweenExecutions", "approvalRoleArn"]) {
            const value = key === "approvalRoleArn" ? "arn:aws:iam::123456789012:role/approver" : 45;
            const problems = problemsAt(single({ [key]: value }), `failover.${key}`);
            assert.ok(problems.length <= 1, problems.join("\n"));
            assert.ok(!problems.some((p) => /has an effect only with failover\.engine arc-region-switch/.test(p)), problems.join("\n"));
        }
    });

    it("manual failback in active-active or single-region is not blamed on the front door or the engine", () => {
        const aa = valid({ mode: "active-active", frontDoor: "global-accelerator", failover: { notificationEmail: "ops@example.com", failback: "manual" } });
        assert.ok(!problemsAt(aa, "failover.failback").some((p) => /global-accelerator routes by the ALBs' health/.test(p)));
        assert.ok(!problemsAt(single({ failback: "manual", engine: "arc-region-switch" }), "failover.failback")
            .some((p) => /which failover\.engine arc-region-switch does not deploy/.test(p)));
    });

    it("behind Global Accelerator, dns is required only for a pilot-light primary in us-east-1 with the function: not in warm-standby, not from another region", () => {
        const ga = (mode: string, first: string) => valid({ mode, frontDoor: "global-accelerator", dns: undefined, regions: regions(first, "us-west-2") });
        assert.match(problemsAt(ga("pilot-light", "us-east-1"), "dns").join("\n"), /is required in pilot-light with the primary in us-east-1: the probe/);
        assert.deepEqual(problemsAt(ga("warm-standby", "us-east-1"), "dns"), []);
        assert.deepEqual(problemsAt(ga("pilot-light", "us-east-2"), "dns"), []);
    });

    it("Region switch from a us-east-1 pilot-light primary is refused; from a warm-standby one it is not", () => {
        const rs = (mode: string) => valid({ mode, regions: regions("us-east-1", "us-west-2"), failover: { notificationEmail: "ops@example.com", engine: "arc-region-switch" } });
        assert.match(problemsAt(rs("pilot-light"), "failover.engine").join("\n"), /arc-region-switch is started by the alarm in us-east-1 and has no probe/);
        assert.deepEqual(problemsAt(rs("warm-standby"), "failover.engine"), []);
    });
});

describe("stack config: rules that must not fire beside their neighbours", () => {
    it("a pilot-light standby with min above 0 and desired 0 is told both: min <= desired, and pilot-light rests at 0", () => {
        const problems = problemsAt(valid({ capacity: { min: 2, desired: 2, max: 4, standby: { min: 1, desired: 0 } } }), "capacity.standby").join("\n");
        assert.match(problems, /needs min <= desired <= capacity\.max, got 1 \/ 0 \/ 4/);
        assert.match(problems, /pilot-light keeps the standby at 0 instances, got min 1 \/ desired 0/);
    });

    it("a demo-site search string without $ is accepted", () => {
        assert.deepEqual(problemsAt(valid({ app: { healthSearchString: "demo is up" } }), "app.healthSearchString"), []);
    });

    it("a pilot-light primary in us-east-1 without dns, behind Route 53, is told once that dns is required (not the accelerator's reason)", () => {
        const problems = problemsAt(valid({ regions: regions("us-east-1", "us-west-2"), dns: undefined }), "dns");
        assert.equal(problems.length, 1, problems.join("\n"));
        assert.doesNotMatch(problems[0], /the probe, which wakes the standby without the alarm in us-east-1, checks the service's name/);
    });

    it("single-region with Region switch named is refused for that, not told its probe is beside a plan", () => {
        const problems = problemsAt(valid({ mode: "single-region", regions: regions("us-west-2"), failover: { notificationEmail: "ops@example.com", engine: "arc-region-switch", probe: true } }), "failover.probe");
        assert.ok(!problems.some((p) => /failover\.engine arc-region-switch deploys no probe/.test(p)), problems.join("\n"));
    });
});
