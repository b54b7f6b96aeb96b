/** Text for the HTML page's cells: escaped, with tokens kept whole. Shared by the page and its sections. */

/** HTML-escapes text for element content and attribute values. */
export const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Escaped cell text in which no hyphenated or slashed token (`us-west-2a`, `/health`) is broken across lines. */
export function cellText(s: string): string {
    return esc(s).replace(/\S*[-/]\S*/g, (token) => `<span class="nw">${token}</span>`);
}
