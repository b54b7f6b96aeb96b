/**
 * The package as users get it, prepared in the background: `npm pack` (once per content hash of what goes
 * into the tarball; the tarball is kept under node_modules/.cache), an offline install of the tarball
 * into a temporary directory, a child process that imports it from there (importCheck.js), and the
 * schema the multi-language provider infers (inferSchema.ts, another child). Each starts when a test
 * file first asks for it, which mocha does while loading the test files, so the work overlaps the
 * other test files on the second core instead of adding to the suite's time.
 */
import { spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { inputsHash } from "../../tools/package/build";
import { ROOT } from "../mocks";

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
            fs.mkdirSync(CACHE, { recursive: true });
            fs.renameSync(path.join(out, filename), file);
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

/** The installed package's directory under node_modules. */
export async function installedRoot(): Promise<string> {
    return path.join((await installedPackage()).dir, "node_modules", "ha-web-tier");
}

/** Removes the install directory (the tarball stays cached). */
export async function cleanUp(): Promise<void> {
    if (installed) {
        const { dir } = await installed.catch(() => ({ dir: "" }));
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
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

let schema: Promise<{ schema: Schema; seconds: number }> | undefined;

/** The schema the provider infers (inferSchema.ts, in a child process: inference builds a TypeScript program of the project). */
export function inferredSchema(): Promise<{ schema: Schema; seconds: number }> {
    schema ??= (async () => {
        const r = ok("inferSchema.ts", await run(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(__dirname, "inferSchema.ts")], { cwd: ROOT }));
        return { schema: JSON.parse(r.stdout) as Schema, seconds: r.seconds };
    })();
    return schema;
}
