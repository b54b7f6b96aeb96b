/**
 * The bootstrap program's config (`ha-web-tier-bootstrap:` namespace): which repository and GitHub
 * environments the roles trust, and whether to create a state bucket. Every problem is reported at
 * once, as the reference program's config does.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/** The config namespace (the bootstrap project's name). */
export const NAMESPACE = "ha-web-tier-bootstrap";

/** GitHub's rules for owner and repository names (letters, digits, -, _ and .). */
const REPOSITORY_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

const schema = z.strictObject({
    repository: z.string().regex(REPOSITORY_RE, { error: "must be owner/repository on GitHub, e.g. acme/ha-web-tier" }),
    environments: z.array(z.string().regex(/^[^'"`\\*?]{1,255}$/, { error: "is not a GitHub environment name" }))
        .min(1, { error: "must list at least one GitHub environment the deploy role serves (one per stack, e.g. prod)" })
        .default(["prod"]),
    stateBucket: z.boolean().default(true),
    oidcProviderArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/, {
        error: "must be the ARN of the account's existing GitHub OIDC provider (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com)",
    }).optional(),
});

/** The parsed config. */
export type BootstrapConfig = z.infer<typeof schema>;

/** Invalid config: `problems` lists each as `ha-web-tier-bootstrap:<key>: <what>`, sorted by key. */
export class ConfigError extends pulumi.RunError {
    /** Every problem found, one line each. */
    readonly problems: string[];

    constructor(problems: string[]) {
        const sorted = [...problems].sort();
        super(`invalid stack configuration:\n  ${sorted.join("\n  ")}`);
        this.name = "ConfigError";
        this.problems = sorted;
    }
}

/** Parses the namespace's values (objects already JSON-decoded); throws {@link ConfigError}. */
export function parseBootstrapConfig(raw: Record<string, unknown>): BootstrapConfig {
    const result = schema.safeParse(raw);
    if (result.success) {
        return result.data;
    }
    throw new ConfigError(result.error.issues.map((i) => {
        const key = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
        const what = i.code === "unrecognized_keys" ? `${i.keys.join(", ")}: is not a known setting; remove it`
            : i.code === "invalid_type" && i.input === undefined ? "is required; set it" : i.message;
        return i.code === "unrecognized_keys" ? `${NAMESPACE}:${key ? `${key}.` : ""}${what}` : `${NAMESPACE}:${key || "(root)"}: ${what}`;
    }));
}

/** Reads the namespace from the running stack. */
export function loadBootstrapConfig(): BootstrapConfig {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
        if (key.startsWith(`${NAMESPACE}:`)) {
            const t = value.trim();
            let v: unknown = value;
            if (/^[[{]/.test(t) || t === "true" || t === "false") {
                try {
                    v = JSON.parse(t);
                } catch {
                    // plain text
                }
            }
            raw[key.slice(NAMESPACE.length + 1)] = v;
        }
    }
    return parseBootstrapConfig(raw);
}
