/**
 * When the primary region is gone, the standby must launch, pull and serve from parts in its own
 * region. Each stack file is evaluated once under the mocks (known ids and ARNs, so a reference to
 * another region's resource shows as that region in an ARN or host name).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { ofType, policyDocument, providerRegion, readStackConfig, type Recorded, ROOT, runProgram } from "../mocks";

const STACKS = {
    prod: "Pulumi.prod.yaml",
    "warm-standby": "examples/warm-standby.yaml",
    "active-active": "examples/active-active.yaml",
} as const;
type StackName = keyof typeof STACKS;

const userDataOf = (lt: Recorded): string => Buffer.from(lt.inputs.userData, "base64").toString();
const REGISTRY = /(?:\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com|public\.ecr\.aws|docker\.io|ghcr\.io|quay\.io|registry\.[a-z0-9.-]+)/g;

/**
 * Other regions of the stack that `text` points into: an ARN's region field, a regional host name, a
 * `--region` flag or a bare region value (resource names may contain region codes without pointing there).
 */
function otherRegionsIn(text: string, region: string, regions: string[]): string[] {
    return regions.filter((r) => r !== region && [`:${r}:`, `.${r}.`, `region ${r}`, `region=${r}`, `"${r}"`].some((p) => text.includes(p)));
}

