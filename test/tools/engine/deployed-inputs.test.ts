/**
 * The engine must show the pack what `pulumi up` deploys, not what the constructors were given:
 * transforms applied as the engine applies them, and resources a program creates inside apply.
 */
import * as assert from "node:assert/strict";
import { evaluateStack } from "../../../tools/engine";
import { UNKNOWN } from "../../../tools/engine/pulumi-internals";
import { analyze } from "../../../tools/plan/analyze";
import { buildPlanResult, renderText } from "../../../tools/plan/report";

const CONFIG = "test/fixtures/engine/one-region.yaml";

describe("what the engine deploys", function () {
    this.timeout(30_000);

    it("stack, inherited, per-resource and invoke transforms change what is recorded, and the pack judges the result", async () => {
        const run = await evaluateStack({ program: "test/fixtures/engine/transforms.ts", configFile: CONFIG });
        const byName = new Map(run.resources.map((r) => [r.name, r]));
        // registerResourceTransform: every later resource of the stack.
        assert.equal(byName.get("subnet")?.inputs.mapPublicIpOnLaunch, true);
        // The resource's own transforms.
        assert.equal(byName.get("web")?.inputs.associatePublicIpAddress, true);
        // A component's transforms reach its children, options included.
        assert.equal(byName.get("box-queue")?.inputs.sqsManagedSseEnabled, false);
        assert.equal(byName.get("box-queue")?.options.protect, true);
        // registerInvokeTransform: the engine ran it on the lookup.
        assert.deepEqual(run.outputs.invokesTransformed, ["aws:index/getAvailabilityZones:getAvailabilityZones"]);
        const fired = new Set((await analyze(run.resources)).filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.urn.split("::").pop()}`));
        for (const expected of ["subnet-no-auto-assign-public-ip subnet", "instance-no-public-ip web", "sqs-queue-encrypted box-queue"]) {
            assert.ok(fired.has(expected), `${expected} not reported: ${[...fired].join("; ")}`);
        }
    });

    it("resources created inside apply on outputs a preview does not know, and inputs that change outside a preview, are judged as deployed and named in the plan", async () => {
        const run = await evaluateStack({ program: "test/fixtures/engine/inside-apply.ts", configFile: CONFIG });
        const late = run.resources.filter((r) => r.onlyWhenOutputsKnown).map((r) => r.name).sort();
        assert.deepEqual(late, ["describe", "from-other-stack", "ssh-from-anywhere"]);
        // Another stack's output is invented too, so what is computed from it is unknown, not a guess.
        assert.equal(run.resources.find((r) => r.name === "from-other-stack")?.inputs.kmsMasterKeyId, UNKNOWN);
        const ssh = run.resources.find((r) => r.name === "ssh-from-anywhere");
        // The id was invented by the second evaluation: the pack sees it as a preview would, unknown.
        assert.equal(ssh?.inputs.securityGroupId, UNKNOWN);
        const policy = JSON.parse(String(run.resources.find((r) => r.name === "describe")?.inputs.policy)) as { Statement: { Resource: unknown }[] };
        assert.deepEqual(policy.Statement[0]?.Resource, [UNKNOWN, "*"]);
        const violations = await analyze(run.resources);
        const fired = new Set(violations.map((v) => `${v.policy} ${v.urn.split("::").pop()}`));
        assert.ok(fired.has("no-admin-port-ingress ssh-from-anywhere"), [...fired].join("; "));
        assert.ok(fired.has("iam-no-write-on-any-resource describe"), [...fired].join("; "));
        // Encrypted in the preview, not when deployed: the deployed inputs are the ones judged.
        const jobs = run.resources.find((r) => r.name === "jobs");
        assert.equal(jobs?.differsWhenDeployed, true);
        assert.equal(jobs?.inputs.sqsManagedSseEnabled, false);
        assert.ok(fired.has("sqs-queue-encrypted jobs"), [...fired].join("; "));
        const text = renderText(buildPlanResult({ stack: run.stack, project: run.project, configFile: CONFIG, program: "inside-apply.ts",
            resources: run.resources, violations, outputs: run.outputs, secrets: [], diagnostics: [] }));
        assert.match(text, /Created inside apply[^\n]*\n(.*\n)*.*aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule "ssh-from-anywhere"/);
        assert.match(text, /Inputs that differ when deployed \(1\)[^\n]*\n {2}aws:sqs\/queue:Queue "jobs"/);
    });
});
