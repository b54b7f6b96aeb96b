/**
 * `pulumi new <repository URL>` creates a stack from the `template:` section of Pulumi.yaml: every value it
 * asks for is described and is a key the program reads, and the stack its defaults make plans with no
 * mandatory finding.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { configSchema, NAMESPACE, namespaceValues, parseConfig } from "../../stack/config";
import { evaluateStack } from "../../tools/engine";
import { analyze } from "../../tools/plan/analyze";
import { ROOT } from "../mocks";

interface Template {
    displayName?: string;
    description?: string;
    config: Record<string, { description?: string; default?: string; secret?: boolean }>;
}

const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { name: string; template?: Template };

/** The config `pulumi new` writes when every prompt is answered with its default (an empty answer sets nothing). */
function defaults(): Record<string, string> {
    return Object.fromEntries(Object.entries(project.template?.config ?? {}).filter(([, v]) => v.default).map(([k, v]) => [k, v.default!]));
}

/** The ESC environment docs/component.md shows (its first yaml block after the ESC heading). */
function escExample(): { values: Record<string, any> } {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "component.md"), "utf8");
    const block = /## Deploy credentials and secrets with Pulumi ESC[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc);
    assert.ok(block, "docs/component.md has no ESC environment example");
    return parse(block[1]) as { values: Record<string, any> };
}

describe("the pulumi new template", function () {
    this.timeout(60_000);

    it("describes every value it asks for, each a key the program reads (ha-web-tier:<top-level key>, or aws:region)", () => {
        const t = project.template;
        assert.ok(t?.displayName && t.description, "Pulumi.yaml has no template section with a name and description");
        const keys = Object.keys(configSchema.shape);
        for (const [key, value] of Object.entries(t.config)) {
            assert.ok(value.description && value.description.length > 20, `${key} has no description`);
            const [ns, name] = key.split(":");
            assert.ok(ns === NAMESPACE ? keys.includes(name) : key === "aws:region", `${key} is not a key the program reads`);
        }
    });

    it("with the defaults, gives a valid config whose first region is the default provider's region", () => {
        const config = parseConfig(namespaceValues(defaults()));
        assert.deepEqual(config.advisories, []);
        assert.equal(config.regions[0].name, defaults()["aws:region"]);
    });

    it("with the defaults, gives a stack the reference program plans with no mandatory finding, only the advice to set a DNS name for HTTPS", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ha-web-tier-template-"));
        try {
            // The stack file `pulumi new` writes: each answer a string, as `pulumi config set` stores it.
            const file = path.join(dir, "Pulumi.dev.yaml");
            fs.writeFileSync(file, stringify({ config: defaults() }));
            const run = await evaluateStack({ program: path.join(ROOT, "stack", "index.ts"), configFile: file });
            assert.ok(run.resources.some((r) => r.type === "aws:autoscaling/group:Group"));
            // Without ha-web-tier:dns (the prompt says so) the ALB serves HTTP: advisory, as the pack's README explains.
            const findings = await analyze(run.resources, { stack: "dev", project: project.name });
            assert.deepEqual(findings.map((v) => `${v.level} ${v.policy}`), ["advisory alb-serves-https"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("and the ESC environment of docs/component.md logs in through OIDC and hands the stack config it accepts", () => {
        const { values } = escExample();
        const oidc = values.aws.login["fn::open::aws-login"].oidc;
        assert.match(oidc.roleArn, /^arn:aws:iam::\d{12}:role\/.+/);
        assert.ok(oidc.sessionName);
        for (const v of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
            assert.ok(String(values.environmentVariables[v]).startsWith("${aws.login."), `${v} does not come from the login`);
        }
        // pulumiConfig values reach the program as the CLI passes objects: JSON text.
        const fromEsc = Object.fromEntries(Object.entries(values.pulumiConfig as Record<string, unknown>).map(([k, v]) => [k, JSON.stringify(v)]));
        assert.deepEqual(parseConfig(namespaceValues({ ...defaults(), ...fromEsc })).failover.notificationEmail, values.pulumiConfig["ha-web-tier:failover"].notificationEmail);
    });
});
