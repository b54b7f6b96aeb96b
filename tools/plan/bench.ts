/**
 * `npm run bench`: how long `npm run plan` takes on the prod stack, against the floor any Pulumi
 * program pays (`require("@pulumi/pulumi"); require("@pulumi/aws")`), both as fresh processes,
 * interleaved so machine noise hits both alike. Targets: plan median <= 2 s and <= 1.5x the import. On a
 * shared machine raise BENCH_RUNS: the medians, and so the ratio, settle with more runs.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/**
 * The node arguments of `npm run plan` (package.json's `plan` script, less `node`), so the bench times
 * the command users run, its V8 flags and entry included, and cannot drift from it.
 */
export function planCommand(): string[] {
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const [node, ...args] = (scripts.plan ?? "").split(/\s+/).filter(Boolean);
    if (node !== "node" || args.some((a) => /["'$&|;<>]/.test(a))) {
        throw new Error(`package.json's plan script is not a plain \`node ...\` command the bench can run: ${scripts.plan}`);
    }
    return args;
}

/** Wall time of one fresh process, in milliseconds; throws if it fails. */
function time(args: string[]): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) {
        throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    }
    return ms;
}

/** The middle value; the mean of the two middle ones for an even count. */
function median(values: readonly number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

function main(): void {
    const bare = ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws")'];
    const plan = [...planCommand(), "--stack", "prod"];
    // One untimed run each: fills the compile cache and the OS file cache, as any second run finds them.
    const first = time(plan);
    time(bare);
    const planMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
        bareMs.push(time(bare));
        planMs.push(time(plan));
    }
    const p = median(planMs);
    const b = median(bareMs);
    const ratio = p / b;
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`plan of prod (first run, compile cache as found): ${fmt(first)}`);
    console.log(`plan of prod, median of ${RUNS}: ${fmt(p)}  [${planMs.map(fmt).join(", ")}]`);
    console.log(`bare import,  median of ${RUNS}: ${fmt(b)}  [${bareMs.map(fmt).join(", ")}]`);
    console.log(`ratio plan / bare import: ${ratio.toFixed(2)}x  (the plan: node ${plan.join(" ")})`);
    const ok = p <= 2000 && ratio <= 1.5;
    console.log(`${ok ? "within" : "OUTSIDE"} target (plan <= 2 s and <= 1.5x the bare import)`);
}

if (process.argv[1] === __filename) {
    main();
}
