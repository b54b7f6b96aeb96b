/**
 * Every mistake in one run: schema, cross-field and AWS-fact problems (regions, instance types, AZ
 * counts) are reported together, sorted by key, one class never hiding another.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, parseConfig, sortByKey } from "../../../stack/config";
import { instanceTypeProblem, nearest } from "../../../stack/config/facts";
import { zoneShortfall } from "../../../src/region/zones";
import { PLAN_ZONES, zoneShortfallOf } from "../../../tools/engine/aws-zones";
import { EXIT, runPlan } from "../../../tools/plan";
import { readStackConfig, ROOT, runProgram, withConfig } from "../../mocks";
import { problemsOf } from "./configProblems";

const valid = () => ({
    regions: [
        { name: "us-west-2", vpcCidr: "10.10.0.0/16", azCount: 3 },
        { name: "us-east-2", vpcCidr: "10.20.0.0/16" },
    ] as Record<string, unknown>[],
    mode: "pilot-light",
    dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
    failover: { notificationEmail: "ops@example.com" } as Record<string, unknown>,
    capacity: {} as Record<string, unknown>,
});

const keys = (problems: string[]): string[] => problems.map((p) => p.slice(0, p.indexOf(": ")));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "every-mistake-"));
let files = 0;

/** Plans a stack file written from `yaml` and returns the outcome. */
async function plan(yaml: string): Promise<{ exitCode: number; lines: string[] }> {
    const file = path.join(tmp, `Pulumi.t${files++}.yaml`);
    fs.writeFileSync(file, yaml);
    const outcome = await runPlan({ config: file });
    return { exitCode: outcome.exitCode, lines: outcome.text.split("\n").slice(1).map((l) => l.trim()) };
}

