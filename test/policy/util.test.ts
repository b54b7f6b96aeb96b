/**
 * The pack's shared readers (policy/policies/util.ts): how values arrive from the policy server (proxied,
 * unknown, flags as strings) and how rules find the resources a value came from.
 */
import * as assert from "node:assert/strict";
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import {
    blocks, cannotBeJudged, containsUnknown, declaredWhenUnknown, forTypes, get, isFalse, isTrue, list, ofTypes, plain, regionOf, sourcesOfType,
    unresolvedFor, upper,
} from "../../policy/policies/util";
import { U } from "./factories";

const res = (type: string, deps: Record<string, PolicyResource[]> = {}) =>
    ({ type, urn: `urn:${type}`, name: type, props: {}, propertyDependencies: deps }) as unknown as PolicyResource;

describe("policy pack: shared readers", () => {
    it("the server's proxy is read through its target; missing props are empty", () => {
        assert.deepEqual(plain({ __getSpecialProxyTarget: { a: 1 }, b: 2 }), { a: 1 });
        assert.deepEqual([plain({ b: 2 }), plain(undefined), plain(null)], [{ b: 2 }, {}, {}]);
    });

    it("nested fields are read without throwing on missing links", () => {
        assert.deepEqual([get({ a: [{ b: 1 }] }, "a", 0, "b"), get({ a: null }, "a", "b"), get({ a: "s" }, "a", "length"), get(undefined, "a"), get({ a: 1 })],
            [1, undefined, undefined, undefined, { a: 1 }]);
    });

    it("values are lists; blocks are their objects", () => {
        assert.deepEqual([list(undefined), list(null), list(0), list([1, 2])], [[], [], [0], [1, 2]]);
        assert.deepEqual(blocks([{ a: 1 }, null, "x", U, [1]]), [{ a: 1 }, [1]]);
    });

    it("flags are read as the provider parses them, every other value is neither true nor false", () => {
        const values = [true, false, "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False", "yes", "tRUE", 1, 0, undefined];
        assert.deepEqual(values.map(isTrue), [true, false, true, true, true, true, true, true, false, false, false, false, false, false, false, false, false, false, false]);
        assert.deepEqual(values.map(isFalse), [false, true, false, false, false, false, false, false, true, true, true, true, true, true, false, false, false, false, false]);
    });

    it("an enumeration is upper-cased unless it is not a known string", () => {
        assert.deepEqual([upper("https"), upper(U), upper(5)], ["HTTPS", U, 5]);
    });

    it("a resource rule runs only on its types, reading plain props; one type is tagged for the server", () => {
        const seen: unknown[] = [];
        const one = forTypes(["a:b/c:C"], (props) => { seen.push(props); });
        const two = forTypes(["a:b/c:C", "a:b/d:D"], (props) => { seen.push(props); });
        const args = (type: string) => ({ type, props: { __getSpecialProxyTarget: { x: type } } }) as unknown as ResourceValidationArgs;
        for (const f of [one, two]) {
            void f(args("a:b/c:C"), () => undefined);
            void f(args("a:b/e:E"), () => undefined);
        }
        void two(args("a:b/d:D"), () => undefined);
        assert.deepEqual(seen, [{ x: "a:b/c:C" }, { x: "a:b/c:C" }, { x: "a:b/d:D" }]);
        assert.deepEqual([(one as unknown as { __pulumiType?: string }).__pulumiType, (two as unknown as { __pulumiType?: string }).__pulumiType], ["a:b/c:C", undefined]);
    });

    it("stack rules find resources by type and by where a value came from", () => {
        const a = res("t:a");
        const b = res("t:b");
        const r = res("t:r", { p: [a, b] });
        assert.deepEqual(ofTypes({ resources: [a, b, r] } as never, ["t:b", "t:r"]), [b, r]);
        assert.deepEqual(sourcesOfType(r, "p", ["t:b"]), [b]);
        assert.deepEqual(sourcesOfType(r, "q", ["t:b"]), []);
    });

    it("a value's unknowns are declared when its property came from the stack, or from the given types", () => {
        const r = res("t:r", { p: [res("t:a")], m: [res("t:a"), res("t:b")] });
        assert.deepEqual([declaredWhenUnknown(r, "p", "known"), declaredWhenUnknown(r, "q", [U]), declaredWhenUnknown(r, "p", { x: [U] }),
            declaredWhenUnknown(r, "p", U, ["t:a"]), declaredWhenUnknown(r, "p", U, ["t:b"])], [true, false, true, true, false]);
        // A known value needs no source; one source of the given types is enough.
        assert.deepEqual([declaredWhenUnknown(r, "q", "known"), declaredWhenUnknown(r, "q", ["a", { b: 1 }]), declaredWhenUnknown(r, "m", U, ["t:b"])], [true, true, true]);
        assert.deepEqual([containsUnknown(U), containsUnknown([1, [U]]), containsUnknown({ a: { b: U } }), containsUnknown(null), containsUnknown({ a: 1 }),
            containsUnknown("x"), containsUnknown({ a: U, b: 1 }), containsUnknown([1, U])], [true, true, true, false, false, false, true, true]);
    });

    it("the region is the resource's own, else its provider's", () => {
        const provider = { props: { region: "eu-west-2" } } as never;
        assert.deepEqual([regionOf({ props: { region: "eu-west-1" }, provider }), regionOf({ props: {}, provider }), regionOf({ props: {} })],
            ["eu-west-1", "eu-west-2", undefined]);
    });

    it("what cannot be judged names the resource, what is missing and both ways out; an accepted resource is left alone", () => {
        assert.equal(cannotBeJudged("r", "n", "x is unknown"), "n: cannot be judged: x is unknown; declare it in this stack, or allow it with r's acceptUnresolved: [\"n\"].");
        assert.equal(cannotBeJudged("r", "n", "x", "r's list"), "n: cannot be judged: x; declare it in this stack, or allow it with r's list.");
        const reported: string[] = [];
        const report = (m: unknown) => { reported.push(String(m)); };
        unresolvedFor("r", { name: "n", getConfig: () => ({ acceptUnresolved: ["n"] }) } as never, report)("x");
        unresolvedFor("r", { name: "m", getConfig: () => ({ acceptUnresolved: ["n"] }) } as never, report)("x");
        unresolvedFor("r", { name: "m", getConfig: () => ({}) } as never, report)("y");
        assert.deepEqual(reported, [cannotBeJudged("r", "m", "x"), cannotBeJudged("r", "m", "y")]);
    });
});
