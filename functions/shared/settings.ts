/**
 * The pieces both functions parse their environment with: the value shapes (regions, ARNs, counts,
 * flags) and one way to turn zod's issues into a message that names every offending variable.
 */
import { z } from "zod";

/** An AWS region code. */
export const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be an AWS region such as eu-west-1");

/** Any text with something in it besides blanks. */
export const nonEmpty = z.string().trim().min(1, "must not be empty");

/** A whole number in [minimum, maximum], given as text as every environment variable is. */
export const count = (minimum: number, maximum = 10_000) =>
    z
        .string()
        .regex(/^\d+$/, "must be a whole number")
        .transform(Number)
        .pipe(z.number().int().min(minimum, `must be at least ${minimum}`).max(maximum, `must be at most ${maximum}`));

// SNS ARNs carry the topic's region in their fourth field; the client must be created there.
/** An SNS topic ARN. */
export const topicArn = z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:[\w-]{1,256}$/, "must be an SNS topic ARN");

// CloudWatch alarm ARNs: arn:aws:cloudwatch:<region>:<account>:alarm:<name>. Names may contain colons,
// so everything after ":alarm:" is the name; the region field is where DescribeAlarms must be called.
/** A CloudWatch alarm ARN. */
export const alarmArn = z
    .string()
    .regex(
        /^arn:aws[a-z-]*:cloudwatch:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:alarm:[^\u0000-\u001f\u007f]{1,255}$/,
        "must be a CloudWatch alarm ARN (arn:aws:cloudwatch:<region>:<account>:alarm:<name>)",
    );

/** The alarm name an alarm ARN carries. */
export function alarmNameOf(arn: string): string {
    return arn.slice(arn.indexOf(":alarm:") + ":alarm:".length);
}

/** The region field of an ARN. */
export const regionOf = (arn: string): string => arn.split(":")[3];

/** "true" or "false", false when unset. */
export const flag = z
    .enum(["true", "false"], { message: 'must be "true" or "false"' })
    .default("false")
    .transform((v) => v === "true");

/** An optional value; an empty string is how a component says "not set". */
export const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

/** Thrown for a bad environment, naming every offending variable at once. */
export class SettingsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SettingsError";
    }
}

/**
 * Parses `env` with `schema`, or throws {@link SettingsError} as `<lead>: VAR what; VAR what`. A missing
 * variable is said to be required (zod words it as a type error).
 */
export function parseEnvironment<S extends z.ZodTypeAny>(schema: S, env: Record<string, string | undefined>, lead: string): z.output<S> {
    const parsed = schema.safeParse(env);
    if (parsed.success) {
        return parsed.data;
    }
    const problems = parsed.error.issues.map((issue) => {
        const variable = issue.path.map(String).join(".");
        const message = issue.code === "invalid_type" && env[variable] === undefined ? "is required" : issue.message;
        return `${variable} ${message}`;
    });
    throw new SettingsError(`${lead}: ${problems.join("; ")}`);
}
