/**
 * The package as users get it (packed, installed, imported, and run as a plugin), prepared by prepare.ts
 * in one child process. It starts when a test file first asks, which mocha does while loading the test
 * files, so the work overlaps the other test files on the second core instead of adding to the suite's time.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "../mocks";
import type { ImportCheck, Installed, Part, Prepared, Schema, Tarball } from "./prepare";

export type { ImportCheck, Property, Schema } from "./prepare";

let prepared: Promise<Prepared> | undefined;

/** Starts prepare.ts once and resolves with what it printed. */
function prepare(): Promise<Prepared> {
    prepared ??= new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(ROOT, "tools", "run-ts.js"), path.join(__dirname, "prepare.ts")], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
        child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
        child.on("error", reject);
        child.on("close", (code) => {
            try {
                resolve(JSON.parse(stdout) as Prepared);
            } catch {
                reject(new Error(`prepare.ts exited ${code} without its report:\n${stderr || stdout}`));
            }
        });
    });
    return prepared;
}

/** Starts the work now (mocha is loading the test files); the tests await its parts. */
export function startPreparing(): void {
    prepare().catch(() => undefined);
}

async function part<T>(pick: (p: Prepared) => Part<T>): Promise<T> {
    const got = pick(await prepare());
    if ("error" in got) {
        throw new Error(got.error);
    }
    return got.value;
}

/** The tarball `npm pack` makes of the repository, packed once per content hash. */
export const packedTarball = (): Promise<Tarball> => part((p) => p.tarball);
/** What importing the installed package did (importCheck.js). */
export const importCheck = (): Promise<ImportCheck> => part((p) => p.imported);
/** The schema the package serves when run as Pulumi runs a plugin. */
export const providerSchema = (): Promise<{ schema: Schema; seconds?: number }> => part((p) => p.schema);

/** The installed package's directory under node_modules. */
export async function installedRoot(): Promise<string> {
    return path.join((await part<Installed>((p) => p.installed)).dir, "node_modules", "ha-web-tier");
}

/** Removes the install directory (the tarball stays cached). */
export async function cleanUp(): Promise<void> {
    const got = prepared && (await prepared.catch(() => undefined))?.installed;
    if (got && "value" in got) {
        fs.rmSync(got.value.dir, { recursive: true, force: true });
    }
}
