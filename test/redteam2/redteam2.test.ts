/**
 * Red-team attacks on bring-your-own VPC, every-mistake-at-once config, placeholders and the managed
 * front door: each is something a careless or hostile user could write, and each must be refused with
 * a message that names the key (or resource) and the fix, never planned PASS. Fixtures are under
 * test/fixtures/redteam2/. Plans are few and grouped (each costs about a second).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluateStack, InvalidConfigError } from "../../tools/engine";
import { loadLookups } from "../../tools/engine/lookups";
import { loadStackConfig, StackConfigFileError } from "../../tools/engine/stack-config";
import type { RecordedResource } from "../../tools/engine/recorded";
import { analyze } from "../../tools/plan/analyze";
import { EXIT, runPlan } from "../../tools/plan";
import { gate, placeholderReason } from "../../tools/plan/placeholders";
import { namespaceValues, parseConfig } from "../../stack/config";
import { existingNetworkArgProblems, existingNetworkProblems, type SubnetFacts } from "../../src/region/existingNetwork";
import { ROOT } from "../mocks";
import { stackRun } from "../stack/stackRuns";
import { exampleLookups, LYING_FILES } from "../fixtures/redteam2/lookupsAttacks";

const FIXTURES = path.join(ROOT, "test", "fixtures", "redteam2");
const PROGRAM = path.join(ROOT, "stack", "index.ts");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "redteam2-"));
const write = (name: string, text: string): string => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
};
const west = (l: any) => l.regions["us-west-2"];
const tableOf = (l: any, id: string) => west(l).RouteTables.find((t: any) => t.RouteTableId === id);
const IGW = "igw-0d000000000000001";

/** The config problems a program run refused, or a failure when it was not refused as invalid config. */
async function refusedConfig(run: Promise<unknown>): Promise<string[]> {
    try {
        await run;
    } catch (err) {
        assert.ok(err instanceof InvalidConfigError, `not refused as invalid config: ${String(err)}`);
        return err.problems;
    }
    throw new assert.AssertionError({ message: "the config was accepted" });
}

