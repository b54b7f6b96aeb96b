import * as assert from "node:assert/strict";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyze, packName, policyServerInternals } from "../../tools/plan/analyze";
import { CHECKED_PULUMI_VERSION, UNKNOWN } from "../../tools/engine/pulumi-internals";
import { unknown as packUnknown } from "../../policy/policies/util";
import { rec, U } from "./factories";

// These pins are why the gate's verdicts match the CLI's; an upgrade must re-verify the internals.
describe("policy gate: @pulumi/policy and @pulumi/pulumi internals", () => {
    it("the pinned versions are the ones the gate was verified against", () => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        assert.equal((require("@pulumi/policy/package.json") as { version: string }).version, "v1.21.0");
        assert.equal((require("@pulumi/pulumi/package.json") as { version: string }).version, CHECKED_PULUMI_VERSION);
        /* eslint-enable @typescript-eslint/no-require-imports */
    });

    it("the pack's unknown sentinel must be the engine's (the pack cannot import the engine's constant)", () => {
        assert.equal(packUnknown, UNKNOWN);
    });

    it("the gate must serve the pack under the name policy/index.ts gives it", () => {
        const source = fs.readFileSync(path.join(__dirname, "..", "..", "policy", "index.ts"), "utf8");
        assert.equal(/new PolicyPack\("([^"]+)"/.exec(source)?.[1], packName);
    });

    it("the server still exposes the analyze, analyzeStack, configure and configureStack handlers", () => {
        const s = policyServerInternals();
        for (const f of [s.makeAnalyzeRpcFun, s.makeAnalyzeStackRpcFun, s.configure, s.configureStack]) {
            assert.equal(typeof f, "function");
        }
        assert.equal(typeof analyzerproto.AnalyzeRequest.prototype.setOptions, "function");
        assert.equal(typeof analyzerproto.AnalyzerResource.prototype.getPropertydependenciesMap, "function");
    });

    it("a policy that touches an unknown value is reported as a can't-run advisory, like the real server", async () => {
        const touchy = { name: "touchy", description: "Checks whether the gate proxies unknowns",
            enforcementLevel: "mandatory" as const,
            validateResource: (args: { props: Record<string, unknown> }) => { void args.props.vpcId; } };
        const v = await analyze([rec("aws:ec2/subnet:Subnet", "s", { vpcId: U })], { policies: [touchy] });
        assert.equal(v.length, 1);
        assert.equal(v[0].level, "advisory");
        assert.match(v[0].message, /can't run policy 'touchy' .* during preview/);
    });

    it("custom timeouts reach policies in seconds, as the engine parses the program's Go durations", async () => {
        let seen: unknown;
        const peek = { name: "peek", description: "Checks whether timeouts arrive in seconds",
            validateResource: (args: { opts: { customTimeouts: unknown } }) => { seen = args.opts.customTimeouts; } };
        const r = rec("aws:rds/instance:Instance", "db", {}, {}, { options: { protect: false, ignoreChanges: [], aliases: [],
            customTimeouts: { create: "1h30m", update: "90s", delete: "500ms" } } });
        await analyze([r], { policies: [peek] });
        assert.deepEqual(seen, { createSeconds: 5400, updateSeconds: 90, deleteSeconds: 0.5 });
        const unset = rec("aws:rds/instance:Instance", "db2", {}, {}, { options: { protect: false, ignoreChanges: [], aliases: [],
            customTimeouts: { create: "40m" } } });
        await analyze([unset], { policies: [peek] });
        assert.deepEqual(seen, { createSeconds: 2400, updateSeconds: 0, deleteSeconds: 0 });
    });

    it("the rules read plain props through the proxy's special target key", async () => {
        let seen: unknown;
        const peek = { name: "peek", description: "Checks whether the proxy target is reachable",
            validateResource: (args: { props: Record<string, unknown> }) => { seen = args.props.__getSpecialProxyTarget; } };
        await analyze([rec("aws:ec2/subnet:Subnet", "s", { vpcId: U })], { policies: [peek] });
        assert.deepEqual(seen, { vpcId: U });
    });
});
