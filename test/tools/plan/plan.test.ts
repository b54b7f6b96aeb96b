/**
 * `npm run plan` and `.ci/plan-all`: exit codes, the resources it finds per stack, text and JSON
 * agreeing. The CLI runs as a child process only where its exit code is the point; everything else
 * runs in-process. Each stack is evaluated once, all at once in `before`.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze } from "../../../tools/plan/analyze";
import { EXIT, HELP, main, parseArgs, runPlan, USAGE, type PlanOutcome } from "../../../tools/plan";
import { stackPlan } from "../../stack/stackRuns";
import type { PlanResult } from "../../../tools/plan/report";
import { PROVIDER_TYPE_PREFIX, STACK_TYPE } from "../../../tools/engine/recorded";
import { createHash } from "node:crypto";
import { bundleFunction } from "../../../src/failover/lambdaBundle";
import { FAILOVER_ENTRY } from "../../../src/failover/failoverFunction";
import { costTable, costTableRow, duration } from "../../../tools/resilience/report";
import { diagramBlock } from "../../../tools/resilience/readme";

interface Cli {
    code: number;
    stdout: string;
    stderr: string;
}

const root = path.resolve(__dirname, "..", "..", "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Cli> {
    return new Promise((resolve) => {
        execFile(file, args, { cwd: root, env },
            (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }));
    });
}

const cli = (...args: string[]): Promise<Cli> => run(process.execPath, ["tools/run-ts.js", "tools/plan/index.ts", ...args]);

/** Runs {@link main} in-process with a given plan outcome, capturing what it prints. */
async function mainWith(argv: string[], plan: () => Promise<PlanOutcome>): Promise<Cli> {
    const out: string[] = [];
    const err: string[] = [];
    const { stdout, stderr } = process;
    const writeOut = stdout.write.bind(stdout);
    const writeErr = stderr.write.bind(stderr);
    stdout.write = (chunk: string | Uint8Array) => out.push(String(chunk)) > 0;
    stderr.write = (chunk: string | Uint8Array) => err.push(String(chunk)) > 0;
    try {
        const code = await main(argv, plan);
        return { code, stdout: out.join(""), stderr: err.join("") };
    } finally {
        stdout.write = writeOut;
        stderr.write = writeErr;
    }
}

