import * as assert from "node:assert/strict";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { analyze, policyServerInternals } from "../../tools/plan/analyze";
import { policies } from "../../policy/policies";
import { fired } from "./helpers";
import { rec, U, worldWithHttps } from "./factories";

describe("policy pack: config and enforcement levels", () => {
    it("a port added to allowedPublicPorts may be opened to the world on the ALB group", async () => {
        const w = worldWithHttps();
        const extra = rec("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "euw1-alb-in-8443",
            { securityGroupId: U, ipProtocol: "tcp", fromPort: 8443, toPort: 8443, cidrIpv4: "0.0.0.0/0" },
            { securityGroupId: [w.albSg] });
        assert.deepEqual(await fired([...w.all(), extra]), ["public-ingress-only-on-lb-ports"]);
        assert.deepEqual(await fired([...w.all(), extra],
            { "public-ingress-only-on-lb-ports": { allowedPublicPorts: [80, 443, 8443] } }), []);
    });

    it("removing 80 from allowedPublicPorts makes the HTTP ingress a violation", async () => {
        assert.deepEqual(await fired(worldWithHttps().all(), { "public-ingress-only-on-lb-ports": { allowedPublicPorts: [443] } }),
            ["public-ingress-only-on-lb-ports"]);
    });

    it("minimumDays of the backup rule changes the verdict on a 7-day retention", async () => {
        assert.deepEqual(await fired(worldWithHttps().all(), { "rds-backup-retention": { minimumDays: 14 } }), ["rds-backup-retention"]);
        assert.deepEqual(await fired(worldWithHttps().all(), { "rds-backup-retention": { minimumDays: 7 } }), []);
    });

    it("deletion protection is only demanded when required is true", async () => {
        const w = worldWithHttps();
        w.alb.inputs.enableDeletionProtection = false;
        w.db.inputs.deletionProtection = false;
        assert.deepEqual(await fired(w.all()), ["alb-deletion-protection", "rds-deletion-protection"]);
        assert.deepEqual(await fired(w.all(), { "alb-deletion-protection": { required: false },
            "rds-deletion-protection": { required: false } }), []);
    });

    it("the config file can raise an advisory rule to mandatory and disable a mandatory one", async () => {
        const w = worldWithHttps();
        w.db.inputs.multiAz = false;
        w.fn.inputs.runtime = "nodejs16.x";
        const v = await analyze(w.all(), { config: { "rds-primary-multi-az": "mandatory",
            "lambda-runtime-supported": { enforcementLevel: "disabled" } } });
        assert.deepEqual(v.map(x => [x.policy, x.level]), [["rds-primary-multi-az", "mandatory"]]);
    });

    it("an `all` level applies to every rule, like --policy-pack-config does", async () => {
        const w = worldWithHttps();
        w.db.inputs.publiclyAccessible = true;
        const v = await analyze(w.all(), { config: { all: "advisory" } });
        assert.deepEqual(v.map(x => [x.policy, x.level]), [["rds-not-publicly-accessible", "advisory"]]);
    });

    it("an `all` level is configured on every policy and is never sent to the server as a policy itself", async () => {
        const srv = policyServerInternals();
        const configure = srv.configure;
        const sent = new Map<string, analyzerproto.EnforcementLevel>();
        srv.configure = (call, callback) => {
            call.request.getPolicyconfigMap().forEach((c, name) => sent.set(name, c.getEnforcementlevel()));
            return configure(call, callback);
        };
        try {
            await analyze(worldWithHttps().all(), { config: { all: "mandatory" } });
        } finally {
            srv.configure = configure;
        }
        assert.deepEqual([...sent.keys()].sort(), policies.map(p => p.name).sort());
        assert.deepEqual(new Set(sent.values()), new Set([analyzerproto.EnforcementLevel.MANDATORY]));
    });

    it("invalid config is refused before any rule runs, as the CLI refuses it", async () => {
        await assert.rejects(analyze(worldWithHttps().all(), { config: { "rds-backup-retention": { minimumDays: "seven" } } }),
            /rds-backup-retention: minimumDays: Invalid type/);
        await assert.rejects(analyze(worldWithHttps().all(), { config: { "rds-backup-retention": { minimumDays: 90 } } }),
            /less than or equal to 35/);
    });
});

describe("policy pack: unknown values during preview", () => {
    it("an IAM document not known until deploy is refused as cannot be judged, naming both ways out", async () => {
        const w = worldWithHttps();
        w.fnRole.inputs.inlinePolicies = [{ name: "x", policy: U }];
        const v = await analyze(w.all());
        assert.deepEqual(v.map((x) => [x.policy, x.level, x.urn]), [["iam-no-full-admin", "mandatory", w.fnRole.urn]]);
        assert.match(v[0]?.message ?? "", /cannot be judged: its policy document \(inlinePolicies\[0\]\.policy\) cannot be read: the document is not known until deploy.*declare it in this stack, or allow it with iam-no-full-admin's acceptUnresolved: \["[^"]+"\]/);
        assert.deepEqual(await analyze(w.all(), { config: { "iam-no-full-admin": { acceptUnresolved: [w.fnRole.name] } } }), []);
    });

    it("an unknown security group id that came from a group of this stack is that group", async () => {
        const w = worldWithHttps();
        w.alb.inputs.securityGroups = [U];
        assert.deepEqual(await fired(w.all()), []);
    });

    it("private subnets are proven through property dependencies when every subnet id is unknown", async () => {
        const w = worldWithHttps();
        assert.deepEqual(w.asg.inputs.vpcZoneIdentifiers, [U, U]);
        w.asg.propertyDependencies.vpcZoneIdentifiers = [w.publicA.urn, w.publicB.urn];
        assert.deepEqual(await fired(w.all()), ["app-instances-private-subnets-only"]);
    });

    it("a literal subnet id the stack does not manage cannot be shown private, nor placed in a zone", async () => {
        const w = worldWithHttps();
        w.asg.inputs.vpcZoneIdentifiers = ["subnet-0abc", "subnet-0def"];
        w.asg.propertyDependencies.vpcZoneIdentifiers = [];
        // Nor placed in zones: both ids may be subnets of one Availability Zone.
        assert.deepEqual(await fired(w.all()), ["app-instances-private-subnets-only", "asg-multi-az"]);
    });
});
