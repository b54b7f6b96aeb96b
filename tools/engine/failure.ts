/**
 * Turns an error the program threw into what a person needs: the message, the resource that was
 * being built (from the constructor frames on the error's stack, matched against the resources the
 * program had started), and where in the program's own code it happened.
 */
import * as path from "node:path";
import { label, type RegistrationTracker } from "./progress";

/** A resource whose constructor has started, in start order. */
export interface Tracked {
    type: string;
    name: string;
    /** The JS class that was constructed (`HaWebTier`, `Vpc`). */
    className: string;
}

/** A failure, described for the plan's output. */
export interface FailureDescription {
    message: string;
    /** `type "name"` of the resource being built. */
    building?: string;
    /** `file:line` relative to the program's directory. */
    location?: string;
    /** `type "name"` of the other resources that never registered: an input failed, or never resolves. */
    notRegistered?: string[];
}

const FRAME = /^\s*at (?:(new )?([^\s(]+) )?\(?(.+?):(\d+):\d+\)?$/;

interface Frame {
    ctor?: string;
    file: string;
    line: number;
}

function frames(stack: string): Frame[] {
    const out: Frame[] = [];
    for (const line of stack.split("\n")) {
        const m = FRAME.exec(line);
        if (m && m[3] !== undefined && m[4] !== undefined) {
            out.push({ ctor: m[1] ? m[2] : undefined, file: m[3], line: Number(m[4]) });
        }
    }
    return out;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Decodes one source-map segment's VLQ fields. */
function decodeSegment(segment: string): number[] {
    const values: number[] = [];
    let value = 0;
    let shift = 0;
    for (const ch of segment) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) {
            shift += 5;
        } else {
            values.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
        }
    }
    return values;
}

/**
 * The source line for a generated line, from the maps `tools/register-ts.js` kept (the fast runner does
 * not hand them to Node). Under ts-node or --enable-source-maps the stack is already mapped.
 */
function originalLine(file: string, line: number): number {
    const maps = (globalThis as Record<symbol, unknown>)[Symbol.for("ha-web-tier.sourceMaps")] as Map<string, string> | undefined;
    const map = maps?.get(file);
    // Under --enable-source-maps (the tests) Node has mapped the stack already.
    if (!map || (process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled) {
        return line;
    }
    const lines = (JSON.parse(map) as { mappings: string }).mappings.split(";");
    let sourceLine = 0;
    for (let i = 0; i < lines.length && i < line; i++) {
        for (const segment of (lines[i] ?? "").split(",")) {
            const fields = decodeSegment(segment);
            if (fields.length >= 4) {
                sourceLine += fields[2] ?? 0;
                if (i === line - 1) {
                    return sourceLine + 1;
                }
            }
        }
    }
    return line;
}

const isOwnCode = (file: string): boolean =>
    !file.includes(`${path.sep}node_modules${path.sep}`) && !file.startsWith("node:") && path.isAbsolute(file)
    && !file.includes(`${path.sep}tools${path.sep}`);

/** Describes `err`; `programDir` makes locations relative. */
export function describeFailure(err: unknown, tracked: readonly Tracked[], programDir: string): FailureDescription {
    const e = err instanceof Error ? err : new Error(String(err));
    const result: FailureDescription = { message: e.message };
    const own = frames(e.stack ?? "").filter((f) => isOwnCode(f.file));
    const top = own[0];
    if (top) {
        result.location = `${path.relative(programDir, top.file) || path.basename(top.file)}:${originalLine(top.file, top.line)}`;
    }
    // The SDK's ResourceError carries the resource it is about.
    const res = (err as { resource?: { __pulumiType?: unknown; __name?: unknown } } | null)?.resource;
    if (res && typeof res.__pulumiType === "string") {
        result.building = `${res.__pulumiType} "${String(res.__name)}"`;
        return result;
    }
    for (const frame of own) {
        if (!frame.ctor) {
            continue;
        }
        for (let i = tracked.length - 1; i >= 0; i--) {
            const t = tracked[i];
            if (t && t.className === frame.ctor) {
                result.building = `${t.type} "${t.name}"`;
                return result;
            }
        }
    }
    return result;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Describes a run that failed or never finished, from everything it left behind: the registrations
 * the engine refused or whose inputs failed (the resource to name), the errors the program raised
 * (the message and the line), and the other registrations that never happened (what the failure
 * took down with it: an input failed, or waits forever, depending on how the SDK propagates it). `stalled` is set when the run was stopped because nothing could move it forward any more.
 */
export function describeRun(args: {
    errors: readonly unknown[];
    tracker: RegistrationTracker;
    tracked: readonly Tracked[];
    programDir: string;
    stalled: boolean;
    /** Set when the program had returned but kept timers or handles alive (see `StalledError`). */
    leftRunning?: string[];
}): FailureDescription {
    const failed = args.tracker.failed[0];
    const waiting = args.tracker.waiting.map(label);
    const first = args.errors[0];
    let result: FailureDescription;
    if (first !== undefined) {
        result = describeFailure(first, args.tracked, args.programDir);
    } else if (failed) {
        result = describeFailure(failed.error, args.tracked, args.programDir);
    } else {
        result = {
            message: args.leftRunning && waiting.length === 0
                ? `the program never finished: it returned but kept ${args.leftRunning.join(", ")} running with nothing `
                    + "happening; the CLI waits for them too: clear them, or await the work before the program returns"
                : waiting.length > 0
                ? `the program never finished: ${waiting.length === 1 ? "a resource waits" : `${waiting.length} resources wait`} on inputs that nothing will ever resolve`
                : "the program never finished: it waits on a promise that nothing will ever settle",
        };
    }
    if (failed) {
        // The resource the engine refused (or whose input failed) is what broke, whatever the stack says.
        result.building = label(failed);
        if (failed.state === "refused") {
            // The engine's own words; what reached the program is the same error wrapped by each dependant.
            result.message = messageOf(failed.error);
        } else if (first === undefined) {
            result.message = `an input of ${label(failed)} failed: ${messageOf(failed.error)}`;
        }
    } else if (!result.building && args.stalled && waiting[0]) {
        result.building = waiting[0];
    }
    const others = args.tracker.unregistered.map(label).filter((l) => l !== result.building);
    if (others.length > 0) {
        result.notRegistered = others;
    }
    return result;
}
