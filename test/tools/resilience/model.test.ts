/**
 * The failure model as pure functions over small synthetic resource lists: each test changes one
 * thing in a stack shaped like the program's and checks the scenario, finding or number it must change.
 */
import * as assert from "node:assert/strict";
import { failoverTimeline, INSTANCE_READY_SECONDS, MULTI_AZ_FAILOVER_SECONDS, rtoSeconds } from "../../../src/failover/rto";
import { renderUserData } from "../../../src/region/userData";
import { assess, type Scenario } from "../../../tools/resilience";
import { rtoCell } from "../../../tools/resilience/report";
import { scanUserData } from "../../../tools/resilience/bootPath";
import { longestLine } from "../../../tools/resilience/html";
import { addTier, addWakePath, Stack, twoRegionStack, UNKNOWN, userData } from "./synthetic";

const byId = (scenarios: Scenario[], id: string): Scenario => {
    const s = scenarios.find((x) => x.id === id);
    assert.ok(s, `no scenario ${id} in ${scenarios.map((x) => x.id).join(", ")}`);
    return s;
};
const names = (s: Scenario, level: "mandatory" | "advisory"): string[] => s.findings.filter((f) => f.level === level).map((f) => f.name);

describe("resilience model (pure)", () => {
    it("lists one scenario per failure domain: an instance, each zone of each region, each region, us-east-1's control plane", () => {
        const r = assess(twoRegionStack().resources);
        assert.deepEqual(r.scenarios.map((s) => s.id), [
            "instance",
            "zone:us-west-2:us-west-2a", "zone:us-west-2:us-west-2b", "zone:us-west-2:us-west-2c",
            "zone:us-east-1:us-east-1a", "zone:us-east-1:us-east-1b",
            "region:us-west-2", "region:us-east-1",
            "control-plane:us-east-1",
        ]);
    });

    it("a pilot-light region failure takes the rto model's pilot-light time, read from the health check and target group", () => {
        const s = byId(assess(twoRegionStack().resources).scenarios, "region:us-west-2");
        const expected = rtoSeconds(failoverTimeline({ mode: "pilot-light", interval: 10, failureThreshold: 3, instanceReadySeconds: INSTANCE_READY_SECONDS, targetHealthySeconds: 15 }));
        assert.equal(s.rtoSeconds, expected);
        assert.deepEqual(s.servedBy, ["us-east-1"]);
        assert.equal(s.outcome, "recovers");
        assert.equal(s.stability, "pass");
    });

    it("a standby resting with instances recovers in detection plus the alias TTL, without the wake on the critical path", () => {
        const s = byId(assess(twoRegionStack({ standbyDesired: 1 }).resources).scenarios, "region:us-west-2");
        assert.equal(s.rtoSeconds, 10 * 3 + 60);
    });

    it("a standby launch template pulling from the primary region's registry fails the primary's region scenario, naming the template", () => {
        const bad = assess(twoRegionStack({ standbyUserData: userData("123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1") }).resources);
        const s = byId(bad.scenarios, "region:us-west-2");
        assert.deepEqual(names(s, "mandatory"), ["us-east-1-lt"]);
        assert.match(s.findings[0]?.message ?? "", /pulls its image from 123456789012\.dkr\.ecr\.us-west-2\.amazonaws\.com.*us-west-2, the failed region/);
        assert.equal(s.stability, "fail");
        assert.equal(s.outcome, "down");
        assert.equal(bad.summary.mandatory, 1);
        // The same stack pulling from its own region is clean.
        assert.equal(assess(twoRegionStack().resources).summary.mandatory, 0);
    });

    it("a standby boot script that names the primary region's registry or APIs in any spelling fails the primary's region scenario", () => {
        const script = (text: string): string => Buffer.from(`#!/bin/bash\n${text}\n`).toString("base64");
        const spellings = {
            "podman": "podman pull 123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1",
            "a compose file": "echo 'image: 123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1' > c.yml && docker compose up -d",
            "AWS_REGION": "export AWS_REGION=us-west-2\naws ssm get-parameter --name /app/url",
            "AWS_DEFAULT_REGION": "AWS_DEFAULT_REGION=us-west-2 aws s3 cp s3://b/app.tgz .",
            "an ARN": "aws ssm get-parameter --name arn:aws:ssm:us-west-2:123456789012:parameter/app",
        };
        for (const [how, text] of Object.entries(spellings)) {
            const s = byId(assess(twoRegionStack({ standbyUserData: script(text) }).resources).scenarios, "region:us-west-2");
            assert.deepEqual(names(s, "mandatory"), ["us-east-1-lt"], how);
            assert.equal(s.stability, "fail", how);
        }
    });

    it("a standby role granted a primary-region parameter through a managed policy, its inline policies or a literal ARN fails", () => {
        const policy = { Statement: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: UNKNOWN }] };
        const grants: Record<string, (s: Stack) => string> = {
            "an attached managed policy": (s) => {
                s.add("aws:iam/policy:Policy", "app-read", "us-east-1", { policy }, { policy: ["app-param"] });
                s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "app-read", "us-east-1", {}, { role: ["us-east-1-app"], policyArn: ["app-read"] });
                return "app-read";
            },
            "the role's inline policies": (s) => {
                s.set("us-east-1-app", { inlinePolicies: [{ name: "read", policy: UNKNOWN }] });
                s.link("us-east-1-app", "inlinePolicies", ["app-param"]);
                return "us-east-1-app";
            },
            "a literal ARN": (s) => {
                s.add("aws:iam/rolePolicy:RolePolicy", "app-read", "us-east-1", { policy: JSON.stringify({ Statement: [{ Effect: "Allow",
                    Action: "ssm:GetParameter", Resource: "arn:aws:ssm:us-west-2:123456789012:parameter/app" }] }) }, { role: ["us-east-1-app"] });
                return "app-read";
            },
        };
        for (const [how, grant] of Object.entries(grants)) {
            const stack = twoRegionStack();
            stack.add("aws:ssm/parameter:Parameter", "app-param", "us-west-2", { type: "String", value: "https://primary" });
            const via = grant(stack);
            const s = byId(assess(stack.resources).scenarios, "region:us-west-2");
            assert.deepEqual(names(s, "mandatory"), [via], how);
        }
    });

    it("a standby reading a secret that exists only in the primary region fails, naming the policy; a replica in the standby's region fixes it", () => {
        const stack = (replicas: { region: string }[]): Stack => {
            const s = twoRegionStack();
            s.add("aws:secretsmanager/secret:Secret", "db-secret", "us-west-2", { replicas });
            s.add("aws:iam/rolePolicy:RolePolicy", "us-east-1-db-access", "us-east-1",
                { policy: { Statement: [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: [UNKNOWN] }] } },
                { role: ["us-east-1-app"], policy: ["db-secret"] });
            return s;
        };
        const s = byId(assess(stack([]).resources).scenarios, "region:us-west-2");
        assert.deepEqual(names(s, "mandatory"), ["us-east-1-db-access"]);
        assert.match(s.findings[0]?.message ?? "", /may read Secret "db-secret"/);
        assert.equal(assess(stack([{ region: "us-east-1" }]).resources).summary.mandatory, 0);
    });

    it("a pilot-light standby whose wake alarm lives in the failed region cannot be woken: mandatory findings on the path", () => {
        const s = new Stack();
        const base = twoRegionStack();
        // Rebuild with the alarm, topic and function in the primary's region.
        for (const r of base.resources.filter((x) => !["alarms-key", "alarms-topic", "unhealthy", "fn-role", "fn", "fn-sub"].includes(x.name))) s.resources.push(r);
        addWakePath(s, "us-west-2", "us-west-2", "us-west-2");
        const scenario = byId(assess(s.resources).scenarios, "region:us-west-2");
        assert.equal(scenario.outcome, "down");
        assert.ok(names(scenario, "mandatory").includes("unhealthy"));
        assert.ok(names(scenario, "mandatory").includes("fn"));
    });

    it("a pilot-light standby nothing wakes is down when the primary fails", () => {
        const s = twoRegionStack();
        const noWake = s.resources.filter((x) => !["fn", "fn-sub"].includes(x.name));
        const scenario = byId(assess(noWake).scenarios, "region:us-west-2");
        assert.equal(scenario.outcome, "down");
        assert.deepEqual(names(scenario, "mandatory"), ["us-east-1-asg"]);
    });

    it("a warm standby whose wake path dies with the primary still serves: a note, not a failure", () => {
        const s = new Stack();
        const base = twoRegionStack({ standbyDesired: 1 });
        for (const r of base.resources.filter((x) => !["alarms-key", "alarms-topic", "unhealthy", "fn-role", "fn", "fn-sub"].includes(x.name))) s.resources.push(r);
        addWakePath(s, "us-west-2", "us-west-2", "us-east-1");
        const scenario = byId(assess(s.resources).scenarios, "region:us-west-2");
        assert.equal(scenario.stability, "pass");
        assert.equal(scenario.outcome, "recovers");
        assert.ok(scenario.notes.some((n) => /resting 1 instance/.test(n)), scenario.notes.join("\n"));
    });

    it("user data the plan cannot read makes the scenario unknown, never pass", () => {
        const r = assess(twoRegionStack({ standbyUserData: UNKNOWN }).resources);
        const s = byId(r.scenarios, "region:us-west-2");
        assert.equal(s.stability, "unknown");
        assert.equal(s.outcome, "unknown");
        assert.match(s.unknowns[0] ?? "", /LaunchTemplate "us-east-1-lt".*only known after deploy/);
        assert.equal(r.summary.unknown >= 1, true);
    });

    it("a tier the model cannot fully read is unknown, never a finding: no load balancer, a classic one, an unplaced subnet", () => {
        const bare = (change: (s: Stack) => void): Scenario[] => {
            const s = new Stack();
            addTier(s, { region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], desired: 2, nat: "per-az" });
            change(s);
            return assess(s.resources).scenarios;
        };
        const cases: [string, (s: Stack) => void, RegExp][] = [
            ["no load balancer", (s) => { s.resources.splice(s.resources.findIndex((r) => r.name === "eu-west-1-http"), 1); },
                /no load balancer in front of it was found/],
            ["a classic load balancer", (s) => {
                s.resources.splice(s.resources.findIndex((r) => r.name === "eu-west-1-http"), 1);
                s.set("eu-west-1-asg", { loadBalancers: ["classic"] });
            }, /behind a classic load balancer/],
            ["an unplaced subnet", (s) => { s.set("eu-west-1-private-1", { availabilityZone: undefined }); }, /eu-west-1-private-1 has no Availability Zone set/],
        ];
        for (const [what, change, missing] of cases) {
            const scenarios = bare(change);
            for (const s of scenarios.filter((x) => x.domain === "zone" || x.domain === "instance")) {
                assert.deepEqual(s.findings.map((f) => f.message), [], `${what}: ${s.id} reports a finding`);
                assert.equal(s.outcome, "unknown", `${what}: ${s.id}`);
                assert.ok(s.unknowns.some((u) => missing.test(u)), `${what}: ${s.id}: ${s.unknowns.join("; ")}`);
            }
            assert.ok(scenarios.some((x) => x.domain === "zone"), `${what}: no zone scenario left`);
        }
    });

    it("a single NAT gateway fails the zone scenario of a serving region, and is only a note in a standby's", () => {
        const serving = assess(twoRegionStack().resources);
        assert.equal(byId(serving.scenarios, "zone:us-west-2:us-west-2a").stability, "pass");
        assert.equal(byId(serving.scenarios, "zone:us-east-1:us-east-1a").stability, "pass");
        assert.ok(byId(serving.scenarios, "zone:us-east-1:us-east-1a").notes.some((n) => /NAT gateway "us-east-1-nat-0" is in us-east-1a/.test(n)));
        const s = new Stack();
        addTier(s, { region: "eu-west-1", zones: ["eu-west-1a", "eu-west-1b"], desired: 2, nat: "single" });
        const zone = byId(assess(s.resources).scenarios, "zone:eu-west-1:eu-west-1a");
        assert.deepEqual(names(zone, "mandatory"), ["eu-west-1-nat-0"]);
        assert.equal(zone.outcome, "degraded");
        assert.equal(byId(assess(s.resources).scenarios, "zone:eu-west-1:eu-west-1b").stability, "pass");
    });

    it("a Multi-AZ writer gives the zone scenario RPO 0 and its failover time; a single-AZ writer fails it", () => {
        const withDb = (multiAz: boolean): Scenario => {
            const s = twoRegionStack();
            s.add("aws:rds/instance:Instance", "writer", "us-west-2", { engine: "postgres", instanceClass: "db.t4g.medium", multiAz, allocatedStorage: 20 });
            return byId(assess(s.resources).scenarios, "zone:us-west-2:us-west-2a");
        };
        const multi = withDb(true);
        assert.match(multi.rpo, /^0 /);
        assert.equal(multi.rtoSeconds, Math.max(15 * 3 + 60, MULTI_AZ_FAILOVER_SECONDS));
        const single = withDb(false);
        assert.deepEqual(names(single, "mandatory"), ["writer"]);
    });

    it("one region with its writer survives an instance and a zone but not the region: down until it returns, RPO bounded by backups copied out", () => {
        const s = new Stack();
        addTier(s, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 2, nat: "per-az" });
        s.add("aws:rds/instance:Instance", "writer", "us-west-2", { engine: "postgres", instanceClass: "db.t4g.medium", multiAz: true, allocatedStorage: 20 });
        const scenarios = assess(s.resources).scenarios;
        assert.equal(byId(scenarios, "instance").outcome, "recovers");
        assert.equal(byId(scenarios, "zone:us-west-2:us-west-2a").outcome, "recovers");
        const region = byId(scenarios, "region:us-west-2");
        assert.equal(region.outcome, "down");
        assert.equal(region.rtoSeconds, null);
        assert.match(region.rpo, /^0 once the region returns; .*backup copied out of the region/);
    });

    it("losing the writer's region needs a promotion: manual unless a surviving wake function may promote the replica", () => {
        const stack = (mayPromote: boolean): Scenario => {
            const s = twoRegionStack();
            s.add("aws:rds/instance:Instance", "writer", "us-west-2", { engine: "postgres", multiAz: true });
            s.add("aws:rds/instance:Instance", "replica", "us-east-1", { multiAz: false }, { replicateSourceDb: ["writer"] });
            s.add("aws:iam/rolePolicy:RolePolicy", "fn-policy", "us-east-1",
                { policy: { Statement: [{ Effect: "Allow", Action: mayPromote ? ["rds:PromoteReadReplica"] : ["rds:DescribeDBInstances"], Resource: [UNKNOWN] }] } },
                { role: ["fn-role"], policy: ["replica"] });
            return byId(assess(s.resources).scenarios, "region:us-west-2");
        };
        const manual = stack(false);
        assert.equal(manual.outcome, "manual");
        assert.match(manual.rpo, /replication lag/);
        assert.ok(manual.notes.some((n) => /until a person promotes/.test(n)));
        const auto = stack(true);
        assert.equal(auto.outcome, "recovers");
        assert.ok(auto.notes.some((n) => /Function "fn" promotes/.test(n)));
    });

    it("without Route 53 records the standby is ready but users must be sent there: manual", () => {
        const s = byId(assess(twoRegionStack({ records: false }).resources).scenarios, "region:us-west-2");
        assert.equal(s.outcome, "manual");
        assert.deepEqual(s.servedBy, ["us-east-1"]);
    });

    it("a scheduled wake path inside the standby's region clears the control-plane finding the alarm path raises", () => {
        const before = byId(assess(twoRegionStack({ records: true }).resources).scenarios, "control-plane:us-east-1");
        assert.equal(names(before, "advisory").length, 1);
        const s = twoRegionStack();
        // A probe in the standby region itself would not help here (its Auto Scaling API is in us-east-1 too);
        // move the standby to us-west-1 to make the point.
        const moved = s.resources.map((r) => (r.name.startsWith("us-east-1-") ? { ...r, region: "us-west-1" } : r));
        const stack = new Stack();
        stack.resources.push(...moved);
        stack.add("aws:cloudwatch/eventRule:EventRule", "probe-rule", "us-west-1", { scheduleExpression: "rate(1 minute)" });
        stack.add("aws:lambda/function:Function", "probe", "us-west-1", {}, { environment: ["us-east-1-asg"] });
        stack.add("aws:cloudwatch/eventTarget:EventTarget", "probe-target", "us-west-1", {}, { rule: ["probe-rule"], arn: ["probe"] });
        assert.equal(names(byId(assess(stack.resources).scenarios, "control-plane:us-east-1"), "advisory").length, 0);
    });

    it("cost: instances at desired capacity, NAT and ALB hours from the table, and the standby's share of the primary", () => {
        const r = assess(twoRegionStack().resources);
        const west = r.cost.regions.find((x) => x.region === "us-west-2");
        const east = r.cost.regions.find((x) => x.region === "us-east-1");
        assert.ok(west && east);
        const line = (item: RegExp) => west.lines.find((l) => item.test(l.item))?.monthlyUsd;
        assert.equal(line(/^EC2 t3\.small/), Math.round(2 * 730 * 0.0208 * 100) / 100);
        assert.equal(line(/^NAT gateways/), Math.round(3 * 730 * 0.045 * 100) / 100);
        assert.equal(east.lines.find((l) => /^EC2/.test(l.item))?.monthlyUsd, 0);
        assert.ok(east.usage.length > 0 || west.usage.length >= 0);
        assert.equal(r.cost.standbyShare?.percent, Math.round((east.monthlyUsd / west.monthlyUsd) * 100));
    });

    it("cost: an instance type missing from the price table is reported unpriced, not guessed", () => {
        const s = twoRegionStack();
        s.set("us-west-2-lt", { instanceType: "x9.huge" });
        const west = assess(s.resources).cost.regions.find((x) => x.region === "us-west-2");
        assert.equal(west?.incomplete, true);
        assert.equal(west?.lines.find((l) => /x9\.huge/.test(l.item))?.monthlyUsd, null);
    });

    it("reads the program's own boot script: the image and the ECR region it pulls from", () => {
        const base = { region: "us-east-1", demoSite: false, port: 8080, healthPath: "/health", healthText: "ok", environment: {}, logGroupName: "lg" };
        const ecr = scanUserData(renderUserData({ ...base, image: "123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1" }));
        assert.deepEqual(ecr.images, ["123456789012.dkr.ecr.us-west-2.amazonaws.com/app:1"]);
        assert.ok(ecr.ecrHosts.length > 0 && ecr.ecrHosts.every((h) => h.region === "us-west-2"));
        assert.ok(ecr.regions.includes("us-west-2"));
        // The warm pool's script pulls, then only creates the container: the pull still names the image.
        const cached = "123456789012.dkr.ecr.us-east-1.amazonaws.com/hwt-prod/nginx/nginx:1.30-alpine";
        const warm = scanUserData(renderUserData({ ...base, image: cached, demoSite: true, warmPool: true }));
        assert.deepEqual(warm.images, [cached]);
        assert.deepEqual(warm.regions, ["us-east-1"]);
    });

    it("the diagram names each region and draws the wake path and the failover records", () => {
        const m = assess(twoRegionStack().resources).diagram.mermaid;
        assert.match(m, /^flowchart TB/);
        assert.match(m, /subgraph region_us_west_2\["us-west-2 \(primary\)"\]/);
        assert.match(m, /subgraph region_us_east_1\["us-east-1 \(standby, 0 instances at rest\)"\]/);
        assert.match(m, /route53 -- PRIMARY --> us_west_2_asg_alb/);
        assert.match(m, /route53 -\. SECONDARY \.-> us_east_1_asg_alb/);
        assert.match(m, /fn -- wakes \/ sleeps --> us_east_1_asg_asg/);
    });

    it("the Route 53 box names the routing the edges to the load balancers carry", () => {
        const failover = assess(twoRegionStack().resources).diagram.mermaid;
        assert.match(failover, /route53\{\{"Route 53<br\/>2 failover records<br\/>2 health checks: /);
        // One region behind a plain alias record, as examples/single-region.yaml: never "failover".
        const single = new Stack();
        addTier(single, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 2, nat: "per-az" });
        single.add("aws:route53/healthCheck:HealthCheck", "hc", "us-east-1", { type: "HTTPS", resourcePath: "/health" }, { fqdn: ["us-west-2-alb"] });
        single.add("aws:route53/record:Record", "rec", "us-east-1", {}, { aliases: ["us-west-2-alb"] });
        const m = assess(single.resources).diagram.mermaid;
        assert.match(m, /route53\{\{"Route 53<br\/>1 simple record<br\/>1 health check: HTTPS \/health/);
        assert.match(m, /route53 -- simple --> us_west_2_asg_alb/);
        assert.doesNotMatch(m, /failover/);
    });

    it("the page's RTO footer names a scenario nothing recovers from, beside the longest recovery", () => {
        const single = new Stack();
        addTier(single, { region: "us-west-2", zones: ["us-west-2a", "us-west-2b"], desired: 2, nat: "per-az" });
        const r = assess(single.resources);
        const down = r.scenarios.find((s) => s.id === "region:us-west-2");
        assert.equal(down?.rtoSeconds, null);
        const zone = r.scenarios.find((s) => s.id === "zone:us-west-2:us-west-2a");
        assert.match(longestLine(r), /^Longest recovery: (.+) \(Availability Zone us-west-2[ab]\); region us-west-2: no recovery by the stack \(down until it returns\)\.$/);
        assert.ok(longestLine(r).startsWith(`Longest recovery: ${rtoCell(zone as Scenario)} `));
    });

    it("the diagram lists regions in the order the program registered their providers (the config's)", () => {
        const s = twoRegionStack();
        // The standby's provider first, as a config that lists us-east-1 first would register it.
        s.add("pulumi:providers:aws", "us-east-1", "us-east-1");
        s.add("pulumi:providers:aws", "us-west-2", "us-west-2");
        const subgraphs = [...assess(s.resources).diagram.mermaid.matchAll(/subgraph (\S+)\[/g)].map((m) => m[1]);
        assert.deepEqual(subgraphs, ["region_us_east_1", "region_us_west_2"]);
        assert.deepEqual([...assess(twoRegionStack().resources).diagram.mermaid.matchAll(/subgraph (\S+)\[/g)].map((m) => m[1]), ["region_us_west_2", "region_us_east_1"]);
    });

    it("without a wake path the diagram still shows the health alarms and the topic they notify", () => {
        const noWake = twoRegionStack().resources.filter((x) => !["fn", "fn-sub"].includes(x.name));
        const m = assess(noWake).diagram.mermaid;
        assert.match(m, /alarms_us_east_1\["1 CloudWatch alarm<br\/>on Route 53 HealthCheckStatus"\]/);
        assert.match(m, /alarms_us_east_1 --> alarms_topic/);
    });
});
