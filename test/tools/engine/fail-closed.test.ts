/**
 * Fail closed: a program that fails at any depth, in any way, must end the plan with an error that
 * names the resource that failed, never with no verdict. The SDK leaves everything that waits on a
 * failed registration pending forever; these programs are built so that only a run that notices
 * this can finish at all.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { ProgramError, runProgram } from "../../../tools/engine";
import { loadStackConfig } from "../../../tools/engine/stack-config";
import { promiseOf, Recorder, settle, useMocks } from "../../mocks";

const root = path.resolve(__dirname, "..", "..", "..");
const dir = "test/fixtures/plan/fail-closed";
const config = loadStackConfig(`${dir}/stack.yaml`, "ha-web-tier").config;

interface Expected {
    building: string;
    message: RegExp;
    /** Every other resource of the chain: its input failed or it waits forever, as the SDK version propagates it. */
    notRegistered: string[];
    location?: string;
}

const cases: Record<string, Expected> = {
    "registration-chain": {
        building: 'aws:ec2/vpc:Vpc "vpc"',
        message: /^Default provider for 'aws' disabled\. '.*::vpc' must use an explicit provider\.$/,
        notRegistered: ['aws:ec2/securityGroup:SecurityGroup "app-sg"', 'aws:ec2/securityGroup:SecurityGroup "peer-sg"', 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule "peer-in"'],
        location: "registration-chain.ts:8",
    },
    "nested-registration": {
        building: 'aws:ec2/vpc:Vpc "us-west-2-net-vpc"',
        message: /Default provider for 'aws' disabled/,
        notRegistered: ['aws:ec2/securityGroup:SecurityGroup "us-west-2-sg"', 'aws:lb/targetGroup:TargetGroup "us-west-2-tg"'],
    },
    "rejected-output": {
        building: 'aws:ec2/subnet:Subnet "private-0"',
        message: /zone lookup failed: no zone offers t3\.small/,
        notRegistered: ['aws:ec2/routeTableAssociation:RouteTableAssociation "private-0"'],
    },
    "apply-throws": {
        building: 'aws:ec2/subnet:Subnet "public-0"',
        message: /no \/24 left in 10\.0\.0\.0\/16/,
        notRegistered: ['aws:ec2/natGateway:NatGateway "nat-0"'],
        location: "apply-throws.ts:9",
    },
    "rejected-invoke": {
        building: 'aws:ec2/instance:Instance "web"',
        message: /error serializing property "ami": the offline plan has no answer for invoke aws:ec2\/getAmi:getAmi/,
        notRegistered: ['aws:ec2/eip:Eip "web-ip"'],
    },
    "never-resolves": {
        building: 'aws:ec2/vpc:Vpc "vpc"',
        message: /^the program never finished: 2 resources wait on inputs that nothing will ever resolve$/,
        notRegistered: ['aws:ec2/internetGateway:InternetGateway "igw"'],
    },
};

interface Cli {
    code: number;
    stdout: string;
    stderr: string;
}

const node = (...args: string[]): Promise<Cli> => new Promise((resolve) => {
    // A process that never ends fails its test instead of the whole file's hook.
    execFile(process.execPath, ["tools/run-ts.js", ...args], { cwd: root, timeout: 15_000 },
        (err, stdout, stderr) => resolve({
            // Killed by the timeout: no exit code, and never mistaken for 0.
            code: err ? (typeof err.code === "number" ? err.code : -1) : 0,
            stdout, stderr: err?.killed ? `${stderr}\n(killed after 15 s: the plan never ended)` : stderr,
        }));
});

describe("fail closed: a plan never ends without a verdict", function () {
    this.timeout(30_000);

    for (const [fixture, expected] of Object.entries(cases)) {
        it(`${fixture}: the run must fail naming ${expected.building} and what waited on it`, async () => {
            const started = Date.now();
            // Mocha's own timeout timer is alive too, so a run with nothing failed waits out the patience for timers.
            await assert.rejects(runProgram({ program: `${dir}/${fixture}.ts`, project: "ha-web-tier", stack: "t", config, timerPatienceMs: 300 }), (err: unknown) => {
                assert.ok(err instanceof ProgramError, String(err));
                assert.equal(err.building, expected.building);
                assert.match(err.message, expected.message);
                assert.deepEqual(err.notRegistered, expected.notRegistered);
                if (expected.location) assert.equal(err.location, expected.location);
                return true;
            });
            // Noticed as soon as nothing can move, not after some timeout.
            assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
        });
    }

    const run = (fixture: string) => runProgram({ program: `${dir}/${fixture}.ts`, project: "ha-web-tier", stack: "t", config, timerPatienceMs: 300 });

    it("a program that calls process.exit must fail the run naming the call, and must not end the process", async () => {
        const exit = process.exit.bind(process);
        const calls: unknown[] = [];
        // If the engine let the call through, this records it instead of ending the test process.
        process.exit = ((code?: unknown) => { calls.push(code); }) as typeof process.exit;
        try {
            await assert.rejects(run("process-exit"), (err: unknown) => {
                assert.ok(err instanceof ProgramError, String(err));
                assert.match(err.message, /^the program called process\.exit\(0\); a program must return \(or throw\) instead/);
                assert.equal(err.location, "process-exit.ts:9");
                return true;
            });
        } finally {
            process.exit = exit;
        }
        assert.deepEqual(calls, []);
    });

    it("a resource the program registers after its main module returned must be in the plan", async () => {
        const result = await run("late-registration");
        assert.ok(result.resources.some((r) => r.name === "late-open"), result.resources.map((r) => r.name).join(", "));
    });

    it("an exception thrown from a timer after the main module returned must fail the run", async () => {
        await assert.rejects(run("late-throw"), (err: unknown) => {
            assert.ok(err instanceof ProgramError, String(err));
            assert.match(err.message, /^late failure in a timer$/);
            return true;
        });
    });

    it("exit listeners the program adds must not outlive its run (they could rewrite the plan's exit code)", async () => {
        const before = process.listeners("exit").length;
        await run("exit-listener");
        assert.equal(process.listeners("exit").length, before);
    });

    it("a program that returns but keeps a timer running with nothing happening must fail, naming what it kept", async () => {
        await assert.rejects(run("keeps-running"), (err: unknown) => {
            assert.ok(err instanceof ProgramError, String(err));
            assert.match(err.message, /^the program never finished: it returned but kept Timeout running/);
            return true;
        });
    });

    let chain: Cli;
    let forever: Cli;
    let noVerdict: Cli;
    let lingering: Cli;
    let foreverStdout: Cli;
    before(async () => {
        [chain, forever, noVerdict, lingering, foreverStdout] = await Promise.all([
            node("tools/plan/index.ts", "--program", `${dir}/registration-chain.ts`, "--config", `${dir}/stack.yaml`),
            node("tools/plan/index.ts", "--program", `${dir}/never-resolves.ts`, "--config", `${dir}/stack.yaml`),
            node("test/fixtures/plan/no-verdict.ts"),
            node("test/fixtures/plan/lingering.ts"),
            node("tools/plan/index.ts", "--program", `${dir}/never-resolves-stdout.ts`, "--config", `${dir}/stack.yaml`),
        ]);
    });

    it("a plan process must end with its verdict's exit code even if the program left a timer running", () => {
        assert.equal(lingering.code, 1, lingering.stdout + lingering.stderr);
        assert.match(lingering.stderr, /^FAIL \(fixture\)$/m);
    });

    it("the plan command must exit 3 naming the refused resource and the chain that waited on it", () => {
        const cli = chain;
        assert.equal(cli.code, 3, cli.stdout + cli.stderr);
        assert.match(cli.stderr, /^error: the program failed while building aws:ec2\/vpc:Vpc "vpc" at registration-chain\.ts:8:\n {2}Default provider for 'aws' disabled/);
        assert.match(cli.stderr, /^not registered because of it: aws:ec2\/securityGroup:SecurityGroup "app-sg", aws:ec2\/securityGroup:SecurityGroup "peer-sg", aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule "peer-in"$/m);
    });

    it("a program that never finishes must exit 3 at once when nothing else is running, naming what waits", () => {
        assert.equal(forever.code, 3, forever.stdout + forever.stderr);
        assert.match(forever.stderr, /^error: the program failed while building aws:ec2\/vpc:Vpc "vpc":\n {2}the program never finished/);
    });

    it("a program that never finishes must exit 3 at once even if it first uses the process's stdout during the run", () => {
        assert.equal(foreverStdout.code, 3, foreverStdout.stdout + foreverStdout.stderr);
        assert.match(foreverStdout.stderr, /the program never finished/);
    });

    it("a plan process whose event loop empties before a verdict must exit 4, never 0", () => {
        const cli = noVerdict;
        assert.equal(cli.code, 4, cli.stdout + cli.stderr);
        assert.match(cli.stderr, /^error: the offline plan ended without a verdict: the event loop emptied before the plan finished/);
    });
});

/** Answers like the shared recorder, but refuses one resource type as the engine would refuse a registration. */
class Refusing extends Recorder {
    constructor(private readonly refused: string) {
        super();
    }

    override newResource(args: MockResourceArgs): { id: string; state: Record<string, any> } {
        if (args.type === this.refused) {
            throw new Error(`the ${args.name} quota is exhausted`);
        }
        return super.newResource(args);
    }
}

describe("fail closed: the unit-test mocks", function () {
    this.timeout(10_000);
    const rejections: unknown[] = [];
    const onRejection = (err: unknown): void => { rejections.push(err); };
    // The refused registration also rejects promises nobody awaits; they belong to this test, not to mocha.
    before(() => process.on("unhandledRejection", onRejection));
    after(() => process.removeListener("unhandledRejection", onRejection));

    it("an output that depends on a refused registration must reject naming it, and settle() must fail, not hang", async () => {
        useMocks("refusing", new Refusing("aws:ec2/vpc:Vpc"));
        const provider = new aws.Provider("us-west-2", { region: "us-west-2" });
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, { provider });
        const sg = new aws.ec2.SecurityGroup("sg", { vpcId: vpc.id }, { provider });
        const rule = new aws.vpc.SecurityGroupIngressRule("rule", { securityGroupId: sg.id, ipProtocol: "-1", cidrIpv4: "10.0.0.0/8" }, { provider });
        await assert.rejects(promiseOf(rule.id), /^Error: registration failed: aws:ec2\/vpc:Vpc "vpc": the vpc quota is exhausted; not registered because of it: aws:ec2\/securityGroup:SecurityGroup "sg", aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule "rule"$/);
        await assert.rejects(settle(), /registration failed: aws:ec2\/vpc:Vpc "vpc"/);
    });

    it("an output whose value is unknown must not pass as a value", async () => {
        useMocks("unknown");
        const provider = new aws.Provider("us-west-2", { region: "us-west-2" });
        const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" }, { provider });
        await assert.rejects(promiseOf(vpc.id.apply(() => { throw new Error("boom in apply"); })), /boom in apply/);
    });
});
