/**
 * Placeholder values in the stack config: the example hosted zone id (`Z0123456789EXAMPLE`, as AWS's own
 * examples end theirs in EXAMPLE) and names and addresses under the domains RFC 2606 reserves for
 * documentation (example.com/.net/.org and the .example, .test, .invalid, .localhost top-level domains).
 * The program warns of each in `pulumi preview`; a deploy would fail at the first record or
 * subscription, after creating most of the stack. The plan and the deploy workflow's gate
 * (tools/plan/placeholders.ts) use the same recognition, from here.
 */
import { NAMESPACE } from "./schema";
import { compareKeys } from "../../src/region/keyOrder";

const RESERVED_DOMAINS = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];
const HOST_RE = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;

function reservedDomainOf(host: string): string | undefined {
    const h = host.toLowerCase().replace(/\.$/, "");
    const domain = RESERVED_DOMAINS.find((d) => h === d || h.endsWith(`.${d}`));
    if (domain) {
        return domain;
    }
    const tld = h.split(".").pop() ?? "";
    return h.includes(".") && RESERVED_TLDS.includes(tld) ? `.${tld}` : undefined;
}

/** Why `value` is a placeholder, or undefined when it is not one. */
export function placeholderReason(value: string): string | undefined {
    // Invisible characters (zero-width spaces, a BOM) change nothing a reader sees, so they hide nothing.
    const v = value.replace(/[\u200b-\u200d\u2060\ufeff]/g, "").trim();
    // As written or as the Route 53 API returns it (/hostedzone/Z...), in either case.
    if (/^(\/hostedzone\/)?Z[A-Z0-9]*EXAMPLE$/i.test(v)) {
        return "the example hosted zone id";
    }
    // Each word of the value: a list, a "Name <address>", an environment entry NAME=https://...
    for (const word of v.split(/[\s,;<>()"'=]+/).filter((w) => w !== "")) {
        const reason = wordReason(word);
        if (reason) {
            return reason;
        }
    }
    return undefined;
}

/** Why one word is a name or address under a reserved domain: an address, a URL, or a host with a wildcard, port or path. */
function wordReason(word: string): string | undefined {
    const at = word.lastIndexOf("@");
    if (at > 0) {
        const host = word.slice(at + 1);
        const domain = HOST_RE.test(host) ? reservedDomainOf(host) : undefined;
        return domain ? `an address under ${domain} (RFC 2606)` : undefined;
    }
    let host = word.replace(/^\*\./, "").replace(/[/:?#].*$/, "");
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(word)) {
        try {
            host = new URL(word).hostname;
        } catch {
            return undefined;
        }
    }
    const domain = HOST_RE.test(host) ? reservedDomainOf(host) : undefined;
    return domain ? `a name under ${domain} (RFC 2606)` : undefined;
}

/** One placeholder: its key (with the path inside an object value), its value and why it is one. */
export interface Placeholder {
    /** The key, with the path inside an object value (`dns.hostedZoneId`, `aliases[1]`). */
    key: string;
    /** The value as written. */
    value: string;
    /** What the value is recognised as, e.g. `a name under example.com (RFC 2606)`. */
    reason: string;
}

/** Every placeholder in `value` and the values inside it, keyed `key.a.b` and `key[0]`, in no particular order. */
export function placeholdersIn(value: unknown, key: string): Placeholder[] {
    if (typeof value === "string") {
        const reason = placeholderReason(value);
        return reason ? [{ key, value, reason }] : [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => placeholdersIn(v, `${key}[${i}]`));
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => placeholdersIn(v, `${key}.${k}`));
    }
    return [];
}

/** Placeholders in key order (numbers inside keys compared as numbers, so `[2]` comes before `[10]`). */
export const byKey = (a: Placeholder, b: Placeholder): number => compareKeys(a.key, b.key);

/**
 * One line per placeholder in the namespace's raw values (`ha-web-tier:dns.recordName is app.example.com,
 * ...; it must change before deploy`), in key order; secret keys are never read.
 */
export function placeholderWarnings(raw: Record<string, unknown>, secretKeys: readonly string[] = []): string[] {
    return Object.entries(raw).filter(([k]) => !secretKeys.includes(k)).flatMap(([k, v]) => placeholdersIn(v, k)).sort(byKey)
        .map((p) => `${NAMESPACE}:${p.key} is ${p.value}, ${p.reason}, a placeholder; it must change before deploy`);
}
