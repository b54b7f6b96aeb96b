// Systematic interleaving of concurrent invocations: every AWS call parks at the World's gate, and a
// scheduler releases one parked call at a time. A depth-first search over the scheduler's choices runs
// the scenario once per distinct order of the calls that can matter, so every interleaving at every
// AWS call boundary is covered, not a random sample.
//
// Orders that differ only by swapping two independent calls (different resources, or two reads of
// one) reach the same end state; the search skips them with sleep sets (Godefroid, "Partial-Order
// Methods for the Verification of Concurrent Systems", 1996), which still visits at least one order of
// every class of equivalent orders. Events outside the function (an alarm turning) count as dependent
// on everything, since they also start new invocations.
import { AsyncLocalStorage } from "node:async_hooks";
import { World, baseEnv } from "./failoverFixtures";

/** Which invocation (actor) an AWS call belongs to, for fault injection and failure messages. */
export const actorOf = new AsyncLocalStorage<string>();

/** What a scenario gives the explorer: the starting state, the actors to start, and the check of the end state. */
export interface Scenario {
    /** Puts the (reused) world into the scenario's starting state. */
    setup(world: World): void;
    /** The function's environment; @default baseEnv() */
    env?: Record<string, string | undefined>;
    /**
     * Starts the scenario's actors. `spawn` delivers an event to an invocation of its own (with
     * Lambda's two retries); `step` is an event outside the function (an alarm turning, target
     * tracking) that is interleaved like an AWS call.
     */
    start(world: World, spawn: (actor: string, event: unknown) => void, step: (actor: string, act: () => void) => void): void;
    /** Asserts the end state; `failed` lists invocations that still failed after Lambda's retries. */
    check(world: World, failed: string[]): void;
    /** Actions released without parking: calls whose order cannot matter to the end state checked. */
    unordered?: string[];
}

interface Parked {
    /** Stable across re-executions of the same prefix: the actor and how many calls it parked before. */
    id: string;
    actor: string;
    action: string;
    release: () => void;
}

/** One decision of the search: what could go next, what is known redundant, what was tried. */
interface Node {
    enabled: Map<string, string>;
    sleep: Set<string>;
    done: string[];
    chosen: string;
}

// What each AWS action touches; anything else (an event outside the function) touches everything.
const ACCESS: Record<string, [resource: string, writes: boolean]> = {
    "dynamodb:GetItem": ["state item", false],
    "dynamodb:PutItem": ["state item", true],
    "autoscaling:DescribeAutoScalingGroups": ["group", false],
    "autoscaling:UpdateAutoScalingGroup": ["group", true],
    "autoscaling:DescribeScalingActivities": ["group", false],
    "cloudwatch:DescribeAlarms": ["alarms", false],
    "rds:DescribeDBInstances": ["replica", false],
    "rds:PromoteReadReplica": ["replica", true],
    "sns:Publish": ["topic", true],
    "ssm:GetParameter": ["hold", false],
    "ssm:PutParameter": ["hold", true],
    "cloudwatch:PutMetricData": ["hold metric", true],
    "cloudwatch:GetMetricData": ["health history", false],
};

function independent(a: string, b: string): boolean {
    const [x, y] = [ACCESS[a], ACCESS[b]];
    return x !== undefined && y !== undefined && (x[0] !== y[0] || (!x[1] && !y[1]));
}

type Handler = ReturnType<World["handler"]>;

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs the scenario once along `stack` (extending it with new decisions), and returns false when the
 * run reached only redundant choices. The world and each actor's handler (its execution environment,
 * warm as Lambda keeps them) are reused across runs: building SDK clients per run would be slow.
 */
