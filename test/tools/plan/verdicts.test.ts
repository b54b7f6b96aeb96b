/**
 * A plan fails when either kind of verdict says so on its own: a mandatory policy verdict with every
 * failure scenario passing, or a mandatory static-stability finding with every policy passing. Advisory
 * verdicts alone never fail it. Built from the policy tests' compliant tier, judged by the real pack and
 * the real resilience assessment, so each case changes one thing and names the kind that must decide.
 */
import * as assert from "node:assert/strict";
import { analyze } from "../../../tools/plan/analyze";
import { buildPlanResult, renderText, type PlanResult } from "../../../tools/plan/report";
import type { RecordedResource } from "../../../tools/engine/recorded";
import { rec, U, worldWithHttps } from "../../policy/factories";

/** The compliant tier with a NAT gateway in each zone, so no zone's failure cuts a private subnet's egress. */
function resilientWorld() {
    const w = worldWithHttps();
    const p = { provider: w.asg.provider };
    const eipB = rec("aws:ec2/eip:Eip", "euw1-nat-eip-b", { domain: "vpc" }, {}, p);
    const natB = rec("aws:ec2/natGateway:NatGateway", "euw1-nat-b", { allocationId: U, subnetId: U }, { allocationId: [eipB], subnetId: [w.publicB] }, p);
    const rtB = rec("aws:ec2/routeTable:RouteTable", "euw1-private-rt-b", { vpcId: U }, { vpcId: [w.vpc] }, p);
    const routeB = rec("aws:ec2/route:Route", "euw1-private-default-b", { routeTableId: U, destinationCidrBlock: "0.0.0.0/0", natGatewayId: U },
        { routeTableId: [rtB], natGatewayId: [natB] }, p);
    const assocB = w.assocs.find((a) => a.propertyDependencies.subnetId?.includes(w.privateB.urn));
    assert.ok(assocB);
    assocB.propertyDependencies.routeTableId = [rtB.urn];
    return { ...w, all: (): RecordedResource[] => [...w.all(), eipB, natB, rtB, routeB] };
}

async function planOf(resources: RecordedResource[]): Promise<PlanResult> {
    return buildPlanResult({
        stack: "verdicts", project: "ha-web-tier", configFile: "Pulumi.verdicts.yaml", program: "index.ts",
        resources, violations: await analyze(resources), outputs: {}, secrets: [], diagnostics: [],
    });
}

/** The plan's closing line: PASS or FAIL, as people and CI read it. */
const closing = (plan: PlanResult): string => renderText(plan).trim().split("\n").pop() ?? "";

describe("the plan's result: either kind of verdict decides alone", () => {
    it("the resilient compliant tier passes: no verdict of either kind", async () => {
        const plan = await planOf(resilientWorld().all());
        assert.equal(plan.summary.mandatory, 0);
        assert.equal(plan.summary.resilience.mandatory, 0, JSON.stringify(plan.resilience.findings));
        assert.equal(plan.summary.result, "pass");
        assert.match(closing(plan), /^PASS /);
    });

    it("a plan with one mandatory policy verdict and no static-stability finding must fail", async () => {
        const w = resilientWorld();
        w.db.inputs.publiclyAccessible = true;
        const plan = await planOf(w.all());
        assert.equal(plan.summary.resilience.mandatory, 0, "the change must leave every failure scenario passing");
        assert.equal(plan.summary.mandatory, 1);
        assert.equal(plan.summary.result, "fail");
        assert.match(closing(plan), /^FAIL /);
    });

    it("a plan with one mandatory static-stability finding and every policy passing must fail", async () => {
        // One NAT gateway for both zones: losing its zone cuts the other zone's egress.
        const plan = await planOf(worldWithHttps().all());
        assert.equal(plan.summary.mandatory, 0, "every policy must pass");
        assert.equal(plan.summary.resilience.mandatory, 1, JSON.stringify(plan.resilience.findings));
        assert.equal(plan.summary.result, "fail");
        assert.match(closing(plan), /^FAIL /);
    });

    it("a plan with advisory policy verdicts only must pass", async () => {
        const w = resilientWorld();
        w.db.inputs.deletionProtection = false;
        w.alb.inputs.enableDeletionProtection = false;
        const plan = await planOf(w.all());
        assert.equal(plan.summary.advisory, 2);
        assert.equal(plan.summary.mandatory + plan.summary.resilience.mandatory, 0);
        assert.equal(plan.summary.result, "pass");
        assert.match(closing(plan), /^PASS /);
    });
});