describe("every config mistake in one run", () => {
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("a misspelt region name no longer hides the file's other problems, and suggests the region meant", () => {
        const raw = valid();
        raw.regions[0].name = "us-wset-2";
        raw.regions[1].vpcCidr = "10.10.64.0/20";
        raw.capacity = { min: 3, desired: 2 };
        assert.deepEqual(problemsOf(raw), [
            "ha-web-tier:capacity: needs min <= desired <= max, got 3 / 2 / 6; adjust capacity.min, capacity.desired or capacity.max",
            "ha-web-tier:regions[0].name: us-wset-2 is not an AWS region (the AWS SDK's region list has no such region); did you mean us-west-2?",
            "ha-web-tier:regions[1].vpcCidr: 10.10.64.0/20 overlaps regions[0].vpcCidr (10.10.0.0/16); pick a disjoint range so the VPCs can be peered later",
        ]);
    });

    it("an instance type the provider does not know is refused with the type meant, not planned without its cost", () => {
        const raw = valid();
        raw.capacity = { instanceType: "t3.smal" };
        assert.deepEqual(problemsOf(raw), [
            "ha-web-tier:capacity.instanceType: t3.smal is not an EC2 instance type (@pulumi/aws's ec2.InstanceType has no such type); did you mean t3.small?",
        ]);
        assert.equal(instanceTypeProblem("banana"), "banana is not an EC2 instance type (@pulumi/aws's ec2.InstanceType has no such type); use a type such as t3.small or t4g.small");
        // Current families are known: the list comes with the provider, not a pattern.
        for (const type of ["t3.small", "t4g.small", "m7g.large", "m8g.xlarge", "c7i.2xlarge"]) {
            assert.equal(instanceTypeProblem(type), undefined, type);
        }
    });

    it("an unknown key suggests the setting meant only when it is a near miss", () => {
        const raw = valid() as Record<string, unknown>;
        raw.scalling = { cpuTarget: 50 };
        raw.capacity = { maximum: 4 };
        assert.deepEqual(problemsOf(raw), [
            "ha-web-tier:capacity.maximum: is not a known setting; remove it or check its spelling against the config reference in docs/configuration.md",
            "ha-web-tier:scalling: is not a known setting; did you mean scaling?",
        ]);
        assert.equal(nearest("modee", ["mode", "regions"]), "mode");
        assert.equal(nearest("zzzz", ["mode", "regions"]), undefined);
    });

    it("a refused required value does not hide a cross-field mistake, nor is its absence reported as one", () => {
        const raw = valid();
        raw.dns = { hostedZoneId: "example.com", recordName: "app.example.com" };
        raw.failover = { notificationEmail: "ops@example.com", capacity: 9 };
        assert.deepEqual(keys(problemsOf(raw)), ["ha-web-tier:dns.hostedZoneId", "ha-web-tier:failover.capacity"]);
    });

    it("a region entry whose name or CIDR the schema refuses keeps its place, so the region count is still judged", () => {
        const raw = valid();
        raw.regions[0].vpcCidr = 10;
        raw.regions.push({ name: "eu-west-1", vpcCidr: "10.30.0.0/16" });
        assert.deepEqual(keys(problemsOf(raw)), ["ha-web-tier:regions", "ha-web-tier:regions[0].vpcCidr"]);
    });

    it("problems are sorted by key, list indices by number", () => {
        assert.deepEqual(sortByKey(["ns:regions[10].name: b", "ns:mode: c", "ns:regions[2].name: a", "ns:capacity: d"]),
            ["ns:capacity: d", "ns:mode: c", "ns:regions[2].name: a", "ns:regions[10].name: b"]);
    });

    it("several classes in one file: schema, unknown key, region, cross-field and AZ count, all in one plan, sorted, exit 2", async () => {
        const { exitCode, lines } = await plan(`config:
  ha-web-tier:mode: pilot-light
  ha-web-tier:regions:
    - name: us-wset-2
      vpcCidr: 10.10.0.0/16
      natStratgy: single
    - name: us-west-1
      vpcCidr: 10.10.64.0/20
      azCount: 3
  ha-web-tier:scaling:
    cpuTarget: 120
  ha-web-tier:dns:
    hostedZoneId: Z123EXAMPLE
    recordName: app.example.com
  ha-web-tier:failover:
    notificationEmail: ops@example.com
`);
        assert.equal(exitCode, EXIT.invalidConfig);
        assert.deepEqual(lines, [
            "ha-web-tier:regions[0].name: us-wset-2 is not an AWS region (the AWS SDK's region list has no such region); did you mean us-west-2?",
            "ha-web-tier:regions[0].natStratgy: is not a known setting; did you mean natStrategy?",
            "ha-web-tier:regions[1].azCount: 3 exceeds the 2 Availability Zone(s) of us-west-1 that offer t3.small (usw1-az1, usw1-az3); set it to 2 or less, or pick an instance type offered in more zones",
            "ha-web-tier:regions[1].vpcCidr: 10.10.64.0/20 overlaps regions[0].vpcCidr (10.10.0.0/16); pick a disjoint range so the VPCs can be peered later",
            "ha-web-tier:scaling.cpuTarget: must be at most 100 (percent); see the config reference in docs/configuration.md",
        ]);
    });

    it("an unknown instance type makes the plan fail with exit 2 instead of passing", async () => {
        const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8").replace("instanceType: t3.small", "instanceType: t3.smal");
        const { exitCode, lines } = await plan(prod);
        assert.equal(exitCode, EXIT.invalidConfig);
        assert.deepEqual(keys(lines), ["ha-web-tier:capacity.instanceType"]);
    });

    it("the refused config carries the zone lookups it did not make; a refused count, region or type asks for none", () => {
        const raw = valid();
        raw.capacity = { min: 3, desired: 2 };
        raw.regions[1].azCount = 7;
        let err: unknown;
        try {
            parseConfig(raw);
        } catch (e) {
            err = e;
        }
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(err.zoneRequirements, [{ key: "ha-web-tier:regions[0].azCount", region: "us-west-2", instanceType: "t3.small", azCount: 3 }]);
    });

    it("the plan's zone-table verdict says what the program's own lookup would say", () => {
        for (const [region, azCount] of [["us-west-1", 3], ["us-east-1", 6], ["us-east-2", 4]] as const) {
            const table = (PLAN_ZONES[region] ?? []).filter((z) => z.offersInstanceTypes).map((z) => ({ id: z.id, name: z.name }))
                .sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }));
            const req = { region, instanceType: "t3.small" };
            assert.equal(zoneShortfallOf({ key: "k", ...req, azCount }), `k: ${zoneShortfall(table, req, azCount)}`);
        }
        assert.equal(zoneShortfallOf({ key: "k", region: "us-west-2", instanceType: "t3.small", azCount: 4 }), undefined);
    });

    it("at lookup time every region short of zones is reported at once", async () => {
        const regions = [{ name: "us-west-1", vpcCidr: "10.10.0.0/16", azCount: 3 }, { name: "us-east-2", vpcCidr: "10.20.0.0/16", azCount: 4 }];
        await assert.rejects(runProgram(withConfig(readStackConfig(path.join(ROOT, "Pulumi.prod.yaml")), { regions }), "prod"), (err: unknown) => {
            assert.ok(err instanceof Error && err.name === "ConfigError", String(err));
            assert.deepEqual(keys((err as ConfigError).problems), ["ha-web-tier:regions[0].azCount", "ha-web-tier:regions[1].azCount"]);
            return true;
        });
    });
});
