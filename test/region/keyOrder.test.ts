/**
 * The order of keys and zone ids in messages (src/region/keyOrder.ts): numbers inside them by value, as
 * people read them, without ICU.
 */
import * as assert from "node:assert/strict";
import { compareKeys } from "../../src/region/keyOrder";

const sorted = (keys: readonly string[]): string[] => [...keys].sort(compareKeys);

describe("key order in messages", () => {
    it("numbers inside keys and zone ids are compared by value, of any length", () => {
        assert.deepEqual(sorted(["regions[10].name", "regions[2].name", "regions[1].azCount"]),
            ["regions[1].azCount", "regions[2].name", "regions[10].name"]);
        assert.deepEqual(sorted(["use1-az10", "use1-az9", "use1-az1"]), ["use1-az1", "use1-az9", "use1-az10"]);
        // Past what a double holds exactly: the digits are compared, not parsed.
        assert.deepEqual(sorted(["n[100000000000000000001]", "n[100000000000000000000]", "n[99999999999999999999]"]),
            ["n[99999999999999999999]", "n[100000000000000000000]", "n[100000000000000000001]"]);
    });

    it("letters are compared with case aside, so a capital does not jump ahead of every small letter", () => {
        assert.deepEqual(sorted(["dns.recordName", "dns.Alias", "dns.hostedZoneId"]), ["dns.Alias", "dns.hostedZoneId", "dns.recordName"]);
        assert.deepEqual(sorted(["minSize", "minimum"]), ["minimum", "minSize"]);
    });

    it("a key sorts after the keys it begins (a parent before its children)", () => {
        assert.deepEqual(sorted(["dns.ttl", "dns", "dns[0]"]), ["dns", "dns.ttl", "dns[0]"]);
        assert.deepEqual(sorted(["az10", "az1", "az"]), ["az", "az1", "az10"]);
    });

    it("is a total order: only equal keys compare equal, and swapping the two swaps the sign", () => {
        // Keys drawn from the characters config keys, zone ids and policy names use, leading zeros included.
        const alphabet = "aAbZz019.-:[]_";
        let seed = 7;
        const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const key = (): string => Array.from({ length: 1 + Math.floor(next() * 6) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
        const keys = Array.from({ length: 400 }, key);
        for (let i = 0; i < keys.length; i++) {
            const a = keys[i] ?? "";
            const b = keys[(i * 7 + 3) % keys.length] ?? "";
            const c = keys[(i * 13 + 5) % keys.length] ?? "";
            assert.equal(Math.sign(compareKeys(a, b)) + Math.sign(compareKeys(b, a)), 0, `${a} / ${b}`);
            assert.equal(compareKeys(a, b) === 0, a === b, `${a} / ${b}`);
            if (compareKeys(a, b) < 0 && compareKeys(b, c) < 0) {
                assert.ok(compareKeys(a, c) < 0, `${a} < ${b} < ${c}`);
            }
        }
    });
});
