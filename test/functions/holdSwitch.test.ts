import assert from "node:assert/strict";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { SSMClient } from "@aws-sdk/client-ssm";
import { readHold, setHold } from "../../functions/shared/hold";
import type { Call } from "../../functions/shared/retry";
import { World } from "./failoverFixtures";

// The manual switch on its own (functions/shared/hold.ts), against the world's SSM and CloudWatch.
describe("the manual switch (functions/shared/hold.ts)", () => {
    const sw = { stack: "prod", region: "us-west-2" };
    const HOLD = "/ha-web-tier/prod/primary-held";
    const clients = { ssm: new SSMClient({ region: "us-west-2" }), cloudWatch: new CloudWatchClient({ region: "us-west-2" }) };
    let world: World;
    beforeEach(() => (world = new World()));
    afterEach(() => world.restore());

    it("holding, holding again and releasing must leave the parameter and the metric saying each in turn", async () => {
        await setHold(clients, sw, true);
        assert.equal(await readHold(clients.ssm, sw), true);
        await setHold(clients, sw, true);
        await setHold(clients, sw, false);
        assert.equal(world.params.get(HOLD), "false");
        assert.equal(await readHold(clients.ssm, sw), false);
        assert.deepEqual(world.holdMetric, [1, 1, 0]);
    });

    it("a parameter that is missing, however the SDK names the error, or that comes back without a value must read as not held", async () => {
        assert.equal(await readHold(clients.ssm, sw), false);
        for (const answer of [Promise.reject(Object.assign(new Error("not found"), { name: "ParameterNotFound" })), Promise.resolve({})]) {
            const ssm = { send: () => answer } as unknown as SSMClient;
            assert.equal(await readHold(ssm, sw), false);
        }
    });

    it("any other failure to read the hold must be thrown, not read as released", async () => {
        world.fail("ssm:GetParameter", Object.assign(new Error("denied"), { name: "AccessDeniedException" }));
        await assert.rejects(readHold(clients.ssm, sw), /denied/);
    });

    it("each call must reach the retry policy named by its IAM action", async () => {
        const labels: string[] = [];
        const call: Call = (label, fn) => (labels.push(label), fn());
        await setHold(clients, sw, true, call);
        await readHold(clients.ssm, sw, call);
        assert.deepEqual(labels, ["ssm:PutParameter", "cloudwatch:PutMetricData", "ssm:GetParameter"]);
    });
});
