/**
 * Fail closed: keeps count of every registration the program starts until the engine answers it,
 * and notices when a run can no longer make progress. An input that never resolves, or a failed
 * registration with a chain of dependants (@pulumi/pulumi 3.248 left those pending forever; 3.270
 * fails them), leaves promises that nothing will settle; the event loop then empties and a naive
 * runner ends with no verdict and exit 0. Here that state is an error that names the resources.
 */

/** One resource the program asked the engine to create or read, and what became of it. */
export interface Registration {
    type: string;
    name: string;
    /**
     * `waiting`: started, never answered (its inputs are still resolving, or never will);
     * `refused`: the engine rejected it; `inputs-failed`: one of its inputs rejected, so the SDK never
     * sent it to the engine.
     */
    state: "waiting" | "answered" | "refused" | "inputs-failed";
    /** Why it failed. */
    error?: unknown;
}

/** `type "name"`, as the plan names a resource everywhere. */
export const label = (r: { type: string; name: string }): string => `${r.type} "${r.name}"`;

/** Every registration of one run, in the order the program started them. */
export class RegistrationTracker {
    private readonly entries: Registration[] = [];
    /** Bumped on every change, so a stall check can tell a quiet moment from progress. */
    activity = 0;

    /** A resource constructor reached the SDK's registration. */
    started(type: string, name: string): void {
        this.entries.push({ type, name, state: "waiting" });
        this.activity++;
    }

    /** The engine answered a registration; with `error` when it refused it. */
    answered(type: string, name: string, error?: unknown): void {
        this.settle(type, name, error === undefined ? "answered" : "refused", error);
    }

    /** A registration's inputs rejected before it could be sent. */
    inputsFailed(type: string, name: string, error: unknown): void {
        this.settle(type, name, "inputs-failed", error);
    }

    private settle(type: string, name: string, state: Registration["state"], error: unknown): void {
        const entry = this.entries.find((e) => e.state === "waiting" && e.type === type && e.name === name);
        if (entry) {
            entry.state = state;
            entry.error = error;
        } else {
            // Registered without the SDK's constructor path (the stack itself, a default provider).
            this.entries.push({ type, name, state, error });
        }
        this.activity++;
    }

    /** Started but never answered. */
    get waiting(): Registration[] {
        return this.entries.filter((e) => e.state === "waiting");
    }

    /** Started but never registered, for whatever reason, in start order. */
    get unregistered(): Registration[] {
        return this.entries.filter((e) => e.state !== "answered");
    }

    /** Refused by the engine, or never sent because an input failed; engine refusals first (they are causes). */
    get failed(): Registration[] {
        return [...this.entries.filter((e) => e.state === "refused"), ...this.entries.filter((e) => e.state === "inputs-failed")];
    }
}

/** How many of each kind of libuv resource keep the event loop alive right now. */
function activeResources(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const kind of process.getActiveResourcesInfo()) {
        counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    return counts;
}

/** What is alive now beyond `baseline` (what was alive before the run began): I/O, and timers apart. */
function beyond(baseline: Map<string, number>): { io: boolean; timers: boolean } {
    const found = { io: false, timers: false };
    for (const [kind, n] of activeResources()) {
        if (n > (baseline.get(kind) ?? 0)) {
            found[kind === "Timeout" ? "timers" : "io"] = true;
        }
    }
    return found;
}

/** Makes the process's stdout and stderr streams, and so their handles, if nothing has used them yet. */
function openStdio(): NodeJS.WriteStream[] {
    return [process.stdout, process.stderr];
}

/** The run cannot finish: the program waits on something that nothing will ever settle, or never lets go. */
export class StalledError extends Error {
    constructor(
        message: string,
        /** Set when the program's own code had returned but left timers or handles running (`Timeout`, `TCPWrap`, ...). */
        readonly leftRunning?: string[],
    ) {
        super(message);
        this.name = "StalledError";
    }
}

/** What {@link untilStalled} watches. */
export interface StallWatch {
    /** Changes whenever the run makes progress (a registration started or answered). */
    activity(): number;
    /** True once the run has failed anyway (a refused registration, an error): waiting longer can only add detail. */
    failed(): boolean;
    /**
     * How long the run may sit with no progress while only timers are pending (a test runner's own
     * timeout is one, and cannot be told apart from the program's) before it counts as stalled; also
     * how long a program that has returned may keep timers or handles alive before it counts as stalled.
     * @default 10000
     */
    timerPatienceMs?: number;
    /**
     * How many timers the program itself started that are still pending (see {@link trackProgramTimers});
     * a test runner's timers are alive too, so after the program returns only the program's count.
     */
    programTimers?(): number;
}

type TimerFunctions = Pick<typeof globalThis, "setTimeout" | "setInterval" | "clearTimeout" | "clearInterval">;

const timerNames = ["setTimeout", "setInterval", "clearTimeout", "clearInterval"] as const;

/** The timer functions as Node provides them, captured before any run wraps them: the watch's own checks use these. */
const nodeTimers: TimerFunctions = { setTimeout, setInterval, clearTimeout, clearInterval };

/**
 * Counts the timers started while the program runs (through the globals or `node:timers`) until they
 * fire (`setTimeout`) or are cleared, so the run can wait for work the program scheduled after its
 * main module returned. Returns the count of those still pending and a function that restores the originals.
 */
