/** Each stack file evaluated once per test process, for the test files that judge the whole program. */
import * as fs from "fs";
import * as path from "path";
import { evaluateStack, type ProgramRun } from "../../tools/engine";
import { ROOT } from "../mocks";

/** Every stack the repository ships: the `Pulumi.<stack>.yaml` files and `examples/*.yaml`, as paths from the root. */
export const STACK_FILES: string[] = [
    ...fs.readdirSync(ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).sort(),
    ...fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".yaml")).sort().map((f) => `examples/${f}`),
];

const runs = new Map<string, Promise<ProgramRun>>();

/** The reference program evaluated under `file` (preview mode, as the offline plan runs it); evaluated once. */
export function stackRun(file: string): Promise<ProgramRun> {
    let run = runs.get(file);
    if (!run) {
        run = evaluateStack({ program: path.join(ROOT, "stack", "index.ts"), configFile: path.join(ROOT, file) });
        runs.set(file, run);
    }
    return run;
}
