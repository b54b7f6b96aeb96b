/**
 * Reads a stack config file (`Pulumi.<stack>.yaml` or any file of the same shape) into the flat
 * `namespace:key -> string` map the Pulumi CLI hands a program through `PULUMI_CONFIG`, so the
 * offline plan evaluates the program with exactly the config a `pulumi preview` would give it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isAlias, isMap, isNode, isScalar, parse, parseDocument, type Scalar, type YAMLError } from "yaml";

/** The string a `secure:` value becomes offline: the plan never has the stack's decryption key. */
export const SECRET_PLACEHOLDER = "plan-secret-placeholder";

/** A stack config file as the CLI would pass it to the program. */
export interface StackConfigFile {
    /** `namespace:key` -> value; objects and lists are JSON strings, scalars their YAML source text. */
    config: Record<string, string>;
    /** Keys whose value is (or contains) a `secure:` value, replaced by {@link SECRET_PLACEHOLDER}. */
    secretKeys: string[];
    /** Notes about parts of the file the offline plan cannot honour (e.g. ESC environments). */
    notes: string[];
}

/**
 * The file is missing (`missing`: the command line names a file that is not there) or is not a
 * stack config file (the plan reports that as invalid config, exit 2, like the CLI refuses to start
 * on a malformed stack file).
 */
export class StackConfigFileError extends Error {
    constructor(message: string, readonly missing = false) {
        super(message);
        this.name = "StackConfigFileError";
    }
}

const isSecure = (v: unknown): boolean =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;

/** A value that contains itself (a YAML alias inside its own anchor): it has no JSON form to hand the program. */
class CyclicValueError extends Error {}

/**
 * Replaces every `{ secure: ... }` leaf by the placeholder; reports whether it found one. Throws
 * {@link CyclicValueError} for a value that contains itself (`&a [*a]`, or a `<<: *a` inside `&a`).
 */
function stripSecure(v: unknown, found: { secret: boolean }, within: Set<unknown> = new Set()): unknown {
    if (isSecure(v)) {
        found.secret = true;
        return SECRET_PLACEHOLDER;
    }
    if (typeof v !== "object" || v === null) {
        return v;
    }
    if (within.has(v)) {
        throw new CyclicValueError();
    }
    within.add(v);
    const out = Array.isArray(v) ? v.map((e) => stripSecure(e, found, within))
        : Object.fromEntries(Object.entries(v).map(([k, e]) => [k, stripSecure(e, found, within)]));
    within.delete(v);
    return out;
}

/**
 * Turns the `config:` map of a stack file into the CLI's form. Keys without a namespace belong to
 * the project, as `pulumi config set foo` stores them.
 */
function flattenStackConfig(raw: unknown, project: string, file = "<config>"): StackConfigFile {
    const notes: string[] = [];
    if (raw === null || raw === undefined) {
        return { config: {}, secretKeys: [], notes };
    }
    if (typeof raw !== "object" || Array.isArray(raw)) {
        throw new StackConfigFileError(`${file}: expected a YAML mapping with a \`config:\` key`);
    }
    const doc = raw as Record<string, unknown>;
    if (doc.environment !== undefined) {
        notes.push(`${file}: ESC environments are not resolved offline; their values are missing from the plan`);
    }
    const section = doc.config ?? {};
    if (typeof section !== "object" || section === null || Array.isArray(section)) {
        throw new StackConfigFileError(`${file}: \`config:\` must be a mapping of namespace:key to value`);
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, rawValue] of Object.entries(section)) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const found = { secret: false };
        let value: unknown;
        try {
            value = stripSecure(rawValue, found);
        } catch (err) {
            if (!(err instanceof CyclicValueError)) throw err;
            throw new StackConfigFileError(`${file}: ${rawKey} contains itself through a YAML alias (an alias inside the anchor it refers to); `
                + "write the value out, or anchor only a part that does not hold the alias");
        }
        if (found.secret) {
            secretKeys.push(key);
        }
        if (value === null || value === undefined) {
            config[key] = "";
        } else if (typeof value === "string") {
            config[key] = value;
        } else {
            // Lists and objects reach the program as JSON text, as from the CLI (parseStackFile has
            // already turned every top-level scalar into its source text).
            config[key] = JSON.stringify(value);
        }
    }
    return { config, secretKeys, notes };
}

