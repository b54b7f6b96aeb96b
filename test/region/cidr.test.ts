import { strict as assert } from "assert";
import { cidrsOverlap, formatCidr, parseCidr, subnetLayout } from "../../src/region/cidr";

describe("subnet layout (pure)", () => {
    it("splits a /16 into /19 private subnets first and /19 public subnets in the upper half", () => {
        assert.deepEqual(subnetLayout("10.10.0.0/16", 3), [
            { private: "10.10.0.0/19", public: "10.10.128.0/19" },
            { private: "10.10.32.0/19", public: "10.10.160.0/19" },
            { private: "10.10.64.0/19", public: "10.10.192.0/19" },
        ]);
    });

    it("keeps every subnet at least a /27 in a /24 VPC, the smallest an ALB accepts", () => {
        const layout = subnetLayout("192.168.5.0/24", 4);
        assert.equal(layout[3].public, "192.168.5.224/27");
        assert.ok(layout.every((l) => l.public.endsWith("/27") && l.private.endsWith("/27")));
    });

    it("never moves an existing AZ's subnets when an AZ is added", () => {
        const two = subnetLayout("10.0.0.0/16", 2);
        const four = subnetLayout("10.0.0.0/16", 4);
        assert.deepEqual(four.slice(0, 2), two);
    });

    it("never hands out overlapping subnets", () => {
        const all = subnetLayout("10.0.0.0/20", 4).flatMap((l) => [l.public, l.private]).map((c) => parseCidr(c)!);
        for (let i = 0; i < all.length; i++) {
            for (let j = i + 1; j < all.length; j++) {
                assert.equal(cidrsOverlap(all[i], all[j]), false, `${formatCidr(all[i])} overlaps ${formatCidr(all[j])}`);
            }
        }
    });

    it("rejects CIDRs with host bits set, bad octets and out-of-range AZ counts", () => {
        assert.equal(parseCidr("10.0.0.1/16"), undefined);
        assert.equal(parseCidr("10.0.300.0/24"), undefined);
        assert.equal(parseCidr("10.0.0.0"), undefined);
        assert.throws(() => subnetLayout("10.0.0.0/16", 5), /azCount must be 1-4/);
        assert.throws(() => subnetLayout("10.0.0.0/25", 2), /too small/);
    });

    it("detects overlap between nested and identical blocks but not between neighbours", () => {
        assert.equal(cidrsOverlap(parseCidr("10.0.0.0/16")!, parseCidr("10.0.128.0/20")!), true);
        assert.equal(cidrsOverlap(parseCidr("10.0.0.0/16")!, parseCidr("10.0.0.0/16")!), true);
        assert.equal(cidrsOverlap(parseCidr("10.0.0.0/16")!, parseCidr("10.1.0.0/16")!), false);
    });
});