async function runOnce(scenario: Scenario, world: World, handlers: Map<string, Handler>, stack: Node[], order: string[]): Promise<boolean> {
    world.reset();
    scenario.setup(world);
    const parked: Parked[] = [];
    const counts = new Map<string, number>();
    const running: Promise<void>[] = [];
    const failed: string[] = [];
    const unordered = new Set(scenario.unordered ?? []);
    const park = (actor: string, action: string) =>
        new Promise<void>((release) => {
            const n = counts.get(actor) ?? 0;
            counts.set(actor, n + 1);
            parked.push({ id: `${actor}#${n}`, actor, action, release });
        });
    world.gate = (action) => (unordered.has(action) ? Promise.resolve() : park(actorOf.getStore() ?? "?", action));
    const spawn = (actor: string, event: unknown) => {
        let handler = handlers.get(actor);
        if (!handler) {
            handler = world.handler(scenario.env ?? baseEnv());
            handlers.set(actor, handler);
        }
        const run = handler;
        running.push(
            actorOf.run(actor, async () => {
                // Lambda retries a failed asynchronous invocation twice.
                for (let attempt = 1; attempt <= 3; attempt++) {
                    try {
                        return await run(event);
                    } catch (error) {
                        if (attempt === 3) failed.push(`${actor}: ${(error as Error).message}`);
                    }
                }
            }),
        );
    };
    const step = (actor: string, act: () => void) => {
        running.push(actorOf.run(actor, async () => {
            await park(actor, actor);
            act();
        }));
    };
    scenario.start(world, spawn, step);
    for (let depth = 0; ; depth++) {
        // Every released call runs on promises only (the mocks, the injected sleeps), so one macrotask
        // turn lets each actor reach its next call or its end.
        await turn();
        if (parked.length === 0) break;
        if (depth === stack.length) {
            const parent = stack[depth - 1];
            const enabled = new Map(parked.map((p) => [p.id, p.action]));
            const sleep = new Set<string>();
            if (parent) {
                const took = parent.enabled.get(parent.chosen)!;
                for (const id of [...parent.sleep, ...parent.done]) {
                    const action = parent.enabled.get(id);
                    if (action !== undefined && enabled.has(id) && independent(action, took)) sleep.add(id);
                }
            }
            const chosen = [...enabled.keys()].find((id) => !sleep.has(id));
            if (chosen === undefined) {
                // Every possible next call leads only to orders already covered: abandon this run. Its
                // parked calls are never released; the next run resets the world.
                return false;
            }
            stack.push({ enabled, sleep, done: [], chosen });
        }
        const index = parked.findIndex((p) => p.id === stack[depth].chosen);
        if (index < 0) {
            throw new Error(`the scenario is not deterministic: ${stack[depth].chosen} is not parked at decision ${depth}`);
        }
        const [next] = parked.splice(index, 1);
        order.push(`${next.actor}: ${next.action}`);
        next.release();
    }
    await Promise.all(running);
    scenario.check(world, failed);
    return true;
}

/**
 * Runs the scenario under every interleaving of its actors' AWS calls and steps (up to swaps of
 * independent calls) and returns how many complete runs that took. A failing check names the order.
 */
export async function everyInterleaving(scenario: Scenario): Promise<number> {
    const world = new World();
    const handlers = new Map<string, Handler>();
    const stack: Node[] = [];
    let runs = 0;
    try {
        for (;;) {
            const order: string[] = [];
            try {
                if (await runOnce(scenario, world, handlers, stack, order)) runs++;
            } catch (error) {
                throw new Error(`${(error as Error).message}\nin the interleaving:\n  ${order.join("\n  ")}`, { cause: error });
            }
            // Backtrack to the deepest decision with an untried, not redundant choice.
            while (stack.length > 0) {
                const node = stack[stack.length - 1];
                node.done.push(node.chosen);
                const next = [...node.enabled.keys()].find((id) => !node.sleep.has(id) && !node.done.includes(id));
                if (next !== undefined) {
                    node.chosen = next;
                    break;
                }
                stack.pop();
            }
            if (stack.length === 0) return runs;
        }
    } finally {
        world.gate = undefined;
        world.restore();
    }
}
