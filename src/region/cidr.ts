/**
 * IPv4 CIDR arithmetic for the network layout. Pure functions, so the layout is unit-tested without
 * Pulumi and stays identical between runs: a subnet's CIDR never moves unless the VPC CIDR does.
 */

/** A parsed IPv4 CIDR block. */
export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    base: number;
    /** Prefix length, 0-32. */
    prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`; returns undefined for anything else, including host bits set
 * (`10.0.0.1/16`), which AWS rejects for a VPC and which usually means a typo.
 */
export function parseCidr(text: string): Cidr | undefined {
    const m = CIDR_RE.exec(text.trim());
    if (!m) {
        return undefined;
    }
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255) || prefix > 32) {
        return undefined;
    }
    const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    if ((base & ~maskOf(prefix)) >>> 0 !== 0) {
        return undefined;
    }
    return { base, prefix };
}

/** Formats a block back to `a.b.c.d/n`. */
export function formatCidr(c: Cidr): string {
    const b = c.base;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** True when two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    const prefix = Math.min(a.prefix, b.prefix);
    const mask = maskOf(prefix);
    return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
}

/**
 * The largest number of AZs the fixed layout supports. Eight equal slots keep every subnet at least a
 * /27 even in a /24 VPC, which is the smallest subnet an ALB accepts (it needs 8 free addresses).
 */
export const MAX_AZS = 4;

const SLOT_BITS = 3;

/** The public and private subnet CIDRs of one AZ. */
export interface AzSubnets {
    /** The AZ's public subnet (ALB, NAT gateway). */
    public: string;
    /** The AZ's private subnet (app instances, database). */
    private: string;
}

/**
 * Splits a VPC CIDR into per-AZ public and private subnets. The VPC is cut into eight equal slots:
 * private subnets take slots 0-3 and public subnets slots 4-7, so AZ `i` always gets the same two
 * blocks and adding an AZ later never renumbers (and so never replaces) an existing subnet.
 */
export function subnetLayout(vpcCidr: string, azCount: number): AzSubnets[] {
    const vpc = parseCidr(vpcCidr);
    if (!vpc) {
        throw new Error(`not an IPv4 CIDR block: ${vpcCidr}`);
    }
    if (!Number.isInteger(azCount) || azCount < 1 || azCount > MAX_AZS) {
        throw new Error(`azCount must be 1-${MAX_AZS}, got ${azCount}`);
    }
    const prefix = vpc.prefix + SLOT_BITS;
    // Every slot must stay a /27 or larger: the smallest subnet an ALB accepts.
    if (prefix > 27) {
        throw new Error(`${vpcCidr} is too small to split into subnets; use /24 or larger`);
    }
    const size = 2 ** (32 - prefix);
    const slot = (i: number): string => formatCidr({ base: vpc.base + i * size, prefix });
    return Array.from({ length: azCount }, (_, i) => ({ private: slot(i), public: slot(MAX_AZS + i) }));
}

function maskOf(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}