/** `level policy where` of every verdict line the text report prints. */
function verdictLinesOf(text: string): string[] {
    return text.split("\n").map((l) => /^ {2}(MANDATORY|ADVISORY) +(\S+) {2}(.+)$/.exec(l))
        .filter((m): m is RegExpExecArray => m !== null).map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

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
    let failingBadJson: Cli;
    let planAll: Cli;
    let warmStandby: PlanOutcome;
    let crossRegion: PlanOutcome;
    const prodJson = path.join(tmp, "prod.json");
    const prodHtml = path.join(tmp, "prod.html");
    const prodMarkdown = path.join(tmp, "prod.md");
    const violatingJson = path.join(tmp, "violating.json");
    const planAllDir = path.join(tmp, "all");
    // A file where the JSON's directory would have to be: no run can write below it.
    const blocker = path.join(tmp, "blocker");
    const unwritable = path.join(blocker, "plan.json");
    // CI's own variables would send the test's plans to the job's summary.
    const notInCi = { ...process.env, GITHUB_ACTIONS: "", GITHUB_STEP_SUMMARY: "" };

    before(async () => {
        fs.writeFileSync(blocker, "");
        [prod, violating, invalid, throwing, failingBadJson, planAll, warmStandby, crossRegion] = await Promise.all([
            cli("--stack", "prod", "--json", prodJson, "--html", prodHtml, "--markdown", prodMarkdown),
            cli("--program", "test/fixtures/violating/index.ts", "--json", violatingJson),
            cli("--config", "test/fixtures/plan/invalid.yaml"),
            cli("--program", "test/fixtures/plan/throws.ts", "--config", "test/fixtures/plan/small.yaml"),
            cli("--program", "test/fixtures/plan/small.ts", "--config", "test/fixtures/plan/small.yaml", "--json", unwritable),
            run(path.join(root, ".ci", "plan-all"), ["--json-dir", planAllDir, "test/fixtures/plan/invalid.yaml", "examples/active-active.yaml"], notInCi),
            stackPlan("examples/warm-standby.yaml"),
            runPlan({ program: "test/fixtures/resilience/cross-region.ts", config: "test/fixtures/resilience/cross-region.yaml" }),
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
        const route53Alarms = plan.resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs.namespace === "AWS/Route53");
        assert.ok(route53Alarms.length >= 2);
        assert.deepEqual([...new Set(route53Alarms.map((r) => r.region))], ["us-east-1"]);
        assert.match(prod.stdout, /^PASS prod: \d+ resources in 2 region\(s\)/m);
        // Prod fails over through DNS, over HTTPS.
        const failover = plan.resources.filter((r) => r.type === "aws:route53/record:Record" && r.inputs.failoverRoutingPolicies);
        assert.deepEqual(failover.map((r) => (r.inputs.failoverRoutingPolicies as { type: string }[])[0].type).sort(), ["PRIMARY", "SECONDARY"]);
        const listeners = plan.resources.filter((r) => r.type === "aws:lb/listener:Listener");
        assert.deepEqual(listeners.map((l) => l.inputs.protocol).sort(), ["HTTP", "HTTP", "HTTPS", "HTTPS"]);
        assert.equal(plan.outputs.serviceUrl, "https://app.example.com");
    });

    const examples = {
        // Planned in-process.
        "examples/warm-standby.yaml": { regions: ["us-east-1", "us-west-2"], plan: () => warmStandby.result },
        // Planned by .ci/plan-all, which keeps the JSON.
        "examples/active-active.yaml": { regions: ["eu-west-1", "us-east-2", "us-west-2"],
            plan: () => JSON.parse(fs.readFileSync(path.join(planAllDir, "active-active.json"), "utf8")) as PlanResult },
    };
    for (const [example, { regions, plan: planOf }] of Object.entries(examples)) {
        it(`${example} must plan clean with a full web tier in ${regions.join(", ")}`, () => {
            const plan = planOf();
            assert.ok(plan);
            assert.equal(plan.summary.result, "pass", JSON.stringify(plan.violations, null, 1));
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

    it("the JSON must carry each resource's options as the policy pack sees them", () => {
        const plan = JSON.parse(fs.readFileSync(prodJson, "utf8")) as PlanResult;
        for (const r of plan.resources) {
            assert.equal(typeof r.options.protect, "boolean", r.urn);
            assert.ok(Array.isArray(r.options.ignoreChanges) && Array.isArray(r.options.aliases), r.urn);
        }
        // The program sets both somewhere in prod (ASG capacity left to scaling, renamed load balancer types).
        assert.ok(plan.resources.some((r) => r.options.ignoreChanges.length > 0));
        assert.ok(plan.resources.some((r) => r.options.aliases.length > 0));
    });

    it("the JSON must show the failover function's bundle by its SHA-256 and size, not inline its code", () => {
        const text = fs.readFileSync(prodJson, "utf8");
        const plan = JSON.parse(text) as PlanResult;
        const fn = plan.resources.find((r) => r.type === "aws:lambda/function:Function" && r.name === "global-fn");
        const asset = (fn?.inputs.code as { assets?: Record<string, Record<string, unknown>> } | undefined)?.assets?.["index.js"];
        const code = bundleFunction(FAILOVER_ENTRY);
        assert.ok(asset, "no index.js asset in the function's code");
        assert.equal(asset.hash, createHash("sha256").update(code).digest("hex"));
        assert.equal(asset.size, Buffer.byteLength(code));
        assert.equal(asset.text, undefined);
        assert.ok(text.length < code.length, `the JSON (${text.length} bytes) still carries the bundle (${code.length} bytes)`);
    });

    it("each region's user data must be known in the plan, naming the log group the tier creates", () => {
        const plan = JSON.parse(fs.readFileSync(prodJson, "utf8")) as PlanResult;
        for (const region of ["us-west-2", "us-east-1"]) {
            const lt = plan.resources.find((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate" && r.region === region);
            const group = plan.resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === `${region}-app-logs`);
            assert.ok(lt && group, `${region} lacks its launch template or app log group`);
            assert.equal(typeof lt.inputs.userData, "string", `${region}'s user data is unknown in the plan`);
            const script = Buffer.from(lt.inputs.userData as string, "base64").toString();
            assert.match(script, /^#!\/bin\/bash\n/);
            assert.ok(script.includes(`awslogs-group='${String(group.inputs.name)}'`), `${region}'s user data does not name ${String(group.inputs.name)}`);
            assert.equal(group.inputs.name, `/ha-web-tier/prod/${region}/app`);
        }
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

    it("the text report must print exactly the JSON's verdicts, mandatory and advisory, one line each", () => {
        const plan = JSON.parse(fs.readFileSync(violatingJson, "utf8")) as PlanResult;
        assert.ok(plan.violations.some((v) => v.level === "advisory"), "the fixture should also raise advisories");
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const fromJson = plan.violations.map((v) => {
            const r = byUrn.get(v.urn);
            return `${v.level.toUpperCase()} ${v.policy} ${r ? `${r.type} "${r.name}"` : v.urn || "(stack)"}`;
        });
        assert.deepEqual(verdictLinesOf(violating.stdout).sort(), fromJson.sort());
    });

    it("an invalid stack config must exit 2 naming each bad key, without a stack trace", () => {
        assert.equal(invalid.code, 2, invalid.stdout + invalid.stderr);
        assert.match(invalid.stderr, /^ {2}ha-web-tier:mode: /m);
        assert.match(invalid.stderr, /^ {2}ha-web-tier:regions\[0\]\.vpcCidr: /m);
        assert.doesNotMatch(invalid.stderr, /\n\s+at /);
    });

    it("a missing stack config file or program must be a usage error (exit 64) naming it, unlike an invalid config", async () => {
        const missing = await runPlan({ stack: "nonexistent" });
        assert.equal(missing.exitCode, EXIT.usage);
        assert.match(missing.text, /Pulumi\.nonexistent\.yaml/);
        const outcome = await runPlan({ program: "test/fixtures/plan/no-such-program.ts" });
        assert.equal(outcome.exitCode, EXIT.usage);
        assert.match(outcome.text, /^error: program test\/fixtures\/plan\/no-such-program\.ts not found/);
        assert.notEqual(EXIT.usage, EXIT.invalidConfig);
    });

    it("--help must print the usage with every exit code and exit 0; an unknown flag must exit 64", async () => {
        assert.equal(parseArgs(["--stack", "prod", "--help"]), HELP);
        const help = await mainWith(["--help"], () => Promise.reject(new Error("--help must not plan")));
        assert.equal(help.code, 0, help.stderr);
        assert.equal(help.stdout, `${USAGE}\n`);
        for (const code of Object.values(EXIT)) {
            assert.match(help.stdout, new RegExp(`^ {2}${code} +\\S`, "m"), `--help does not document exit ${code}`);
        }
        const unknown = await mainWith(["--stak", "prod"], () => Promise.reject(new Error("a usage error must not plan")));
        assert.equal(unknown.code, EXIT.usage);
        assert.match(unknown.stderr, /^error: unknown argument --stak\nusage: /);
        const noValue = await mainWith(["--json"], () => Promise.reject(new Error("a usage error must not plan")));
        assert.equal(noValue.code, EXIT.usage);
        assert.match(noValue.stderr, /^error: --json needs a value\n/);
        assert.deepEqual(parseArgs(["--config=examples/a.yaml", "--json", "out.json", "--policy-pack-config", "p.json"]),
            { config: "examples/a.yaml", json: "out.json", policyPackConfig: "p.json" });
    });

    it("docs/offline-plan.md must document exactly the exit codes the plan uses", () => {
        const readme = fs.readFileSync(path.join(root, "docs", "offline-plan.md"), "utf8");
        const table = readme.slice(readme.indexOf("| Exit | Meaning |"));
        const documented = [...(table.split("\n\n")[0] ?? "").matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
        assert.deepEqual(documented, Object.values(EXIT));
    });

    it("a program that throws must exit 3 showing its error and the resource it was building", () => {
        assert.equal(throwing.code, EXIT.programFailed, throwing.stdout + throwing.stderr);
        assert.match(throwing.stderr, /while building ha-web-tier:index:Broken "primary" at throws\.ts:11/);
        assert.match(throwing.stderr, /no subnet layout for 0 availability zones/);
    });

    it("a policy pack that crashes must fail the plan (exit 1), as it blocks pulumi preview", async () => {
        const crashing = { name: "crashes", description: "Checks whether a crash blocks the plan", enforcementLevel: "advisory" as const,
            validateResource: () => { throw new TypeError("cannot read properties of undefined"); } };
        // A one-bucket program (no other test here evaluates it) that an advisory-only pack would pass.
        const outcome = await runPlan({ program: "test/fixtures/plan/default-provider.ts", config: "test/fixtures/plan/small.yaml" },
            (resources, opts) => analyze(resources, { ...opts, policies: [crashing] }));
        assert.equal(outcome.exitCode, EXIT.mandatory, outcome.text);
        assert.match(outcome.text, /^error: the policy pack failed: .*'crashes'.*\nTypeError: cannot read properties of undefined/);
        assert.equal(outcome.result, undefined);
    });

    it("a clean plan whose --json file cannot be written must print its verdicts, then exit 64 with one line naming the path", async () => {
        const cleanBadJson = await mainWith(["--config", "examples/warm-standby.yaml", "--json", unwritable], () => Promise.resolve(warmStandby));
        assert.equal(cleanBadJson.code, EXIT.usage, cleanBadJson.stdout + cleanBadJson.stderr);
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
        const failed = await mainWith(["--stack", "prod"], () => Promise.reject(new TypeError("records is not iterable")));
        assert.equal(failed.code, EXIT.internalError);
        assert.match(failed.stderr, /^error: the offline plan tool itself failed \(a bug in tools\/, not in your program or stack config\):\nTypeError: records is not iterable/);
        assert.doesNotMatch(failed.stderr, /the program threw/);
    });

    it(".ci/plan-all must plan every file it is given, keep each JSON, and fail if any plan failed", () => {
        assert.equal(planAll.code, 1, planAll.stdout + planAll.stderr);
        assert.match(planAll.stdout, /^PASS active-active: /m);
        assert.ok(fs.existsSync(path.join(planAllDir, "active-active.json")));
        assert.match(fs.readFileSync(path.join(planAllDir, "invalid.txt"), "utf8"), /is not a valid stack config/);
        assert.match(planAll.stderr, /^plan-all: 1 of 2 plan\(s\) failed: test\/fixtures\/plan\/invalid\.yaml$/m);
    });

    describe("resilience assessment of every stack", () => {
        const stacks = (): [string, PlanResult][] => [
            ["prod", JSON.parse(fs.readFileSync(prodJson, "utf8")) as PlanResult],
            ["examples/warm-standby.yaml", warmStandby.result as PlanResult],
            ["examples/active-active.yaml", JSON.parse(fs.readFileSync(path.join(planAllDir, "active-active.json"), "utf8")) as PlanResult],
        ];
        /** The RTO per mode, as docs/failover.md prints it in its table. */
        const readmeRto = (): Record<string, string> => {
            const readme = fs.readFileSync(path.join(root, "docs", "failover.md"), "utf8");
            return Object.fromEntries([...readme.matchAll(/^\| (pilot-light|warm-standby|active-active) \| .* \| \*\*(.+)\*\* \|$/gm)].map((m) => [m[1], m[2]]));
        };

        it("each stack has one scenario per failure domain: an instance, every zone of every region with subnets, every region, us-east-1's control plane", () => {
            for (const [name, plan] of stacks()) {
                const zones = plan.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet")
                    .map((r) => `zone:${r.region}:${String(r.inputs.availabilityZone)}`);
                const expected = ["instance", ...new Set(zones), ...plan.summary.regions.map((r) => `region:${r}`), "control-plane:us-east-1"];
                assert.deepEqual(plan.resilience.scenarios.map((s) => s.id).sort(), expected.sort(), name);
            }
        });

        it("the region-failure rows give the README's RTO for the stack's mode", () => {
            const table = readmeRto();
            const cases: [string, string, string[]][] = [
                ["prod", "pilot-light", ["region:us-west-2"]],
                ["examples/warm-standby.yaml", "warm-standby", ["region:us-east-1"]],
                ["examples/active-active.yaml", "active-active", ["region:us-west-2", "region:us-east-2", "region:eu-west-1"]],
            ];
            const plans = new Map(stacks());
            for (const [name, mode, ids] of cases) {
                assert.ok(table[mode], `README has no RTO for ${mode}`);
                for (const id of ids) {
                    const s = plans.get(name)?.resilience.scenarios.find((x) => x.id === id);
                    assert.equal(duration(s?.rtoSeconds ?? null), table[mode], `${name} ${id}`);
                }
            }
        });

        it("cost is estimated for every region of every stack, and the standby's share is shown in the failover modes", () => {
            for (const [name, plan] of stacks()) {
                const costed = plan.resilience.cost.regions.map((r) => r.region);
                for (const region of plan.summary.regions) assert.ok(costed.includes(region), `${name}: no cost for ${region}`);
                for (const r of plan.resilience.cost.regions) assert.ok(r.monthlyUsd > 0, `${name}: ${r.region} costs nothing`);
                assert.equal(plan.resilience.cost.standbyShare !== undefined, name !== "examples/active-active.yaml", name);
            }
        });

        it("the README's cost table is the estimate of each stack, with the standby's share per mode", () => {
            const plans = new Map(stacks());
            const rows = ([["prod", "Pulumi.prod.yaml", "pilot-light"], ["examples/warm-standby.yaml", "examples/warm-standby.yaml", "warm-standby"],
                ["examples/active-active.yaml", "examples/active-active.yaml", "active-active"]] as const)
                .map(([key, file, mode]) => costTableRow(file, mode, (plans.get(key) as PlanResult).resilience));
            const readme = fs.readFileSync(path.join(root, "docs", "offline-plan.md"), "utf8");
            const m = /<!-- cost:start -->\n([\s\S]*?)\n<!-- cost:end -->/.exec(readme);
            assert.ok(m, "docs/offline-plan.md has no cost:start/cost:end block");
            assert.equal(m[1], costTable(rows), "docs/offline-plan.md's cost table is out of date; run `npm run readme`");
        });

        it("every stack and example passes its own assessment: no static-stability failure", () => {
            for (const [name, plan] of stacks()) {
                assert.deepEqual(plan.resilience.findings.filter((f) => f.level === "mandatory"), [], name);
            }
        });

        it("a standby pulling from the primary's registry and reading a primary-only secret fails the plan (exit 1) naming both, with every policy passing", () => {
            assert.equal(crossRegion.exitCode, EXIT.mandatory, crossRegion.text);
            const result = crossRegion.result as PlanResult;
            assert.equal(result.summary.mandatory, 0, "the fixture should pass every policy");
            const failing = result.resilience.findings.filter((f) => f.level === "mandatory" && f.scenario === "region:us-west-2").map((f) => f.name);
            assert.ok(failing.includes("standby-lt") && failing.includes("standby-reads-secret"), failing.join(", "));
            assert.match(crossRegion.text, /MANDATORY region:us-west-2 {2}aws:ec2\/launchTemplate:LaunchTemplate "standby-lt" \(us-east-1\)/);
            assert.match(crossRegion.text, /^FAIL cross-region: .*; 0 mandatory, .*resilience: \d+ scenarios, 3 static-stability failure\(s\)/m);
        });

        it("the README's diagram is the one generated from prod's planned resources", () => {
            const plan = JSON.parse(fs.readFileSync(prodJson, "utf8")) as PlanResult;
            const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
            assert.ok(readme.includes(diagramBlock(plan.resilience.diagram.mermaid)), "README.md's diagram is out of date; run `npm run readme`");
        });

        it("the text report prints every scenario and the cost, and --html and --markdown write the page and the summary", () => {
            const plan = JSON.parse(fs.readFileSync(prodJson, "utf8")) as PlanResult;
            for (const s of plan.resilience.scenarios) assert.match(prod.stdout, new RegExp(`^ {2}${s.title} +${s.outcome} `, "m"));
            assert.match(prod.stdout, /^ {4}total {7}\$\d+\.\d\d \+ usage$/m);
            const html = fs.readFileSync(prodHtml, "utf8");
            assert.match(html, /<svg [^>]*aria-label="Architecture diagram"/);
            assert.equal(html.match(/<tr class="scenario"/g)?.length, plan.resilience.scenarios.length);
            assert.doesNotMatch(html, /<script|<link |src="http|href="http/);
            const md = fs.readFileSync(prodMarkdown, "utf8");
            assert.match(md, /^\| Failure \| Outcome \| Served by \| RTO \| RPO \| Static stability \|$/m);
            assert.equal(md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Failure") && !l.startsWith("| Region") && /\| (unaffected|recovers|degraded|manual|down|unknown) \|/.test(l)).length,
                plan.resilience.scenarios.length);
        });
    });
});
