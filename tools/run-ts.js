#!/usr/bin/env node
// @ts-check
// Runs a TypeScript tool (`node tools/run-ts.js tools/plan.ts ...`), each .ts module compiled by esbuild
// as it is required (register-ts.js).
"use strict";
const path = require("node:path");
require("./register-ts.js");

const [script, ...args] = process.argv.slice(2);
if (!script) {
    console.error("usage: node tools/run-ts.js <file.ts> [args...]");
    process.exit(2);
}
process.argv = [process.argv[0] ?? "node", path.resolve(script), ...args];
require(path.resolve(script));
