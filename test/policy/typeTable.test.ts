/**
 * Deny by default: every resource type the installed @pulumi/aws declares must be classified, and a
 * type that is not (or is unreviewed) is refused with the fix named.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy/policies";
import { allows, awsToken, buildClassification, classifiedTypes, classOf, isDynamic, judgedBy } from "../../policy/policies/classification";
import { awsTypeTable, type TypeClass } from "../../policy/policies/typeTable";
import { analyze } from "../../tools/plan/analyze";
import { ROOT } from "../mocks";
import { rec, U } from "./factories";

/** Every resource class's type token, read from the provider's compiled files (`static __pulumiType = '...'`). */
function installedTypes(): string[] {
    const dir = path.dirname(require.resolve("@pulumi/aws/package.json"));
    const tokens: string[] = [];
    const walk = (d: string): void => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            const file = path.join(d, entry.name);
            if (entry.isDirectory() && entry.name !== "node_modules") {
                walk(file);
            } else if (entry.name.endsWith(".js")) {
                const m = /static __pulumiType = '(aws:[^']+)'/.exec(fs.readFileSync(file, "utf8"));
                if (m?.[1]) tokens.push(m[1]);
            }
        }
    };
    walk(dir);
    return [...new Set(tokens)].sort();
}

const provider = rec("pulumi:providers:aws", "eu-west-1", { region: "eu-west-1" });
const withProvider = { provider: `${provider.urn}::${U}` };

