/**
 * A placement known only at deploy is judged by the subnets it comes from: a value beyond the subnets of
 * this stack it depends on (another stack's output, a lookup) is refused, never assumed private.
 */
import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { rec, U, worldWithHttps } from "./factories";

/** The mandatory private-subnet verdicts on one resource. */
async function placementRefusals(records: Parameters<typeof analyze>[0], urn: string): Promise<string[]> {
    return (await analyze(records)).filter((v) => v.policy === "app-instances-private-subnets-only" && v.urn === urn).map((v) => v.message);
}

describe("policy: placements known only at deploy", () => {
    it("an Auto Scaling group given a private subnet and another stack's output is refused: the output may be a public subnet", async () => {
        const w = worldWithHttps();
        const other = rec("pulumi:pulumi:StackReference", "network", { name: "org/network/prod" });
        w.asg.inputs.vpcZoneIdentifiers = [U, U];
        w.asg.propertyDependencies.vpcZoneIdentifiers = [w.privateA.urn, other.urn];
        const refused = await placementRefusals([...w.all(), other], w.asg.urn);
        assert.equal(refused.length, 1);
        assert.match(refused[0], /vpcZoneIdentifiers is known only at deploy and takes a value from another stack \(network\), which cannot be judged here/);
    });

    it("an Auto Scaling group whose every deploy-time subnet is a private subnet of this stack passes", async () => {
        const w = worldWithHttps();
        w.asg.inputs.vpcZoneIdentifiers = [U, U];
        w.asg.propertyDependencies.vpcZoneIdentifiers = [w.privateA.urn, w.privateB.urn];
        assert.deepEqual(await placementRefusals(w.all(), w.asg.urn), []);
    });

    it("a Spot Fleet override beside a private one, with a subnet from a lookup, is refused", async () => {
        const w = worldWithHttps();
        const fleet = rec("aws:ec2/spotFleetRequest:SpotFleetRequest", "euw1-spot-fleet", {
            iamFleetRole: U, targetCapacity: 1,
            launchTemplateConfigs: [{ launchTemplateSpecification: { id: U, version: "$Latest" }, overrides: [{ subnetId: U }, { subnetId: U }] }],
        }, { launchTemplateConfigs: [w.lt, w.privateA] }, { provider: w.asg.provider });
        const refused = await placementRefusals([...w.all(), fleet], fleet.urn);
        assert.equal(refused.length, 1);
        assert.match(refused[0], /A Spot Fleet request must only use private subnets, but 1 of its .* values cannot be judged/);
    });
});