/**
 * The text the CLI hands a program for a scalar: its source as written (`012345678901` keeps its
 * zero, `1.10` its trailing zero, `.inf` stays `.inf`), a quoted string's value, and `""` for null,
 * because the CLI reads each top-level value as a string before it ever considers a type.
 */
function scalarText(node: Scalar): string {
    if (node.value === null) {
        return "";
    }
    // Every parsed scalar has its source; a constructed one falls back to its JSON form.
    return node.source ?? (typeof node.value === "string" ? node.value : JSON.stringify(node.value));
}

/**
 * Parses a stack file's text into the shape {@link flattenStackConfig} takes, with every top-level
 * scalar under `config:` already replaced by its source text. Maps and lists stay JS values (the CLI
 * JSON-encodes those), so `secure:` leaves inside them are still found.
 */
function parseStackFile(text: string, file = "<config>"): unknown {
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
        throw new StackConfigFileError(doc.errors.map((e) => yamlErrorText(e, text, file)).join("\n"));
    }
    let raw: unknown;
    try {
        raw = doc.toJS();
    } catch (e) {
        // e.g. an alias bomb: the parser reports those only when the document is turned into values.
        throw new StackConfigFileError(`${file}: not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    const section = doc.get("config", true);
    if (!isMap(section) || typeof raw !== "object" || raw === null) {
        return raw;
    }
    const config: Record<string, unknown> = {};
    for (const pair of section.items) {
        const key = isScalar(pair.key) ? scalarText(pair.key) : String(pair.key);
        const node = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
        if (node === null || node === undefined) {
            config[key] = null;
        } else if (isScalar(node)) {
            config[key] = scalarText(node);
        } else {
            config[key] = isNode(node) ? node.toJS(doc) : node;
        }
    }
    return { ...(raw as Record<string, unknown>), config };
}

/**
 * One YAML error as `file:line:column: not valid YAML: <what>`, then the line it is on and a caret under
 * the column: the parser's own message ends at "line 23, column 1:" and its excerpt is left out for
 * an error at the end of a line or of the file.
 */
export function yamlErrorText(error: YAMLError, text: string, file: string): string {
    const what = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    const pos = error.linePos?.[0];
    if (!pos) {
        return `${file}: not valid YAML: ${what}`;
    }
    const lines = text.split(/\r?\n/).map((l) => l.replace(/\t/g, " "));
    const row = (n: number, l: string): string => `  ${String(n).padStart(4)} | ${l}`;
    const line = lines[pos.line - 1] ?? "";
    const out = [`${file}:${pos.line}:${pos.col}: not valid YAML: ${what}`];
    if (line.trim() === "") {
        // An error found at a blank line or the end of the file began above it: show the last line written.
        let above = pos.line - 1;
        while (above > 0 && (lines[above - 1] ?? "").trim() === "") above--;
        if (above > 0) out.push(row(above, lines[above - 1] ?? ""));
        out.push(row(pos.line, pos.line >= lines.length ? "(end of file)" : "(blank line)"), "       | ^");
    } else {
        out.push(row(pos.line, line), `       | ${" ".repeat(Math.min(pos.col - 1, line.length))}^`);
    }
    return out.join("\n");
}

/** Reads and flattens a stack config file; throws {@link StackConfigFileError} when it cannot. */
export function loadStackConfig(file: string, project: string): StackConfigFile {
    let text: string;
    try {
        text = fs.readFileSync(path.resolve(file), "utf8");
    } catch {
        throw new StackConfigFileError(`${file}: cannot read the stack config file; check the path (or --stack name)`, true);
    }
    return flattenStackConfig(parseStackFile(text, file), project, file);
}

/** The project name from the nearest `Pulumi.yaml` at or above `dir`, as the CLI would find it. */
export function findProjectName(dir: string): string | undefined {
    let current = path.resolve(dir);
    for (;;) {
        for (const f of ["Pulumi.yaml", "Pulumi.yml"]) {
            const candidate = path.join(current, f);
            if (fs.existsSync(candidate)) {
                const doc = parse(fs.readFileSync(candidate, "utf8")) as { name?: unknown } | null;
                if (doc && typeof doc.name === "string") {
                    return doc.name;
                }
            }
        }
        const parent = path.dirname(current);
        if (parent === current) {
            return undefined;
        }
        current = parent;
    }
}
