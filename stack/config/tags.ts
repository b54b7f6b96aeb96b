/**
 * The tags AWS accepts, for the `tags` the stack puts on everything. AWS, "Tag restrictions" (the
 * same text in, e.g., the AWS Batch user guide and the ECS `Tag` API reference): at most 50 user
 * tags per resource; keys of 1-128 and values of up to 256 characters; letters, digits, spaces and
 * `+ - = . _ : / @` accepted by every service; `aws:` in any case reserved for keys and values.
 */

/** Tag keys every provider sets as default tags (index.ts); a user tag of the same key would be overridden. */
export const PROGRAM_TAG_KEYS = ["Project", "Stack", "Region", "ManagedBy"] as const;

/** Tag keys components set on individual resources, which take precedence over default tags. */
export const RESOURCE_TAG_KEYS = ["Name", "Tier"] as const;

/** User tags that fit next to the program's own within AWS's 50 per resource. */
export const MAX_USER_TAGS = 50 - PROGRAM_TAG_KEYS.length - RESOURCE_TAG_KEYS.length;

/** Default tags reach every service, so the strictest character set applies. */
const TAG_TEXT = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;
const AWS_PREFIX = /^aws:/i;
const CHARACTERS = "may hold only letters, digits, spaces and _ . : / = + - @ (what every AWS service accepts in tags)";

/** What is wrong with a tag key, with its fix, or undefined. */
export function tagKeyProblem(key: string): string | undefined {
    if (key.length === 0) return "a tag key may not be empty; name the tag";
    if (key.length > 128) return "is longer than 128 characters, AWS's limit for a tag key; shorten it";
    if (!TAG_TEXT.test(key)) return `${CHARACTERS}; rename it`;
    if (AWS_PREFIX.test(key)) return "starts with aws:, which AWS reserves for its own tags; rename it";
    if ((PROGRAM_TAG_KEYS as readonly string[]).includes(key) || (RESOURCE_TAG_KEYS as readonly string[]).includes(key)) {
        return `is a tag the program sets itself (${[...PROGRAM_TAG_KEYS, ...RESOURCE_TAG_KEYS].join(", ")}), which would override it; pick another key`;
    }
    return undefined;
}

/** What is wrong with a tag value, with its fix, or undefined. */
export function tagValueProblem(value: string): string | undefined {
    if (value.length > 256) return "is longer than 256 characters, AWS's limit for a tag value; shorten it";
    if (!TAG_TEXT.test(value)) return `${CHARACTERS}; change it`;
    if (AWS_PREFIX.test(value)) return "starts with aws:, which AWS reserves for its own tags; change it";
    return undefined;
}
