import { strict as assert } from "assert";
import * as aws from "@pulumi/aws";
import { EdgeProtection } from "../../src/region/edgeProtection";
import { ofType, promiseOf, settle, useMocks } from "../mocks";

describe("EdgeProtection (count mode with SQLi, under mocks)", () => {
    it("count mode must only count: managed groups overridden to count, the rate rule counting; SQLi added when asked", async () => {
        const recorder = useMocks();
        const provider = new aws.Provider("eu-west-1", { region: "eu-west-1" });
        const waf = new EdgeProtection("euw1-waf", {
            loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1",
            healthPath: "/healthz", mode: "count", rateLimit: 500, rateWindowSeconds: 60, sqli: true, logRetentionDays: 30,
            metricName: "ha-web-tier-test-euw1",
        }, { provider });
        await promiseOf(waf.webAclArn);
        await settle();
        const [acl] = ofType(recorder.resources, "aws:wafv2/webAcl:WebAcl");
        const managed = acl.inputs.rules.filter((r: any) => r.statement.managedRuleGroupStatement);
        assert.deepEqual(managed.map((r: any) => r.statement.managedRuleGroupStatement.name).at(-1), "AWSManagedRulesSQLiRuleSet");
        assert.ok(managed.every((r: any) => "count" in r.overrideAction && r.action === undefined));
        const rate = acl.inputs.rules.find((r: any) => r.statement.rateBasedStatement);
        assert.deepEqual(rate.action, { count: {} });
        assert.deepEqual([rate.statement.rateBasedStatement.limit, rate.statement.rateBasedStatement.evaluationWindowSec], [500, 60]);
        assert.equal(rate.statement.rateBasedStatement.scopeDownStatement.notStatement.statement.byteMatchStatement.searchString, "/healthz");
        assert.equal(acl.inputs.visibilityConfig.metricName, "ha-web-tier-test-euw1");
        assert.ok(acl.inputs.rules.every((r: any) => /^[A-Za-z0-9_-]{1,128}$/.test(r.visibilityConfig.metricName)), "WAF metric names allow letters, digits, - and _ only");
        assert.equal(ofType(recorder.resources, "aws:cloudwatch/logGroup:LogGroup")[0].inputs.retentionInDays, 30);
    });
});
