#!/usr/bin/env node
// @ts-check
// Runs npm scripts at the same time (`node tools/run-parallel.js typecheck lint`) and prints each
// one's output, unmixed, when it ends; exits with the first failing script's code. `npm test` runs
// the type check and the lint this way: each uses one core, so on two cores the pair takes about as
// long as the slower one instead of both in a row.
"use strict";
const { spawn } = require("node:child_process");

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
    console.error("usage: node tools/run-parallel.js SCRIPT...");
    process.exit(64);
}

/** @param {string} script @returns {Promise<number>} */
function run(script) {
    return new Promise((resolve) => {
        /** @type {Buffer[]} */
        const out = [];
        const child = spawn("npm", ["run", "--silent", script], { stdio: ["ignore", "pipe", "pipe"] });
        child.stdout.on("data", (b) => out.push(b));
        child.stderr.on("data", (b) => out.push(b));
        child.on("error", (err) => {
            out.push(Buffer.from(`${err.message}\n`));
            resolve(1);
        });
        child.on("close", (code, signal) => {
            const failed = code !== 0;
            if (failed || out.length > 0) {
                process.stdout.write(`> ${script}${failed ? ` failed (${signal ?? `exit ${code}`})` : ""}\n`);
                process.stdout.write(Buffer.concat(out));
            }
            resolve(code ?? 1);
        });
    });
}

void Promise.all(scripts.map(run)).then((codes) => {
    process.exitCode = codes.find((c) => c !== 0) ?? 0;
});
