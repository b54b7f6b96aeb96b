/**
 * The process a program runs in, owned by the engine for the run as the language host owns it: the
 * program can neither end the plan (`process.exit`) nor change how it ends (exit listeners).
 */

/** The program called `process.exit`: under the plan that would end the process without a verdict. */
export class ProgramExitError extends Error {
    constructor(readonly code: unknown) {
        super(`the program called process.exit(${code === undefined ? "" : JSON.stringify(code)}); a program must return `
            + "(or throw) instead, so the engine sees every resource it registers");
        this.name = "ProgramExitError";
    }
}

/** Process events whose listeners the program may add and must not keep: they could change the plan's exit code. */
const PROCESS_LIFECYCLE_EVENTS = ["exit", "beforeExit"] as const;

/**
 * Runs `fn` owning the process the way the language host does: every other error listener set aside,
 * `process.exit` turned into an error of the program, and whatever exit listeners the program added
 * removed afterwards, so neither can end the plan early or rewrite its exit code.
 */
export async function withOwnedProcess<T>(listener: (err: unknown) => void, fn: () => Promise<T>): Promise<T> {
    const rejections = process.listeners("unhandledRejection");
    const exceptions = process.listeners("uncaughtException");
    const lifecycle = PROCESS_LIFECYCLE_EVENTS.map((event) => ({ event, listeners: process.listeners(event as "exit") }));
    process.removeAllListeners("unhandledRejection");
    process.removeAllListeners("uncaughtException");
    process.on("unhandledRejection", listener);
    process.on("uncaughtException", listener);
    const exit = process.exit.bind(process);
    process.exit = ((code?: unknown) => {
        const err = new ProgramExitError(code);
        // Reported now as well as thrown: a program may catch what it throws.
        listener(err);
        throw err;
    });
    try {
        return await fn();
    } finally {
        process.exit = exit;
        process.removeListener("unhandledRejection", listener);
        process.removeListener("uncaughtException", listener);
        rejections.forEach((l) => process.on("unhandledRejection", l));
        exceptions.forEach((l) => process.on("uncaughtException", l));
        for (const { event, listeners } of lifecycle) {
            for (const added of process.listeners(event as "exit").filter((l) => !listeners.includes(l))) {
                process.removeListener(event, added);
            }
        }
    }
}
