/**
 * The child processes the red-team tests of the plan's deferrals run: a fixture's observations with or
 * without the deferral installed first (without it is what `pulumi preview` runs), and a plan of a fixture
 * program. Asynchronous, so a test file starts all of its children at once.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "../mocks";

/** A finished child: its exit code (-1 if killed by the timeout), stdout, and stdout and stderr together. */
export interface Finished {
    status: number;
    stdout: string;
    out: string;
}

/** Runs node with `args` from the project root. */
export function node(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
    return new Promise((resolve) => {
        execFile(process.execPath, args, { cwd: ROOT, encoding: "utf8", env, timeout: 25_000 }, (err, stdout, stderr) => resolve({
            status: err ? (typeof err.code === "number" ? err.code : -1) : 0,
            stdout,
            out: stdout + stderr + (err?.killed ? "\n(killed after 25 s)" : ""),
        }));
    });
}

/** The `facts` a fixture module exports, read in a fresh process, with or without tools/engine/deferred-sdk.ts loaded first. */
export async function factsOf(fixture: string, deferred: boolean): Promise<Record<string, unknown>> {
    const script = `
        require("./tools/register-ts.js");
        ${deferred ? `require("./tools/engine/deferred-sdk.ts");` : ""}
        process.stdout.write(JSON.stringify(require(${JSON.stringify(fixture)}).facts));`;
    const child = await node(["-e", script]);
    if (child.status !== 0) {
        throw new Error(`${fixture}: ${child.out}`);
    }
    return JSON.parse(child.stdout) as Record<string, unknown>;
}

/** `npm run plan` of a fixture program against the fail-closed fixtures' one-region stack config. */
export function planOf(program: string, env?: NodeJS.ProcessEnv): Promise<Finished> {
    return node(["tools/run-ts.js", "tools/plan/index.ts", "--program", program,
        "--config", path.join(ROOT, "test", "fixtures", "plan", "fail-closed", "stack.yaml")], env);
}
