import * as assert from "node:assert/strict";
import { analyze } from "../../tools/plan/analyze";
import { lambdaRuntimeDeprecations, supportedRuntimes } from "../../policy/policies/lambdaRuntimes";
import { runCases, type Case, type Compliant, type World } from "./helpers";
import { rec, U, worldWithHttps } from "./factories";

/** A listener rule on the tier's HTTP listener, in either module spelling. */
const httpRule = (w: World, actions: unknown[], type = "aws:lb/listenerRule:ListenerRule") => rec(type, "euw1-http-api",
    { listenerArn: U, priority: 10, actions, conditions: [{ pathPattern: { values: ["/api/*"] } }] },
    { listenerArn: [w.http] }, { provider: w.http.provider });

const cases: Case[] = [
    { requirement: "a listener rule that forwards on the HTTP listener next to HTTPS serves the app in plain text (aws:alb spelling)",
        policy: "alb-http-redirects-to-https",
        message: /listener rule euw1-http-api forwards on HTTP listener euw1-http although the load balancer has an HTTPS listener/,
        change: w => { const r = httpRule(w, [{ type: "forward", targetGroupArn: U }], "aws:alb/listenerRule:ListenerRule");
            return { at: r, extra: [r] }; } },
    { requirement: "weighted forwarding in a listener rule is forwarding too", policy: "alb-http-redirects-to-https",
        change: w => { const r = httpRule(w, [{ type: "forward", forward: { targetGroups: [{ arn: U, weight: 1 }] } }]);
            return { at: r, extra: [r] }; } },
    { requirement: "application load balancers must not use the monitor desync mode", policy: "alb-desync-mitigation",
        message: /euw1-alb: desyncMitigationMode must be "defensive" \(the default\) or "strictest", but it is "monitor"/,
        change: w => { w.alb.inputs.desyncMitigationMode = "monitor"; return { at: w.alb }; } },
    { requirement: "a load balancer in one Availability Zone is stopped", policy: "lb-multi-az",
        message: /euw1-alb: a load balancer must span at least two Availability Zones, but it spans 1/,
        change: w => { w.alb.inputs.subnets = [U]; w.alb.propertyDependencies.subnets = [w.publicA.urn]; return { at: w.alb }; } },
    { requirement: "two subnet mappings in the same zone are one zone", policy: "lb-multi-az",
        change: w => {
            delete w.alb.inputs.subnets;
            w.alb.inputs.subnetMappings = [{ subnetId: U }, { subnetId: U }];
            w.alb.propertyDependencies.subnetMappings = [w.publicA.urn, w.privateA.urn];
            return { at: w.alb };
        } },
    { requirement: "customer-managed symmetric KMS keys must rotate", policy: "kms-key-rotation",
        message: /alarm-key: enableKeyRotation must be true/,
        change: w => { delete w.key.inputs.enableKeyRotation; return { at: w.key }; } },
    { requirement: "a runtime the supported table does not know is not supported", policy: "lambda-runtime-supported",
        message: /failover-fn: runtime "nodejs99.x" is not a supported Lambda runtime; move to a supported one such as nodejs24.x/,
        change: w => { w.fn.inputs.runtime = "nodejs99.x"; return { at: w.fn }; } },
];

const compliant: Compliant[] = [
    { requirement: "a listener rule on the HTTP listener that redirects to HTTPS", change: w =>
        [httpRule(w, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }])] },
    { requirement: "the strictest desync mode", change: w => { w.alb.inputs.desyncMitigationMode = "strictest"; } },
    { requirement: "an asymmetric signing key, which KMS cannot rotate", change: w => {
        w.key.inputs = { keyUsage: "SIGN_VERIFY", customerMasterKeySpec: "ECC_NIST_P256" };
    } },
    { requirement: "the newest Node.js runtime", change: w => { w.fn.inputs.runtime = "nodejs24.x"; } },
    { requirement: "a container-image function has no runtime to judge", change: w => {
        delete w.fn.inputs.runtime;
        w.fn.inputs.packageType = "Image";
    } },
];

describe("policy pack: FSBP controls ELB.1, ELB.12, ELB.13, KMS.4, Lambda.2", () => {
    runCases(cases, compliant);

    it("supported runtimes are the sourced table minus those past their deprecation date", () => {
        assert.ok(supportedRuntimes("2026-11-25").includes("nodejs24.x"));
        assert.ok(supportedRuntimes("2026-11-25").includes("nodejs22.x"));
        assert.ok(!supportedRuntimes("2027-04-30").includes("nodejs22.x"), "nodejs22.x is deprecated on 2027-04-30");
        assert.ok(!Object.keys(lambdaRuntimeDeprecations).includes("nodejs20.x"));
        assert.deepEqual(supportedRuntimes("2030-01-01"), []);
    });

    it("supportedRuntimes in the pack config replaces the table", async () => {
        const w = worldWithHttps();
        w.fn.inputs.runtime = "nodejs26.x";
        const v = await analyze(w.all());
        assert.deepEqual(v.map(x => [x.policy, x.urn]), [["lambda-runtime-supported", w.fn.urn]]);
        assert.deepEqual(await analyze(w.all(), { config: { "lambda-runtime-supported": { supportedRuntimes: ["nodejs26.x"] } } }), []);
    });
});
