/**
 * The program in a VPC it does not own (examples/byo-vpc.yaml): it plans clean with its lookups file,
 * is judged by the pack and the resilience model as a stack with its own VPC is, and what nobody
 * declares or what does not fit is reported, never passed.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateStack, InvalidConfigError } from "../../tools/engine";
import { loadLookups } from "../../tools/engine/lookups";
import { UNKNOWN } from "../../tools/engine/pulumi-internals";
import type { RecordedResource } from "../../tools/engine/recorded";
import { analyze } from "../../tools/plan/analyze";
import { EXIT, runPlan } from "../../tools/plan";
import { buildPlanResult } from "../../tools/plan/report";
import { ROOT } from "../mocks";
import { stackRun } from "./stackRuns";

const EXAMPLE = "examples/byo-vpc.yaml";
const PROGRAM = path.join(ROOT, "stack", "index.ts");

/** The plan's resilience assessment of some records. */
const resilienceOf = (resources: RecordedResource[]) => buildPlanResult({
    stack: "byo-vpc", project: "ha-web-tier", configFile: EXAMPLE, program: PROGRAM, resources, violations: [], outputs: {}, secrets: [], diagnostics: [],
}).resilience;

/** The records with the existing VPC's tier declaring other subnets (`change` edits a copy of its entries). */
function redeclared(resources: RecordedResource[], change: (entries: Record<string, any>[]) => unknown[]): RecordedResource[] {
    return resources.map((r) => (r.type === "ha-web-tier:index:HaWebTier" && r.outputs?.existingSubnets
        ? { ...r, outputs: { ...r.outputs, existingSubnets: change(structuredClone(r.outputs.existingSubnets) as Record<string, any>[]) } } : r));
}

describe("a stack in an existing VPC (examples/byo-vpc.yaml)", function () {
    this.timeout(60_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "byo-vpc-"));

    it("plans clean: every policy passes, advisory ones included, and the primary's three zones are judged", async () => {
        const run = await stackRun(EXAMPLE);
        assert.deepEqual((await analyze(run.resources)).map((v) => `${v.level} ${v.policy}: ${v.message}`), []);
        const resilience = resilienceOf(run.resources);
        assert.equal(resilience.summary.mandatory, 0);
        assert.equal(resilience.summary.unknown, 0);
        const zones = resilience.scenarios.filter((s) => s.id.startsWith("zone:us-west-2:"));
        assert.deepEqual(zones.map((s) => [s.title, s.outcome, s.stability]), ["a", "b", "c"].map((z) => [`Availability Zone us-west-2${z}`, "recovers", "pass"]));
        assert.ok(!run.resources.some((r) => r.type === "aws:ec2/vpc:Vpc" && r.name.startsWith("us-west-2")), "the program built a VPC in the region that brings its own");
        assert.equal(run.resources.filter((r) => r.type === "aws:ec2/vpc:Vpc").length, 1);
    });

    it("a NAT gateway shared by every zone of the existing VPC is a static-stability failure, as in a VPC the program builds", async () => {
        const run = await stackRun(EXAMPLE);
        const shared = redeclared(run.resources, (entries) => entries.map((e) => (e.natGateway ? { ...e, natGateway: { id: "nat-0e000000000000001", availabilityZone: "us-west-2a" } } : e)));
        const failing = resilienceOf(shared).findings.filter((f) => f.level === "mandatory");
        assert.deepEqual(failing.map((f) => [f.scenario, f.name]), [["zone:us-west-2:us-west-2a", "nat-0e000000000000001"], ["zone:us-west-2:us-west-2a", "nat-0e000000000000001"]]);
        assert.match(failing[0].message, /NatGateway "nat-0e000000000000001" in us-west-2a is the only internet route of us-west-2's private subnets in us-west-2b/);
    });

    it("a private subnet whose lookup is unknown is refused by the pack and leaves its zone unknown", async () => {
        const run = await stackRun(EXAMPLE);
        const partly = redeclared(run.resources, (entries) => entries.map((e) => (e.id === "subnet-0bb00000000000003" ? UNKNOWN : e)));
        const violations = await analyze(partly);
        assert.deepEqual(violations.map((v) => [v.policy, v.urn.split("::").pop()]), [["app-instances-private-subnets-only", "us-west-2-asg"]]);
        assert.match(violations[0].message, /subnet-0bb00000000000003 cannot be judged: it is not declared in this stack/);
        const unknown = resilienceOf(partly).scenarios.find((s) => s.id === "zone:us-west-2:undeclared");
        assert.deepEqual(unknown?.unknowns, ["which Availability Zones subnet-0bb00000000000003 are in: nothing in the stack declares them (offline: the stack's lookups file does not)"]);
    });

    it("without its lookups file the plan cannot see the VPC: every private subnet is refused as undeclared", async () => {
        const stackFile = path.join(tmp, "byo-vpc.yaml");
        fs.copyFileSync(path.join(ROOT, EXAMPLE), stackFile);
        const outcome = await runPlan({ config: stackFile, program: PROGRAM });
        assert.equal(outcome.exitCode, EXIT.mandatory);
        const refused = outcome.result!.violations.filter((v) => /subnet-\w+ cannot be judged/.test(v.message));
        assert.deepEqual(refused.map((v) => /(subnet-\w+) cannot be judged/.exec(v.message)?.[1]), ["subnet-0bb00000000000001", "subnet-0bb00000000000002", "subnet-0bb00000000000003"]);
        // What the program would create once the lookups are answered is refused too, never skipped.
        const unread = outcome.result!.violations.filter((v) => v.policy === "deployed-inputs-judged");
        assert.equal(unread.length, 1);
        assert.match(unread[0].message, /lookup\(s\) of a network the stack does not own are not in its lookups file .*Declare them in <stack>\.lookups\.json/);
        assert.ok(!outcome.text.includes("were answered from"), "the plan claims a lookups file it did not have");
    });

    it("a private subnet the existing VPC routes to the internet is invalid config, naming the key", async () => {
        const lookups = loadLookups(path.join(ROOT, "examples", "byo-vpc.lookups.json"));
        lookups.regions["us-west-2"].RouteTables.find((t) => t.RouteTableId === "rtb-0c000000000000000")!.Routes.push({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0d000000000000001" });
        const file = path.join(tmp, "misrouted.lookups.json");
        fs.writeFileSync(file, JSON.stringify(lookups));
        await assert.rejects(evaluateStack({ program: PROGRAM, configFile: path.join(ROOT, EXAMPLE), lookups: file }), (err: unknown) => {
            assert.ok(err instanceof InvalidConfigError);
            assert.deepEqual(err.problems, [
                "ha-web-tier:regions[0].existingVpc.privateSubnetIds[2]: subnet-0bb00000000000003 is routed to the internet (0.0.0.0/0 -> igw-0d000000000000001) by the VPC's main route table rtb-0c000000000000000, which applies because the subnet has no explicit association, so instances there would be public; list private subnets (egress through a NAT gateway or VPC endpoints)",
            ]);
            return true;
        });
    });

    it("--lookups names the file; one that is not there is a usage error", async () => {
        const outcome = await runPlan({ config: path.join(ROOT, EXAMPLE), program: PROGRAM, lookups: path.join(tmp, "missing.lookups.json") });
        assert.equal(outcome.exitCode, EXIT.usage);
        assert.match(outcome.text, /missing\.lookups\.json: cannot read the lookups file; check the path/);
    });
});
