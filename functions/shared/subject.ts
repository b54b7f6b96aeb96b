/** The subject line of an SNS notification, shared by every function that tells a person something. */

// SNS rejects subjects of 100 characters or more, and any line break or control character (SNS API
// reference, Publish: "Subjects must be UTF-8 text with no line breaks or control characters, and less
// than 100 characters long"; older editions say ASCII). Only printable ASCII is kept, which meets both
// wordings and leaves no C1 control, Unicode line separator or surrogate pair for the cut to split.
const MAX_SUBJECT = 99;

/** Keeps a subject within SNS limits whatever the stack name is, so Publish can never fail on it. */
export function subjectLine(text: string): string {
    const clean = text.replace(/[^\x20-\x7e]+/g, " ").trim();
    return clean.length <= MAX_SUBJECT ? clean : `${clean.slice(0, MAX_SUBJECT - 3)}...`;
}
