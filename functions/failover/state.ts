import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { z } from "zod";
import type { Call } from "./aws";
import { INITIAL_STATE, type StateRecord } from "./initialState";

/** Re-exported so the handler reads its state types where it reads the state. */
export type { StateRecord } from "./initialState";

const stored = z.object({
    state: z.enum(["awake", "asleep"]),
    since: z.string().refine((v) => !Number.isNaN(Date.parse(v))),
});

/** What reading the parameter gave: a usable record, or a value nobody can trust. */
export type ReadState = { ok: true; record: StateRecord } | { ok: false; reason: string };

/**
 * Reads the state record. A missing parameter reads as the initial state (the first write creates it);
 * an unreadable value is reported instead of guessed at, so the caller decides what is safe.
 */
export async function readState(ssm: SSMClient, call: Call, name: string): Promise<ReadState> {
    let value: string | undefined;
    try {
        const out = await call("ssm:GetParameter", () => ssm.send(new GetParameterCommand({ Name: name })));
        value = out.Parameter?.Value;
    } catch (error) {
        if (error instanceof ParameterNotFound || (error as { name?: string }).name === "ParameterNotFound") {
            return { ok: true, record: { ...INITIAL_STATE } };
        }
        throw error;
    }
    return value === undefined ? { ok: false, reason: "parameter has no value" } : parseState(value);
}

/**
 * Parses a stored value. Exported so the value the Pulumi program writes first can be checked against
 * the very parser that reads it.
 */
export function parseState(value: string): ReadState {
    let json: unknown;
    try {
        json = JSON.parse(value);
    } catch {
        return { ok: false, reason: "parameter value is not JSON" };
    }
    const parsed = stored.safeParse(json);
    return parsed.success
        ? { ok: true, record: parsed.data }
        : { ok: false, reason: 'parameter value is not {"state":"awake"|"asleep","since":"<ISO time>"}' };
}

/** Records an action; written last, after every side effect, so a failed invocation is retried in full. */
export async function writeState(ssm: SSMClient, call: Call, name: string, record: StateRecord): Promise<void> {
    await call("ssm:PutParameter", () =>
        ssm.send(
            new PutParameterCommand({
                Name: name,
                Value: JSON.stringify({ state: record.state, since: record.since }),
                Type: "String",
                Overwrite: true,
            }),
        ),
    );
}