describe("red team 2: bring your own VPC", function () {
    this.timeout(60_000);
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    for (const [attack, edit] of Object.entries(LYING_FILES)) {
        it(`a lookups file AWS could not have printed is refused before anything is planned: ${attack}`, () => {
            const doc = exampleLookups();
            edit(doc);
            const file = write("lying.lookups.json", JSON.stringify(doc));
            assert.throws(() => loadLookups(file), (err: unknown) => {
                assert.ok(err instanceof StackConfigFileError && !err.missing);
                assert.match(err.message, /: not a lookups file: .*(add what describe-|listed more than once|one route table at a time|exactly one|vgw-|zone id|source must say|Unrecognized key)/);
                return true;
            });
        });
    }

    it("a lookups file that is not JSON is invalid config (exit 2), naming the file", async () => {
        const outcome = await runPlan({ config: path.join(FIXTURES, "byo-attacks.yaml"), program: PROGRAM, lookups: write("broken.lookups.json", "{\"source\": \"x\",") });
        assert.equal(outcome.exitCode, EXIT.invalidConfig);
        assert.match(outcome.text, /broken\.lookups\.json: not valid JSON/);
    });

    it("private subnets that map public IPs or route to an internet gateway (explicitly, through the main table, ::/0, a prefix list), "
        + "public ones routed only for IPv6, and a subnet of another VPC are each refused by the program's own checks, naming the key, as pulumi up would", async () => {
        const l = exampleLookups();
        west(l).Subnets.find((s: any) => s.SubnetId === "subnet-0bb00000000000001").MapPublicIpOnLaunch = true;
        tableOf(l, "rtb-0c000000000000012").Routes.push({ DestinationIpv6CidrBlock: "::/0", GatewayId: IGW });
        tableOf(l, "rtb-0c000000000000000").Routes.push({ DestinationPrefixListId: "pl-0123abcd", GatewayId: IGW });
        tableOf(l, "rtb-0c000000000000001").Routes[1] = { DestinationIpv6CidrBlock: "::/0", GatewayId: IGW };
        // A subnet of another VPC, described as completely as AWS would (its VPC's main table included).
        const other = { ...structuredClone(west(l).Subnets[3]), SubnetId: "subnet-0cc00000000000001", VpcId: "vpc-0a1b2c3d4e5f60799" };
        west(l).Subnets.push(other);
        west(l).RouteTables.push({ RouteTableId: "rtb-0c000000000000099", VpcId: other.VpcId, Associations: [{ Main: true }], Routes: [] });
        const problems = await refusedConfig(evaluateStack({ program: PROGRAM, configFile: path.join(FIXTURES, "byo-attacks.yaml"), lookups: write("attacks.lookups.json", JSON.stringify(l)) }));
        const key = "ha-web-tier:regions[0].existingVpc.";
        assert.deepEqual(problems.map((p) => p.slice(0, p.indexOf(": "))), [
            ...[0, 1, 2].map((i) => `${key}privateSubnetIds[${i}]`), `${key}privateSubnetIds[3]`,
            ...[0, 1, 2].map((i) => `${key}publicSubnetIds[${i}]`),
        ].sort());
        const text = problems.join("\n");
        assert.match(text, /privateSubnetIds\[0\]: subnet-0bb00000000000001 gives instances a public IPv4 address on launch \(MapPublicIpOnLaunch\); list private subnets that do not/);
        assert.match(text, /privateSubnetIds\[1\]: subnet-0bb00000000000002 is routed to the internet \(::\/0 -> igw-0d000000000000001\) by its route table rtb-0c000000000000012/);
        assert.match(text, /privateSubnetIds\[2\]: subnet-0bb00000000000003 is routed to the internet \(pl-0123abcd -> igw-0d000000000000001\) by the VPC's main route table rtb-0c000000000000000, which applies because the subnet has no explicit association/);
        assert.match(text, /privateSubnetIds\[3\]: subnet-0cc00000000000001 is in vpc-0a1b2c3d4e5f60799, not in vpcId vpc-0a1b2c3d4e5f60718; list subnets of vpc-0a1b2c3d4e5f60718/);
        assert.match(text, /publicSubnetIds\[0\]: subnet-0aa00000000000001 routes only ::\/0 to igw-0d000000000000001 in its route table rtb-0c000000000000001, not 0\.0\.0\.0\/0, .*list public subnets whose table routes 0\.0\.0\.0\/0 to an internet gateway/);
    });

    it("a subnet the lookups file does not describe, and a private subnet whose NAT gateway is in another zone, fail the plan (exit 1) with the subnet, the gateway and the fix", async () => {
        const l = exampleLookups();
        tableOf(l, "rtb-0c000000000000011").Routes[1].NatGatewayId = "nat-0e000000000000002";
        const outcome = await runPlan({ config: path.join(FIXTURES, "byo-undeclared.yaml"), program: PROGRAM, lookups: write("undeclared.lookups.json", JSON.stringify(l)) });
        assert.equal(outcome.exitCode, EXIT.mandatory);
        assert.match(outcome.text, /subnet-0bb00000000000004 cannot be judged: it is not declared in this stack/);
        assert.match(outcome.text, /NatGateway "nat-0e000000000000002" in us-west-2b is the only internet route of us-west-2's private subnets in us-west-2a: .*route each zone's private subnets to a NAT gateway in that zone, in the existing VPC's route tables/);
        assert.ok(!/natStrategy one-per-az/.test(outcome.text), "the fix for an existing VPC names natStrategy, which existingVpc refuses");
        assert.match(outcome.text, /MANDATORY deployed-inputs-judged[\s\S]*lookup\(s\) of a network the stack does not own are not in its lookups file/);
    });

    it("subnets all in one zone, and public and private lists that overlap, are refused naming the key", () => {
        const facts = (id: string, role: SubnetFacts["role"]): SubnetFacts => ({
            id, role, vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-west-2a", availabilityZoneId: "usw2-az2", mapPublicIpOnLaunch: false,
            routeTable: { id: "rtb-0c000000000000001", main: false, routes: role === "public" ? [{ destination: "0.0.0.0/0", target: IGW }] : [] },
        });
        const oneZone = existingNetworkProblems("vpc-0a1b2c3d4e5f60718", [facts("subnet-0aa00000000000001", "public"), facts("subnet-0bb00000000000001", "private"), facts("subnet-0bb00000000000002", "private")], ["usw2-az2"], "t3.small");
        assert.ok(oneZone.some((p) => p.arg === "privateSubnetIds" && /span 1 Availability Zone \(us-west-2a\); .*list subnets in at least 2/.test(p.message)));
        const ids = ["subnet-0aa00000000000001", "subnet-0aa00000000000002"];
        assert.ok(existingNetworkArgProblems({ vpcId: "vpc-0a1b2c3d4e5f60718", publicSubnetIds: ids, privateSubnetIds: [ids[1], "subnet-0bb00000000000001"] })
            .some((p) => p.arg === "privateSubnetIds" && p.index === 0 && /listed twice \(also publicSubnetIds\[1\]\); a subnet is either public or private, once/.test(p.message)));
        assert.throws(() => parseConfig({ mode: "single-region", regions: [{ name: "us-west-2", existingVpc: { vpcId: "vpc-0a1b2c3d4e5f60718", publicSubnetIds: ids, privateSubnetIds: [ids[0], "subnet-0bb00000000000001"] } }] }),
            (err: { problems: string[] }) => err.problems.some((p) => p.startsWith("ha-web-tier:regions[0].existingVpc.privateSubnetIds[0]: subnet-0aa00000000000001 is listed twice")));
    });

    it("an IPv6 default route through an egress-only internet gateway keeps a subnet private (it admits no inbound connection)", () => {
        const f: SubnetFacts = { id: "subnet-0bb00000000000001", role: "private", vpcId: "vpc-0a1b2c3d4e5f60718", availabilityZone: "us-west-2a", availabilityZoneId: "usw2-az2",
            mapPublicIpOnLaunch: false, routeTable: { id: "rtb-0c000000000000011", main: false, routes: [{ destination: "::/0", target: "eigw-0123456789abcdef0" }] } };
        assert.deepEqual(existingNetworkProblems("vpc-0a1b2c3d4e5f60718", [f], ["usw2-az2"], "t3.small").filter((p) => /routed to the internet|public IPv4/.test(p.message)), []);
    });

    it("a second component that declares an existing VPC's public subnet private does not make the pack pass it", async () => {
        const run = await stackRun("examples/byo-vpc.yaml");
        const tier = run.resources.find((r) => r.type === "ha-web-tier:index:HaWebTier" && r.outputs?.existingSubnets)!;
        const entries = structuredClone(tier.outputs!.existingSubnets) as Record<string, any>[];
        const publicOne = entries.map((e) => (e.id === "subnet-0bb00000000000001" ? { ...e, mapPublicIpOnLaunch: true } : e));
        const liar: RecordedResource = { ...tier, type: "acme:index:Vouch", name: "vouch", urn: tier.urn.replace(/HaWebTier::[^:]+$/, "Vouch::vouch"), outputs: { existingSubnets: entries } };
        const resources = [...run.resources.map((r) => (r === tier ? { ...r, outputs: { ...r.outputs, existingSubnets: publicOne } } : r)), liar];
        const violations = (await analyze(resources)).filter((v) => v.policy === "app-instances-private-subnets-only");
        assert.equal(violations.length, 1);
        assert.match(violations[0].message, /includes subnet-0bb00000000000001, which maps public IPs on launch; use private subnets/);
    });
});

describe("red team 2: every config mistake in one run", function () {
    this.timeout(30_000);
    const configOf = (name: string) => path.join(FIXTURES, "config", name);

    it("a file with many mistakes reports each at once, sorted by key, a misspelt instance type beside a mistyped count included (exit 2)", async () => {
        const outcome = await runPlan({ config: configOf("many-mistakes.yaml"), program: PROGRAM });
        assert.equal(outcome.exitCode, EXIT.invalidConfig);
        const keys = outcome.text.split("\n").slice(1).map((l) => l.trim().slice(0, l.trim().indexOf(": ")));
        assert.deepEqual(keys, ["ha-web-tier:capacity.instanceType", "ha-web-tier:capacity.min", "ha-web-tier:failover.notificationEmail", "ha-web-tier:mode",
            "ha-web-tier:regions[0].azcount", "ha-web-tier:regions[0].name", "ha-web-tier:regions[1].natStrategy", "ha-web-tier:scailing"]);
        assert.match(outcome.text, /capacity\.instanceType: t3\.smal is not an EC2 instance type .*did you mean t3\.small\?/);
        assert.ok(!/\n\s+at /.test(outcome.text), "a stack trace was printed");
    });

    it("instance type near-misses name the type they missed, spaces shown", () => {
        for (const [written, shown] of [["t3.smal", "t3.smal"], ["T3.SMALL", "T3.SMALL"], ["t3.small ", "\"t3.small \""], [" t3.small", "\" t3.small\""], ["t3.small\t", "\"t3.small\\t\""]]) {
            assert.throws(() => parseConfig({ mode: "single-region", regions: [{ name: "us-west-2", vpcCidr: "10.0.0.0/16" }], capacity: { instanceType: written } }),
                (err: { problems: string[] }) => {
                    assert.deepEqual(err.problems, [`ha-web-tier:capacity.instanceType: ${shown} is not an EC2 instance type (@pulumi/aws's ec2.InstanceType has no such type); did you mean t3.small?`]);
                    return true;
                });
        }
    });

    it("a YAML alias inside its own anchor (directly, or through a merge key) is invalid config naming the key, never a crash of the plan (exit 2, not 4)", async () => {
        for (const name of ["alias-cycle.yaml", "merge-cycle.yaml"]) {
            const outcome = await runPlan({ config: configOf(name), program: PROGRAM });
            assert.equal(outcome.exitCode, EXIT.invalidConfig, name);
            assert.match(outcome.text, /: ha-web-tier:regions contains itself through a YAML alias .*; write the value out/, name);
        }
    });

    it("syntax errors, tabs, duplicate keys, a list, an empty file and a BOM: a message with the line (or the fix), never a trace", () => {
        const refused = (name: string) => {
            try {
                loadStackConfig(configOf(name), "ha-web-tier");
            } catch (err) {
                assert.ok(err instanceof StackConfigFileError, `${name}: ${String(err)}`);
                return err.message;
            }
            return undefined;
        };
        assert.match(refused("syntax.yaml") ?? "", /syntax\.yaml:3:3: not valid YAML: .*\n\s+3 \| {3}ha-web-tier:mode: x\n\s+\| {3}\^/);
        assert.match(refused("tabs.yaml") ?? "", /tabs\.yaml:3:1: not valid YAML: Tabs are not allowed as indentation/);
        assert.match(refused("duplicate-key.yaml") ?? "", /duplicate-key\.yaml:3:3: not valid YAML: Map keys must be unique/);
        assert.match(refused("a-list.yaml") ?? "", /a-list\.yaml: expected a YAML mapping with a `config:` key/);
        assert.equal(refused("empty.yaml"), undefined);
        assert.throws(() => parseConfig(namespaceValues(loadStackConfig(configOf("empty.yaml"), "ha-web-tier").config)),
            (err: { problems: string[] }) => err.problems[0] === "ha-web-tier:regions: is required; set it (see the config reference in docs/configuration.md)");
        assert.equal(parseConfig(namespaceValues(loadStackConfig(configOf("bom.yaml"), "ha-web-tier").config)).mode, "single-region");
    });

    it("a key named __proto__ is reported under its own name", () => {
        const raw = namespaceValues(loadStackConfig(configOf("proto-key.yaml"), "ha-web-tier").config);
        assert.throws(() => parseConfig(raw), (err: { problems: string[] }) => {
            assert.ok(err.problems.some((p) => p.startsWith("ha-web-tier:__proto__: is not a known setting")), err.problems.join("\n"));
            assert.ok(!err.problems.some((p) => p.startsWith("ha-web-tier:polluted")), err.problems.join("\n"));
            return true;
        });
    });
});

describe("red team 2: placeholders never deploy", () => {
    const HIDDEN = ["EXAMPLE.COM", "sub.example.org", "example.net.", "App.Example.Com.", "ops@EXAMPLE.com", "z0123456789example", "/hostedzone/Z0123456789EXAMPLE",
        "*.example.com", "app.example.com:443", "app.example.com/health", "Ops <ops@example.com>", "mailto:ops@example.com", "api.acme.io,api.example.com",
        "SITE=https://shop.example.com", "app.example.com\u200b"];

    it("example.com variants, the example zone id in any case or as the API writes it, and names inside other text are placeholders, to the program and the gate alike (one recognition, stack/config/placeholders.ts)", () => {
        assert.deepEqual(HIDDEN.filter((v) => !placeholderReason(v)), []);
    });

    it("the deploy gate finds a placeholder beside a secure value, in tags, and in lower case (exit 1, each key named)", () => {
        const lines: string[] = [];
        assert.equal(gate([path.join(FIXTURES, "placeholders.yaml")], (l) => lines.push(l)), 1);
        assert.deepEqual(lines.slice(1).map((l) => l.trim().slice(0, l.trim().indexOf(" = "))),
            ["ha-web-tier:dns.hostedZoneId", "ha-web-tier:dns.recordName", "ha-web-tier:failover.notificationEmail", "ha-web-tier:tags.Owner"]);
        assert.ok(!lines.join("\n").includes("AAABAH"), "the gate printed a secure value");
    });
});

describe("red team 2: Global Accelerator and the Region switch", function () {
    this.timeout(30_000);

    it("flow logs or client IP preservation hidden behind deploy-time values, an endpoint group without its region: each resource is refused", async () => {
        const run = await evaluateStack({ program: path.join(FIXTURES, "frontDoor.ts"), configFile: path.join(FIXTURES, "frontDoor.yaml") });
        const refused = (await analyze(run.resources)).filter((v) => v.policy.startsWith("accelerator-")).map((v) => `${v.urn.split("::").pop()} ${v.policy}`).sort();
        assert.deepEqual(refused, [
            "client-ip-off accelerator-endpoint-group-explicit", "client-ip-off accelerator-endpoints-are-load-balancers",
            "client-ip-unset accelerator-endpoint-group-explicit", "client-ip-unset accelerator-endpoints-are-load-balancers",
            "computed-attributes accelerator-flow-logs-enabled",
            "computed-client-ip accelerator-endpoint-group-explicit", "computed-client-ip accelerator-endpoints-are-load-balancers",
            "computed-endpoints accelerator-endpoint-group-explicit", "computed-endpoints accelerator-endpoints-are-load-balancers",
            "computed-flow-logs-switch accelerator-flow-logs-enabled",
            "no-region accelerator-endpoint-group-explicit", "no-region accelerator-endpoints-are-load-balancers",
        ]);
    });

    it("flow logs turned off by a transform (a stack transform or the transforms option) are judged as deployed, not as written: the accelerator is refused", async () => {
        for (const spelling of ["stack", "option"]) {
            const run = await evaluateStack({ program: path.join(FIXTURES, "transforms.ts"), configFile: path.join(FIXTURES, `transforms-${spelling}.yaml`) });
            const accelerator = run.resources.find((r) => r.name === "transformed-flow-logs-off");
            assert.equal((accelerator?.inputs.attributes as { flowLogsEnabled?: unknown } | undefined)?.flowLogsEnabled, false, spelling);
            const refused = (await analyze(run.resources)).filter((v) => v.urn.endsWith("::transformed-flow-logs-off")).map((v) => v.policy);
            assert.ok(refused.includes("accelerator-flow-logs-enabled"), `${spelling}: ${refused.join(", ")}`);
        }
    });

    it("Global Accelerator with one region, and the Region switch engine in active-active, are invalid config naming the key", () => {
        const regions = [{ name: "us-west-2", vpcCidr: "10.0.0.0/16" }, { name: "us-east-1", vpcCidr: "10.1.0.0/16" }];
        const problemsOf = (raw: Record<string, unknown>): string[] => {
            try {
                parseConfig(raw);
            } catch (err) {
                return (err as { problems: string[] }).problems;
            }
            return [];
        };
        assert.ok(problemsOf({ mode: "single-region", frontDoor: "global-accelerator", regions: regions.slice(0, 1) })
            .some((p) => /^ha-web-tier:frontDoor: global-accelerator fails over between two or more regions.*; use dns/.test(p)));
        assert.ok(problemsOf({ mode: "active-active", regions, failover: { engine: "arc-region-switch" } })
            .some((p) => /^ha-web-tier:failover.engine: arc-region-switch wakes a standby .*; remove it/.test(p)));
    });
});
