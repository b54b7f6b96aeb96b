import * as assert from "node:assert/strict";
import type { RecordedResource } from "../../tools/engine/recorded";
import { expectOnly, fired } from "./helpers";
import { rec, U } from "./factories";

/** Drops keys whose value is undefined: a recorded Struct has no undefined, only missing keys. */
const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A compliant accelerator in front of one ALB, as the program records it in a first preview. */
function accelerator(change: { attributes?: unknown; group?: Record<string, unknown>; endpoint?: Record<string, unknown> } = {}): { all: RecordedResource[]; accelerator: RecordedResource; group: RecordedResource } {
    const usw2 = rec("pulumi:providers:aws", "us-west-2", { region: "us-west-2" });
    const p = { provider: `${usw2.urn}::${U}` };
    const alb = rec("aws:lb/loadBalancer:LoadBalancer", "use1-alb", { loadBalancerType: "application" });
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
    }), { listenerArn: [listener], endpointConfigurations: [alb] }, p);
    return { all: [usw2, acc, listener, group], accelerator: acc, group };
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
});
