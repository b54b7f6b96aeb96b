import * as assert from "node:assert/strict";
import type { RecordedResource } from "../../tools/engine/recorded";
import { analyze } from "../../tools/plan/analyze";
import { expectOnly, fired } from "./helpers";
import { rec, U, worldWithHttps } from "./factories";

/** Drops keys whose value is undefined: a recorded Struct has no undefined, only missing keys. */
const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A compliant accelerator in front of the compliant tier's ALB, as the program records it in a first preview. */
function accelerator(change: { attributes?: unknown; group?: Record<string, unknown>; endpoint?: Record<string, unknown>; endpoints?: RecordedResource[] } = {}): { all: RecordedResource[]; accelerator: RecordedResource; group: RecordedResource } {
    const tier = worldWithHttps();
    const usw2 = rec("pulumi:providers:aws", "us-west-2", { region: "us-west-2" });
    const p = { provider: `${usw2.urn}::${U}` };
    const bucket = rec("aws:s3/bucket:Bucket", "flow-logs", {});
    const acc = rec("aws:globalaccelerator/accelerator:Accelerator", "front-door", defined({
        ipAddressType: "IPV4", enabled: true,
        attributes: "attributes" in change ? change.attributes : { flowLogsEnabled: true, flowLogsS3Bucket: U, flowLogsS3Prefix: "global-accelerator" },
    }), { attributes: [bucket] }, p);
    const listener = rec("aws:globalaccelerator/listener:Listener", "front-door-tcp", { acceleratorArn: U, protocol: "TCP", portRanges: [{ fromPort: 443, toPort: 443 }] }, { acceleratorArn: [acc] }, p);
    const group = rec("aws:globalaccelerator/endpointGroup:EndpointGroup", "front-door-us-east-1", defined({
        listenerArn: U, endpointGroupRegion: "us-east-1", trafficDialPercentage: 100,
        endpointConfigurations: [defined({ endpointId: U, weight: 128, clientIpPreservationEnabled: true, ...change.endpoint })],
        ...change.group,
    }), { listenerArn: [listener], endpointConfigurations: change.endpoints ?? [tier.alb] }, p);
    return { all: [...tier.all(), usw2, bucket, acc, listener, group], accelerator: acc, group };
}

describe("policy: the Global Accelerator front door", () => {
    it("an accelerator with flow logs and endpoint groups that name their region and preserve clients passes", async () => {
        assert.deepEqual(await fired(accelerator().all), []);
    });

    for (const [requirement, attributes] of [
        ["flow logs turned off", { flowLogsEnabled: false, flowLogsS3Bucket: "b", flowLogsS3Prefix: "p" }],
        ["no attributes block at all", undefined],
        ["flow logs on without a bucket", { flowLogsEnabled: true, flowLogsS3Prefix: "p" }],
    ] as const) {
        it(`an accelerator must deliver flow logs to S3: ${requirement} [accelerator-flow-logs-enabled]`, async () => {
            const w = accelerator({ attributes });
            await expectOnly(w.all, "accelerator-flow-logs-enabled", w.accelerator.urn);
        });
    }

    it("an endpoint group must name its region: without it the provider puts it in its own (us-west-2) [accelerator-endpoint-group-explicit]", async () => {
        const w = accelerator({ group: { endpointGroupRegion: undefined } });
        await expectOnly(w.all, "accelerator-endpoint-group-explicit", w.group.urn);
    });

    for (const value of [false, undefined]) {
        it(`an endpoint must preserve the client's address explicitly (clientIpPreservationEnabled ${String(value)}) [accelerator-endpoint-group-explicit]`, async () => {
            const w = accelerator({ endpoint: { clientIpPreservationEnabled: value } });
            await expectOnly(w.all, "accelerator-endpoint-group-explicit", w.group.urn);
        });
    }

    it("an endpoint group must send traffic to a load balancer of the stack, never straight to an instance [accelerator-endpoints-are-load-balancers]", async () => {
        const instance = rec("aws:ec2/instance:Instance", "box", { ami: "ami-1", instanceType: "t3.micro", subnetId: U });
        const w = accelerator({ endpoints: [instance] });
        const violations = (await analyze(w.all)).filter((v) => v.policy === "accelerator-endpoints-are-load-balancers");
        assert.equal(violations.length, 1);
        assert.match(violations[0]?.message ?? "", /cannot be judged: 1 endpoint\(s\) come from no load balancer of this stack; declare it in this stack, or allow it with accelerator-endpoints-are-load-balancers's acceptUnresolved/);
        const direct = (await analyze([...w.all, instance])).filter((v) => v.policy === "accelerator-endpoints-are-load-balancers");
        assert.match(direct[0]?.message ?? "", /would publish box directly on the internet/);
    });

    it("an endpoint named by a literal id or ARN the stack does not declare cannot be judged [accelerator-endpoints-are-load-balancers]", async () => {
        const arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/other/1";
        const w = accelerator({ endpoint: { endpointId: arn }, endpoints: [] });
        await expectOnly(w.all, "accelerator-endpoints-are-load-balancers", w.group.urn);
        const eip = accelerator({ endpoint: { endpointId: "eipalloc-0123" }, endpoints: [] });
        await expectOnly(eip.all, "accelerator-endpoints-are-load-balancers", eip.group.urn);
    });
});
