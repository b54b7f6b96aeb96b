/**
 * Property maps as the SDK and @pulumi/policy read them, without building protobuf messages. Both only
 * ever read a `Struct` the engine hands them through `toJavaScript()` (the SDK's `deserializeProperties`,
 * the policy server's), so a `Struct` whose `toJavaScript()` returns the converted value answers them
 * exactly. Building a message per resource and converting it back once per reader was about a tenth of
 * a plan (the gate converted each resource's properties twice, the engine each answer twice).
 */
import * as structproto from "google-protobuf/google/protobuf/struct_pb";

/** A value a `Struct` can carry. */
export type StructValue = null | boolean | number | string | StructValue[] | { [key: string]: StructValue };

/**
 * What `Struct.fromJavaScript(value).toJavaScript()` returns, and throws where it throws: keys in the
 * order jspb's map gives them (sorted by code unit; the object then lists integer keys first, as every
 * object does), inherited enumerable keys included (its `for...in`), a hole or `undefined` in a list
 * and an `undefined`, function, symbol or bigint value refused. A fresh copy: nothing is shared with `value`.
 */
export function structCopy(value: object): { [key: string]: StructValue } {
    const out: { [key: string]: StructValue } = {};
    const keys: string[] = [];
    for (const key in value) {
        keys.push(key);
    }
    for (const key of keys.sort()) {
        out[key] = valueCopy((value as Record<string, unknown>)[key]);
    }
    return out;
}

function valueCopy(value: unknown): StructValue {
    switch (typeof value) {
        case "string":
        case "number":
        case "boolean":
            return value;
        case "object":
            if (value === null) {
                return null;
            }
            if (Array.isArray(value)) {
                const list: StructValue[] = [];
                for (let i = 0; i < value.length; i++) {
                    list.push(valueCopy(value[i]));
                }
                return list;
            }
            return structCopy(value);
        default:
            throw new Error("Unexpected struct type.");
    }
}

/**
 * A `Struct` for a reader that only calls `toJavaScript()`, which returns `converted` itself (not a
 * copy): give it a value from {@link structCopy} that nothing else holds, or one its readers only read.
 */
export function readOnlyStruct(converted: { [key: string]: StructValue }, Struct: typeof structproto.Struct = structproto.Struct): structproto.Struct {
    const struct = new Struct();
    struct.toJavaScript = () => converted;
    return struct;
}
