/**
 * Placeholder values in a stack config, which must change before a deploy: the example hosted zone id
 * (`Z0123456789EXAMPLE`, as AWS's own examples end theirs in EXAMPLE) and names and addresses under the
 * domains RFC 2606 reserves for documentation (example.com, example.net, example.org and the .example,
 * .test, .invalid and .localhost top-level domains). The plan lists them; run as a command
 * (`npm run placeholders -- <stack file>...`) it is the gate the deploy workflow runs before
 * `pulumi up`, exit 1 while any remains.
 */
import { byKey, type Placeholder, placeholdersIn } from "../../stack/config/placeholders";
import { loadStackConfig, StackConfigFileError, findProjectName } from "../engine/stack-config";

export { placeholderReason, type Placeholder } from "../../stack/config/placeholders";

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
        out.push(...placeholdersIn(value, key));
    }
    return out.sort(byKey);
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
