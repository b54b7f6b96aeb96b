#!/usr/bin/env node
// @ts-check
// `npm run mutate [-- stryker options]`: StrykerJS with stryker.config.json (incremental, per-test
// coverage, the TypeScript checker), then survivors.ts over its JSON report: each file's kill rate, and
// every surviving mutant either listed in equivalent-mutants.yaml or reported. mocha12.js is preloaded
// into every process Stryker starts (see that file for why).
"use strict";
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..", "..");
const shim = path.join(__dirname, "mocha12.js");
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(shim)}`.trim() };
const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json", { paths: [root] })), "bin", "stryker.js");
const run = spawnSync(process.execPath, [stryker, "run", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
if (run.status !== 0) {
    process.exit(run.status ?? 1);
}
const survivors = spawnSync(process.execPath, [path.join(root, "tools", "run-ts.js"), path.join(__dirname, "survivors.ts")], { cwd: root, stdio: "inherit" });
process.exit(survivors.status ?? 1);