describe("resource type classification", () => {
    const installed = installedTypes();

    it("classifies every resource type of the installed @pulumi/aws, by name", () => {
        assert.ok(installed.length > 1500, `only ${installed.length} types found`);
        // Built here, not the copy the pack made as it loaded, so the test reads what the builder makes now.
        const table = buildClassification();
        assert.deepEqual(installed.filter((t) => !table.has(t)), [], "types no class of policy/policies/typeTable.ts lists");
        assert.deepEqual([...table.keys()].filter((t) => !installed.includes(t)), [], "tokens the table makes that the provider does not have");
        assert.deepEqual([...classifiedTypes()], [...table], "the pack's table is the one the builder makes");
    });

    it("lists no type the installed provider does not have, and each type once", () => {
        const names = Object.entries(awsTypeTable).flatMap(([m, classes]) =>
            Object.values(classes).flatMap((s) => s.split(" ").filter(Boolean).map((n) => awsToken(m, n))));
        const known = new Set(installed);
        assert.deepEqual(names.filter((t) => !known.has(t)), []);
        assert.equal(new Set(names).size, names.length, "a type is listed twice");
    });

    it("the policy pack page states how many types each class holds", () => {
        const counts = new Map<TypeClass, number>();
        buildClassification().forEach((c) => counts.set(c, (counts.get(c) ?? 0) + 1));
        const doc = fs.readFileSync(path.join(ROOT, "docs", "policy-pack.md"), "utf8");
        const documented = new Map([...doc.matchAll(/^\| `([a-zA-Z]+)` \| (judged|inert|unreviewed) \| (\d+) \|/gm)]
            .map((m) => [m[1], Number(m[3])]));
        assert.deepEqual(Object.fromEntries(documented), Object.fromEntries(counts));
    });

    it("each judged class names rules of the pack, every other rule judges some class, and the policy pack page lists them", () => {
        const names = new Set(policies.map((p) => p.name));
        const named = Object.values(judgedBy).flat();
        assert.deepEqual(named.filter((n) => !names.has(n)), [], "rules a class names that the pack does not have");
        assert.deepEqual([...names].filter((n) => n !== "reviewed-types-only" && !named.includes(n)), [], "rules no class names");
        const doc = fs.readFileSync(path.join(ROOT, "docs", "policy-pack.md"), "utf8");
        for (const [cls, rules] of Object.entries(judgedBy)) {
            const row = new RegExp(`^\\| \`${cls}\` \\| judged \\| \\d+ \\| (.*) \\|$`, "m").exec(doc);
            assert.deepEqual(row?.[1]?.split(", ").map((x) => x.replace(/`/g, "")), [...rules], `the ${cls} row`);
        }
    });

    it("an unreviewed type is refused naming the type and how to allow it; allowedTypes accepts it", async () => {
        const api = rec("aws:apigateway/restApi:RestApi", "api", { name: "api" }, {}, withProvider);
        const violations = await analyze([provider, api]);
        assert.deepEqual(violations.map((v) => [v.policy, v.level, v.urn]), [["reviewed-types-only", "mandatory", api.urn]]);
        assert.match(violations[0]?.message ?? "", /aws:apigateway\/restApi:RestApi is not a type this pack reviews.*allowedTypes: \["aws:apigateway\/restApi:RestApi"\] \(or "aws:apigateway\/\*"/);
        for (const entry of ["aws:apigateway/restApi:RestApi", "aws:apigateway/*", "aws:apigateway/restApi:RestApi::api"]) {
            assert.deepEqual(await analyze([provider, api], { config: { "reviewed-types-only": { allowedTypes: [entry] } } }), [], entry);
        }
    });

    it("a type of another package, or one the table does not know, is unreviewed; a component is not judged", async () => {
        const pet = rec("random:index/randomPet:RandomPet", "pet", {}, {}, withProvider);
        const future = rec("aws:ec2/teleporter:Teleporter", "beam", {}, {}, withProvider);
        const component = rec("acme:index:Site", "site", {});
        const fired = (await analyze([provider, pet, future, component])).map((v) => `${v.policy} ${v.urn.split("::").pop()}`);
        assert.deepEqual(fired.sort(), ["reviewed-types-only beam", "reviewed-types-only pet"]);
    });

    it("a dynamic provider is accepted only by its resource's name, never by its type or a glob", async () => {
        const dyn = rec("pulumi-nodejs:dynamic:Resource", "make-public", { __provider: "exports.handler = ..." }, {}, withProvider);
        for (const entry of ["pulumi-nodejs:dynamic:Resource", "pulumi-nodejs:*", "*"]) {
            const v = await analyze([provider, dyn], { config: { "reviewed-types-only": { allowedTypes: [entry] } } });
            assert.deepEqual(v.map((x) => x.policy), ["reviewed-types-only"], entry);
            assert.match(v[0]?.message ?? "", /allowedTypes: \["pulumi-nodejs:dynamic:Resource::make-public"\]/);
        }
        assert.deepEqual(await analyze([provider, dyn], { config: { "reviewed-types-only": { allowedTypes: ["pulumi-nodejs:dynamic:Resource::make-public"] } } }), []);
    });

    it("allowedTypes entries: an exact token, a glob ending in *, or one resource by name; a dynamic provider only by name", () => {
        const api = "aws:apigateway/restApi:RestApi";
        const cases: [string, string, boolean][] = [
            [api, api, true], ["aws:apigateway/*", api, true], ["aws:*", api, true], [`${api}::api`, api, true], [`${api}::other`, api, false],
            ["aws:apigateway/*", "aws:ec2/instance:Instance", false], ["aws:apigateway", api, false], ["aws:apigateway/restApi", api, false],
            ["pulumi-nodejs:*", "pulumi-nodejs:dynamic:Resource", false], ["pulumi-python:*", "pulumi-python:dynamic:Resource", false],
            ["pulumi-python:dynamic:Resource", "pulumi-python:dynamic:Resource", false], ["pulumi-python:dynamic:Resource::api", "pulumi-python:dynamic:Resource", true],
        ];
        assert.deepEqual(cases.map(([entry, type]) => allows(entry, type, "api")), cases.map(([, , ok]) => ok));
        assert.deepEqual(["pulumi-nodejs:dynamic:Resource", "pulumi-python:dynamic/m:T", "acme:index:pulumi-python:dynamic"].map(isDynamic), [true, true, false]);
    });

    it("a provider resource is inert, a listed type has its class, anything else is unreviewed", () => {
        assert.deepEqual(["pulumi:providers:aws", "pulumi:providers:random", "aws:ec2/instance:Instance", "aws:apigateway/restApi:RestApi", "random:index/randomPet:RandomPet"].map(classOf),
            ["inert", "inert", "compute", "unreviewed", "unreviewed"]);
    });

    it("the refusal says why a type is unreviewed and names the module glob that would accept it", async () => {
        const refusal = async (type: string): Promise<string> => (await analyze([provider, rec(type, "x", {}, {}, withProvider)])).map((v) => v.message).join("\n");
        assert.match(await refusal("aws:apigateway/restApi:RestApi"), /no rule of the pack reads what it runs, stores or exposes\..*allowedTypes: \["aws:apigateway\/restApi:RestApi"\] \(or "aws:apigateway\/\*" for its module\)/);
        assert.match(await refusal("aws:ec2/teleporter:Teleporter"), /it is not in the pack's classification of @pulumi\/aws [\d.]+ \(a newer provider\?\), so nothing it runs/);
        assert.match(await refusal("command:local:Command"), /no rule of the pack reads .*allowedTypes: \["command:local:Command"\] \(or "command:\*" for its module\)/);
        assert.match(await refusal("custom"), /allowedTypes: \["custom"\] \(or "custom:\*" for its module\)/);
        assert.match(await refusal("pulumi-nodejs:dynamic:Resource"), /a dynamic provider runs its own code with the deployer's credentials, where no rule can see what it changes/);
    });
});
