/**
 * Deny by default reaches remote components: what their plugin creates is invisible offline, so the plan
 * refuses each one until the team accepts it by name.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT, runPlan } from "../../../tools/plan";
import { remoteComponentVerdicts } from "../../../tools/plan/remote";
import type { RecordedResource } from "../../../tools/engine/recorded";

const REMOTE = { program: "test/fixtures/engine/remote-component.ts", config: "test/fixtures/engine/one-region.yaml" };

describe("remote components in the offline plan", function () {
    this.timeout(30_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "remote-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("a program whose only resource is a remote component fails the plan, naming it and the ways out", async () => {
        const outcome = await runPlan(REMOTE);
        assert.equal(outcome.exitCode, EXIT.mandatory);
        const verdicts = outcome.result?.violations.map((v) => `${v.policy} ${v.level} ${v.urn.split("::").pop()}`);
        assert.deepEqual(verdicts, ["remote-components-judged mandatory remote-eks"]);
        assert.match(outcome.text, /eks:index:Cluster is a remote component: its plugin creates its resources.*pulumi preview --policy-pack policy.*allowedTypes: \["eks:index:Cluster::remote-eks"\]/);
    });

    it("a remote component created inside apply, which only the second evaluation reaches, is refused too", async () => {
        const outcome = await runPlan({ ...REMOTE, program: "test/fixtures/engine/remote-inside-apply.ts" });
        assert.equal(outcome.exitCode, EXIT.mandatory);
        assert.deepEqual(outcome.result?.violations.map((v) => `${v.policy} ${v.urn.split("::").pop()}`), ["remote-components-judged late-vpc"]);
    });

    it("reviewed-types-only's allowedTypes accepts a remote component by name, type or glob, as it accepts an unreviewed type", async () => {
        const config = path.join(tmp, "accept.json");
        fs.writeFileSync(config, JSON.stringify({ "reviewed-types-only": { allowedTypes: ["eks:index:Cluster::remote-eks"] } }));
        assert.equal((await runPlan({ ...REMOTE, policyPackConfig: config })).exitCode, EXIT.clean);
        const remote = { urn: "urn:pulumi:s::p::eks:index:Cluster::c", type: "eks:index:Cluster", name: "c", custom: false, remote: true } as RecordedResource;
        const local = { ...remote, remote: undefined };
        const judged = (allowedTypes: unknown) => remoteComponentVerdicts([remote, local], { "reviewed-types-only": { allowedTypes } }).length;
        assert.deepEqual([judged(["eks:index:Cluster"]), judged(["eks:*"]), judged(["eks:index:Cluster::other"]), judged(["awsx:*"]), judged("eks:*"), judged(undefined)],
            [0, 0, 1, 1, 1, 1]);
        assert.equal(remoteComponentVerdicts([remote], undefined).length, 1);
    });
});
