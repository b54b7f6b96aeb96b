import { strict as assert } from "assert";
import { ACCELERATOR_TIMEOUTS, ENDPOINT_WEIGHT } from "../../src/frontdoor/globalAccelerator";
import { FLOW_LOG_PREFIX, LOG_DELIVERY_PRINCIPAL } from "../../src/frontdoor/flowLogBucket";
import { ACCELERATOR_TARGET_HEALTH } from "../../src/region/targetHealth";
import { providerUrnOf, type RecordedResource } from "../../tools/engine/recorded";
import { buildPlanResult } from "../../tools/plan/report";
import { stackRun } from "../stack/stackRuns";

const FILE = "examples/global-accelerator.yaml";
const REGIONS = ["us-east-1", "us-west-2"];

describe("the Global Accelerator front door (examples/global-accelerator.yaml: warm-standby us-east-1 -> us-west-2)", () => {
    let resources: RecordedResource[];
    const ofType = (type: string) => resources.filter((r) => r.type === type);
    const byUrn = (urn: string) => resources.find((r) => r.urn === urn);
    const providerRegionOf = (r: RecordedResource) => byUrn(providerUrnOf(r.provider ?? ""))?.inputs.region;
    /** The resources a property of `r` came from. */
    const from = (r: RecordedResource, prop: string) => (r.propertyDependencies[prop] ?? []).map((u) => byUrn(u)).filter((x): x is RecordedResource => !!x);
    before(async () => {
        ({ resources } = await stackRun(FILE));
    });

    it("one accelerator and one TCP listener on the ALBs' ports, managed with a us-west-2 provider and 30-minute timeouts", () => {
        const [accelerator, ...more] = ofType("aws:globalaccelerator/accelerator:Accelerator");
        assert.ok(accelerator);
        assert.equal(more.length, 0);
        const listeners = ofType("aws:globalaccelerator/listener:Listener");
        assert.equal(listeners.length, 1);
        assert.equal(listeners[0].inputs.protocol, "TCP");
        assert.deepEqual((listeners[0].inputs.portRanges as { fromPort: number; toPort: number }[]).map((p) => [p.fromPort, p.toPort]), [[80, 80], [443, 443]]);
        for (const r of [accelerator, ...listeners, ...ofType("aws:globalaccelerator/endpointGroup:EndpointGroup")]) {
            assert.equal(providerRegionOf(r), "us-west-2", r.name);
            assert.deepEqual(r.options.customTimeouts, ACCELERATOR_TIMEOUTS, r.name);
        }
    });

    it("an endpoint group per region, its region set explicitly, holding that region's ALB with client IP preservation on", () => {
        const groups = ofType("aws:globalaccelerator/endpointGroup:EndpointGroup");
        assert.deepEqual(groups.map((g) => g.inputs.endpointGroupRegion).sort(), REGIONS);
        for (const g of groups) {
            const [endpoint, ...others] = g.inputs.endpointConfigurations as Record<string, unknown>[];
            assert.equal(others.length, 0);
            assert.equal(endpoint.clientIpPreservationEnabled, true);
            assert.equal(endpoint.weight, ENDPOINT_WEIGHT);
            assert.ok(ENDPOINT_WEIGHT > 0, "a weight of 0 is a hard block, even for a healthy endpoint");
            const albs = from(g, "endpointConfigurations").filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer");
            assert.deepEqual(albs.map((a) => providerRegionOf(a)), [g.inputs.endpointGroupRegion], `${g.name} holds another region's ALB`);
            assert.ok(from(g, "listenerArn").some((l) => l.type === "aws:globalaccelerator/listener:Listener"));
        }
    });

    it("the traffic dials follow the mode: the primary 100, the warm standby 0 (GA ignores dials when it fails over)", () => {
        const dials = Object.fromEntries(ofType("aws:globalaccelerator/endpointGroup:EndpointGroup").map((g) => [g.inputs.endpointGroupRegion, g.inputs.trafficDialPercentage]));
        assert.deepEqual(dials, { "us-east-1": 100, "us-west-2": 0 });
    });

    it("flow logs go to a private bucket in the primary region that only log delivery may write, under this account's prefix", () => {
        const [accelerator] = ofType("aws:globalaccelerator/accelerator:Accelerator");
        const attributes = accelerator.inputs.attributes as Record<string, unknown>;
        assert.equal(attributes.flowLogsEnabled, true);
        assert.equal(attributes.flowLogsS3Prefix, FLOW_LOG_PREFIX);
        const [bucket] = from(accelerator, "attributes").filter((r) => r.type === "aws:s3/bucket:Bucket");
        assert.ok(bucket, "the flow-log bucket is the program's own");
        assert.equal(providerRegionOf(bucket), "us-east-1");
        assert.ok(bucket.options.protect, "protected like the access-log buckets");
        const policy = ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => from(p, "bucket").includes(bucket));
        assert.ok(policy);
        const statements = (policy.inputs.policy as { Statement: Record<string, any>[] }).Statement;
        const write = statements.find((s) => s.Sid === "AWSLogDeliveryWrite");
        assert.deepEqual([write?.Principal, write?.Action, write?.Condition], [{ Service: LOG_DELIVERY_PRINCIPAL }, ["s3:PutObject"], { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } }]);
        assert.ok(statements.some((s) => s.Sid === "DenyInsecureTransport" && s.Effect === "Deny"));
        const block = ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").find((p) => from(p, "bucket").includes(bucket));
        assert.ok(block && block.inputs.blockPublicPolicy === true && block.inputs.restrictPublicBuckets === true);
        assert.ok(accelerator.dependencies.includes(policy.urn), "the accelerator waits for the policy that lets delivery write");
    });

    it("the name is one alias to the accelerator; no record points at an ALB, while the health checks and the wake alarm stay", () => {
        const records = ofType("aws:route53/record:Record").filter((r) => r.inputs.name === "app.example.com");
        assert.equal(records.length, 1);
        assert.ok(from(records[0], "aliases").some((r) => r.type === "aws:globalaccelerator/accelerator:Accelerator"));
        assert.equal((records[0].inputs.aliases as { evaluateTargetHealth: boolean }[])[0].evaluateTargetHealth, false);
        assert.equal(records[0].inputs.failoverRoutingPolicies, undefined);
        assert.equal(ofType("aws:route53/healthCheck:HealthCheck").length, 2);
        assert.ok(ofType("aws:cloudwatch/metricAlarm:MetricAlarm").some((a) => a.name === "global-us-east-1-unhealthy"));
        assert.ok(ofType("aws:lambda/function:Function").length >= 1, "the failover function still scales the standby");
    });

    it("each ALB admits clients (their own addresses, preserved) on the listener ports only", () => {
        for (const region of REGIONS) {
            const sg = ofType("aws:ec2/securityGroup:SecurityGroup").find((g) => g.name === `${region}-alb-sg`);
            assert.ok(sg);
            const ingress = ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => from(r, "securityGroupId").includes(sg));
            assert.deepEqual(ingress.map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.cidrIpv4]).sort(), [[443, 443, "0.0.0.0/0"], [80, 80, "0.0.0.0/0"]]);
        }
    });

    it("the target groups check fast enough for a sub-minute failover (GA follows their health)", () => {
        const groups = ofType("aws:lb/targetGroup:TargetGroup");
        assert.equal(groups.length, 2);
        for (const tg of groups) {
            const hc = tg.inputs.healthCheck as Record<string, number>;
            assert.deepEqual([hc.interval, hc.timeout, hc.healthyThreshold, hc.unhealthyThreshold],
                [ACCELERATOR_TARGET_HEALTH.interval, ACCELERATOR_TARGET_HEALTH.timeout, ACCELERATOR_TARGET_HEALTH.healthyThreshold, ACCELERATOR_TARGET_HEALTH.unhealthyThreshold]);
            assert.ok(hc.timeout < hc.interval, "ELB needs the timeout below the interval");
        }
    });

    it("the plan places the accelerator where its API is (us-west-2) and each endpoint group in its own region", async () => {
        const run = await stackRun(FILE);
        const plan = buildPlanResult({ stack: "global-accelerator", project: "ha-web-tier", configFile: FILE, program: "stack/index.ts",
            resources: run.resources, violations: [], outputs: run.outputs, secrets: run.secrets, diagnostics: run.diagnostics });
        const regionOf = (type: string) => plan.resources.filter((r) => r.type === type).map((r) => r.region).sort();
        assert.deepEqual(regionOf("aws:globalaccelerator/accelerator:Accelerator"), ["us-west-2"]);
        assert.deepEqual(regionOf("aws:globalaccelerator/endpointGroup:EndpointGroup"), REGIONS);
    });
});
