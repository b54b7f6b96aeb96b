/**
 * The offline engine: it must record what a real engine would receive during a preview of a new
 * stack, load config like the CLI, and be repeatable in one process.
 */
import * as assert from "node:assert/strict";
import { evaluateStack, InvalidConfigError, ProgramError, runProgram } from "../../../tools/engine";
import { loadStackConfig } from "../../../tools/engine/stack-config";
import { checkPulumiInternals, UNKNOWN } from "../../../tools/engine/pulumi-internals";
import { answerInvoke } from "../../../tools/engine/invokes";
import { buildPlanResult } from "../../../tools/plan/report";

const SMALL = { program: "test/fixtures/plan/small.ts", configFile: "test/fixtures/plan/small.yaml" };

describe("offline engine", () => {
    it("the Pulumi internals the engine uses must still exist in the pinned SDK", () => {
        assert.doesNotThrow(() => checkPulumiInternals());
    });

    it("records every registration with engine URNs, providers, dependencies and options, as in a first preview", async () => {
        const run = await evaluateStack(SMALL);
        const byName = new Map(run.resources.map((r) => [r.name, r]));
        assert.equal(run.resources.length, 11);
        const subnet = byName.get("us-east-2-public");
        assert.ok(subnet);
        // Children of the stack carry no stack type in their URN; children of a component do.
        assert.equal(byName.get("aws-us-east-2")?.urn, "urn:pulumi:small::ha-web-tier::pulumi:providers:aws::aws-us-east-2");
        assert.equal(subnet.urn, "urn:pulumi:small::ha-web-tier::ha-web-tier:index:Site$aws:ec2/subnet:Subnet::us-east-2-public");
        assert.equal(subnet.parent, "urn:pulumi:small::ha-web-tier::ha-web-tier:index:Site::us-east-2");
        assert.equal(subnet.provider, `urn:pulumi:small::ha-web-tier::pulumi:providers:aws::aws-us-east-2::${UNKNOWN}`);
        // A VPC id is computed by AWS, so it is unknown in a preview; the AZ came from the region's lookup.
        assert.equal(subnet.inputs.vpcId, UNKNOWN);
        assert.equal(subnet.inputs.availabilityZone, "us-east-2a");
        assert.deepEqual(subnet.propertyDependencies.vpcId, [byName.get("us-east-2-vpc")?.urn]);
        assert.ok(subnet.dependencies.includes(byName.get("us-east-2-vpc")?.urn ?? "missing"));
        assert.deepEqual(byName.get("us-west-2-web")?.options.ignoreChanges, ["ami"]);
        assert.equal(run.outputs.firstRegion, "us-west-2");
        assert.deepEqual(run.outputs.vpcIds, [UNKNOWN, UNKNOWN]);
        assert.deepEqual(run.secrets, ["ha-web-tier:token"]);
    });

    it("repeated runs in one process must produce identical records", async () => {
        const first = await evaluateStack(SMALL);
        const second = await evaluateStack(SMALL);
        assert.deepEqual(second.resources, first.resources);
    });

    it("a program that throws must fail the run naming the resource it was building and its own source line", async () => {
        await assert.rejects(evaluateStack({ ...SMALL, program: "test/fixtures/plan/throws.ts" }), (err: unknown) => {
            assert.ok(err instanceof ProgramError);
            assert.equal(err.building, 'ha-web-tier:index:Broken "primary"');
            assert.equal(err.location, "throws.ts:11");
            assert.match(err.message, /no subnet layout/);
            return true;
        });
    });

    it("unit-test mocks must answer only registrations: invokes still get the plan's answers, per provider region", async () => {
        const run = await runProgram({
            program: SMALL.program, project: "ha-web-tier", stack: "small", preview: false,
            config: loadStackConfig(SMALL.configFile, "ha-web-tier").config,
            mocks: { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }) },
        });
        const az = (name: string) => run.resources.find((r) => r.name === name)?.inputs.availabilityZone;
        assert.equal(az("us-west-2-public"), "us-west-2a");
        assert.equal(az("us-east-2-public"), "us-east-2a");
        assert.deepEqual(run.outputs.vpcIds, ["us-west-2-vpc-id", "us-east-2-vpc-id"]);
    });

    it("a resource without an explicit provider must fail when default providers are disabled, as in pulumi preview", async () => {
        await assert.rejects(runProgram({
            program: "test/fixtures/plan/default-provider.ts", project: "ha-web-tier", stack: "t",
            config: { "pulumi:disable-default-providers": '["aws"]' },
        }), (err: unknown) => {
            assert.ok(err instanceof ProgramError);
            assert.match(err.message, /Default provider for 'aws' disabled\. 'urn:pulumi:t::ha-web-tier::aws:s3\/bucket:Bucket::logs' must use an explicit provider/);
            return true;
        });
    });

    it("the program's config errors must surface with every problem, before any resource is created", async () => {
        await assert.rejects(evaluateStack({ program: "stack/index.ts", configFile: "test/fixtures/plan/invalid.yaml" }), (err: unknown) => {
            assert.ok(err instanceof InvalidConfigError);
            assert.ok(err.problems.some((p) => p.startsWith("ha-web-tier:mode:")), err.message);
            assert.ok(err.problems.some((p) => p.startsWith("ha-web-tier:regions[0].vpcCidr:")), err.message);
            return true;
        });
    });

    it("a resource or lookup that names its own region must be planned in that region, not its provider's", async () => {
        const run = await evaluateStack({ program: "test/fixtures/plan/own-region.ts", configFile: SMALL.configFile });
        const plan = buildPlanResult({ ...run, configFile: SMALL.configFile, program: "own-region.ts", violations: [] });
        const regionOf = (name: string): string | undefined => plan.resources.find((r) => r.name === name)?.region;
        assert.equal(regionOf("east-vpc"), "us-east-2");
        assert.equal(regionOf("east-subnet"), "us-east-2");
        assert.equal(regionOf("west-vpc"), "us-west-2");
        // The zone lookup ran in us-east-2 too: a us-west-2 zone would be refused for a us-east-2 subnet.
        assert.equal(run.resources.find((r) => r.name === "east-subnet")?.inputs.availabilityZone, "us-east-2a");
    });

    it("invokes must answer from the provider's region and refuse tokens they do not know", () => {
        const azs = answerInvoke({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {}, region: "us-west-2" });
        assert.deepEqual(azs.names, ["us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"]);
        // Names map to ids per account; the plan's account maps us-west-2a to usw2-az2 (tools/engine/aws-zones.ts).
        assert.deepEqual(azs.zoneIds, ["usw2-az2", "usw2-az1", "usw2-az3", "usw2-az4"]);
        assert.throws(() => answerInvoke({ token: "aws:ec2/getVpc:getVpc", inputs: {}, region: "us-west-2" }), /no answer for invoke aws:ec2\/getVpc:getVpc/);
        assert.throws(() => answerInvoke({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {}, region: undefined }), /has no region/);
    });
});
