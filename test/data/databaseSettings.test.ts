import { strict as assert } from "assert";
import {
    databaseParameterNames, defaultEngineVersion, enginePort, finalSnapshotName, generatePassword,
    logExports, secretArnInRegion, supportsPerformanceInsights,
} from "../../src/data/databaseSettings";
import { randomBytes } from "crypto";

describe("databaseSettings", () => {
    it("each engine must listen on its own port and export its own logs", () => {
        assert.deepEqual([enginePort("postgres"), enginePort("mysql")], [5432, 3306]);
        assert.deepEqual(logExports("postgres"), ["postgresql", "upgrade"]);
        assert.deepEqual(logExports("mysql"), ["error", "slowquery"]);
        assert.deepEqual([defaultEngineVersion("postgres"), defaultEngineVersion("mysql")], ["17", "8.4"]);
    });

    it("Performance Insights must be off only on classes RDS rejects it for", () => {
        for (const c of ["db.t2.medium", "db.t3.micro", "db.t3.small", "db.t4g.micro", "db.t4g.small"]) {
            assert.equal(supportsPerformanceInsights(c), false, c);
        }
        for (const c of ["db.t4g.medium", "db.t3.medium", "db.m7g.large", "db.r6g.xlarge"]) {
            assert.equal(supportsPerformanceInsights(c), true, c);
        }
    });

    it("parameter names must include the stack so stacks never read each other's database", () => {
        assert.deepEqual(databaseParameterNames("ha-web-tier", "prod"), {
            endpoint: "/ha-web-tier/prod/database/endpoint",
            writerEndpoint: "/ha-web-tier/prod/database/writer-endpoint",
            port: "/ha-web-tier/prod/database/port",
            secretArn: "/ha-web-tier/prod/database/secret-arn",
        });
        assert.notEqual(databaseParameterNames("p", "a").endpoint, databaseParameterNames("p", "b").endpoint);
    });

    it("a secret's replica ARN must differ only in the region", () => {
        const arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:db-master-AbCdEf";
        assert.equal(secretArnInRegion(arn, "us-east-1"), "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-master-AbCdEf");
        assert.throws(() => secretArnInRegion("db-master", "us-east-1"), /not an ARN/);
    });

    it("final snapshot names must satisfy RDS's identifier rules", () => {
        const at = new Date("2026-11-25T21:44:13.123Z");
        assert.equal(finalSnapshotName("ha-web-tier", "prod", "us-west-2-db", at), "ha-web-tier-prod-us-west-2-db-final-20261125214413");
        const odd = finalSnapshotName("9proj", "My_Stack..x", "eu-west-1-db", at);
        assert.match(odd, /^[a-z][a-z0-9-]*[a-z0-9]$/);
        assert.ok(!odd.includes("--"));
        const long = finalSnapshotName("ha-web-tier", "s".repeat(300), "eu-west-1-db", at);
        assert.ok(long.length <= 255 && long.endsWith("-20261125214413"), long);
    });

    it("a stack recreated after a destroy names a different final snapshot, so its second destroy cannot collide", () => {
        const first = finalSnapshotName("ha-web-tier", "prod", "us-west-2-db", new Date("2026-01-01T00:00:00Z"));
        const second = finalSnapshotName("ha-web-tier", "prod", "us-west-2-db", new Date("2026-03-01T09:30:00Z"));
        assert.notEqual(first, second);
    });

    it("generated passwords must be 32 letters and digits and differ between calls", () => {
        const a = generatePassword(randomBytes);
        assert.match(a, /^[A-Za-z0-9]{32}$/);
        assert.notEqual(a, generatePassword(randomBytes));
        // Bytes of 248 and above are rejected, so a source of only those never yields a character from them.
        let calls = 0;
        const skewed = (n: number) => Buffer.alloc(n, calls++ === 0 ? 250 : 1);
        assert.equal(generatePassword(skewed), "B".repeat(32));
    });
});
