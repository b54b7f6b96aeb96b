/**
 * Prepares the package as users get it, in one child process that packed.ts starts while mocha loads the
 * test files (so the work overlaps the other tests, and its own processes and sockets never show up in
 * the offline engine's count of what a program left running): `npm pack` (once per content hash of what
 * goes into the tarball; the tarball is kept under node_modules/.cache), an offline install of the tarball
 * into a temporary directory, a child process that imports it from there (importCheck.js), and the schema
 * the multi-language provider serves (the package run as Pulumi runs a plugin). Prints what each part
 * gave, or why it failed, as one JSON object.
 */
import { spawn } from "child_process";
import { createRequire } from "module";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inputsHash } from "../../tools/package/build";

const ROOT = path.resolve(__dirname, "..", "..");

/** A command's outcome. */
interface Ran {
    code: number | null;
    stdout: string;
    stderr: string;
    seconds: number;
}

function run(command: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
        child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
    });
}

function ok(what: string, r: Ran): Ran {
    if (r.code !== 0) {
        throw new Error(`${what} exited ${r.code}:\n${r.stderr || r.stdout}`);
    }
    return r;
}

/** The packed package. */
export interface Tarball {
    file: string;
    /** Seconds `npm pack` took (its prepare step builds dist/ when it is stale), or undefined when cached. */
    packSeconds?: number;
    bytes: number;
}

const CACHE = path.join(ROOT, "node_modules", ".cache", "ha-web-tier-pack");

/** What `npm pack` packs comes from the build's inputs and the README (npm always includes it). */
function tarballKey(): string {
    return crypto.createHash("sha256").update(inputsHash()).update(fs.readFileSync(path.join(ROOT, "README.md"))).digest("hex").slice(0, 20);
}

/** Puts `file` into the cache (through a temporary name `put` fills) and drops older entries of the same kind (`prefix`). */
function cacheOnly(prefix: string, file: string, put: (tmp: string) => void): void {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    put(tmp);
    fs.renameSync(tmp, file);
    for (const old of fs.readdirSync(CACHE).filter((f) => f.startsWith(prefix) && path.join(CACHE, f) !== file && !f.endsWith(".tmp"))) {
        fs.rmSync(path.join(CACHE, old), { force: true });
    }
}

let tarball: Promise<Tarball> | undefined;

/** The tarball `npm pack` makes of the repository, packed once per content hash. */
export function packedTarball(): Promise<Tarball> {
    tarball ??= (async () => {
        const file = path.join(CACHE, `ha-web-tier-${tarballKey()}.tgz`);
        if (fs.existsSync(file)) {
            return { file, bytes: fs.statSync(file).size };
        }
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "ha-web-tier-pack-"));
        try {
            const r = ok("npm pack", await run("npm", ["pack", "--json", "--pack-destination", out], { cwd: ROOT }));
            const [{ filename }] = JSON.parse(r.stdout.slice(r.stdout.indexOf("["))) as { filename: string }[];
            cacheOnly("ha-web-tier-", file, (tmp) => fs.renameSync(path.join(out, filename), tmp));
            return { file, packSeconds: r.seconds, bytes: fs.statSync(file).size };
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    })();
    return tarball;
}

/** A directory with the tarball installed in its node_modules, as `npm install <tarball>` lays it out. */
export interface Installed {
    dir: string;
    seconds: number;
}

let installed: Promise<Installed> | undefined;

/**
 * Installs the tarball offline into a fresh directory. Its peers (@pulumi/pulumi, @pulumi/aws) are left
 * out (`--legacy-peer-deps`: npm would fetch their metadata); a program there finds them through
 * NODE_PATH, at the repository's node_modules.
 */
export function installedPackage(): Promise<Installed> {
    installed ??= (async () => {
        const { file } = await packedTarball();
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ha-web-tier-installed-"));
        const r = ok("npm install <tarball>", await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts",
            "--no-package-lock", "--legacy-peer-deps", "--prefix", dir, file], { cwd: dir }));
        return { dir, seconds: r.seconds };
    })();
    return installed;
}

/** What importing the installed package did, as importCheck.js reports it. */
export interface ImportCheck {
    onImport: { registered: number; invokes: number; reads: string[] };
    /** Each export: "component" for a ComponentResource constructor, else its typeof. */
    exports: Record<string, string>;
    /** typeof what the package's `main` (the provider host) exports. */
    main: string;
    /** Requests for esbuild the installed package made (refused). */
    esbuildRequests: string[];
    /** The probe function's code as a PrimaryProbe built from the installed package deploys it. */
    probeCode?: { sha256: string; bytes: number };
}

let imported: Promise<ImportCheck> | undefined;

