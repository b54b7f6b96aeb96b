/**
 * No false positives: a gate that refuses what it does not understand must still understand a
 * compliant program written with the common types (VPC, subnets, ALB, Auto Scaling, RDS, an S3 log
 * bucket, KMS, Route 53, Lambda with an IAM-authenticated URL, SNS, DynamoDB).
 */
import * as assert from "node:assert/strict";
import { evaluateStack } from "../../tools/engine";
import { classOf } from "../../policy/policies/classification";
import { analyze } from "../../tools/plan/analyze";

describe("a compliant program of common types", function () {
    this.timeout(30_000);

    it("passes every policy, advisory ones included, and uses no type the pack refuses unreviewed", async () => {
        const run = await evaluateStack({ program: "test/fixtures/compliant/index.ts", configFile: "test/fixtures/compliant/stack.yaml" });
        const types = new Set(run.resources.filter((r) => r.custom).map((r) => r.type));
        for (const expected of ["aws:ec2/vpc:Vpc", "aws:lb/loadBalancer:LoadBalancer", "aws:autoscaling/group:Group", "aws:rds/instance:Instance",
            "aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:route53/record:Record", "aws:lambda/functionUrl:FunctionUrl", "aws:sns/topic:Topic",
            "aws:dynamodb/table:Table"]) {
            assert.ok(types.has(expected), `the fixture no longer declares ${expected}`);
        }
        assert.deepEqual([...types].filter((t) => classOf(t) === "unreviewed"), []);
        const violations = await analyze(run.resources);
        assert.deepEqual(violations.map((v) => `${v.level} ${v.policy} ${v.urn.split("::").pop()}: ${v.message}`), []);
    });
});
