// @ts-check
// Preloaded (NODE_OPTIONS=--require) into Stryker and its workers by run.js. Mocha 12 ships its cli
// internals as .cjs files, and @stryker-mutator/mocha-runner 10.1.1 requires them without an
// extension (`lib/cli/run-helpers`, `lib/cli/options`), which Node does not resolve to .cjs: the
// runner plugin then fails to load. stryker-mutator/stryker-js#6205 fixes it upstream; drop this file
// once a release with that fix is pinned. Only extensionless requests into mocha's lib/cli are retried.
"use strict";
const Module = require("node:module");

/** @type {(request: string, ...rest: unknown[]) => string} */
// @ts-expect-error: internal API, stable since Node 0.x
const resolve = Module._resolveFilename;
// @ts-expect-error: see above
Module._resolveFilename = function (request, ...rest) {
    try {
        return resolve.call(this, request, ...rest);
    } catch (err) {
        if (/[\\/]mocha[\\/]lib[\\/]cli[\\/][\w-]+$/.test(request) && /** @type {NodeJS.ErrnoException} */ (err).code === "MODULE_NOT_FOUND") {
            return resolve.call(this, `${request}.cjs`, ...rest);
        }
        throw err;
    }
};
