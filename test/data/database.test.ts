import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { DataTier, type DataTierArgs } from "../../src/data/dataTier";
import { HaWebTier } from "../../src/region/haWebTier";
import { namespaceValues, parseConfig } from "../../stack/config";
import { byId, ofType, policyDocument, promiseOf, providerRegion, publicSubnetIds, readStackConfig, type Recorded, ROOT, runProgram, settle, useMocks } from "../mocks";

const RDS = "aws:rds/instance:Instance";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
type Db = DataTierArgs["database"];
const DB: Db = {
    engine: "postgres", instanceClass: "db.t4g.medium", allocatedStorageGb: 20, maxAllocatedStorageGb: 100,
    backupRetentionDays: 7, maintenanceWindow: "sun:05:00-sun:06:00",
};

/** The edge the data tier does not care about: the config's defaults, without WAF or autoshift. */
const DEFAULTS = parseConfig({ regions: [{ name: "us-east-1", vpcCidr: "10.10.0.0/16" }, { name: "us-west-2", vpcCidr: "10.20.0.0/16" }], mode: "active-active" });
const EDGE = { ...DEFAULTS.alb, zonalAutoshift: false, alarms: DEFAULTS.alarms, metricPrefix: "ha-web-tier-dbtest" };

/** Builds real web tiers (network, app SG, role) per region under the mocks, then the data tier over them. */
async function build(regions: string[], database: Db, stack = "dbtest"): Promise<{ resources: Recorded[]; tier: DataTier }> {
    const recorder = useMocks(stack);
    const tiers = regions.map((name) => {
        const provider = new aws.Provider(name, { region: name as aws.Region });
        const tier = new HaWebTier(name, {
            region: name, network: { vpcCidr: `10.${regions.indexOf(name) + 1}0.0.0/16`, azCount: 2, natStrategy: "single" },
            app: {
                image: `123456789012.dkr.ecr.${name}.amazonaws.com/web:1`, imagePull: [], demoSite: false,
                port: 8080, healthPath: "/health", healthText: "ok", environment: {}, bootGraceSeconds: 300,
            },
            instanceType: "t3.small", capacity: { min: 1, max: 2, desired: 1 }, scaling: { cpuTarget: 50 }, deletionProtection: true, logRetentionDays: 90,
            edge: EDGE,
        }, { provider });
        return { name, provider, tier };
    });
    const tier = new DataTier("data", {
        project: "ha-web-tier", stack, database, deletionProtection: true,
        regions: tiers.map(({ name, tier: t }) => ({
            name, vpcId: t.vpcId, privateSubnetIds: t.privateSubnetIds,
            appSecurityGroupId: t.appSecurityGroupId, instanceRoleName: t.instanceRoleName,
        })),
    }, { providers: Object.fromEntries(tiers.map(({ name, provider }) => [name, provider])) });
    for (const r of Object.values(tier.replicas)) {
        await promiseOf(pulumi.all([r.identifier, r.arn]));
    }
    await settle();
    return { resources: recorder.resources, tier };
}

/** Mocks hand secret inputs over wrapped (`{ <sig>: <secret sig>, value }`); tests read the value. */
const plain = (v: unknown): any => (v && typeof v === "object" && "value" in v ? v.value : v);
const byName = (resources: Recorded[], name: string) => resources.find((r) => r.name === name)!;
const regionOf = providerRegion;

