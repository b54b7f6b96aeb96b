/**
 * Placeholders never deploy: the plan names each (text and JSON), the program warns of each in
 * `pulumi preview`, and the gate the deploy workflow runs before `pulumi up` refuses them.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { findPlaceholders, gate, placeholderReason } from "../../../tools/plan/placeholders";
import { placeholderWarnings } from "../../../stack/config/placeholders";
import { namespaceValues, parseConfig } from "../../../stack/config";
import { readStackConfig, ROOT } from "../../mocks";
import { stackPlan } from "../../stack/stackRuns";

const PLACEHOLDERS = ["Z0123456789EXAMPLE", "Z123EXAMPLE", "app.example.com", "example.org", "www.example.net.", "ops@example.com",
    "alerts@team.example.org", "https://app.example.com/health", "shop.test", "a.b.invalid", "web.localhost", "api.example"];
const REAL = ["Z1D633PJN98FT9", "app.acme.io", "ops@acme.io", "example.com.au", "myexample.com", "public.ecr.aws/nginx/nginx:1.30-alpine",
    "us-west-2", "10.10.0.0/16", "example", "https://acme.io/health", "Zebra EXAMPLE", "123456789012.dkr.ecr.us-west-2.amazonaws.com/web:1"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "placeholders-"));
const file = (name: string, text: string): string => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, text);
    return p;
};
const PROD = path.join(ROOT, "Pulumi.prod.yaml");
const PROD_PLACEHOLDERS = [
    "ha-web-tier:dns.hostedZoneId = Z0123456789EXAMPLE: the example hosted zone id; must change before deploy",
    "ha-web-tier:dns.recordName = app.example.com: a name under example.com (RFC 2606); must change before deploy",
    "ha-web-tier:failover.notificationEmail = ops@example.com: an address under example.com (RFC 2606); must change before deploy",
];

describe("placeholders never deploy", function () {
    this.timeout(60_000);
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("recognises the example zone id and RFC 2606 names and addresses, and nothing real", () => {
        assert.deepEqual(PLACEHOLDERS.filter((v) => !placeholderReason(v)), []);
        assert.deepEqual(REAL.filter((v) => placeholderReason(v)), []);
    });

    it("finds placeholders inside object values and lists, by key path, and never in secret values", () => {
        const config = {
            "ha-web-tier:dns": JSON.stringify({ hostedZoneId: "Z0123456789EXAMPLE", recordName: "app.acme.io" }),
            "ha-web-tier:failover": JSON.stringify({ notificationEmail: "ops@acme.io" }),
            "ha-web-tier:aliases": JSON.stringify(["www.acme.io", "old.example.net"]),
            "ha-web-tier:token": "ops@example.com",
        };
        assert.deepEqual(findPlaceholders(config, ["ha-web-tier:token"]).map((p) => p.key), ["ha-web-tier:aliases[1]", "ha-web-tier:dns.hostedZoneId"]);
    });

    it("the plan lists every placeholder of prod as must change before deploy, in its text, summary and JSON", async () => {
        const outcome = await stackPlan("Pulumi.prod.yaml");
        assert.ok(outcome.result);
        assert.deepEqual(outcome.result.placeholders.map((p) => p.key), ["ha-web-tier:dns.hostedZoneId", "ha-web-tier:dns.recordName", "ha-web-tier:failover.notificationEmail"]);
        assert.equal(outcome.result.summary.placeholders, 3);
        const lines = outcome.text.split("\n").map((l) => l.trim());
        for (const line of PROD_PLACEHOLDERS) {
            assert.ok(lines.includes(line), line);
        }
        assert.match(outcome.text.split("\n").pop() ?? "", /; 3 placeholder\(s\) must change before deploy;/);
        // pulumi preview warns of the same values, naming the key.
        assert.deepEqual(outcome.result.diagnostics.filter((d) => d.message.startsWith("placeholder: ")).map((d) => [d.severity, d.message]), [
            ["warning", "placeholder: ha-web-tier:dns.hostedZoneId is Z0123456789EXAMPLE, the example hosted zone id, a placeholder; it must change before deploy"],
            ["warning", "placeholder: ha-web-tier:dns.recordName is app.example.com, a name under example.com (RFC 2606), a placeholder; it must change before deploy"],
            ["warning", "placeholder: ha-web-tier:failover.notificationEmail is ops@example.com, an address under example.com (RFC 2606), a placeholder; it must change before deploy"],
        ]);
    });

    it("a stack with its own values has no placeholder and no warning", () => {
        const raw = namespaceValues(readStackConfig(PROD));
        raw.dns = { hostedZoneId: "Z1D633PJN98FT9", recordName: "www.acme.io" };
        raw.failover = { ...(raw.failover as object), notificationEmail: "oncall@acme.io" };
        assert.deepEqual(parseConfig(raw).placeholders, []);
        assert.deepEqual(placeholderWarnings({ app: { environment: { SITE: "https://shop.example.com" } } }),
            ["ha-web-tier:app.environment.SITE is https://shop.example.com, a name under example.com (RFC 2606), a placeholder; it must change before deploy"]);
    });

    it("the deploy gate refuses a stack file while any placeholder remains, and passes one without", () => {
        const lines: string[] = [];
        assert.equal(gate([PROD], (l) => lines.push(l)), 1);
        assert.deepEqual(lines, [`${PROD}: 3 placeholder(s) must change before deploy:`, ...PROD_PLACEHOLDERS.map((l) => `  ${l}`)]);
        const own = fs.readFileSync(PROD, "utf8").replace("Z0123456789EXAMPLE", "Z1D633PJN98FT9")
            .replace("app.example.com", "www.acme.io").replace("ops@example.com", "oncall@acme.io");
        const clean = file("Pulumi.clean.yaml", own);
        const out: string[] = [];
        assert.equal(gate([clean], (l) => out.push(l)), 0);
        assert.deepEqual(out, [`${clean}: no placeholders`]);
        assert.equal(gate([file("Pulumi.broken.yaml", "config: [\n")], () => undefined), 2);
        assert.equal(gate([], () => undefined), 64);
    });

    it("the gate runs as the deploy workflow runs it, and its exit code is what stops the job", async () => {
        const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
            execFile(process.execPath, ["tools/run-ts.js", "tools/plan/placeholders.ts", "Pulumi.prod.yaml"], { cwd: ROOT },
                (err, stdout) => resolve({ code: err ? Number(err.code) : 0, stdout }));
        });
        assert.equal(result.code, 1);
        assert.match(result.stdout, /^Pulumi\.prod\.yaml: 3 placeholder\(s\) must change before deploy:\n {2}ha-web-tier:dns\.hostedZoneId = Z0123456789EXAMPLE/);
    });

    it("the deploy workflow runs the gate on each stack's file before pulumi up, and checks the health path after", () => {
        const wf = parse(fs.readFileSync(path.join(ROOT, ".github/workflows/deploy.yml"), "utf8")) as {
            jobs: { up: { steps: { name?: string; run?: string; uses?: string; with?: Record<string, unknown> }[] } };
        };
        const steps = wf.jobs.up.steps;
        const gateAt = steps.findIndex((s) => s.run === 'npm run --silent placeholders -- "Pulumi.${{ matrix.stack }}.yaml"');
        const upAt = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "up");
        const healthAt = steps.findIndex((s) => s.run?.includes("npm run --silent health --"));
        assert.ok(gateAt >= 0 && upAt > gateAt && healthAt > upAt, `gate ${gateAt}, up ${upAt}, health ${healthAt}`);
        assert.equal(steps[upAt]?.with?.upsert, true);
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
        assert.equal(pkg.scripts.placeholders, "node tools/run-ts.js tools/plan/placeholders.ts");
    });
});