describe("region-local recovery path (prod and both examples under mocks)", () => {
    const stacks = {} as Record<StackName, { resources: Recorded[]; outputs: Record<string, any>; regions: string[] }>;
    before(async () => {
        // One after another: the Pulumi runtime is process-wide, so programs cannot be evaluated at once.
        for (const name of Object.keys(STACKS) as StackName[]) {
            const { resources, outputs } = await runProgram(readStackConfig(path.join(ROOT, STACKS[name])), name);
            const regions = [...new Set(ofType(resources, "pulumi:providers:aws").map((p) => p.inputs.region as string))];
            stacks[name] = { resources, outputs, regions };
        }
    });

    for (const name of Object.keys(STACKS) as StackName[]) {
        it(`${name}: every region's user data names only its own region's registry`, () => {
            const { resources } = stacks[name];
            const lts = ofType(resources, "aws:ec2/launchTemplate:LaunchTemplate");
            assert.ok(lts.length >= 2);
            for (const lt of lts) {
                const region = providerRegion(resources, lt)!;
                const found = [...userDataOf(lt).matchAll(REGISTRY)];
                assert.ok(found.length >= 2, `${lt.name} names no registry`);
                for (const m of found) {
                    assert.equal(m[1], region, `${lt.name} (${region}) names ${m[0]}`);
                }
            }
        });

        it(`${name}: each region caches the public image in its own registry, and its instances may pull only there`, () => {
            const { resources } = stacks[name];
            const rules = ofType(resources, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule");
            assert.deepEqual(rules.map((r) => providerRegion(resources, r)).sort(), stacks[name].regions.filter((r) => resources.some((x) => x.name === `${r}-asg`)).sort());
            for (const rule of rules) {
                assert.deepEqual([rule.inputs.upstreamRegistryUrl, rule.inputs.ecrRepositoryPrefix, rule.inputs.credentialArn], ["public.ecr.aws", `hwt-${name}`, undefined]);
            }
            for (const p of resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith("-app-image"))) {
                const region = providerRegion(resources, p)!;
                const pull = policyDocument(p.inputs.policy).Statement.find((s: any) => s.Sid === "PullFromThisRegion");
                assert.deepEqual(pull.Resource, [`arn:aws:ecr:${region}:123456789012:repository/hwt-${name}/*`]);
                assert.ok(pull.Action.includes("ecr:BatchImportUpstreamImage") && pull.Action.includes("ecr:CreateRepository"));
            }
        });
    }

    for (const name of ["prod", "warm-standby"] as const) {
        it(`${name}: the standby's recovery path (group, launch template, image registry, roles, parameters) references no other region`, () => {
            const { resources, regions } = stacks[name];
            const standby = resources.find((r) => r.type === "aws:lambda/function:Function" && r.name === "global-fn")!.inputs.environment.variables.STANDBY_REGION as string;
            const path = resources.filter((r) => providerRegion(resources, r) === standby && (
                r.name.startsWith(`${standby}-`) && !r.name.startsWith(`${standby}-db-instance`)
                // The writer's address is the writer's by design; the promotion runbook rewrites it.
                && !(r.type === "aws:ssm/parameter:Parameter" && String(r.inputs.name).endsWith("/writer-endpoint"))
                // The ALB's own health checks and listeners do not launch anything; they are checked elsewhere.
                && !r.type.startsWith("aws:lb/")));
            const types = new Set(path.map((r) => r.type));
            for (const t of ["aws:autoscaling/group:Group", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "aws:iam/rolePolicy:RolePolicy"]) {
                assert.ok(types.has(t), `no ${t} on the standby's path`);
            }
            for (const r of path) {
                const text = JSON.stringify(r.inputs) + (r.type === "aws:ec2/launchTemplate:LaunchTemplate" ? userDataOf(r) : "");
                assert.deepEqual(otherRegionsIn(text, standby, regions), [], `${r.type} ${r.name} references another region`);
            }
            if (name === "warm-standby") {
                const secret = resources.find((r) => r.type === "aws:ssm/parameter:Parameter" && providerRegion(resources, r) === standby && String(r.inputs.name).endsWith("/secret-arn"))!;
                // The provider marks parameter values secret; the mock engine hands them over wrapped.
                assert.match(secret.inputs.value.value, new RegExp(`^arn:aws:mock:${standby}:`), "the standby must read its own replica of the secret");
            }
        });
    }

    it("prod: the pilot-light standby keeps the failover capacity stopped in a warm pool; no other group has one", () => {
        const { resources } = stacks.prod;
        const standby = resources.find((r) => r.name === "us-east-1-asg")!;
        assert.deepEqual(standby.inputs.warmPool, { poolState: "Stopped", minSize: 0, maxGroupPreparedCapacity: 2, instanceReusePolicy: { reuseOnScaleIn: true } });
        assert.deepEqual(standby.inputs.initialLifecycleHooks.map((h: any) => [h.name, h.lifecycleTransition, h.defaultResult]), [["ha-web-tier-ready", "autoscaling:EC2_INSTANCE_LAUNCHING", "CONTINUE"]]);
        const others = [...ofType(resources, "aws:autoscaling/group:Group"), ...ofType(stacks["warm-standby"].resources, "aws:autoscaling/group:Group"),
            ...ofType(stacks["active-active"].resources, "aws:autoscaling/group:Group")].filter((g) => g !== standby);
        assert.ok(others.length >= 5 && others.every((g) => g.inputs.warmPool === undefined && g.inputs.initialLifecycleHooks === undefined));
        const lifecycle = policyDocument(resources.find((r) => r.name === "us-east-1-app-lifecycle")!.inputs.policy);
        // Scoped by the group's name, so the permission exists before the group (see warmPool.ts).
        assert.deepEqual(lifecycle.Statement[0].Resource, ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:*:autoScalingGroupName/us-east-1-asg-*"]);
    });

    it("prod: the probe runs every minute in the standby region, may raise only the standby, and asks Route 53 about the primary's check only", () => {
        const { resources } = stacks.prod;
        const fn = resources.find((r) => r.type === "aws:lambda/function:Function" && r.name === "probe")!;
        assert.equal(providerRegion(resources, fn), "us-east-1");
        const env = fn.inputs.environment.variables;
        assert.deepEqual([env.PRIMARY_ENDPOINT, env.HOST_NAME, env.STANDBY_ASG_NAME, env.FAILOVER_CAPACITY, env.FAILURE_THRESHOLD, env.PROBES_PER_RUN],
            ["us-west-2-alb.us-west-2.elb.amazonaws.com", "app.example.com", "us-east-1-asg", "2", "3", "31"]);
        const checkId = resources.find((r) => r.name === "global-us-west-2")!.id;
        assert.equal(env.HEALTH_CHECK_ID, checkId);
        const schedule = ofType(resources, "aws:scheduler/schedule:Schedule")[0];
        assert.deepEqual([schedule.inputs.scheduleExpression, schedule.inputs.flexibleTimeWindow.mode, schedule.inputs.target.arn, providerRegion(resources, schedule)],
            ["rate(1 minute)", "OFF", "arn:aws:mock:us-east-1:123456789012:Function/probe", "us-east-1"]);
        const doc = policyDocument(resources.find((r) => r.name === "probe-policy")!.inputs.policy);
        const of = (action: string) => doc.Statement.filter((s: any) => s.Action.includes(action)).map((s: any) => s.Resource);
        assert.deepEqual(of("autoscaling:UpdateAutoScalingGroup"), [["arn:aws:mock:us-east-1:123456789012:Group/us-east-1-asg"]]);
        assert.deepEqual(of("route53:GetHealthCheckStatus"), [[`arn:aws:route53:::healthcheck/${checkId}`]]);
        assert.ok(doc.Statement.every((s: any) => s.Resource !== "*" || s.Action.every((a: string) => /^[a-z0-9]+:(Describe|Get|List)/.test(a))));
        const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.name.startsWith("probe-"));
        assert.deepEqual(alarms.map((a) => [a.inputs.metricName, providerRegion(resources, a)]).sort(), [["Errors", "us-east-1"], ["Invocations", "us-east-1"]]);
    });

    it("active-active deploys no probe and no warm pool", () => {
        const { resources } = stacks["active-active"];
        assert.equal(ofType(resources, "aws:scheduler/schedule:Schedule").length, 0);
    });
});
