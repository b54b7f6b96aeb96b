/**
 * Stack config files must reach the program as the Pulumi CLI passes them: each top-level value as
 * the text written in the file, never converted to a number and back.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadStackConfig, SECRET_PLACEHOLDER, StackConfigFileError } from "../../../tools/engine/stack-config";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-test-"));

function load(yaml: string): ReturnType<typeof loadStackConfig> {
    const file = path.join(tmp, `Pulumi.t${fs.readdirSync(tmp).length}.yaml`);
    fs.writeFileSync(file, yaml);
    return loadStackConfig(file, "ha-web-tier");
}

describe("stack config file", () => {
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("plain scalars must reach the program as their YAML source text, as the CLI passes them", () => {
        const { config } = load([
            "config:",
            "  ha-web-tier:accountId: 012345678901",
            "  ha-web-tier:version: 1.10",
            "  ha-web-tier:big: 12345678901234567890",
            "  ha-web-tier:limit: .inf",
            "  ha-web-tier:hex: 0x1F",
        ].join("\n"));
        assert.equal(config["ha-web-tier:accountId"], "012345678901");
        assert.equal(config["ha-web-tier:version"], "1.10");
        assert.equal(config["ha-web-tier:big"], "12345678901234567890");
        assert.equal(config["ha-web-tier:limit"], ".inf");
        assert.equal(config["ha-web-tier:hex"], "0x1F");
    });

    it("quoted strings must reach the program as their value, booleans and nulls as the CLI gives them", () => {
        const { config } = load([
            "config:",
            "  ha-web-tier:double: \"a: 007\\t\"",
            "  ha-web-tier:single: '1.10'",
            "  ha-web-tier:flag: true",
            "  ha-web-tier:off: False",
            "  ha-web-tier:none:",
            "  ha-web-tier:tilde: ~",
        ].join("\n"));
        assert.equal(config["ha-web-tier:double"], "a: 007\t");
        assert.equal(config["ha-web-tier:single"], "1.10");
        assert.equal(config["ha-web-tier:flag"], "true");
        assert.equal(config["ha-web-tier:off"], "False");
        assert.equal(config["ha-web-tier:none"], "");
        assert.equal(config["ha-web-tier:tilde"], "");
    });

    it("secure values, top-level or nested, must become placeholders and objects stay JSON text", () => {
        const flat = load([
            "config:",
            "  aws:region: us-west-2",
            "  password:",
            "    secure: v1:def",
            "  ha-web-tier:app:",
            "    port: 8080",
            "    token:",
            "      secure: v1:abc",
            "  ha-web-tier:zones: [a, 1.10]",
            "  ha-web-tier:alias: &id 012",
            "  ha-web-tier:again: *id",
        ].join("\n"));
        assert.deepEqual(flat.config, {
            "aws:region": "us-west-2",
            "ha-web-tier:password": SECRET_PLACEHOLDER,
            "ha-web-tier:app": JSON.stringify({ port: 8080, token: SECRET_PLACEHOLDER }),
            "ha-web-tier:zones": JSON.stringify(["a", 1.1]),
            "ha-web-tier:alias": "012",
            "ha-web-tier:again": "012",
        });
        assert.deepEqual(flat.secretKeys, ["ha-web-tier:password", "ha-web-tier:app"]);
    });

    it("a malformed file must be refused as a stack config error, naming the file", () => {
        assert.throws(() => load("config:\n  a: 1\n  a: 2\n"), (err: unknown) => {
            assert.ok(err instanceof StackConfigFileError);
            assert.match(err.message, /Pulumi\.t\d+\.yaml:3:3: not valid YAML: Map keys must be unique\n {5}3 \| {3}a: 2\n {7}\| {3}\^$/);
            return true;
        });
        assert.throws(() => load("config: [1, 2]\n"), StackConfigFileError);
    });

    it("a YAML error names the line and column, shows the line and puts a caret under the column", () => {
        assert.throws(() => load("config:\n  ha-web-tier:regions:\n    - name: us-west-2\n     vpcCidr: 10.10.0.0/16\n"), (err: unknown) => {
            assert.ok(err instanceof StackConfigFileError);
            assert.deepEqual(err.message.split("\n").slice(1), ["     4 |      vpcCidr: 10.10.0.0/16", "       | ^"]);
            assert.match(err.message, /^\S+Pulumi\.t\d+\.yaml:4:1: not valid YAML: /);
            return true;
        });
    });

    it("a YAML error found at the end of the file shows the last line written above it, never a bare position", () => {
        assert.throws(() => load("config:\n  ha-web-tier:mode: \"pilot-light\n\n\n"), (err: unknown) => {
            assert.ok(err instanceof StackConfigFileError);
            assert.deepEqual(err.message.split("\n").slice(1), ["     2 |   ha-web-tier:mode: \"pilot-light", "     5 | (end of file)", "       | ^"]);
            assert.match(err.message, /not valid YAML: Missing closing "quote\n/);
            return true;
        });
    });
});
