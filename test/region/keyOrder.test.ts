/**
 * The order of keys and zone ids in messages (src/region/keyOrder.ts): numeric collation's, as
 * `localeCompare(b, "en", { numeric: true })` gives it, without loading ICU for ASCII keys.
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

    it("letters are compared with case aside, so a capital does not jump ahead of every small letter; then the small one comes first", () => {
        assert.deepEqual(sorted(["dns.recordName", "dns.Alias", "dns.hostedZoneId"]), ["dns.Alias", "dns.hostedZoneId", "dns.recordName"]);
        assert.deepEqual(sorted(["minSize", "minimum"]), ["minimum", "minSize"]);
        assert.deepEqual(sorted(["tags.Owner", "tags.owner"]), ["tags.owner", "tags.Owner"]);
    });

    it("a key sorts after the keys it begins (a parent before its children)", () => {
        assert.deepEqual(sorted(["dns.ttl", "dns", "dns[0]"]), ["dns", "dns.ttl", "dns[0]"]);
        assert.deepEqual(sorted(["az10", "az1", "az"]), ["az", "az1", "az10"]);
    });

    it("orders printable ASCII keys exactly as localeCompare with numeric collation does, without loading ICU", () => {
        // Every printable ASCII character that is not a letter or digit, digits (leading zeros included) and both cases.
        const alphabet = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBmMzZ";
        let seed = 7;
        const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const key = (): string => Array.from({ length: 1 + Math.floor(next() * 7) }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
        for (let i = 0; i < 5_000; i++) {
            const a = key();
            const b = key();
            assert.equal(Math.sign(compareKeys(a, b)), Math.sign(a.localeCompare(b, "en", { numeric: true })), `${JSON.stringify(a)} / ${JSON.stringify(b)}`);
        }
    });

    it("keys with other characters are ordered by ICU itself", () => {
        assert.deepEqual(sorted(["tags.Zone", "tags.Équipe", "tags.equipe"]), ["tags.equipe", "tags.Équipe", "tags.Zone"]);
    });
});
