/**
 * Lambda runtimes AWS supports, with the date each one is deprecated (end of security patches), from
 * the "Supported runtimes" table of the AWS Lambda developer guide, "Lambda runtimes"
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), as published on 2026-07-31.
 * Runtimes already deprecated then (nodejs20.x on 2026-04-30, python3.10 on 2026-10-31, dotnet8 on
 * 2026-11-10, ruby3.2, provided.al2, java8, go1.x, ...) are not listed. Update this table when AWS adds
 * a runtime; a date that passes retires its runtime without an edit.
 */
export const lambdaRuntimeDeprecations: Readonly<Record<string, string>> = {
    "nodejs24.x": "2028-04-30",
    "nodejs22.x": "2027-04-30",
    "python3.14": "2029-06-30",
    "python3.13": "2029-06-30",
    "python3.12": "2028-10-31",
    "python3.11": "2027-06-30",
    "java25": "2029-06-30",
    "java21": "2029-06-30",
    "java17": "2027-06-30",
    "java11": "2027-06-30",
    "java8.al2": "2027-06-30",
    "dotnet10": "2028-11-14",
    "ruby4.0": "2029-03-31",
    "ruby3.4": "2028-03-31",
    "ruby3.3": "2027-03-31",
    "provided.al2023": "2029-06-30",
};

/** The newest Node.js runtime in the table, for fix messages. */
export const newestNodeRuntime = "nodejs24.x";

/** Runtimes of the table that are still supported on the given day (ISO date, `YYYY-MM-DD`). */
export function supportedRuntimes(today: string = new Date().toISOString().slice(0, 10)): string[] {
    return Object.entries(lambdaRuntimeDeprecations).filter(([, date]) => today < date).map(([runtime]) => runtime);
}
