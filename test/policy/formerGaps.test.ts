/**
 * Two requirements of the named classes (a launch's own settings over its template; settings whose default
 * is insecure) that the pack once missed: a Spot Fleet override's subnet and an Aurora cluster's unset
 * encryption. Kept as their own file so the cases that found them stay visible.
 */
import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { rec, U, worldWithHttps } from "./factories";
import type { RecordedResource } from "../../tools/engine/recorded";

/** The mandatory verdicts the gate gives one resource. */
async function refusals(resources: RecordedResource[], urn: string): Promise<string[]> {
    return (await analyze(resources)).filter((v) => v.level === "mandatory" && v.urn === urn).map((v) => v.policy);
}

describe("policy: a fleet override's subnet and an Aurora cluster's unset encryption", () => {
    // A Spot Fleet's launch template overrides may set SubnetId (EC2 API reference, LaunchTemplateOverrides),
    // which wins over the template's own placement, as an instance's subnetId does.
    it("a Spot Fleet override of a declared template's subnet with a public one must be refused", async () => {
        const w = worldWithHttps();
        const f = rec("aws:ec2/spotFleetRequest:SpotFleetRequest", "euw1-spot-fleet", {
            iamFleetRole: U, targetCapacity: 1,
            launchTemplateConfigs: [{ launchTemplateSpecification: { id: U, version: "$Latest" }, overrides: [{ subnetId: U }] }],
        }, { launchTemplateConfigs: [w.lt, w.publicA] }, { provider: w.asg.provider });
        assert.notDeepEqual(await refusals([...w.all(), f], f.urn), [], "a fleet that launches the template's instances into a public subnet passed the gate");
    });

    // Aurora: "StorageEncrypted [...] default: false" for a provisioned cluster (RDS API reference, CreateDBCluster).
    // The writer of an Aurora cluster is a primary like an RDS instance, and the same omission leaves it unencrypted.
    it("an Aurora cluster (provisioned) with storageEncrypted unset is unencrypted and must be refused", async () => {
        const w = worldWithHttps();
        const cluster = rec("aws:rds/cluster:Cluster", "euw1-aurora", { engine: "aurora-postgresql", engineMode: "provisioned",
            dbSubnetGroupName: U, vpcSecurityGroupIds: [U], deletionProtection: true, backupRetentionPeriod: 7 },
        { dbSubnetGroupName: [w.dbSubnets], vpcSecurityGroupIds: [w.appSg] }, { provider: w.asg.provider });
        assert.notDeepEqual(await refusals([...w.all(), cluster], cluster.urn), [], "an Aurora cluster left unencrypted passed the gate");
    });
});
