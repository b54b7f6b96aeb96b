// @ts-check
// Run by test/package/packed.ts in a child process: imports the package installed in the directory given
// as the first argument the way a program there would (`require("ha-web-tier")`), with NODE_PATH at
// the repository's node_modules for its peer dependencies and esbuild out of reach, and prints what it
// saw as JSON: what the import registered and read, what it exports, and the code a deployed function
// carries. Plain JavaScript, so nothing compiles the package on its way in.
"use strict";
const Module = require("node:module");
const crypto = require("node:crypto");
const path = require("node:path");

const dir = path.resolve(process.argv[2] ?? ".");
// Resolves as a module in the install directory does: node_modules there, then NODE_PATH.
const consumerRequire = Module.createRequire(path.join(dir, "index.js"));

// The repository's node_modules holds esbuild; the installed package must not need it.
const esbuildRequests = [];
const resolve = /** @type {any} */ (Module)._resolveFilename;
/** @type {any} */ (Module)._resolveFilename = function (/** @type {string} */ request, /** @type {unknown[]} */ ...rest) {
    if (request === "esbuild" || request.startsWith("esbuild/")) {
        esbuildRequests.push(request);
        throw Object.assign(new Error(`Cannot find module '${request}'`), { code: "MODULE_NOT_FOUND" });
    }
    return resolve.call(this, request, ...rest);
};

const pulumi = consumerRequire("@pulumi/pulumi");
consumerRequire("@pulumi/aws");

/** @type {{ type: string, name: string, inputs: any }[]} */
const registered = [];
const invokes = [];
pulumi.runtime.setMocks({
    newResource: (a) => {
        registered.push({ type: a.type, name: a.name, inputs: a.inputs });
        return { id: `${a.name}-id`, state: { ...a.inputs, arn: `arn:aws:mock:us-west-2:123456789012:${a.name}` } };
    },
    call: (a) => {
        invokes.push(a.token);
        return { partition: "aws", accountId: "123456789012" };
    },
}, "consumer", "dev", true);

// Every read of stack config or of the project and stack names, from here on.
const reads = [];
const spy = (/** @type {any} */ mod, /** @type {string[]} */ names) => {
    for (const name of names) {
        const original = mod[name];
        mod[name] = (/** @type {unknown[]} */ ...args) => {
            reads.push(`${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`);
            return original(...args);
        };
    }
};
spy(consumerRequire("@pulumi/pulumi/runtime/config"), ["getConfig", "allConfig"]);
spy(consumerRequire("@pulumi/pulumi/runtime/settings"), ["getProject", "getStack"]);

const tick = () => new Promise((r) => setImmediate(r));

async function main() {
    const lib = consumerRequire("ha-web-tier");
    const main = consumerRequire(consumerRequire.resolve("ha-web-tier/package.json").replace(/package\.json$/, ""));
    await tick();
    const onImport = { registered: registered.length, invokes: invokes.length, reads: [...reads] };

    const isComponent = (/** @type {unknown} */ v) => typeof v === "function" && v.prototype instanceof pulumi.ComponentResource;
    const exportsSeen = Object.fromEntries(Object.entries(lib).map(([k, v]) => [k, isComponent(v) ? "component" : typeof v]));

    // A component that deploys a function, built from the installed package alone; a transformation
    // (applied in this process to every child) sees the code archive as the component built it.
    /** @type {any} */
    let code;
    const { PrimaryProbe } = lib;
    new PrimaryProbe("probe", {
        stack: "dev", primaryRegion: "us-west-2", standbyRegion: "us-east-1", primaryAlbDnsName: "primary.example.com",
        hostName: "app.example.com", healthPath: "/health", searchString: "ok", failureThreshold: 3, healthCheckId: "hc-1",
        standbyAsgName: "standby", standbyAsgArn: "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:x", failoverCapacity: 2,
        standbyCapacity: { min: 0, desired: 0 }, logRetentionDays: 30,
    }, {
        transformations: [(a) => {
            if (a.type === "aws:lambda/function:Function") code = a.props.code;
            return undefined;
        }],
    });
    // An archive's assets and an asset's text are promises in the SDK's objects.
    const asset = code ? (await code.assets)["index.js"] : undefined;
    const text = asset ? await asset.text : undefined;
    console.log(JSON.stringify({
        onImport,
        exports: exportsSeen,
        main: typeof main,
        esbuildRequests,
        probeCode: text === undefined ? undefined : { sha256: crypto.createHash("sha256").update(text).digest("hex"), bytes: Buffer.byteLength(text) },
    }));
}

main().catch((err) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
});
