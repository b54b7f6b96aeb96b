import { strict as assert } from "assert";
import * as path from "path";
import { analyze } from "../../tools/plan/analyze";
import { runProgram } from "../../tools/engine";
import type { RecordedResource } from "../../tools/engine/recorded";

const PROGRAM = path.join(__dirname, "..", "fixtures", "database", "program.ts");
const RDS = "aws:rds/instance:Instance";

/** Evaluates the data-tier fixture under the offline engine (preview mode, resource options recorded). */
async function plan(regions: string[], primaryRegion?: string): Promise<RecordedResource[]> {
    const config: Record<string, string> = { "ha-web-tier:regions": JSON.stringify(regions) };
    if (primaryRegion) {
        config["ha-web-tier:primaryRegion"] = primaryRegion;
    }
    return (await runProgram({ program: PROGRAM, project: "ha-web-tier", stack: "flip", config })).resources;
}

const instance = (resources: RecordedResource[], region: string) => resources.find((r) => r.type === RDS && r.name === `${region}-db-instance`)!;

describe("Database resource options and the primary-region flip (offline engine)", () => {
    const regions = ["us-west-2", "us-east-1"];
    let before_: RecordedResource[];
    let after: RecordedResource[];
    before(async () => {
        before_ = await plan(regions);
        after = await plan(regions, "us-east-1");
    });

    it("every database instance and the credentials secret must be protected, and the stored password never regenerated", () => {
        const protectedTypes = before_.filter((r) => r.type === RDS || r.type === "aws:secretsmanager/secret:Secret");
        assert.equal(protectedTypes.length, 3);
        for (const r of protectedTypes) {
            assert.equal(r.options.protect, true, `${r.name} is not protected`);
        }
        const version = before_.find((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion")!;
        assert.deepEqual(version.options.ignoreChanges, ["secretString"]);
    });

    it("the final snapshot's name must be kept from the instance's first plan, so a later run cannot rename it", () => {
        for (const region of regions) {
            assert.deepEqual(instance(before_, region).options.ignoreChanges, ["finalSnapshotIdentifier"]);
        }
        assert.match(String(instance(before_, "us-west-2").inputs.finalSnapshotIdentifier), /-us-west-2-db-final-\d{14}$/);
    });

    it("flipping database.primaryRegion must keep every URN, so the promoted replica is updated in place, never replaced", () => {
        const urns = (rs: RecordedResource[]) => rs.map((r) => r.urn).sort();
        assert.deepEqual(urns(after), urns(before_));
        const promoted = instance(after, "us-east-1");
        assert.equal(instance(before_, "us-east-1").inputs.replicateSourceDb !== undefined, true);
        assert.equal(promoted.inputs.replicateSourceDb, undefined);
        assert.equal(promoted.inputs.username, "dbadmin");
        assert.equal(promoted.inputs.multiAz, true);
        assert.equal(promoted.inputs.skipFinalSnapshot, false);
        assert.ok(promoted.options.protect);
    });

    it("after the flip the old primary region must be declared as a replica of the new primary", () => {
        const old = instance(after, "us-west-2");
        assert.notEqual(old.inputs.replicateSourceDb, undefined);
        assert.deepEqual(old.propertyDependencies.replicateSourceDb, [instance(after, "us-east-1").urn]);
        assert.equal(old.inputs.username, undefined);
        assert.equal(old.inputs.skipFinalSnapshot, true);
        // The credentials stay in the first region: their home never follows the writer.
        const secret = after.find((r) => r.type === "aws:secretsmanager/secret:Secret")!;
        assert.match(secret.urn, /us-west-2-db-credentials/);
    });

    it("the policy pack must pass on the data tier in both roles", async () => {
        for (const resources of [before_, after]) {
            const violations = await analyze(resources, { stack: "flip", project: "ha-web-tier" });
            const mine = violations.filter((v) => /-db(-|$)/.test(v.urn) || v.urn === "");
            assert.deepEqual(mine.map((v) => `${v.policy}: ${v.message}`), []);
        }
    });
});
