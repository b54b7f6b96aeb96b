/**
 * The order of config keys, zone ids and names in messages: `localeCompare(b, "en", { numeric: true })`'s,
 * so runs of digits compare by value (`regions[2]` before `regions[10]`, `use1-az9` before `use1-az10`).
 * The first `localeCompare` of a process loads ICU's collation data, about 9 ms of every plan, so keys of
 * printable ASCII (every key the stack, its zones and its policies use) are compared here by the same
 * rules (Unicode's root collation, CLDR; numeric ordering, https://unicode-org.github.io/icu/userguide/collation/customization/#numeric-ordering)
 * and only a key with any other character goes to ICU. A test holds the two orders equal.
 */
export function compareKeys(a: string, b: string): number {
    if (!PRINTABLE_ASCII.test(a) || !PRINTABLE_ASCII.test(b)) {
        // eslint-disable-next-line no-restricted-properties -- only keys outside printable ASCII pay for ICU
        return a.localeCompare(b, "en", { numeric: true });
    }
    const left = a.match(TOKENS) ?? [];
    const right = b.match(TOKENS) ?? [];
    // Primary strength: characters by their root-collation rank with case aside, digit runs by value.
    for (let i = 0; i < left.length && i < right.length; i++) {
        const order = comparePrimary(left[i] ?? "", right[i] ?? "");
        if (order !== 0) {
            return order;
        }
    }
    if (left.length !== right.length) {
        return left.length - right.length;
    }
    // Tertiary strength: at the first letter that differs only in case, the small letter comes first.
    for (let i = 0; i < left.length; i++) {
        const x = left[i] ?? "";
        const y = right[i] ?? "";
        if (x !== y && !isDigit(x)) {
            return x === x.toLowerCase() ? -1 : 1;
        }
    }
    // Equal but for leading zeros, which the root collation ignores (`a01` and `a1` compare equal).
    return 0;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** A run of digits, or one other character. */
const TOKENS = /\d+|\D/g;
/** Printable ASCII that is neither a digit nor a letter, in the root collation's order; all come before digits. */
const PUNCTUATION = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

const isDigit = (token: string): boolean => token.charCodeAt(0) >= 48 && token.charCodeAt(0) <= 57;

/** Rank of a one-character token: punctuation in its order, then digits (as one rank), then letters a to z. */
function rank(token: string): number {
    if (isDigit(token)) {
        return PUNCTUATION.length;
    }
    const p = PUNCTUATION.indexOf(token);
    return p >= 0 ? p : PUNCTUATION.length + 1 + token.toLowerCase().charCodeAt(0) - 97;
}

function comparePrimary(x: string, y: string): number {
    if (isDigit(x) && isDigit(y)) {
        // By value, of any length (no number can hold `000123456789012345678901`).
        const a = x.replace(/^0+(?=\d)/, "");
        const b = y.replace(/^0+(?=\d)/, "");
        return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
    }
    return rank(x) - rank(y);
}
