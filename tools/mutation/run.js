#!/usr/bin/env node
// @ts-check
// `npm run mutate [-- stryker options]`: StrykerJS with stryker.config.json, with mocha12.js preloaded
// into every process it starts (see that file for why).
"use strict";
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const root = path.join(__dirname, "..", "..");
const shim = path.join(__dirname, "mocha12.js");
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${JSON.stringify(shim)}`.trim() };
const stryker = path.join(path.dirname(require.resolve("@stryker-mutator/core/package.json", { paths: [root] })), "bin", "stryker.js");
const run = spawnSync(process.execPath, [stryker, "run", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
process.exit(run.status ?? 1);
