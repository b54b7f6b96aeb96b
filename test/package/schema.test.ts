/**
 * The multi-language provider (`pulumi package add`), run as Pulumi runs a plugin, serves a schema it infers
 * from the TypeScript sources: it must hold every component the provider offers, with the inputs and outputs
 * docs/component.md lists and their TSDoc, under the type tokens the TypeScript components register.
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as lib from "../../src/index";
import { PROVIDER_COMPONENTS, PROVIDER_NAME, TYPESCRIPT_ONLY } from "../../src/provider/components";
import { ROOT } from "../mocks";
import { providerSchema, type Property, type Schema, startPreparing } from "./packed";

// Inference builds a TypeScript program of the whole project (~7 s of CPU): started while mocha loads the test files.
startPreparing();

const DOC = fs.readFileSync(path.join(ROOT, "docs", "component.md"), "utf8");

/** The text between `<!-- name:start ... -->` and `<!-- name:end -->` in docs/component.md. */
function section(name: string): string {
    const start = DOC.indexOf(`<!-- ${name}:start`);
    const end = DOC.indexOf(`<!-- ${name}:end -->`);
    assert.ok(start >= 0 && end > start, `docs/component.md has no ${name} section`);
    return DOC.slice(start, end);
}

/** The provider table of docs/component.md: component -> sorted inputs (`name?` when optional) and outputs. */
function documentedComponents(): Record<string, { inputs: string[]; outputs: string[] }> {
    const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    return Object.fromEntries(section("provider-components").split("\n").filter((l) => /^\| `/.test(l)).map((line) => {
        const [name, inputs, outputs] = line.split("|").slice(1, 4);
        return [names(name)[0], { inputs: names(inputs), outputs: names(outputs) }];
    }));
}

/** The schema's view of a component: sorted inputs (`name?` when optional) and outputs. */
function inferred(schema: Schema, name: string): { inputs: string[]; outputs: string[] } {
    const r = schema.resources[`${PROVIDER_NAME}:index:${name}`];
    const required = new Set(r.requiredInputs ?? []);
    return {
        inputs: Object.keys(r.inputProperties ?? {}).map((k) => (required.has(k) ? k : `${k}?`)).sort(),
        outputs: Object.keys(r.properties ?? {}).sort(),
    };
}

/** Every `$ref` in a property, its items and its map values. */
function refs(p: Property): string[] {
    return [...(p.$ref ? [p.$ref] : []), ...(p.items ? refs(p.items) : []), ...(p.additionalProperties ? refs(p.additionalProperties) : [])];
}

describe("the multi-language provider's schema", function () {
    this.timeout(180_000);

    it("offers the components it lists, under their type tokens (ha-web-tier:index:<Name>), as package ha-web-tier at the package's version", async () => {
        const { schema } = await providerSchema();
        const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
        assert.equal(schema.name, "ha-web-tier");
        assert.equal(schema.version, version);
        assert.deepEqual(Object.keys(schema.resources).sort(), Object.keys(PROVIDER_COMPONENTS).map((n) => `ha-web-tier:index:${n}`).sort());
        for (const [name, component] of Object.entries(PROVIDER_COMPONENTS)) {
            // The provider finds a component by its class name: the key must be it.
            assert.equal(component.name, name);
        }
    });

    it("every component the library exports is either offered or listed as TypeScript-only with a reason, never both", () => {
        const components = Object.entries(lib).filter(([, v]) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource).map(([k]) => k).sort();
        const offered = Object.keys(PROVIDER_COMPONENTS);
        const tsOnly = Object.keys(TYPESCRIPT_ONLY);
        assert.deepEqual([...offered, ...tsOnly].sort(), components);
        assert.deepEqual(offered.filter((n) => tsOnly.includes(n)), []);
        assert.ok(Object.values(TYPESCRIPT_ONLY).every((why) => why.length > 20));
    });

    it("has exactly the inputs and outputs docs/component.md lists for each component, optional ones marked", async () => {
        const { schema } = await providerSchema();
        const documented = documentedComponents();
        assert.deepEqual(Object.keys(documented).sort(), Object.keys(PROVIDER_COMPONENTS).sort());
        for (const name of Object.keys(PROVIDER_COMPONENTS)) {
            assert.deepEqual(inferred(schema, name), documented[name], `${name}: the schema and docs/component.md differ`);
        }
    });

    it("carries the TSDoc of every input, output and field of the types they use, and refers only to types it defines (no any, no other package)", async () => {
        const { schema } = await providerSchema();
        const undocumented: string[] = [];
        const dangling: string[] = [];
        const check = (where: string, props: Record<string, Property> | undefined) => {
            for (const [k, p] of Object.entries(props ?? {})) {
                if (!p.description) undocumented.push(`${where}.${k}`);
                for (const ref of refs(p)) {
                    const local = /^#\/types\/(.+)$/.exec(ref)?.[1];
                    if (!(local && schema.types[local])) dangling.push(`${where}.${k} -> ${ref}`);
                }
            }
        };
        for (const [token, r] of Object.entries(schema.resources)) {
            check(`${token} input`, r.inputProperties);
            check(`${token} output`, r.properties);
        }
        for (const [token, t] of Object.entries(schema.types)) {
            check(token, t.properties);
            if (t.enum) assert.ok(t.enum.length >= 2, `${token} is an enum of ${t.enum.length}`);
        }
        assert.deepEqual(undocumented, []);
        // `pulumi.json#/Any` is a type the inference lost (as through Omit<>); a provider or another package's
        // resource as an arg would be a reference no generated SDK resolves.
        assert.deepEqual(dangling, []);
        assert.deepEqual(schema.types["ha-web-tier:index:NatStrategy"]?.enum?.map((e) => e.value), ["one-per-az", "single", "none"]);
    });

    it("docs/component.md lists the TypeScript-only components src/provider/components.ts leaves out", () => {
        const listed = [...section("typescript-only").matchAll(/^- `(\w+)`/gm)].map((m) => m[1]).sort();
        assert.deepEqual(listed, Object.keys(TYPESCRIPT_ONLY).sort());
    });
});
