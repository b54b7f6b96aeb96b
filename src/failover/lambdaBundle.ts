import type { BuildOptions } from "esbuild";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

// esbuild itself is loaded only to build: a cached bundle needs just its version.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const esbuildVersion = (require("esbuild/package.json") as { version: string }).version;

/**
 * npm's record of what is installed, rewritten by every `npm ci`/`install`: one stat of it stands for
 * the hundreds of files under node_modules a bundle reads (checking each cost ~20 ms per plan).
 */
const INSTALLED = path.resolve(__dirname, "..", "..", "node_modules", ".package-lock.json");
const inNodeModules = (file: string): boolean => file.includes(`${path.sep}node_modules${path.sep}`);

/**
 * The Lambda runtime every function of this program runs on, and the esbuild target that matches it:
 * the newest Node.js runtime Lambda offers (nodejs24.x, supported until April 2028 per the Lambda
 * developer guide's "Lambda runtimes" page), one place so the runtime and the bundle never drift apart.
 */
export const LAMBDA_RUNTIME = "nodejs24.x";
const ESBUILD_TARGET = `node${/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)?.[1] ?? ""}`;

/** The trust policy of a role that only Lambda may assume. */
export const LAMBDA_ASSUME_ROLE_POLICY = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** Bundled code per entry point, so evaluating the program twice in one process bundles once. */
const memory = new Map<string, string>();

/** Where bundles are kept between runs; under node_modules so a fresh `npm ci` starts clean. */
const CACHE_DIR = path.resolve(__dirname, "..", "..", "node_modules", ".cache", "ha-web-tier-bundles");

interface CacheEntry {
    key: string;
    /** Every file esbuild read outside node_modules, and npm's record of node_modules, with the size and mtime each had then. */
    inputs: Record<string, [number, number]>;
    code: string;
}

/**
 * Bundles a function's TypeScript entry point, with its dependencies (AWS SDK v3 clients at the
 * versions in package-lock.json, Powertools, zod), into one CommonJS file for {@link LAMBDA_RUNTIME}.
 * It runs at `pulumi up`/`preview` time from the checked-out sources, so no built file is committed and
 * the deployed code always matches the source; esbuild output is deterministic, so an unchanged
 * function produces no diff. Bundling takes about half a second, so the result is cached on disk and
 * reused while none of the files esbuild read has changed (outside node_modules) and npm has not
 * installed anything since.
 */
export function bundleFunction(entry: string): string {
    const absolute = path.resolve(entry);
    const hit = memory.get(absolute);
    if (hit !== undefined) {
        return hit;
    }
    const options: BuildOptions = {
        entryPoints: [absolute],
        bundle: true,
        platform: "node",
        target: ESBUILD_TARGET,
        format: "cjs",
        minify: true,
        legalComments: "none",
        write: false,
        metafile: true,
        logLevel: "silent",
        absWorkingDir: path.resolve(__dirname, "..", ".."),
    };
    const key = crypto.createHash("sha256").update(JSON.stringify(["inputs-v2", esbuildVersion, options])).digest("hex");
    const file = path.join(CACHE_DIR, `${key.slice(0, 16)}.json`);
    const code = readCache(file, key) ?? build(options, file, key);
    memory.set(absolute, code);
    return code;
}

function readCache(file: string, key: string): string | undefined {
    try {
        const entry = JSON.parse(fs.readFileSync(file, "utf8")) as CacheEntry;
        if (entry.key !== key) {
            return undefined;
        }
        for (const [input, [size, mtime]] of Object.entries(entry.inputs)) {
            const st = fs.statSync(input);
            if (st.size !== size || st.mtimeMs !== mtime) {
                return undefined;
            }
        }
        return entry.code;
    } catch {
        return undefined;
    }
}

function build(options: BuildOptions, file: string, key: string): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const result = (require("esbuild") as typeof import("esbuild")).buildSync(options);
    const code = result.outputFiles![0].text;
    try {
        const root = options.absWorkingDir!;
        const inputs: CacheEntry["inputs"] = {};
        const files = Object.keys(result.metafile!.inputs).map((input) => path.resolve(root, input));
        for (const full of [...files.filter((f) => !inNodeModules(f)), ...(files.some(inNodeModules) ? [INSTALLED] : [])]) {
            const st = fs.statSync(full);
            inputs[full] = [st.size, st.mtimeMs];
        }
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ key, inputs, code } satisfies CacheEntry));
    } catch {
        // A cache that cannot be written only costs time on the next run.
    }
    return code;
}
