/** The subject line of an SNS notification, shared by every function that tells a person something. */

// SNS rejects subjects of 100 characters or more, and any line break or control character (SNS API
// reference, Publish: "Subjects must be UTF-8 text with no line breaks or control characters, and less
// than 100 characters long").
const MAX_SUBJECT = 99;

/** Keeps a subject within SNS limits whatever the stack name is, so Publish can never fail on it. */
export function subjectLine(text: string): string {
    const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
    return clean.length <= MAX_SUBJECT ? clean : `${clean.slice(0, MAX_SUBJECT - 3)}...`;
}