/** Imports the installed package in a child process (importCheck.js). */
export function importCheck(): Promise<ImportCheck> {
    imported ??= (async () => {
        const { dir } = await installedPackage();
        const env = { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") };
        const r = ok("importCheck.js", await run(process.execPath, [path.join(__dirname, "importCheck.js"), dir], { cwd: dir, env }));
        return JSON.parse(r.stdout) as ImportCheck;
    })();
    return imported;
}

/** A package schema, as far as the tests read it. */
export interface Schema {
    name: string;
    version: string;
    resources: Record<string, { description?: string; inputProperties?: Record<string, Property>; requiredInputs?: string[]; properties?: Record<string, Property> }>;
    types: Record<string, { type: string; description?: string; properties?: Record<string, Property>; enum?: { value: string }[] }>;
}

/** A property of a schema resource or type. */
export interface Property {
    type?: string;
    $ref?: string;
    description?: string;
    items?: Property;
    additionalProperties?: Property;
}

let schema: Promise<{ schema: Schema; seconds?: number }> | undefined;

/**
 * The schema `pulumi package add` gets: the package is run the way Pulumi's Node.js language host runs a
 * plugin (`@pulumi/pulumi/cmd/run-plugin <package directory>`, which requires the directory, so
 * package.json's `main`), and asked for its schema over the provider protocol (gRPC GetSchema). The
 * provider infers it from the TypeScript sources, building a program of the whole project (~7 s of CPU),
 * so the answer is kept under node_modules/.cache per content hash of the sources, the build and
 * test settings, the locked dependencies and this file. Runs after packing, whose prepare step builds `main`.
 */
export function providerSchema(): Promise<{ schema: Schema; seconds?: number }> {
    schema ??= (async () => {
        const key = crypto.createHash("sha256").update(inputsHash()).update(fs.readFileSync(__filename))
            .update(fs.readFileSync(path.join(ROOT, "PulumiPlugin.yaml"))).digest("hex").slice(0, 20);
        const cached = path.join(CACHE, `schema-${key}.json`);
        if (fs.existsSync(cached)) {
            return { schema: JSON.parse(fs.readFileSync(cached, "utf8")) as Schema };
        }
        if ((await packedTarball()).packSeconds === undefined) {
            // A tarball from the cache leaves dist/ as it was: make sure `main` is built (a no-op when it is).
            ok("build", await run(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(ROOT, "tools", "package", "build.ts")], { cwd: ROOT }));
        }
        const started = Date.now();
        const plugin = spawn(process.execPath, [require.resolve("@pulumi/pulumi/cmd/run-plugin"), ROOT], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        plugin.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
        try {
            // The provider prints the port it serves on, then waits for the engine's calls.
            const port = await new Promise<number>((resolve, reject) => {
                let out = "";
                plugin.stdout.on("data", (d: Buffer) => {
                    out += d.toString();
                    const m = /^(\d+)\s/.exec(out);
                    if (m) resolve(Number(m[1]));
                });
                plugin.on("close", (code) => reject(new Error(`the provider exited ${code} before serving:\n${stderr}`)));
            });
            const text = await getSchemaOverGrpc(port);
            const parsed = JSON.parse(text) as Schema;
            cacheOnly("schema-", cached, (tmp) => fs.writeFileSync(tmp, text));
            return { schema: parsed, seconds: (Date.now() - started) / 1000 };
        } finally {
            plugin.kill();
        }
    })();
    return schema;
}

/** Calls GetSchema on the provider at `port`, with the gRPC client and protocol stubs of @pulumi/pulumi itself. */
function getSchemaOverGrpc(port: number): Promise<string> {
    const sdk = createRequire(require.resolve("@pulumi/pulumi"));
    const grpc = sdk("@grpc/grpc-js");
    const { ResourceProviderClient } = sdk("./proto/provider_grpc_pb");
    const { GetSchemaRequest } = sdk("./proto/provider_pb");
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Promise<string>((resolve, reject) => {
        client.getSchema(new GetSchemaRequest(), (err: Error | null, res: { getSchema(): string }) => {
            client.close();
            if (err) reject(err);
            else resolve(res.getSchema());
        });
    });
}

/** What each part gave, or the error it failed with. */
export type Part<T> = { value: T } | { error: string };

/** Everything the package tests read, as main prints it. */
export interface Prepared {
    tarball: Part<Tarball>;
    installed: Part<Installed>;
    imported: Part<ImportCheck>;
    schema: Part<{ schema: Schema; seconds?: number }>;
}

async function main(): Promise<void> {
    const settle = <T>(p: Promise<T>): Promise<Part<T>> =>
        p.then((value) => ({ value }), (err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
    const [tarball, installed, imported, schema] = await Promise.all([
        settle(packedTarball()), settle(installedPackage()), settle(importCheck()), settle(providerSchema()),
    ]);
    process.stdout.write(JSON.stringify({ tarball, installed, imported, schema } satisfies Prepared));
}

if (process.argv[1] === __filename) {
    void main();
}
