import * as assert from "node:assert/strict";
import { openFamilies, parseCidr, publicShare, union } from "../../policy/policies/addresses";

describe("addresses as sets", () => {
    it("0.0.0.0/0 and ::/0 cover all of their family's public space, whole or split", () => {
        assert.deepEqual(publicShare(["0.0.0.0/0"]), { ipv4: 1, ipv6: 0 });
        assert.deepEqual(publicShare(["0.0.0.0/1", "128.0.0.0/1"]), { ipv4: 1, ipv6: 0 });
        assert.deepEqual(publicShare(["::/1", "8000::/1"]), { ipv4: 0, ipv6: 1 });
        assert.deepEqual(publicShare(["::/0"]), { ipv4: 0, ipv6: 1 });
        assert.deepEqual(publicShare(Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`)), { ipv4: 1, ipv6: 0 });
    });

    it("private and special-purpose ranges are not the internet", () => {
        assert.deepEqual(publicShare(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "fe80::/10"]),
            { ipv4: 0, ipv6: 0 });
        assert.deepEqual(openFamilies(["10.0.0.0/8", "127.0.0.0/8", "224.0.0.0/3"]), []);
    });

    it("one public /12 is the internet by default, one /13 is not, and two /13s together are", () => {
        assert.deepEqual(openFamilies(["52.0.0.0/9"]), ["ipv4"]);
        assert.deepEqual(openFamilies(["3.0.0.0/12"]), ["ipv4"]);
        assert.deepEqual(openFamilies(["3.0.0.0/13"]), []);
        assert.deepEqual(openFamilies(["3.0.0.0/13", "3.8.0.0/13"]), ["ipv4"]);
        assert.deepEqual(openFamilies(["3.0.0.0/13", "3.0.0.0/13"]), [], "a repeated range counts once");
    });

    it("IPv6 is measured against global unicast (2000::/3), not all of IPv6", () => {
        assert.equal(publicShare(["2000::/3"]).ipv6, 1);
        assert.ok(publicShare(["2000::/4"]).ipv6 > 0.49, "half of global unicast, less the special ranges in it");
        // The blocks IANA delegated to the five registries: tiny next to ::/0, the routed IPv6 internet.
        assert.deepEqual(openFamilies(["2400::/12", "2600::/12", "2800::/12", "2a00::/12", "2c00::/12"]), ["ipv6"]);
        assert.deepEqual(openFamilies(["2001:db8::/32", "fc00::/7"]), [], "documentation and unique-local space admit nobody");
        assert.deepEqual(openFamilies(["2600:1f18::/48"]), []);
    });

    it("overlapping and adjacent ranges merge; host bits are masked as EC2 does", () => {
        const merged = union(["10.0.0.0/9", "10.128.0.0/9", "10.1.0.0/16"].map(c => parseCidr(c)!));
        assert.deepEqual(merged, [parseCidr("10.0.0.0/8")]);
        assert.deepEqual(parseCidr("1.2.3.4/0"), parseCidr("0.0.0.0/0"));
    });

    it("what is not a CIDR (an unknown value, a typo) admits nothing", () => {
        assert.equal(parseCidr("04da6b54-80e4-46f7-96ec-b56ff0331ba9"), undefined);
        assert.equal(parseCidr("0.0.0.0/33"), undefined);
        assert.equal(parseCidr(undefined), undefined);
        assert.deepEqual(publicShare(["not-a-cidr"]), { ipv4: 0, ipv6: 0 });
    });
    it("single public addresses count: a handful of hosts is a share above nothing", () => {
        const hosts = ["8.8.8.8/32", "8.8.4.4/32", "1.1.1.1/32", "1.0.0.1/32", "9.9.9.9/32", "149.112.112.112/32", "208.67.222.222/32", "208.67.220.220/32"];
        assert.ok(publicShare(hosts).ipv4 > 0);
    });

    it("a share equal to the threshold is open", () => {
        assert.deepEqual(openFamilies(["0.0.0.0/0"], 1), ["ipv4"]);
        assert.deepEqual(openFamilies(["0.0.0.0/0", "::/0"], 1), ["ipv4", "ipv6"]);
    });

    it("a CIDR with surrounding whitespace reads as the CIDR", () => {
        assert.deepEqual(parseCidr(" 3.0.0.0/8 "), parseCidr("3.0.0.0/8"));
        assert.deepEqual(openFamilies([" 0.0.0.0/0\n"]), ["ipv4"]);
    });

    it("a union lists IPv4 intervals before IPv6, each sorted by start, whatever the input order", () => {
        const cidrs = ["2001:db8::/32", "10.2.0.0/16", "fc00::/7", "10.0.0.0/16", "192.168.0.0/16", "10.1.0.0/16", "172.16.0.0/12"];
        const expected = ["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "2001:db8::/32", "fc00::/7"];
        const merged = union(cidrs.map(c => parseCidr(c)!));
        assert.deepEqual(merged, union(expected.map(c => parseCidr(c)!)));
        assert.deepEqual(merged.map(i => i.family), ["ipv4", "ipv4", "ipv4", "ipv6", "ipv6"]);
        assert.deepEqual(merged[0], { family: "ipv4", start: parseCidr("10.0.0.0/16")!.start, end: parseCidr("10.2.0.0/16")!.end });
        for (let k = 0; k < cidrs.length; k++) {
            const rotated = [...cidrs.slice(k), ...cidrs.slice(0, k)];
            assert.deepEqual(union(rotated.map(c => parseCidr(c)!)), merged, rotated.join(","));
        }
    });
});
