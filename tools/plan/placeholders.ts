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
    const v = value.trim();
    if (/^Z[A-Z0-9]*EXAMPLE$/.test(v)) {
        return "the example hosted zone id";
    }
    const at = v.lastIndexOf("@");
    if (at > 0 && !/\s/.test(v)) {
        const domain = reservedDomainOf(v.slice(at + 1));
        return domain ? `an address under ${domain} (RFC 2606)` : undefined;
    }
    let host = v;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
        try {
            host = new URL(v).hostname;
        } catch {
            return undefined;
        }
    }
    if (!HOST_RE.test(host)) {
        return undefined;
    }
    const domain = reservedDomainOf(host);
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
 * lists as JSON text), in key order. Secure values are never read.
 */
export function findPlaceholders(config: Record<string, string>, secretKeys: readonly string[] = []): Placeholder[] {
    const out: Placeholder[] = [];
    for (const [key, text] of Object.entries(config)) {
        if (secretKeys.includes(key)) {
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
