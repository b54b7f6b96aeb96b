/**
 * Ranges inside ranges: whatever the order the CIDRs come in, a union holds exactly the addresses of
 * its inputs, so a wide range followed by a narrower one inside it (or the two sharing a start) still
 * admits everything the wide range admits. Checked on the address arithmetic against a brute-force
 * count, and through the policy gate, where a shrunken union would let the internet in unnoticed.
 */
import * as assert from "node:assert/strict";
import { openFamilies, parseCidr, publicShare, union, type Interval } from "../../policy/policies/addresses";
import { analyze } from "../../tools/plan/analyze";
import { expectOnly } from "./helpers";
import { rec, U, worldWithHttps } from "./factories";

/** Every order of a list (the lists here are short). */
function orders<X>(xs: X[]): X[][] {
    return xs.length <= 1 ? [xs] : xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const intervals = (cidrs: string[]): Interval[] => cidrs.map((c) => {
    const i = parseCidr(c);
    assert.ok(i, c);
    return i;
});

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function prng(seed: number): () => number {
    let a = seed;
    return () => {
        a = (a + 0x6d2b79f5) | 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

describe("address unions of nested ranges", () => {
    const nests: { name: string; cidrs: string[]; outer: string }[] = [
        { name: "a /16 inside a /8", cidrs: ["3.0.0.0/8", "3.1.0.0/16"], outer: "3.0.0.0/8" },
        { name: "a /16 sharing the /8's first address", cidrs: ["3.0.0.0/8", "3.0.0.0/16"], outer: "3.0.0.0/8" },
        { name: "a /16 sharing the /8's last address", cidrs: ["3.0.0.0/8", "3.255.0.0/16"], outer: "3.0.0.0/8" },
        { name: "three levels (/8, /12, /24)", cidrs: ["3.0.0.0/8", "3.16.0.0/12", "3.17.1.0/24"], outer: "3.0.0.0/8" },
        { name: "two inner ranges and the whole space", cidrs: ["0.0.0.0/0", "10.0.0.0/8", "0.0.0.0/8"], outer: "0.0.0.0/0" },
        { name: "IPv6: a /32 inside a /8", cidrs: ["2600::/8", "2600:1f00::/32"], outer: "2600::/8" },
        { name: "IPv6: everything and a range at its start", cidrs: ["::/0", "::/8"], outer: "::/0" },
    ];
    for (const nest of nests) {
        it(`${nest.name} merge into the outer range, in every order`, () => {
            for (const order of orders(nest.cidrs)) {
                assert.deepEqual(union(intervals(order)), intervals([nest.outer]), order.join(" + "));
                assert.deepEqual(publicShare(order), publicShare([nest.outer]), order.join(" + "));
            }
        });
    }

    it("the union of random CIDRs inside one /22 holds exactly the addresses of its inputs, merged and sorted", () => {
        const base = 0x0a000000; // 10.0.0.0: four /24s' worth of addresses to count
        for (let seed = 1; seed <= 200; seed++) {
            const rnd = prng(seed);
            const cidrs = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => {
                const prefix = 22 + Math.floor(rnd() * 9); // /22 to /30
                const size = 2 ** (32 - prefix);
                const start = base + Math.floor(rnd() * (1024 / size)) * size;
                return `${[24, 16, 8, 0].map((s) => (start >>> s) & 255).join(".")}/${prefix}`;
            });
            const expected = new Set<number>();
            for (const i of intervals(cidrs)) {
                for (let a = Number(i.start); a <= Number(i.end); a++) expected.add(a);
            }
            const merged = union(intervals(cidrs));
            const got = new Set<number>();
            merged.forEach((i, k) => {
                for (let a = Number(i.start); a <= Number(i.end); a++) got.add(a);
                const next = merged[k + 1];
                // Sorted and merged: the next range starts after a gap.
                if (next) assert.ok(next.start > i.end + 1n, `seed ${seed}: ${cidrs.join(", ")} left touching ranges apart`);
            });
            assert.deepEqual([...got].sort((a, b) => a - b), [...expected].sort((a, b) => a - b), `seed ${seed}: ${cidrs.join(", ")}`);
        }
    });

    it("a public /8 with a narrower range inside it is still the internet, whichever comes first", () => {
        for (const order of orders(["3.0.0.0/8", "3.1.0.0/16", "3.0.0.0/24"])) {
            assert.deepEqual(openFamilies(order), ["ipv4"], order.join(" + "));
        }
    });
});

describe("policy: ingress from nested ranges", () => {
    const nested = [["3.0.0.0/8", "3.1.0.0/16"], ["3.0.0.0/8", "3.0.0.0/16"], ["2600::/8", "2600:1f00::/32"]];
    for (const cidrs of nested) {
        for (const order of orders(cidrs)) {
            it(`an app group admitting ${order.join(" and then ")} on one inline rule admits the internet and must be refused`, async () => {
                const w = worldWithHttps();
                const v6 = order[0].includes(":");
                w.appSg.inputs.ingress = [{ protocol: "tcp", fromPort: 8080, toPort: 8080, [v6 ? "ipv6CidrBlocks" : "cidrBlocks"]: order }];
                await expectOnly(w.all(), "public-ingress-only-on-lb-ports", w.appSg.urn);
            });
        }
    }

    for (const order of orders(["3.0.0.0/8", "3.1.0.0/16"])) {
        it(`an app group whose rules admit ${order.join(" and then ")} admits the internet through the /8 and must be refused`, async () => {
            const w = worldWithHttps();
            const rules = order.map((cidr, i) => rec("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `euw1-app-in-office-${i}`,
                { securityGroupId: U, ipProtocol: "tcp", fromPort: 8080, toPort: 8080, cidrIpv4: cidr }, { securityGroupId: [w.appSg] },
                { provider: w.asg.provider }));
            const refused = (await analyze([...w.all(), ...rules])).filter((v) => v.policy === "public-ingress-only-on-lb-ports").map((v) => v.urn);
            assert.ok(refused.includes(rules[order.indexOf("3.0.0.0/8")].urn), JSON.stringify(refused));
        });
    }
});
