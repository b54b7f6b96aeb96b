/**
 * `npm run urns -- <stack file>...`: records a stack's URN baseline (test/fixtures/urns/<name>.txt),
 * the set later versions of the program must keep (test/stack/urns.test.ts). Refuses to overwrite an
 * existing baseline: a lost URN is fixed with an alias, not by recording the loss.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluateStack } from "../engine";

async function main(files: string[]): Promise<void> {
    if (files.length === 0) throw new Error("usage: npm run urns -- <stack file>...");
    for (const file of files) {
        const out = path.resolve("test", "fixtures", "urns", `${path.basename(file, ".yaml")}.txt`);
        if (fs.existsSync(out)) throw new Error(`${out} exists; a changed URN needs an alias, not a new baseline`);
        const run = await evaluateStack({ program: path.resolve("stack", "index.ts"), configFile: path.resolve(file) });
        fs.writeFileSync(out, `${run.resources.map((r) => r.urn).sort().join("\n")}\n`);
        process.stdout.write(`${out}: ${run.resources.length} URNs\n`);
    }
}

main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
});