export function trackProgramTimers(): { pending(): number; restore(): void } {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const targets: TimerFunctions[] = [globalThis, require("node:timers") as TimerFunctions];
    const saved = targets.map((t) => Object.fromEntries(timerNames.map((n) => [n, t[n]])) as unknown as TimerFunctions);
    const pending = new Set<unknown>();
    const wrapped: TimerFunctions = {
        setTimeout: ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
            const timer = nodeTimers.setTimeout((...a: unknown[]) => { pending.delete(timer); fn(...a); }, ms, ...args);
            pending.add(timer);
            return timer;
        }) as typeof setTimeout,
        setInterval: ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
            const timer = nodeTimers.setInterval(fn, ms, ...args);
            pending.add(timer);
            return timer;
        }) as typeof setInterval,
        clearTimeout: ((t?: Parameters<typeof clearTimeout>[0]) => { pending.delete(t); nodeTimers.clearTimeout(t); }),
        clearInterval: ((t?: Parameters<typeof clearInterval>[0]) => { pending.delete(t); nodeTimers.clearInterval(t); }),
    };
    targets.forEach((t) => Object.assign(t, wrapped));
    // An unref'd timer does not keep the process (or the CLI's language host) alive.
    const refd = (t: unknown): boolean => (t as { hasRef?: () => boolean }).hasRef?.() ?? true;
    return {
        pending: () => [...pending].filter(refd).length,
        restore: () => targets.forEach((t, i) => Object.assign(t, saved[i])),
    };
}

const CHECK_INTERVAL_MS = 5;

/** Kinds of libuv resources alive now beyond `baseline`. */
function aliveKinds(baseline: Map<string, number>): string[] {
    return [...activeResources()].filter(([kind, n]) => n > (baseline.get(kind) ?? 0)).map(([kind]) => kind);
}

/**
 * Settles like `work`, once the program has let go of everything it started, or rejects with a
 * {@link StalledError} once nothing can move `work` forward.
 * Under the offline engine every answer arrives through promises, so with the microtask queue empty
 * (checks run in an immediate) and no progress between two checks, the run is stuck when
 * - it has failed already: more waiting would only collect more of the same failure; or
 * - no I/O, child process or timer started since `work` began is alive: the state in which Node
 *   would simply exit; or
 * - only timers are alive and nothing has moved for `timerPatienceMs`.
 * When `work` settles, timers and handles the program started may still be alive: a resource created
 * in a `setTimeout`, or an exception thrown from one, belongs to the program as much as its main
 * module does (the language host runs until the event loop empties). So `work`'s result is only
 * passed on once nothing started since `work` began is alive (or the run has failed); a program that
 * keeps something alive for `timerPatienceMs` without progress is stalled.
 */
export function untilStalled<T>(work: Promise<T>, watch: StallWatch): Promise<T> {
    // The process's stdout and stderr get their handle (a pipe, socket or TTY) when first used. First used
    // during the run, by the program or a module it loads (`process.stdout.isTTY`), it would count as I/O
    // the run started, which never ends: so they are made now, and belong to the baseline.
    openStdio();
    const baseline = activeResources();
    const patience = watch.timerPatienceMs ?? 10_000;
    return new Promise<T>((resolve, reject) => {
        let settled = false;
        let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
        let quietChecks = 0;
        let quietSince = Date.now();
        let lastActivity = watch.activity();
        work.then(
            (value) => { outcome = { ok: true, value }; },
            (error: unknown) => { outcome = { ok: false, error }; },
        );
        const finish = (): void => {
            settled = true;
            if (outcome?.ok) {
                resolve(outcome.value);
            } else {
                // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on whatever `work` rejected with
                reject(outcome?.error);
            }
        };
        const check = (): void => {
            if (settled) {
                return;
            }
            const activity = watch.activity();
            if (activity !== lastActivity) {
                lastActivity = activity;
                quietChecks = 0;
                quietSince = Date.now();
            } else {
                quietChecks++;
            }
            const alive = beyond(baseline);
            const quiet = quietChecks >= 2;
            if (outcome) {
                // Without a count of the program's own timers there is no telling them from a test runner's: pass the result on.
                const timers = watch.programTimers ? watch.programTimers() > 0 : false;
                if (!watch.programTimers || watch.failed() || (quiet && !alive.io && !timers)) {
                    finish();
                    return;
                }
                if (quiet && Date.now() - quietSince >= patience) {
                    settled = true;
                    const kinds = [...(timers ? ["Timeout"] : []), ...aliveKinds(baseline).filter((k) => k !== "Timeout")];
                    reject(new StalledError(`the program returned but left ${kinds.join(", ")} running`, kinds));
                    return;
                }
            } else if (quiet && (watch.failed() || (!alive.io && (!alive.timers || Date.now() - quietSince >= patience)))) {
                settled = true;
                reject(new StalledError("nothing can move the run forward any more"));
                return;
            }
            // The check runs in an immediate, where neither it nor the timer before it counts as alive;
            // the watch stops as soon as the run is over, so it never keeps a finished process running.
            nodeTimers.setTimeout(() => setImmediate(check), CHECK_INTERVAL_MS);
        };
        setImmediate(check);
    });
}
