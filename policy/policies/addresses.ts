/**
 * Addresses as sets: what a list of CIDRs admits, however it is split. Parsing and the special-purpose
 * ranges come from ipaddr.js (which tracks the IANA special-purpose registries); the arithmetic is
 * plain intervals over BigInt, so 0.0.0.0/1 + 128.0.0.0/1, 256 /8s, ::/0 split in halves or 2000::/3
 * all measure the same as 0.0.0.0/0 and ::/0.
 */
import * as ipaddr from "ipaddr.js";

/** An IP family. */
export type Family = "ipv4" | "ipv6";

/** A closed interval of addresses of one family, as integers. */
export interface Interval {
    family: Family;
    start: bigint;
    end: bigint;
}

const bits: Record<Family, number> = { ipv4: 32, ipv6: 128 };

function toBigInt(bytes: number[]): bigint {
    return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/**
 * The interval a CIDR covers, or undefined for anything that is not a CIDR (an unknown value, a
 * typo the provider would reject). Host bits are masked off, as EC2 does for rules: `1.2.3.4/0` admits
 * everything.
 */
export function parseCidr(cidr: unknown): Interval | undefined {
    if (typeof cidr !== "string" || !ipaddr.isValidCIDR(cidr.trim())) {
        return undefined;
    }
    const [addr, prefix] = ipaddr.parseCIDR(cidr.trim());
    const family = addr.kind();
    const width = bits[family];
    const hostBits = BigInt(width - prefix);
    const start = (toBigInt(addr.toByteArray()) >> hostBits) << hostBits;
    return { family, start, end: start + (1n << hostBits) - 1n };
}

/** Sorted, non-overlapping intervals covering exactly what the inputs cover (adjacent ones merged). */
export function union(intervals: Interval[]): Interval[] {
    const result: Interval[] = [];
    for (const family of ["ipv4", "ipv6"] as const) {
        const sorted = intervals.filter(i => i.family === family)
            .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
        let cur: Interval | undefined;
        for (const i of sorted) {
            if (cur && i.start <= cur.end + 1n) {
                cur.end = i.end > cur.end ? i.end : cur.end;
            } else {
                cur = { ...i };
                result.push(cur);
            }
        }
    }
    return result;
}

/** Number of addresses two interval lists have in common (both already merged with {@link union}). */
function overlap(a: Interval[], b: Interval[]): bigint {
    let total = 0n;
    for (const x of a) {
        for (const y of b) {
            if (x.family !== y.family) {
                continue;
            }
            const start = x.start > y.start ? x.start : y.start;
            const end = x.end < y.end ? x.end : y.end;
            if (start <= end) {
                total += end - start + 1n;
            }
        }
    }
    return total;
}

function size(intervals: Interval[]): bigint {
    return intervals.reduce((n, i) => n + i.end - i.start + 1n, 0n);
}

/**
 * The space a family's internet lives in: all of IPv4, and for IPv6 the global unicast space 2000::/3
 * (the only block IANA delegates to the registries; everything outside it is reserved or special), so
 * a range that is small next to all of IPv6 is measured against the addresses hosts can actually have
 * (IANA, "IPv6 Global Unicast Address Assignments").
 */
const routedSpace: Record<Family, string> = { ipv4: "0.0.0.0/0", ipv6: "2000::/3" };

/** The family's routed space minus the ranges ipaddr.js names as special-purpose (private, loopback, Teredo, ...). */
function publicSpaceOf(family: Family): Interval[] {
    const special = (family === "ipv4" ? ipaddr.IPv4 : ipaddr.IPv6).prototype as unknown as {
        SpecialRanges: Record<string, [ipaddr.IPv4 | ipaddr.IPv6, number] | [ipaddr.IPv4 | ipaddr.IPv6, number][]>;
    };
    const ranges = Object.values(special.SpecialRanges)
        .flatMap(r => (Array.isArray(r[0]) ? r as [ipaddr.IPv4 | ipaddr.IPv6, number][] : [r as [ipaddr.IPv4, number]]))
        .map(([addr, prefix]) => parseCidr(`${addr.toString()}/${prefix}`))
        .filter((i): i is Interval => i !== undefined && i.family === family);
    const excluded = union(ranges);
    const routed = parseCidr(routedSpace[family]) as Interval;
    const result: Interval[] = [];
    let next = routed.start;
    for (const r of excluded.filter(x => x.end >= routed.start && x.start <= routed.end)) {
        if (r.start > next) {
            result.push({ family, start: next, end: r.start - 1n });
        }
        next = r.end + 1n > next ? r.end + 1n : next;
    }
    if (next <= routed.end) {
        result.push({ family, start: next, end: routed.end });
    }
    return result;
}

const publicSpace: Record<Family, Interval[]> = { ipv4: publicSpaceOf("ipv4"), ipv6: publicSpaceOf("ipv6") };
const publicSize: Record<Family, bigint> = { ipv4: size(publicSpace.ipv4), ipv6: size(publicSpace.ipv6) };

/** Share (0..1) of each family's public address space that the CIDRs admit together. */
export function publicShare(cidrs: unknown[]): Record<Family, number> {
    const merged = union(cidrs.map(parseCidr).filter((i): i is Interval => i !== undefined));
    // Scaled integer division first: IPv6 sizes exceed Number's exact range.
    const share = (family: Family) =>
        Number((overlap(merged, publicSpace[family]) * 1_000_000_000n) / publicSize[family]) / 1_000_000_000;
    return { ipv4: share("ipv4"), ipv6: share("ipv6") };
}

/**
 * Default share of a family's public space at or above which sources count as "the internet":
 * 1/4096, about one IPv4 /12 of public addresses (a million hosts, of which a cloud provider's block
 * lets anyone rent many), or a /15 of IPv6 global unicast, whatever the split.
 */
export const defaultInternetShare = 1 / 4096;

/** The families in which the CIDRs admit at least `threshold` of the public address space. */
export function openFamilies(cidrs: unknown[], threshold = defaultInternetShare): Family[] {
    const share = publicShare(cidrs);
    return (["ipv4", "ipv6"] as const).filter(f => share[f] >= threshold);
}
