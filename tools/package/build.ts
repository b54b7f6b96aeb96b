/**
 * The package's build (`npm run build`; npm runs it as `prepare` on `npm pack`, `npm publish` and an
 * `npm install` in a clone, which is what `pulumi package add <repo>` does): the library's JavaScript and
 * declarations in dist/src (tsconfig.build.json), and each Lambda function's bundle with its SHA-256 in
 * dist/functions/<name>/, built by the same code and options a deploy from the repository uses
 * (src/failover/lambdaBundle.ts), so both deploy the same bytes.
 *
 *   npm run build [-- --force]
 *
 * Skips the work when dist/ was built from the same inputs (a hash of them is kept in dist/).
 */
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { bundleFunction, bundleHash, PREBUILT_BUNDLE } from "../../src/failover/lambdaBundle";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
const STAMP = path.join(DIST, ".build-inputs");

/** Files whose content decides what the build produces (besides node_modules, which package-lock.json pins). */
function inputFiles(): string[] {
    const walk = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
    return [...walk("src"), ...walk("functions"), "tsconfig.json", "tsconfig.build.json", "package.json", "package-lock.json",
        path.relative(ROOT, __filename), path.join("src", "failover", "lambdaBundle.ts")].sort();
}

/** A hash of every build input's path and content. */
export function inputsHash(): string {
    const hash = crypto.createHash("sha256");
    for (const file of new Set(inputFiles())) {
        hash.update(`${file}\0`).update(fs.readFileSync(path.join(ROOT, file))).update("\0");
    }
    return hash.digest("hex");
}

/** The functions to bundle: every functions/<name>/handler.ts. */
export function functionNames(): string[] {
    return fs.readdirSync(path.join(ROOT, "functions")).filter((n) => fs.existsSync(path.join(ROOT, "functions", n, "handler.ts"))).sort();
}

function main(args: string[]): number {
    const hash = inputsHash();
    if (!args.includes("--force") && fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8").trim() === hash) {
        console.log("build: dist/ is up to date");
        return 0;
    }
    const started = Date.now();
    fs.rmSync(DIST, { recursive: true, force: true });
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], { stdio: "inherit" });
    if (tsc.status !== 0) {
        console.error("build: tsc failed");
        return 1;
    }
    for (const name of functionNames()) {
        const code = bundleFunction(path.join(ROOT, "functions", name, "handler.ts"));
        const out = path.join(DIST, "functions", name, PREBUILT_BUNDLE);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, code);
        fs.writeFileSync(`${out}.sha256`, `${bundleHash(code)}\n`);
    }
    fs.writeFileSync(STAMP, `${hash}\n`);
    console.log(`build: dist/ built in ${((Date.now() - started) / 1000).toFixed(1)} s (${functionNames().join(", ")} bundled)`);
    return 0;
}

if (process.argv[1] === __filename) {
    process.exitCode = main(process.argv.slice(2));
}
