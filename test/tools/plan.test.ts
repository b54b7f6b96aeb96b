/**
 * `npm run plan`: exit codes, the resources it finds per stack, text and JSON agreeing, and verdicts
 * agreeing with the policy gate the policy tests use. The CLI runs as a child process (all at once,
 * in `before`) only where its exit code is the point; everything else runs in-process.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze } from "../../tools/analyze";
import { evaluateStack } from "../../tools/engine";
import { EXIT, main, parseArgs, runPlan } from "../../tools/plan";
import type { PlanResult } from "../../tools/plan-report";
import { PROVIDER_TYPE_PREFIX, STACK_TYPE } from "../../tools/recorded";

interface Cli {
    code: number;
    stdout: string;
    stderr: string;
}

const root = path.resolve(__dirname, "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));

function cli(...args: string[]): Promise<Cli> {
    return new Promise((resolve) => {
        execFile(process.execPath, ["tools/run-ts.js", "tools/plan.ts", ...args], { cwd: root },
            (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }));
    });
}

const key = (v: { policy: string; level: string; urn: string }): string => `${v.level} ${v.policy} ${v.urn}`;

/** Resource counts per region and type, from the text tree's count lines. */
function countsFromText(text: string): Map<string, number> {
    const counts = new Map<string, number>();
    let region = "";
    for (const line of text.split("\n")) {
        const header = /^(\S+) \(\d+ resources\)$/.exec(line);
        if (header?.[1]) {
            region = header[1];
            continue;
        }
        const m = /^\s+(\d+) {2}(\S+)$/.exec(line);
        if (m?.[1] && m[2]) {
            const k = `${region} ${m[2]}`;
            counts.set(k, (counts.get(k) ?? 0) + Number(m[1]));
        }
    }
    return counts;
}

