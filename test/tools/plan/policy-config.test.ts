/**
 * `npm run plan -- --policy-pack-config <file>`: the file `pulumi preview --policy-pack-config` takes,
 * parsed and refused as the CLI parses and refuses it, and applied to the verdicts.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT, runPlan } from "../../../tools/plan";
import type { Policies } from "@pulumi/policy";
import { checkPolicyPackConfig, loadPolicyPackConfig, PolicyPackConfigError } from "../../../tools/plan/policy-config";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
const file = (name: string, text: string): string => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, text);
    return p;
};
// A small program whose public instance breaks ten mandatory rules.
const SMALL = { program: "test/fixtures/plan/small.ts", config: "test/fixtures/plan/small.yaml" };

describe("--policy-pack-config", function () {
    this.timeout(30_000);
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("reads levels and settings the way the CLI does: a string is a level, an object holds settings, empty entries drop out", () => {
        const f = file("ok.json", JSON.stringify({
            all: "mandatory",
            "rds-primary-multi-az": "advisory",
            "rds-backup-retention": { minimumDays: 14, enforcementLevel: "disabled" },
            "alb-deletion-protection": {},
        }));
        assert.deepEqual(loadPolicyPackConfig(f), {
            all: "mandatory",
            "rds-primary-multi-az": "advisory",
            "rds-backup-retention": { enforcementLevel: "disabled", minimumDays: 14 },
        });
        assert.deepEqual(loadPolicyPackConfig(file("empty.json", " \n")), {});
    });

    it("refuses a file that is not a policy pack config, listing every problem", () => {
        assert.throws(() => loadPolicyPackConfig(file("bad.json", '{"all": "strict", "x": 3, "y": {"enforcementLevel": 1}}')), (err: unknown) => {
            assert.ok(err instanceof PolicyPackConfigError);
            assert.deepEqual(err.problems, [
                'all: "strict" is not an enforcement level; use one of advisory, mandatory, remediate, disabled',
                "x: 3 is not a valid value; use an enforcement level or an object of the policy's settings",
                "y: enforcementLevel 1 is not an enforcement level; use one of advisory, mandatory, remediate, disabled",
            ]);
            return true;
        });
        assert.throws(() => loadPolicyPackConfig(file("list.json", "[]")), /must be a JSON object keyed by policy name/);
        assert.throws(() => loadPolicyPackConfig(file("syntax.json", "{all: 1}")), /not valid JSON/);
    });

    it("a bad level does not hide a settings error beside it: both are listed, sorted by policy", () => {
        const f = file("mixed.json", JSON.stringify({
            "rds-backup-retention": { enforcementLevel: "strict", minimumDays: 90 },
            "alb-deletion-protection": "loud",
            "iam-no-write-on-any-resource": { allowedActions: "s3:PutObject" },
        }));
        assert.throws(() => loadPolicyPackConfig(f), (err: unknown) => {
            assert.ok(err instanceof PolicyPackConfigError);
            assert.deepEqual(err.problems, [
                'alb-deletion-protection: "loud" is not an enforcement level; use one of advisory, mandatory, remediate, disabled',
                "iam-no-write-on-any-resource: allowedActions: Invalid type. Expected: array, given: string",
                'rds-backup-retention: enforcementLevel "strict" is not an enforcement level; use one of advisory, mandatory, remediate, disabled',
                "rds-backup-retention: minimumDays: Must be less than or equal to 35",
            ]);
            return true;
        });
        assert.throws(() => loadPolicyPackConfig(file("syntax.json", "{all: 1}")), /not valid JSON/);
        assert.throws(() => loadPolicyPackConfig(path.join(tmp, "missing.json")), /cannot read the file/);
    });

    it("levels from the file change the verdicts: `all` advisory passes the plan, a disabled rule disappears", async () => {
        // One after another: in-process runs own the process's error listeners while they evaluate.
        const asDefault = await runPlan(SMALL);
        const allAdvisory = await runPlan({ ...SMALL, policyPackConfig: file("advisory.json", '{"all": "advisory"}') });
        const oneDisabled = await runPlan({ ...SMALL, policyPackConfig: file("disabled.json", '{"instance-no-public-ip": "disabled"}') });
        assert.equal(asDefault.exitCode, EXIT.mandatory);
        const mandatory = asDefault.result?.summary.mandatory ?? 0;
        assert.ok(mandatory > 1);
        assert.equal(allAdvisory.exitCode, EXIT.clean, allAdvisory.text);
        assert.equal(allAdvisory.result?.summary.advisory, (asDefault.result?.summary.advisory ?? 0) + mandatory);
        assert.equal(oneDisabled.exitCode, EXIT.mandatory);
        const publicIp = asDefault.result?.violations.filter((v) => v.policy === "instance-no-public-ip").length ?? 0;
        assert.ok(publicIp > 0);
        assert.equal(oneDisabled.result?.summary.mandatory, mandatory - publicIp);
        assert.ok(!oneDisabled.result?.violations.some((v) => v.policy === "instance-no-public-ip"));
    });

    it("a value the policy's schema refuses is a usage error (exit 64) before anything is evaluated", async () => {
        const outcome = await runPlan({ ...SMALL, policyPackConfig: file("schema.json", '{"rds-backup-retention": {"minimumDays": 90}}') });
        assert.equal(outcome.exitCode, EXIT.usage);
        assert.match(outcome.text, /^error: .*schema\.json is not a valid policy pack config:\n {2}rds-backup-retention: minimumDays: Must be less than or equal to 35$/);
        assert.equal(outcome.result, undefined);
    });

    it("values are checked against every JSON-schema keyword a policy uses, and a keyword the gate cannot check fails closed", () => {
        const policy = (properties: Record<string, object>, required?: string[]): Policies => [{
            name: "p", description: "Checks whether the schema is honoured", enforcementLevel: "advisory",
            configSchema: { properties: properties, required }, validateResource: () => undefined,
        }];
        const schema = policy({
            mode: { type: "string", enum: ["strict", "lax"] },
            prefix: { type: "string", pattern: "^[a-z]+$", maxLength: 5 },
            ports: { type: "array", minItems: 1, items: { type: "integer", maximum: 65535 } },
        }, ["mode"]);
        assert.deepEqual(checkPolicyPackConfig({ p: { prefix: "ABCDEFG", ports: [] } }, schema).errors, [
            "p: mode is required",
            "p: prefix: String length must be less than or equal to 5",
            "p: prefix: Does not match pattern '^[a-z]+$'",
            "p: ports: Array must have at least 1 items",
        ]);
        assert.deepEqual(checkPolicyPackConfig({ p: { mode: "loose", ports: [70000] } }, schema).errors, [
            'p: mode: must be one of the following: "strict", "lax"',
            "p: ports.0: Must be less than or equal to 65535",
        ]);
        assert.deepEqual(checkPolicyPackConfig({ p: { mode: "lax", prefix: "web", ports: [443] } }, schema).errors, []);
        assert.throws(() => checkPolicyPackConfig({ p: { n: 3 } }, policy({ n: { type: "integer", multipleOf: 2 } })),
            /p: n: the policy's configSchema uses "multipleOf", which the offline gate does not check/);
    });

    it("a policy name the pack does not have is reported as a warning, not silently ignored", async () => {
        const outcome = await runPlan({ ...SMALL, policyPackConfig: file("typo.json", '{"instance-no-public-ips": "disabled"}') });
        assert.ok(outcome.result?.diagnostics.some((d) => d.severity === "warning"
            && /"instance-no-public-ips" is not a policy of the pack; it is ignored/.test(d.message)), outcome.text);
    });
});
