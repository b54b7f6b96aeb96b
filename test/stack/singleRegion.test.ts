import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { providerUrnOf, type RecordedResource } from "../../tools/engine/recorded";
import { ofType, providerRegion, readStackConfig, Recorded, ROOT, runProgram, withConfig } from "../mocks";
import { diffAgainst, type InPlaceInputs, type StateDiff } from "./stateDiff";

/** The single-region example, with the data tier on so its growth is covered too. */
const SINGLE = withConfig(readStackConfig(path.join(ROOT, "examples/single-region.yaml")), { database: { enabled: true } });

/** The config change the README's "Start in one region, add a second later" shows, applied to SINGLE. */
function readmeGrowth(): Record<string, string> {
    const readme = fs.readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8");
    const block = /<!-- growth:start -->\s*```yaml\n([\s\S]*?)```\s*<!-- growth:end -->/.exec(readme);
    assert.ok(block, "docs/configuration.md has no growth:start/growth:end yaml block");
    const lines = block[1].split("\n");
    const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
    const change = parse(lines.map((l) => l.slice(indent)).join("\n")) as Record<string, unknown>;
    const config = { ...SINGLE };
    for (const [key, value] of Object.entries(change)) {
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

/**
 * Inputs the provider updates in place that growing into two regions changes, each checked against the
 * provider's code (hashicorp/terraform-provider-aws):
 * - the first region's record becomes the PRIMARY of a failover pair: only `name` and `zone_id` force
 *   a new record; a new `set_identifier` is one DELETE + CREATE change batch (resourceRecordUpdate in
 *   internal/service/route53/record.go), so the name never stops answering;
 * - the credentials secret gains a replica in the new region (resourceSecretUpdate adds replicas);
 * - the alarm topic's policy admits the new failover function's role: only `arn` forces a new topic
 *   policy, a new `policy` is written in place (resourceTopicPolicyUpsert in internal/service/sns/topic_policy.go).
 */
const IN_PLACE: InPlaceInputs = {
    "aws:route53/record:Record": ["setIdentifier", "healthCheckId", "failoverRoutingPolicies"],
    "aws:secretsmanager/secret:Secret": ["replicas"],
    "aws:sns/topicPolicy:TopicPolicy": ["policy"],
    "aws:cloudwatch/dashboard:Dashboard": ["dashboardBody"],
};

describe("single-region mode (the example, with a database)", function () {
    this.timeout(60_000);
    let resources: Recorded[];
    let single: RecordedResource[];
    let warm: RecordedResource[];
    let pilot: RecordedResource[];
    before(async () => {
        ({ resources, records: single } = await runProgram(SINGLE));
        ({ records: warm } = await runProgram(readmeGrowth()));
        ({ records: pilot } = await runProgram(withConfig(SINGLE, {
            mode: "pilot-light",
            regions: [{ name: "us-west-2", vpcCidr: "10.80.0.0/16", azCount: 2, natStrategy: "one-per-az" }, { name: "us-east-2", vpcCidr: "10.90.0.0/16" }],
        })));
    });

    it("must build one region's tier with the example's shape: 2 AZs, a NAT gateway each, port 8000, 1/2/5 instances, CPU target 70 %", () => {
        assert.deepEqual(ofType(resources, "ha-web-tier:index:HaWebTier").map((t) => t.name), ["us-west-2"]);
        assert.equal(ofType(resources, "aws:ec2/natGateway:NatGateway").length, 2);
        assert.equal(new Set(ofType(resources, "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone)).size, 2);
        const [asg] = ofType(resources, "aws:autoscaling/group:Group");
        assert.deepEqual([asg.inputs.minSize, asg.inputs.desiredCapacity, asg.inputs.maxSize], [1, 2, 5]);
        assert.equal(ofType(resources, "aws:lb/targetGroup:TargetGroup")[0].inputs.port, 8000);
        assert.equal(ofType(resources, "aws:autoscaling/policy:Policy")[0].inputs.targetTrackingConfiguration.targetValue, 70);
    });

    it("must have nothing to fail over to: no failover function, no routed records, no replica", () => {
        assert.equal(ofType(resources, "ha-web-tier:index:GlobalFailover").length, 0);
        assert.equal(ofType(resources, "aws:lambda/function:Function").length, 0);
        const records = ofType(resources, "aws:route53/record:Record").filter((r) => r.name.startsWith("global-"));
        assert.equal(records.length, 1);
        assert.deepEqual([records[0].inputs.setIdentifier, records[0].inputs.failoverRoutingPolicies, records[0].inputs.latencyRoutingPolicies, records[0].inputs.healthCheckId],
            [undefined, undefined, undefined, undefined], "the record must be a plain alias");
        const dbs = ofType(resources, "aws:rds/instance:Instance");
        assert.deepEqual(dbs.map((d) => [d.inputs.multiAz, d.inputs.replicateSourceDb]), [[true, undefined]], "one Multi-AZ writer, no replica");
    });

    it("with DNS, the name must be a plain alias to the region's ALB, served over HTTPS with the region's certificate", () => {
        const record = resources.find((r) => r.type === "aws:route53/record:Record" && r.name === "global-us-west-2")!;
        assert.deepEqual([record.inputs.name, record.inputs.zoneId, record.inputs.type], ["app.example.com", "Z0123456789EXAMPLE", "A"]);
        assert.equal(record.inputs.aliases[0].name, "us-west-2-alb.us-west-2.elb.amazonaws.com");
        assert.equal(ofType(resources, "aws:acm/certificate:Certificate")[0].inputs.domainName, "app.example.com");
        assert.ok(ofType(resources, "aws:lb/listener:Listener").some((l) => l.inputs.protocol === "HTTPS"));
    });

    it("an outage of the region must still reach a person: a health check, its alarm in us-east-1, an encrypted topic with the e-mail subscribed", () => {
        const [check] = ofType(resources, "aws:route53/healthCheck:HealthCheck");
        assert.deepEqual([check.inputs.type, check.inputs.port, check.inputs.resourcePath, check.inputs.invertHealthcheck], ["HTTPS_STR_MATCH", 443, "/health", false]);
        const [alarm] = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.startsWith("global-"));
        assert.equal(alarm.inputs.dimensions.HealthCheckId, check.id);
        // A gap in Route 53's metrics is no news about the region (healthWatch.ts, MISSING_HEALTH_DATA).
        assert.equal(alarm.inputs.treatMissingData, "ignore");
        const topic = ofType(resources, "aws:sns/topic:Topic").filter((t) => t.name.startsWith("global-"))[0];
        assert.deepEqual(alarm.inputs.alarmActions, [`arn:aws:mock:us-east-1:123456789012:Topic/${topic.name}`]);
        assert.ok(topic.inputs.kmsMasterKeyId);
        const [email] = ofType(resources, "aws:sns/topicSubscription:TopicSubscription").filter((s) => s.name.startsWith("global-"));
        assert.deepEqual([email.inputs.protocol, email.inputs.endpoint], ["email", "ops@example.com"]);
        for (const r of [check, alarm, topic]) {
            assert.equal(providerRegion(resources, r), "us-east-1", `${r.name} is not in us-east-1`);
        }
    });

    describe("growing into two regions", () => {
        const cases: [string, () => RecordedResource[]][] = [
            ["warm-standby (the README's change: us-east-1 added)", () => warm],
            ["pilot-light (us-east-2 added)", () => pilot],
        ];
        for (const [mode, news] of cases) {
            it(`${mode} must keep every resource: same type, name and URN (or an alias), same provider, no input that forces replacement changed`, () => {
                const diff = diffAgainst(single, news(), IN_PLACE);
                assert.deepEqual(diff.problems, []);
                // What changes in place is exactly what the README says.
                assert.deepEqual(diff.updates, [
                    "global-alarms-policy.policy", "global-dashboard.dashboardBody",
                    "global-us-west-2.failoverRoutingPolicies", "global-us-west-2.healthCheckId", "global-us-west-2.setIdentifier",
                    "us-west-2-db-credentials-secret.replicas",
                ]);
            });
        }

        it("pulumi up must create the new region's tier, the database replica and the failover function, and nothing in the first region", () => {
            const creates = diffAgainst(single, warm, IN_PLACE).creates;
            const west = single.find((r) => r.type === "pulumi:providers:aws" && r.name === "us-west-2")!.urn;
            assert.deepEqual(creates.filter((r) => r.provider && providerUrnOf(r.provider) === west).map((r) => `${r.type} ${r.name}`), []);
            const has = (type: string, name?: string) => creates.some((r) => r.type === type && (name === undefined || r.name === name));
            assert.ok(has("ha-web-tier:index:HaWebTier", "us-east-1") && has("aws:rds/instance:Instance") && has("aws:lambda/function:Function"));
            assert.ok(has("aws:route53/healthCheck:HealthCheck", "global-us-east-1") && has("aws:route53/record:Record", "global-us-east-1"));
        });

        it("only the check, alarm, topic and record may move, under GlobalFailover through its alias, with their names", () => {
            const moved = diffAgainst(single, warm, IN_PLACE).moves.map((m) => m.split(" -> ").map((urn) => urn.split("::").slice(2).join("::")));
            assert.deepEqual(moved.map(([from]) => from).sort(), single.filter((r) => r.urn.includes("::ha-web-tier:index:SingleRegionEndpoint")).map((r) => r.urn.split("::").slice(2).join("::")).sort());
            for (const [from, to] of moved) {
                assert.equal(to, from.replace(/^ha-web-tier:index:SingleRegionEndpoint/, "ha-web-tier:index:GlobalFailover"));
            }
            assert.ok(moved.some(([from]) => from.endsWith("aws:route53/healthCheck:HealthCheck::global-us-west-2")));
            assert.ok(moved.some(([from]) => from.endsWith("aws:sns/topicSubscription:TopicSubscription::global-alarms-email")),
                "the confirmed e-mail subscription must survive, or the address would have to confirm again");
        });

        it("the second region's record must wait for the first to become PRIMARY: Route 53 refuses it beside a plain record", () => {
            const primary = warm.find((r) => r.type === "aws:route53/record:Record" && r.name === "global-us-west-2")!;
            const secondary = warm.find((r) => r.type === "aws:route53/record:Record" && r.name === "global-us-east-1")!;
            assert.ok(secondary.dependencies.includes(primary.urn));
        });
    });

    describe("the comparison itself", () => {
        const rename = (records: RecordedResource[], name: string, to: string): RecordedResource[] =>
            records.map((r) => (r.name === name ? { ...r, name: to, urn: r.urn.replace(new RegExp(`::${name}$`), `::${to}`) } : r));
        const withInput = (records: RecordedResource[], name: string, key: string, value: unknown): RecordedResource[] =>
            records.map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, [key]: value } } : r));
        const problemsOf = (d: StateDiff) => d.problems.join("\n");

        it("must report a renamed first-region resource as replaced", () => {
            const d = diffAgainst(single, rename(warm, "us-west-2-net-private-0", "us-west-2-net-private-a"), IN_PLACE);
            assert.match(problemsOf(d), /aws:ec2\/subnet:Subnet "us-west-2-net-private-0": no longer declared/);
        });

        it("must report a changed subnet CIDR, and a moved resource whose parent lost its alias", () => {
            assert.match(problemsOf(diffAgainst(single, withInput(warm, "us-west-2-net-private-0", "cidrBlock", "10.80.200.0/24"), IN_PLACE)),
                /Subnet "us-west-2-net-private-0": cidrBlock changes from "10\.80\.\d+\.0\/\d+" to "10\.80\.200\.0\/24"/);
            const unaliased = warm.map((r) => (r.type === "ha-web-tier:index:GlobalFailover" ? { ...r, options: { ...r.options, aliases: [] } } : r));
            assert.match(problemsOf(diffAgainst(single, unaliased, IN_PLACE)), /HealthCheck "global-us-west-2": its URN changed to .*GlobalFailover.* without an alias/);
        });

        it("must allow only the listed in-place inputs", () => {
            const d = diffAgainst(single, withInput(warm, "global-us-west-2", "zoneId", "ZOTHER"), IN_PLACE);
            assert.match(problemsOf(d), /Record "global-us-west-2": zoneId changes/);
        });
    });
});
