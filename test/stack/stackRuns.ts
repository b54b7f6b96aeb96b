/** Each stack file evaluated once per test process, for the test files that judge the whole program. */
import * as fs from "fs";
import * as path from "path";
import { evaluateStack } from "../../tools/engine";
import { runPlan, type PlanOutcome } from "../../tools/plan";
import { analyze } from "../../tools/plan/analyze";
import { ROOT } from "../mocks";

/** Every stack the repository ships: the `Pulumi.<stack>.yaml` files and `examples/*.yaml`, as paths from the root. */
export const STACK_FILES: string[] = [
    ...fs.readdirSync(ROOT).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f)).sort(),
    ...fs.readdirSync(path.join(ROOT, "examples")).filter((f) => f.endsWith(".yaml")).sort().map((f) => `examples/${f}`),
];

type StackRun = Awaited<ReturnType<typeof evaluateStack>>;
const runs = new Map<string, Promise<StackRun>>();

/** The reference program evaluated under `file` (preview mode, as the offline plan runs it); evaluated once. */
export function stackRun(file: string): Promise<StackRun> {
    let run = runs.get(file);
    if (!run) {
        run = evaluateStack({ program: path.join(ROOT, "stack", "index.ts"), configFile: path.join(ROOT, file) });
        runs.set(file, run);
    }
    return run;
}

const plans = new Map<string, Promise<PlanOutcome>>();

/** `npm run plan -- --config <file>` of a shipped stack, in-process, over its one evaluation ({@link stackRun}). */
export function stackPlan(file: string): Promise<PlanOutcome> {
    let plan = plans.get(file);
    if (!plan) {
        plan = runPlan({ config: file }, analyze, () => stackRun(file));
        plans.set(file, plan);
    }
    return plan;
}
