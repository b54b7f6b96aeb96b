import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { z } from "zod";
import { configSchema } from "../../../stack/config";
import { ROOT } from "../../mocks";

/** One setting of the schema: its dotted path (`regions[].azCount`), and its default when the schema has one. */
interface SchemaKey {
    path: string;
    /** Whether the key is an object or list the reference may document as a whole (`regions`, `database.*`). */
    container: boolean;
    default?: unknown;
}

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; defaultValue?: unknown; shape?: Record<string, z.ZodType> };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every key of the schema, walking through defaults, optionals and lists of objects. */
function schemaKeys(schema: z.ZodType, prefix = "", found: SchemaKey[] = []): SchemaKey[] {
    let s = schema;
    let dflt: { value: unknown } | undefined;
    for (;;) {
        const d = defOf(s);
        if (d.type === "default") {
            dflt ??= { value: d.defaultValue };
        } else if (d.type !== "optional" && d.type !== "prefault" && d.type !== "nullable") {
            break;
        }
        s = d.innerType!;
    }
    const d = defOf(s);
    if (d.type === "array" && defOf(d.element!).type === "object") {
        found.push({ path: prefix, container: true });
        return schemaKeys(d.element!, `${prefix}[]`, found);
    }
    if (d.type === "object") {
        if (prefix) {
            found.push({ path: prefix, container: true });
        }
        const shape = (s as unknown as { shape: Record<string, z.ZodType> }).shape;
        for (const [k, v] of Object.entries(shape)) {
            schemaKeys(v, prefix ? `${prefix}.${k}` : k, found);
        }
        return found;
    }
    found.push({ path: prefix, container: false, ...(dflt ? { default: dflt.value } : {}) });
    return found;
}

/** A row of the README's config reference: the keys it names and its Default cell. */
interface DocRow {
    keys: string[];
    defaultCell: string;
}

/** The rows of the first table after `heading`, keys prefixed with `prefix`. */
function docRows(readme: string, heading: string, prefix = ""): DocRow[] {
    const start = readme.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `the docs have no "${heading}" section`);
    const lines = readme.slice(start).split("\n");
    const first = lines.findIndex((l) => l.startsWith("| Key |"));
    assert.ok(first >= 0, `the "${heading}" section has no | Key | table`);
    const rows: DocRow[] = [];
    for (const line of lines.slice(first + 2)) {
        if (!line.startsWith("|")) {
            break;
        }
        const [keyCell, defaultCell] = line.split(" | ").map((c) => c.replace(/^\| /, ""));
        const names = [...keyCell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        assert.ok(names.length > 0, `config reference row without a key: ${line.slice(0, 80)}`);
        // `capacity.min` / `desired` / `max`: the later names share the first one's parent.
        const parent = names[0].includes(".") ? names[0].slice(0, names[0].lastIndexOf(".") + 1) : "";
        rows.push({ keys: names.map((n, i) => prefix + (i > 0 && !n.includes(".") ? parent + n : n)), defaultCell });
    }
    return rows;
}

/** The literal a default is written as in the reference: `8080`, `true`, `{}`, `pilot-light`. */
const literal = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

describe("README config reference", () => {
    const doc = (file: string): string => `\n${fs.readFileSync(path.join(ROOT, "docs", file), "utf8")}`;
    const rows = [
        ...docRows(doc("configuration.md"), "# Configuration reference"),
        ...docRows(doc("data-tier.md"), "## Config reference (`ha-web-tier:database`)", "database."),
    ];
    const documented = rows.flatMap((r) => r.keys);
    const keys = schemaKeys(configSchema);
    const byPath = new Map(keys.map((k) => [k.path, k]));

    it("documents every setting of the schema", () => {
        const missing = keys.filter((k) => !k.container && !documented.includes(k.path) && !documented.includes(`${k.path.split(".")[0]}.*`));
        assert.deepEqual(missing.map((k) => k.path), [], "settings missing from the config reference in docs/configuration.md");
        // `database.*` may point at the data tier's own table only if that table covers every database key.
        const dbKeys = keys.filter((k) => !k.container && k.path.startsWith("database."));
        assert.deepEqual(dbKeys.filter((k) => !documented.includes(k.path)).map((k) => k.path), []);
    });

    it("documents no setting the schema does not have", () => {
        const unknown = documented.filter((p) => !byPath.has(p) && !(p.endsWith(".*") && keys.some((k) => k.path.startsWith(p.slice(0, -1)))));
        assert.deepEqual(unknown, [], "keys in docs/configuration.md's config reference that the schema rejects");
    });

    it("gives each schema default as the key's Default", () => {
        const wrong: string[] = [];
        for (const row of rows) {
            const shown = [...row.defaultCell.matchAll(/`([^`]*)`/g)].map((m) => m[1]);
            row.keys.forEach((p, i) => {
                const k = byPath.get(p);
                if (k && "default" in k) {
                    // One row may document several keys (`2` / `2` / `6`); each default is its own literal.
                    const expected = literal(k.default);
                    const at = row.keys.length > 1 ? shown[i] : shown[0];
                    if (at !== expected) {
                        wrong.push(`${p}: README says ${at === undefined ? `"${row.defaultCell}"` : `\`${at}\``}, the schema defaults to \`${expected}\``);
                    }
                }
            });
        }
        assert.deepEqual(wrong, []);
    });

    it("reads the schema it checks (the walk finds nested, listed and defaulted keys)", () => {
        // Guards the walk itself: if zod's internals moved, the checks above would pass on an empty list.
        assert.equal(byPath.get("regions[].azCount")?.default, 2);
        assert.equal(byPath.get("waf.rateLimit")?.default, 2000);
        assert.ok(byPath.has("capacity.standby.desired"));
        assert.ok(keys.filter((k) => !k.container).length > 50);
    });
});
