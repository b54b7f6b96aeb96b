import type { BuildOptions } from "esbuild";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

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

/**
 * The file name of a prebuilt bundle, next to where the function's entry point would be: the package's
 * build writes `dist/functions/<name>/index.js` (and its SHA-256 beside it), which is where a compiled
 * `dist/src/failover/*.js` resolves `functions/<name>/handler.ts` to.
 */
export const PREBUILT_BUNDLE = "index.js";

/** Bundled code per entry point, so evaluating the program twice in one process bundles once. */
const memory = new Map<string, string>();

/** Where bundles are kept between runs; under node_modules so a fresh `npm ci` starts clean. */
const CACHE_DIR = path.resolve(__dirname, "..", "..", "node_modules", ".cache", "ha-web-tier-bundles");

/**
 * npm's record of what is installed, rewritten by every `npm ci`/`install`: one stat of it stands for
 * the hundreds of files under node_modules a bundle reads (checking each cost ~20 ms per plan).
 */
const INSTALLED = path.resolve(__dirname, "..", "..", "node_modules", ".package-lock.json");
const inNodeModules = (file: string): boolean => file.includes(`${path.sep}node_modules${path.sep}`);

interface CacheEntry {
    key: string;
    /** Every file esbuild read outside node_modules, and npm's record of node_modules, with the size and mtime each had then. */
    inputs: Record<string, [number, number]>;
    code: string;
}

/** The SHA-256 (hex) of a bundle, as the package's build records it and Pulumi's state hashes an asset. */
export function bundleHash(code: string): string {
    return crypto.createHash("sha256").update(code).digest("hex");
}

/**
 * A function's code, bundled with its dependencies (AWS SDK v3 clients at the versions in
 * package-lock.json, Powertools, zod) into one CommonJS file for {@link LAMBDA_RUNTIME}.
 *
 * From an installed package, `entry` (`<package>/dist/functions/<name>/handler.ts`) does not exist but
 * the bundle the package was built with does ({@link PREBUILT_BUNDLE}): it is read, checked against its
 * recorded hash, and used as is, so deploying needs neither the repository nor esbuild. In the
 * repository the entry exists and no prebuilt bundle sits beside it: it is bundled by esbuild at
 * `pulumi up`/`preview` time from the checked-out sources, so no built file is committed and the
 * deployed code always matches the source. Both ways run {@link bundleOptions}, and esbuild's output is
 * deterministic, so the code (and the asset hash the plan and the state record) is the same either way
 * and an unchanged function produces no diff. Bundling takes about half a second, so the result is
 * cached on disk and reused while none of the files esbuild read has changed.
 */
export function bundleFunction(entry: string): string {
    const absolute = path.resolve(entry);
    const hit = memory.get(absolute);
    if (hit !== undefined) {
        return hit;
    }
    const code = readPrebuilt(absolute) ?? bundleSource(absolute);
    memory.set(absolute, code);
    return code;
}

/** The bundle beside `entry` when the package was built with one; throws if it does not match its hash. */
function readPrebuilt(entry: string): string | undefined {
    const file = path.join(path.dirname(entry), PREBUILT_BUNDLE);
    if (!fs.existsSync(file)) {
        return undefined;
    }
    const code = fs.readFileSync(file, "utf8");
    const recorded = fs.readFileSync(`${file}.sha256`, "utf8").trim();
    if (bundleHash(code) !== recorded) {
        throw new Error(`${file} does not match the SHA-256 recorded when the package was built (${recorded}); reinstall the package`);
    }
    return code;
}

/**
 * The esbuild options for a function's entry point; the package's build (tools/package/build.ts) and the
 * deploy-time fallback both use them, so both produce the same bytes.
 */
export function bundleOptions(entry: string): BuildOptions {
    return {
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        target: ESBUILD_TARGET,
        format: "cjs",
        minify: true,
        legalComments: "none",
        write: false,
        metafile: true,
        logLevel: "silent",
        // The repository's root (functions/<name>/handler.ts is two levels down).
        absWorkingDir: path.resolve(path.dirname(entry), "..", ".."),
    };
}

function bundleSource(entry: string): string {
    if (!fs.existsSync(entry)) {
        throw new Error(`no bundle for ${entry}: the package was built without ${path.join(path.dirname(entry), PREBUILT_BUNDLE)} `
            + "and the function's source is not there to bundle; reinstall the package, or run `npm run build` in the repository");
    }
    // Only the version until a build is needed: an installed package ships its bundles and does not
    // depend on esbuild, and a cached bundle needs nothing more.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuildVersion = (require("esbuild/package.json") as { version: string }).version;
    const options = bundleOptions(entry);
    const key = crypto.createHash("sha256").update(JSON.stringify(["inputs-v2", esbuildVersion, options])).digest("hex");
    const file = path.join(CACHE_DIR, `${key.slice(0, 16)}.json`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return readCache(file, key) ?? build(require("esbuild") as typeof import("esbuild"), options, file, key);
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

function build(esbuild: typeof import("esbuild"), options: BuildOptions, file: string, key: string): string {
    const result = esbuild.buildSync(options);
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
