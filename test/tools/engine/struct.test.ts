/**
 * The engine and the gate hand the SDK and @pulumi/policy property maps without building protobuf
 * messages (tools/engine/struct.ts): what they read must be what a real `Struct` would give them.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { evaluateStack } from "../../../tools/engine";
import { readOnlyStruct, structCopy } from "../../../tools/engine/struct";

// The copy analyzer_pb and the SDK's resource_pb were built against.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
})) as typeof import("google-protobuf/google/protobuf/struct_pb");

const viaProtobuf = (value: object): unknown => Struct.fromJavaScript(value as never).toJavaScript();
/** Same values and the same key order, which `deepEqual` alone would not check. */
const same = (actual: unknown, expected: unknown): void => assert.equal(JSON.stringify(actual), JSON.stringify(expected));

describe("property maps without protobuf messages", () => {
    it("every resource a program records reads the same as through a protobuf Struct: values, nesting and key order", async () => {
        const run = await evaluateStack({ program: "test/fixtures/plan/small.ts", configFile: "test/fixtures/plan/small.yaml" });
        assert.ok(run.resources.length > 5);
        for (const r of run.resources) {
            same(structCopy(r.inputs), viaProtobuf(r.inputs));
            assert.deepEqual(structCopy(r.inputs), viaProtobuf(r.inputs));
        }
    });

    it("keys come out as jspb's map gives them (by code unit, integer keys first), inherited keys included, odd numbers kept", () => {
        const inherited = Object.create({ fromProto: "p" }) as Record<string, unknown>;
        inherited.own = 1;
        const value = { b: 1, a: [1, { z: null, y: true }], "10": "ten", "9": "nine", B: -0, _x: Number.NaN, inf: Number.POSITIVE_INFINITY, inherited, s: "" };
        same(structCopy(value), viaProtobuf(value));
        assert.deepEqual(structCopy(value), viaProtobuf(value));
        assert.ok(Object.is((structCopy(value) as { B: number }).B, -0));
    });

    it("refuses what a Struct refuses: undefined, a hole, a function, a symbol, a bigint", () => {
        for (const bad of [{ a: undefined }, { a: [1, , 3] }, { a: () => 1 }, { a: Symbol("s") }, { a: 1n }, { a: [undefined] }]) {
            assert.throws(() => viaProtobuf(bad), /Unexpected struct type/);
            assert.throws(() => structCopy(bad), /Unexpected struct type/);
        }
    });

    it("is a copy: a reader that changes what it read changes neither the record nor the next reader's value", () => {
        const inputs = { tags: { Name: "web" }, ports: [80, 443] };
        const copy = structCopy(inputs) as { tags: { Name: string }; ports: number[] };
        copy.tags.Name = "changed";
        copy.ports.push(22);
        assert.deepEqual(inputs, { tags: { Name: "web" }, ports: [80, 443] });
        assert.deepEqual(structCopy(inputs), { ports: [80, 443], tags: { Name: "web" } });
    });

    it("a read-only Struct gives its reader the converted value", () => {
        const converted = structCopy({ a: 1 });
        assert.equal(readOnlyStruct(converted, Struct).toJavaScript(), converted);
    });
});
