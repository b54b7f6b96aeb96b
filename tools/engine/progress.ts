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

/** The run cannot finish: the program waits on something that nothing will ever settle. */
export class StalledError extends Error {
    constructor(message: string) {
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
     * timeout is one, and cannot be told apart from the program's) before it counts as stalled.
     * @default 10000
     */
    timerPatienceMs?: number;
}

const CHECK_INTERVAL_MS = 5;

/**
 * Settles like `work`, or rejects with a {@link StalledError} once nothing can move `work` forward.
 * Under the offline engine every answer arrives through promises, so with the microtask queue empty
 * (checks run in an immediate) and no progress between two checks, the run is stuck when
 * - it has failed already: more waiting would only collect more of the same failure; or
 * - no I/O, child process or timer started since `work` began is alive: the state in which Node
 *   would simply exit; or
 * - only timers are alive and nothing has moved for `timerPatienceMs`.
 */
export function untilStalled<T>(work: Promise<T>, watch: StallWatch): Promise<T> {
    const baseline = activeResources();
    const patience = watch.timerPatienceMs ?? 10_000;
    return new Promise<T>((resolve, reject) => {
        let settled = false;
        let quietChecks = 0;
        let quietSince = Date.now();
        let lastActivity = watch.activity();
        work.then(
            (value) => { settled = true; resolve(value); },
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on whatever `work` rejected with
            (err: unknown) => { settled = true; reject(err); },
        );
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
            const stuck = quietChecks >= 2 && (watch.failed() || (!alive.io && (!alive.timers || Date.now() - quietSince >= patience)));
            if (stuck) {
                settled = true;
                reject(new StalledError("nothing can move the run forward any more"));
                return;
            }
            // The check runs in an immediate, where neither it nor the timer before it counts as alive;
            // the watch stops as soon as `work` settles, so it never keeps a finished process running.
            setTimeout(() => setImmediate(check), CHECK_INTERVAL_MS);
        };
        setImmediate(check);
    });
}
