/**
 * `npm pack` gives a package a fresh directory can install and import: every component is a
 * constructor, every function's bundle is inside, importing it does nothing, and a function deployed
 * from it carries the same code a deploy from the repository bundles (so switching between the two
 * never updates the function).
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { FAILOVER_ENTRY } from "../../src/failover/failoverFunction";
import { bundleFunction, bundleHash } from "../../src/failover/lambdaBundle";
import { PROBE_ENTRY } from "../../src/failover/primaryProbe";
import * as lib from "../../src/index";
import { functionNames } from "../../tools/package/build";
import { ROOT } from "../mocks";
import { cleanUp, importCheck, installedRoot, packedTarball, startPreparing } from "./packed";

/** The components src/index.ts exports, by name. */
const COMPONENTS = Object.entries(lib).filter(([, v]) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource).map(([k]) => k).sort();

// Started while mocha loads the test files, so packing and installing overlap the other tests.
startPreparing();

describe("the npm package", function () {
    // Packing builds dist/ when it is stale (tsc and both bundles: ~10 s on two busy cores).
    this.timeout(180_000);
    after(cleanUp);

    it("npm pack holds the library's JavaScript and declarations and each function's bundle, and none of the repository's sources", async () => {
        const { file } = await packedTarball();
        const entries = execFileSync("tar", ["-tzf", file], { encoding: "utf8" }).split("\n").filter(Boolean).map((e) => e.replace(/^package\//, ""));
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { main: string; types: string; exports: Record<string, Record<string, string>> };
        for (const file of [pkg.main, pkg.types, pkg.exports["."].types, pkg.exports["."].default].map((f) => f.replace(/^\.\//, ""))) {
            assert.ok(entries.includes(file), `${file} (named by package.json) is not in the tarball`);
        }
        for (const name of functionNames()) {
            assert.ok(entries.includes(`dist/functions/${name}/index.js`), `the ${name} bundle is not in the tarball`);
            assert.ok(entries.includes(`dist/functions/${name}/index.js.sha256`), `the ${name} bundle's hash is not in the tarball`);
        }
        assert.deepEqual(entries.filter((e) => e.endsWith(".ts") && !e.endsWith(".d.ts")), [], "TypeScript sources in the tarball");
        assert.deepEqual(entries.filter((e) => /^(src|stack|test|tools|policy|functions|examples|docs)\//.test(e)), []);
    });

    it("installed from the tarball, every component it exports is a ComponentResource constructor", async () => {
        const seen = await importCheck();
        assert.deepEqual(Object.keys(seen.exports).filter((k) => seen.exports[k] === "component").sort(), COMPONENTS);
        assert.ok(COMPONENTS.includes("DataTier"), "the data tier is a component");
        assert.ok(COMPONENTS.includes("HaWebTier") && COMPONENTS.includes("GlobalFailover") && COMPONENTS.includes("Network"));
    });

    it("importing the installed package registers no resource, calls no provider function and reads no config, project or stack", async () => {
        const seen = await importCheck();
        assert.deepEqual(seen.onImport, { registered: 0, invokes: 0, reads: [] });
        // `main` (what `pulumi package add` runs) exports the provider host as a function and starts nothing.
        assert.equal(seen.main, "function");
    });

    it("a function deployed from the installed package carries the bundle built into it, needing neither esbuild nor the repository", async () => {
        const seen = await importCheck();
        assert.deepEqual(seen.esbuildRequests, []);
        const code = fs.readFileSync(path.join(await installedRoot(), "dist", "functions", "probe", "index.js"), "utf8");
        assert.deepEqual(seen.probeCode, { sha256: bundleHash(code), bytes: Buffer.byteLength(code) });
        const pkg = JSON.parse(fs.readFileSync(path.join(await installedRoot(), "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
        assert.equal(pkg.dependencies, undefined, "the package depends on more than its peers");
        assert.deepEqual(Object.keys(pkg.peerDependencies ?? {}).sort(), ["@pulumi/aws", "@pulumi/pulumi"]);
    });

    it("each packaged bundle is byte for byte what a deploy from the repository bundles with esbuild, so the asset hash never changes between the two", async () => {
        const root = await installedRoot();
        for (const [name, entry] of [["failover", FAILOVER_ENTRY], ["probe", PROBE_ENTRY]] as const) {
            const packaged = fs.readFileSync(path.join(root, "dist", "functions", name, "index.js"), "utf8");
            const fromSource = bundleFunction(entry);
            assert.equal(bundleHash(packaged), bundleHash(fromSource), `the packaged ${name} bundle differs from the repository's`);
            assert.equal(fs.readFileSync(path.join(root, "dist", "functions", name, "index.js.sha256"), "utf8").trim(), bundleHash(fromSource));
            // Nothing of the machine that built it: a package built elsewhere deploys the same bytes.
            assert.ok(!packaged.includes(ROOT), `the ${name} bundle names the build directory`);
        }
        assert.equal((await importCheck()).probeCode?.sha256, bundleHash(bundleFunction(PROBE_ENTRY)));
    });
});