/** Custom resources (components are headings in the text) counted per region of their top-level ancestor. */
function countsFromJson(plan: PlanResult): Map<string, number> {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const counts = new Map<string, number>();
    for (const r of plan.resources) {
        if (r.type === STACK_TYPE || (!r.provider && !r.type.startsWith(PROVIDER_TYPE_PREFIX))) continue;
        let top = r;
        while (top.parent && byUrn.get(top.parent)?.type !== STACK_TYPE && byUrn.get(top.parent)) {
            top = byUrn.get(top.parent) ?? top;
        }
        const k = `${top.region} ${r.type}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return counts;
}

function typesIn(plan: PlanResult, region: string): Set<string> {
    return new Set(plan.resources.filter((r) => r.region === region).map((r) => r.type));
}

const TIER_TYPES = [
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway", "aws:lb/loadBalancer:LoadBalancer",
    "aws:lb/listener:Listener", "aws:lb/targetGroup:TargetGroup", "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:autoscaling/group:Group", "ha-web-tier:index:HaWebTier",
];

describe("npm run plan", function () {
    this.timeout(60_000);
    let prod: Cli;
    let violating: Cli;
    let invalid: Cli;
    let throwing: Cli;
    let cleanBadJson: Cli;
    let failingBadJson: Cli;
    const prodJson = path.join(tmp, "prod.json");
    const violatingJson = path.join(tmp, "violating.json");
    // A file where the JSON's directory would have to be: no run can write below it.
    const blocker = path.join(tmp, "blocker");
    const unwritable = path.join(blocker, "plan.json");

    before(async () => {
        fs.writeFileSync(blocker, "");
        [prod, violating, invalid, throwing, cleanBadJson, failingBadJson] = await Promise.all([
            cli("--stack", "prod", "--json", prodJson),
            cli("--program", "test/fixtures/violating/index.ts", "--json", violatingJson),
            cli("--config", "test/fixtures/plan/invalid.yaml"),
            cli("--program", "test/fixtures/plan/throws.ts", "--config", "test/fixtures/plan/small.yaml"),
            cli("--config", "examples/warm-standby.yaml", "--json", unwritable),
            cli("--program", "test/fixtures/plan/small.ts", "--config", "test/fixtures/plan/small.yaml", "--json", unwritable),
        ]);
    });

    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("the prod stack must plan clean (exit 0) with a full web tier in each of its regions", () => {
        assert.equal(prod.code, 0, prod.stderr + prod.stdout);
        const plan = JSON.parse(fs.readFileSync(prodJson, "utf8")) as PlanResult;
        assert.deepEqual(plan.summary.regions, ["us-east-1", "us-west-2"]);
        for (const region of plan.summary.regions) {
            const types = typesIn(plan, region);
            for (const t of TIER_TYPES) assert.ok(types.has(t), `${region} lacks ${t}`);
        }
        // Route 53 health-check alarms only exist in us-east-1.
        assert.ok(typesIn(plan, "us-east-1").has("aws:cloudwatch/metricAlarm:MetricAlarm"));
        assert.ok(!typesIn(plan, "us-west-2").has("aws:cloudwatch/metricAlarm:MetricAlarm"));
        assert.match(prod.stdout, /^PASS prod: \d+ resources in 2 region\(s\)/m);
    });

    for (const [example, regions] of [
        ["examples/warm-standby.yaml", ["us-east-1", "us-west-2"]],
        ["examples/active-active.yaml", ["eu-west-1", "us-east-2", "us-west-2"]],
    ] as const) {
        it(`${example} must plan clean with a full web tier in ${regions.join(", ")}`, async () => {
            const outcome = await runPlan({ config: example });
            assert.equal(outcome.exitCode, 0, outcome.text);
            const plan = outcome.result;
            assert.ok(plan);
            for (const region of regions) {
                const types = typesIn(plan, region);
                for (const t of TIER_TYPES) assert.ok(types.has(t), `${region} lacks ${t}`);
            }
            // Whatever the tier regions, the Route 53 alarms live in us-east-1, and nothing lands anywhere else.
            assert.ok(typesIn(plan, "us-east-1").has("aws:cloudwatch/metricAlarm:MetricAlarm"));
            assert.deepEqual(plan.summary.regions, [...new Set([...regions, "us-east-1"])].sort());
        });
    }

    it("the text tree must count exactly the resources the JSON lists, per region and type", () => {
        const plan = JSON.parse(fs.readFileSync(prodJson, "utf8")) as PlanResult;
        assert.deepEqual([...countsFromText(prod.stdout)].sort(), [...countsFromJson(plan)].sort());
        assert.match(prod.stdout, new RegExp(`"prod" .*: ${plan.resources.length} resources to create`));
    });

    it("a program breaking mandatory rules must exit 1 and name each rule and resource", () => {
        assert.equal(violating.code, 1, violating.stderr);
        const plan = JSON.parse(fs.readFileSync(violatingJson, "utf8")) as PlanResult;
        const mandatory = plan.violations.filter((v) => v.level === "mandatory");
        assert.ok(mandatory.length > 0);
        assert.equal(plan.summary.result, "fail");
        const lines = violating.stdout.split("\n");
        for (const v of mandatory) {
            const name = plan.resources.find((r) => r.urn === v.urn)?.name ?? v.urn;
            assert.ok(lines.some((l) => l.includes("MANDATORY") && l.includes(v.policy) && l.includes(`"${name}"`)),
                `no line names ${v.policy} on ${name}`);
        }
        assert.match(violating.stdout, new RegExp(`^FAIL prod: .*; ${mandatory.length} mandatory`, "m"));
    });

    it("the plan's verdicts must equal the policy gate's on the same program's resources", async () => {
        const plan = JSON.parse(fs.readFileSync(violatingJson, "utf8")) as PlanResult;
        const run = await evaluateStack({ program: "test/fixtures/violating/index.ts", configFile: "Pulumi.prod.yaml" });
        const gate = await analyze(run.resources, { stack: run.stack, project: run.project });
        assert.deepEqual(plan.violations.map(key).sort(), gate.map(key).sort());
        assert.deepEqual(plan.resources.map((r) => r.urn), run.resources.map((r) => r.urn));
    });

    it("an invalid stack config must exit 2 naming each bad key, without a stack trace", () => {
        assert.equal(invalid.code, 2, invalid.stdout + invalid.stderr);
        assert.match(invalid.stderr, /^ {2}ha-web-tier:mode: /m);
        assert.match(invalid.stderr, /^ {2}ha-web-tier:regions\[0\]\.vpcCidr: /m);
        assert.doesNotMatch(invalid.stderr, /\n\s+at /);
    });

    it("a missing stack config file must exit 2 naming the file, and unknown flags must be refused", async () => {
        const missing = await runPlan({ stack: "nonexistent" });
        assert.equal(missing.exitCode, 2);
        assert.match(missing.text, /Pulumi\.nonexistent\.yaml/);
        assert.throws(() => parseArgs(["--stak", "prod"]), /unknown argument --stak/);
        assert.deepEqual(parseArgs(["--config=examples/a.yaml", "--json", "out.json"]), { config: "examples/a.yaml", json: "out.json" });
    });

    it("a program that throws must exit 3 showing its error and the resource it was building", () => {
        assert.equal(throwing.code, 3, throwing.stdout + throwing.stderr);
        assert.match(throwing.stderr, /while building ha-web-tier:index:Broken "primary" at throws\.ts:11/);
        assert.match(throwing.stderr, /no subnet layout for 0 availability zones/);
    });

    it("a clean plan whose --json file cannot be written must print its verdicts, then exit 2 with one line naming the path", () => {
        assert.equal(cleanBadJson.code, 2, cleanBadJson.stdout + cleanBadJson.stderr);
        assert.match(cleanBadJson.stdout, /^PASS warm-standby: \d+ resources/m);
        assert.equal(cleanBadJson.stderr, `error: cannot write the JSON result to ${unwritable}: ${blocker} is a file, not a directory\n`);
    });

    it("a failing plan whose --json file cannot be written must keep exit 1 and still name every mandatory finding", () => {
        assert.equal(failingBadJson.code, 1, failingBadJson.stdout + failingBadJson.stderr);
        assert.match(failingBadJson.stdout, /MANDATORY instance-no-public-ip {2}aws:ec2\/instance:Instance "us-west-2-web"/);
        assert.match(failingBadJson.stdout, /^FAIL small: .*; 10 mandatory/m);
        assert.match(failingBadJson.stderr, /^error: cannot write the JSON result to .*plan\.json: .*not a directory\n$/);
        assert.doesNotMatch(failingBadJson.stderr, /\n\s+at /);
    });

    it("a failure of the plan tool itself must be reported as such (exit 4), never as the program throwing", async () => {
        const written: string[] = [];
        const write = process.stderr.write.bind(process.stderr);
        process.stderr.write = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
        let code: number;
        try {
            code = await main(["--stack", "prod"], () => Promise.reject(new TypeError("records is not iterable")));
        } finally {
            process.stderr.write = write;
        }
        assert.equal(code, EXIT.internalError);
        const text = written.join("");
        assert.match(text, /^error: the offline plan tool itself failed \(a bug in tools\/, not in your program or stack config\):\nTypeError: records is not iterable/);
        assert.doesNotMatch(text, /the program threw/);
    });
});
