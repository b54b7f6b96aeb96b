// @ts-check
// Compiles each .ts module with esbuild as it is required: no type checking (`npm test` does that), so
// the offline plan (tools/run-ts.js) and the tests (.mocharc.json) start in a fraction of the time
// ts-node needs. Source maps are kept in memory, not handed to Node, because
// Node would then map every stack trace the Pulumi SDK captures per resource; the plan maps only the
// one frame it reports (tools/failure.ts).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");
const crypto = require("node:crypto");

// The project's compiler options (class field semantics, decorators) so output matches tsc's; part of
// the cache key below, with the transform options.
const tsconfigRaw = fs.readFileSync(path.join(__dirname, "..", "tsconfig.json"), "utf8");

/**
 * file -> esbuild's source map (JSON text). A cached module's map is read from the cache only when a
 * frame of it is mapped (tools/engine/failure.ts), which a plan that passes never does.
 * @extends {Map<string, string | (() => string | undefined)>}
 */
class SourceMaps extends Map {
    /** @param {string} file @returns {string | undefined} */
    get(file) {
        const value = super.get(file);
        if (typeof value !== "function") {
            return value;
        }
        const text = value();
        super.set(file, text);
        return text;
    }
}
const sourceMaps = new SourceMaps();
Object.defineProperty(globalThis, Symbol.for("ha-web-tier.sourceMaps"), { value: sourceMaps });

// Compiled modules are cached under .plan/cache, keyed by a hash of the source and the compiler
// settings, so a repeated plan neither starts esbuild's service nor recompiles anything.
const cacheDir = path.join(__dirname, "..", ".plan", "cache");
const esbuildVersion = require("esbuild/package.json").version;

// V8's code cache for every module a plan loads (Node 22.1+, "Module compile cache"): the SDK's and the
// provider's thousands of files are compiled once per checkout instead of on every plan. Node keys it
// by file content, so a changed file is compiled again. Best effort: without it a plan is only slower.
try {
    /** @type {{ enableCompileCache?: (dir: string) => unknown }} */ (Module).enableCompileCache?.(path.join(cacheDir, "v8"));
} catch {
    // an unwritable cache directory
}

/** @type {typeof import("esbuild") | undefined} */
let esbuild;

/**
 * esbuild's transform options. `import()` becomes a `require()` as tsc's CommonJS output has it: left
 * as is, Node's ESM loader would try to load the .ts file itself and fail, though the Pulumi CLI's
 * runtime (ts-node, CommonJS) runs such a program.
 * @type {import("esbuild").TransformOptions}
 */
const transformOptions = { loader: "ts", format: "cjs", target: "node22", sourcemap: "external", supported: { "dynamic-import": false }, tsconfigRaw };

/**
 * esbuild's `import * as ns from "m"` helper copies every export of `m` onto a new object, on every
 * import of every module: for `@pulumi/aws`'s hundreds of namespaces, in each of the program's modules,
 * on each evaluation (a twentieth of a plan). tsc's helper (`__importStar`), which the Pulumi CLI runs
 * programs with, returns a module compiled from ES modules (`__esModule`) as it is, and so does this
 * one; anything else still gets esbuild's copy. One line is prefixed, so the source map still holds.
 */
const TO_ESM = "var __toESM = (mod, isNodeMode, target) => (";
const TO_ESM_AS_TSC = "var __toESM = (mod, isNodeMode, target) => !isNodeMode && mod && mod.__esModule ? mod : (";
/**
 * esbuild writes its helpers above the module's own code, and no helper line maps to the source; so
 * the helper is the match at the start of a line above the first line the source map maps, never the
 * same text inside one of the module's strings (a bundled handler pasted in as a template literal).
 * @param {string} code esbuild's output @param {string} map its source map
 */
function asTsc(code, map) {
    const at = code.indexOf(`\n${TO_ESM}`) + 1;
    if (at === 0) {
        return code;
    }
    const line = code.slice(0, at).split("\n").length - 1;
    const firstMapped = (/** @type {{ mappings: string }} */ (JSON.parse(map))).mappings.split(";").findIndex((l) => l !== "");
    if (firstMapped !== -1 && firstMapped <= line) {
        return code;
    }
    return code.slice(0, at) + TO_ESM_AS_TSC + code.slice(at + TO_ESM.length);
}

/**
 * What this process compiled, by file: a module required again (each evaluation of a program loads a
 * fresh copy of its modules) with the same source is not hashed and read again.
 * @type {Map<string, { source: string, code: string, map: string | (() => string | undefined) }>}
 */
const compiled = new Map();

/** @param {string} source @param {string} file @returns {{ code: string, map: string | (() => string | undefined) }} */
function compile(source, file) {
    const hit = compiled.get(file);
    if (hit?.source === source) {
        return hit;
    }
    const result = compileUncached(source, file);
    compiled.set(file, { source, ...result });
    return result;
}

/** @param {string} source @param {string} file @returns {{ code: string, map: string | (() => string | undefined) }} */
function compileUncached(source, file) {
    const { tsconfigRaw: _, ...settings } = transformOptions;
    const key = crypto.createHash("sha1").update(`${esbuildVersion}\0${tsconfigRaw}\0${JSON.stringify(settings)}\0${TO_ESM_AS_TSC}\0${asTsc}\0${file}\0${source}`).digest("hex");
    const cached = path.join(cacheDir, `${key}.js`);
    try {
        return { code: fs.readFileSync(cached, "utf8"), map: () => readOrUndefined(`${cached}.map`) };
    } catch {
        // not cached yet
    }
    esbuild ??= require("esbuild");
    const built = esbuild.transformSync(source, { ...transformOptions, sourcefile: file });
    const code = asTsc(built.code, built.map);
    const map = built.map;
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
        // Plans run side by side (tests, .ci/plan-all) share this cache: each file is written under a
        // name of this process's own and renamed into place, so a reader never sees half a module.
        // The map goes first: a reader that finds the .js finds its map too.
        for (const [file, text] of [[`${cached}.map`, map], [cached, code]]) {
            const partial = `${file}.${process.pid}.tmp`;
            fs.writeFileSync(partial, text);
            fs.renameSync(partial, file);
        }
    } catch {
        // a read-only checkout still plans, only slower
    }
    return { code, map };
}

/** @param {string} file */
function readOrUndefined(file) {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        // the cache was cleared since: the frame stays unmapped
        return undefined;
    }
}

// Module._extensions is the hook ts-node and others use to compile on require.
const extensions = /** @type {Record<string, (m: any, file: string) => void>} */ (
    /** @type {any} */ (Module)._extensions
);
extensions[".ts"] = function compileTs(module, file) {
    const { code, map } = compile(fs.readFileSync(file, "utf8"), file);
    sourceMaps.set(file, map);
    // Under --enable-source-maps (the tests) Node maps stack traces itself, so a failing test names its line.
    const text = /** @type {{ sourceMapsEnabled?: boolean }} */ (process).sourceMapsEnabled ? sourceMaps.get(file) : undefined;
    const inline = text ? `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(text).toString("base64")}` : "";
    module._compile(code + inline, file);
};

