/**
 * Placeholder values in a stack config, which must change before a deploy: the example hosted zone id
 * (`Z0123456789EXAMPLE`, as AWS's own examples end theirs in EXAMPLE) and names and addresses under the
 * domains RFC 2606 reserves for documentation (example.com, example.net, example.org and the .example,
 * .test, .invalid and .localhost top-level domains). The plan lists them; run as a command
 * (`npm run placeholders -- <stack file>...`) it is the gate the deploy workflow runs before
 * `pulumi up`, exit 1 while any remains.
 */
import { loadStackConfig, StackConfigFileError, findProjectName } from "../engine/stack-config";

/** One placeholder: the config key (`ha-web-tier:dns.hostedZoneId`), its value and why it is one. */
export interface Placeholder {
    /** The full key, with the path inside an object value. */
    key: string;
    value: string;
    /** What the value is recognised as, e.g. `a name under example.com (RFC 2606)`. */
    reason: string;
}

/** Second-level domains and top-level domains RFC 2606 reserves (sections 2 and 3). */
const RESERVED_DOMAINS = ["example.com", "example.net", "example.org"];
const RESERVED_TLDS = ["example", "test", "invalid", "localhost"];

/** The reserved domain `host` lies in, if any. */
function reservedDomainOf(host: string): string | undefined {
    const h = host.toLowerCase().replace(/\.$/, "");
    const domain = RESERVED_DOMAINS.find((d) => h === d || h.endsWith(`.${d}`));
    if (domain) {
        return domain;
    }
    const tld = h.split(".").pop() ?? "";
    return h.includes(".") && RESERVED_TLDS.includes(tld) ? `.${tld}` : undefined;
}

const HOST_RE = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;

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

/** Every placeholder in `value`, with keys as `key.a.b` and `key[0]`. */
function walk(value: unknown, key: string, out: Placeholder[]): void {
    if (typeof value === "string") {
        const reason = placeholderReason(value);
        if (reason) {
            out.push({ key, value, reason });
        }
    } else if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, `${key}[${i}]`, out));
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            walk(v, `${key}.${k}`, out);
        }
    }
}

/**
 * Every placeholder in a stack's config, as the CLI passes it (`namespace:key` -> text; objects and
 * lists as JSON text), in key order. Secure values are never read: a secret key's text is skipped, and
 * an object or list is read as the stack file loader leaves it, each `secure:` leaf replaced by its
 * placeholder, so a secret beside a placeholder (failover.approvalRoleArn beside notificationEmail)
 * does not hide it.
 */
export function findPlaceholders(config: Record<string, string>, secretKeys: readonly string[] = []): Placeholder[] {
    const out: Placeholder[] = [];
    for (const [key, text] of Object.entries(config)) {
        if (secretKeys.includes(key) && !/^\s*[[{]/.test(text)) {
            continue;
        }
        let value: unknown = text;
        if (/^\s*[[{]/.test(text)) {
            try {
                value = JSON.parse(text);
            } catch {
                // plain text that starts with a bracket
            }
        }
        walk(value, key, out);
    }
    return out.sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true }));
}

/** The line the plan and the gate print for a placeholder. */
export const placeholderLine = (p: Placeholder): string => `${p.key} = ${p.value}: ${p.reason}; must change before deploy`;

/** The gate: exit 0 when no stack file has a placeholder, 1 when one does, 2 when a file cannot be read. */
export function gate(files: readonly string[], out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): number {
    if (files.length === 0) {
        out("usage: npm run placeholders -- <stack file>...   (exit 1 while any placeholder remains)");
        return 64;
    }
    let code = 0;
    for (const file of files) {
        let found: Placeholder[];
        try {
            const loaded = loadStackConfig(file, findProjectName(process.cwd()) ?? "ha-web-tier");
            found = findPlaceholders(loaded.config, loaded.secretKeys);
            // Values the file does not hold (an ESC environment's) are not checked: say so rather than pass them silently.
            loaded.notes.forEach((note) => out(`note: ${note}`));
        } catch (err) {
            if (err instanceof StackConfigFileError) {
                out(`error: ${err.message}`);
                code = 2;
                continue;
            }
            throw err;
        }
        if (found.length > 0) {
            out(`${file}: ${found.length} placeholder(s) must change before deploy:`);
            found.forEach((p) => out(`  ${placeholderLine(p)}`));
            code = Math.max(code, 1);
        } else {
            out(`${file}: no placeholders`);
        }
    }
    return code;
}

if (process.argv[1] === __filename) {
    process.exitCode = gate(process.argv.slice(2));
}