describe("Database (postgres, primary us-east-1 and a replica in us-west-2, under mocks)", () => {
    const regions = ["us-east-1", "us-west-2"];
    let resources: Recorded[];
    let tier: DataTier;
    before(async () => {
        ({ resources, tier } = await build(regions, DB));
    });

    it("DB subnet groups must hold only private subnets of their own region, in at least 2 AZs", () => {
        const ids = byId(resources);
        const pub = publicSubnetIds(resources);
        const groups = ofType(resources, "aws:rds/subnetGroup:SubnetGroup");
        assert.equal(groups.length, 2);
        for (const g of groups) {
            const subnets = g.inputs.subnetIds.map((id: string) => ids.get(id));
            assert.ok(subnets.every((s: Recorded | undefined) => s?.type === "aws:ec2/subnet:Subnet"), `${g.name} names unknown subnets`);
            assert.ok(g.inputs.subnetIds.every((id: string) => !pub.has(id)), `${g.name} includes a public subnet`);
            assert.ok(subnets.every((s: Recorded) => s.inputs.mapPublicIpOnLaunch === false && regionOf(resources, s) === regionOf(resources, g)));
            assert.ok(new Set(subnets.map((s: Recorded) => s.inputs.availabilityZone)).size >= 2);
        }
        const instances = ofType(resources, RDS);
        assert.deepEqual(instances.map((i) => i.inputs.dbSubnetGroupName).sort(), groups.map((g) => g.inputs.name ?? g.name).sort());
    });

    it("database ingress must only come from the app security group, by id, on 5432", () => {
        for (const region of regions) {
            const dbSg = byName(resources, `${region}-db-sg`);
            const rules = ofType(resources, SG_INGRESS).filter((r) => r.inputs.securityGroupId === dbSg.id);
            assert.equal(rules.length, 1);
            assert.equal(rules[0].inputs.referencedSecurityGroupId, byName(resources, `${region}-app-sg`).id);
            assert.deepEqual([rules[0].inputs.ipProtocol, rules[0].inputs.fromPort, rules[0].inputs.toPort], ["tcp", 5432, 5432]);
            assert.equal(rules[0].inputs.cidrIpv4, undefined);
            assert.deepEqual([dbSg.inputs.ingress ?? [], dbSg.inputs.egress ?? []], [[], []]);
            const db = byName(resources, `${region}-db-instance`);
            assert.deepEqual(db.inputs.vpcSecurityGroupIds, [dbSg.id]);
            assert.equal(db.inputs.publiclyAccessible, false);
            assert.equal(db.inputs.port, 5432);
        }
    });

    it("the app instances must be able to reach the database: egress from the app group to the database group only, on 5432", () => {
        for (const region of regions) {
            const appSg = byName(resources, `${region}-app-sg`);
            const egress = ofType(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")
                .filter((r) => r.inputs.securityGroupId === appSg.id && r.inputs.fromPort === 5432);
            assert.equal(egress.length, 1, `${region}: no egress from the app to the database`);
            assert.equal(egress[0].inputs.referencedSecurityGroupId, byName(resources, `${region}-db-sg`).id);
            assert.equal(egress[0].inputs.toPort, 5432);
        }
    });

    it("both instances must encrypt storage with a rotated customer key created in their own region", () => {
        for (const region of regions) {
            const db = byName(resources, `${region}-db-instance`);
            const key = byName(resources, `${region}-db-key`);
            assert.equal(db.inputs.storageEncrypted, true);
            assert.equal(db.inputs.kmsKeyId, `arn:aws:mock:${region}:123456789012:Key/${region}-db-key`);
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(regionOf(resources, key), region);
            assert.equal(regionOf(resources, db), region);
            assert.equal(db.inputs.storageType, "gp3");
            assert.equal(db.inputs.performanceInsightsKmsKeyId, db.inputs.kmsKeyId);
        }
    });

    it("the primary must be Multi-AZ with deletion protection, >= 7 days of backups and a final snapshot", () => {
        const db = byName(resources, "us-east-1-db-instance");
        assert.equal(db.inputs.replicateSourceDb, undefined);
        assert.equal(db.inputs.multiAz, true);
        assert.equal(db.inputs.deletionProtection, true);
        assert.ok(db.inputs.backupRetentionPeriod >= 7);
        assert.equal(db.inputs.skipFinalSnapshot, false);
        assert.match(db.inputs.finalSnapshotIdentifier, /^ha-web-tier-dbtest-us-east-1-db-final-\d{14}$/);
        assert.deepEqual([db.inputs.maxAllocatedStorage, db.inputs.allocatedStorage], [100, 20]);
        assert.deepEqual([db.inputs.engine, db.inputs.engineVersion], ["postgres", "17"]);
        assert.deepEqual(db.inputs.enabledCloudwatchLogsExports, ["postgresql", "upgrade"]);
        assert.equal(db.inputs.performanceInsightsEnabled, true);
        assert.deepEqual([db.inputs.copyTagsToSnapshot, db.inputs.autoMinorVersionUpgrade], [true, true]);
        assert.equal(db.inputs.maintenanceWindow, "sun:05:00-sun:06:00");
    });

    it("the replica must replicate the primary's ARN, keep promotable backups and set nothing a cross-region replica may not", () => {
        const db = byName(resources, "us-west-2-db-instance");
        assert.equal(db.inputs.replicateSourceDb, "arn:aws:mock:us-east-1:123456789012:Instance/us-east-1-db-instance");
        assert.ok(db.inputs.backupRetentionPeriod >= 7);
        assert.equal(db.inputs.deletionProtection, true);
        for (const forbidden of ["username", "password", "dbName", "manageMasterUserPassword", "finalSnapshotIdentifier", "engineVersion"]) {
            assert.equal(db.inputs[forbidden], undefined, `replica sets ${forbidden}`);
        }
        assert.equal(db.inputs.skipFinalSnapshot, true);
    });

    it("the master password must live in a secret replicated to every other region and be what the primary uses", () => {
        const secret = ofType(resources, "aws:secretsmanager/secret:Secret");
        assert.equal(secret.length, 1);
        assert.equal(regionOf(resources, secret[0]), "us-east-1");
        assert.deepEqual(secret[0].inputs.replicas.map((r: { region: string }) => r.region), ["us-west-2"]);
        const version = ofType(resources, "aws:secretsmanager/secretVersion:SecretVersion")[0];
        const stored = JSON.parse(plain(version.inputs.secretString)) as { username: string; password: string };
        assert.match(stored.password, /^[A-Za-z0-9]{32}$/);
        const primary = byName(resources, "us-east-1-db-instance");
        assert.equal(plain(primary.inputs.password), stored.password);
        assert.equal(primary.inputs.username, stored.username);
        assert.equal(primary.inputs.manageMasterUserPassword, undefined);
    });

    it("app access must be scoped to the region's own parameters and secret replica, never *", () => {
        const policies = ofType(resources, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.includes("-db-"));
        assert.equal(policies.length, 2);
        for (const region of regions) {
            const policy = byName(resources, `${region}-db-app-access`);
            // The mock engine names a role after its resource; the policy must name the app instances' role.
            assert.equal(ofType(resources, "aws:iam/role:Role").filter((r) => r.name === `${region}-app`).length, 1);
            assert.equal(policy.inputs.role, `${region}-app`);
            const doc = policyDocument(policy.inputs.policy) as { Statement: { Action: string[]; Resource: string[] }[] };
            const resourcesOf = doc.Statement.flatMap((s) => s.Resource);
            assert.ok(resourcesOf.every((r) => !r.includes("*")), `${policy.name} grants a wildcard`);
            assert.ok(doc.Statement.flatMap((s) => s.Action).every((a) => /^(ssm:GetParameters?|secretsmanager:(GetSecretValue|DescribeSecret))$/.test(a)));
            const params = ofType(resources, "aws:ssm/parameter:Parameter").filter((p) => regionOf(resources, p) === region);
            assert.deepEqual(doc.Statement[0].Resource.sort(), params.map((p) => `arn:aws:mock:${region}:123456789012:Parameter/${p.name}`).sort());
            assert.deepEqual(doc.Statement[1].Resource, [`arn:aws:mock:${region}:123456789012:Secret/us-east-1-db-credentials-secret`]);
        }
    });

    it("every region must publish its endpoint, the writer endpoint, the port and the secret ARN under the stack's path", () => {
        for (const region of regions) {
            const params = ofType(resources, "aws:ssm/parameter:Parameter").filter((p) => regionOf(resources, p) === region);
            const values = Object.fromEntries(params.map((p) => [p.inputs.name, plain(p.inputs.value)]));
            assert.deepEqual(Object.keys(values).sort(), ["endpoint", "port", "secret-arn", "writer-endpoint"].map((k) => `/ha-web-tier/dbtest/database/${k}`));
            assert.equal(values["/ha-web-tier/dbtest/database/port"], "5432");
            assert.equal(values["/ha-web-tier/dbtest/database/secret-arn"], `arn:aws:mock:${region}:123456789012:Secret/us-east-1-db-credentials-secret`);
        }
    });

    it("the failover wiring must get the replica's identifier and ARN per replica region", async () => {
        assert.deepEqual(Object.keys(tier.replicas), ["us-west-2"]);
        assert.equal(await promiseOf(tier.replicas["us-west-2"].arn), "arn:aws:mock:us-west-2:123456789012:Instance/us-west-2-db-instance");
        // RDS assigns the identifier (none is set, so a flip cannot collide); the mock engine echoes the name.
        assert.equal(byName(resources, "us-west-2-db-instance").inputs.identifier, undefined);
        assert.equal(await promiseOf(tier.replicas["us-west-2"].identifier), "us-west-2-db-instance");
        assert.equal(tier.primaryRegion, "us-east-1");
    });
});

describe("Database (mysql, active-active over three regions, under mocks)", () => {
    let resources: Recorded[];
    before(async () => {
        ({ resources } = await build(["us-west-2", "us-east-2", "eu-west-1"], { ...DB, engine: "mysql", instanceClass: "db.t4g.small", primaryRegion: "us-east-2" }));
    });

    it("every non-primary region must get a replica of the configured primary, reachable on 3306 only", () => {
        const instances = ofType(resources, RDS);
        const source = "arn:aws:mock:us-east-2:123456789012:Instance/us-east-2-db-instance";
        assert.deepEqual(instances.map((i) => [i.name, i.inputs.replicateSourceDb]).sort(), [
            ["eu-west-1-db-instance", source], ["us-east-2-db-instance", undefined], ["us-west-2-db-instance", source],
        ]);
        for (const rule of ofType(resources, SG_INGRESS).filter((r) => r.name.endsWith("-db-from-app"))) {
            assert.deepEqual([rule.inputs.fromPort, rule.inputs.toPort], [3306, 3306]);
        }
        const secret = ofType(resources, "aws:secretsmanager/secret:Secret")[0];
        assert.deepEqual(secret.inputs.replicas.map((r: { region: string }) => r.region), ["us-east-2", "eu-west-1"]);
    });

    it("Performance Insights must be off on a class that cannot run it, and MySQL must export error and slow-query logs", () => {
        for (const db of ofType(resources, RDS)) {
            assert.equal(db.inputs.performanceInsightsEnabled, false);
            assert.deepEqual(db.inputs.enabledCloudwatchLogsExports, ["error", "slowquery"]);
        }
    });
});

describe("Database config in the shipped stacks", () => {
    it("the warm-standby example must turn the database on with the defaults (postgres, no auto-promotion)", () => {
        const cfg = parseConfig(namespaceValues(readStackConfig(path.join(ROOT, "examples/warm-standby.yaml"))));
        assert.deepEqual([cfg.database.enabled, cfg.database.engine, cfg.database.autoPromote], [true, "postgres", false]);
        assert.equal(cfg.database.primaryRegion ?? cfg.regions[0].name, "us-east-1");
    });

    it("a stack with database.enabled false must create no RDS, secret or database parameter resource at all", async () => {
        const prod = readStackConfig(path.join(ROOT, "Pulumi.prod.yaml"));
        assert.ok(!prod["ha-web-tier:database"] || JSON.parse(prod["ha-web-tier:database"]).enabled !== true);
        const { resources } = await runProgram(prod, "prod");
        assert.ok(resources.length > 50, "the program registered too little to be meaningful");
        const data = resources.filter((r) => r.type.startsWith("aws:rds/") || r.type.startsWith("aws:secretsmanager/") || r.type === "ha-web-tier:index:Database"
            || (r.type === "aws:ssm/parameter:Parameter" && String(r.inputs.name).includes("/database/")));
        assert.deepEqual(data.map((r) => r.name), []);
    });
});
