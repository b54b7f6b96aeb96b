/**
 * After a deploy: does the service answer? `npm run health -- <url> [--expect <text>] [--timeout <s>]
 * [--interval <s>]` asks the URL (serviceUrl + the health path) until it answers 2xx (containing the
 * expected text when given) or the time is up: exit 0 when it answers, 1 when it never did, 64 on a
 * usage error. A first deploy needs its instances booted, the image pulled and the DNS record
 * resolvable, hence the patience (15 minutes by default); Route 53 counts 3xx as healthy, this does not
 * (redirects are not followed), as a redirect would pass with no healthy target.
 */

/** What to ask and how long to wait. */
export interface HealthOptions {
    url: string;
    /** Text the answer must contain (the health search string). */
    expect?: string;
    /** Give up after this many seconds. */
    timeoutSeconds: number;
    /** Wait this long between tries. */
    intervalSeconds: number;
}

/** Parses the command line; throws an Error with the usage on anything it does not know. */
export function parseHealthArgs(argv: readonly string[]): HealthOptions {
    const usage = "usage: npm run health -- <url> [--expect <text>] [--timeout <seconds>] [--interval <seconds>]";
    const opts: Partial<HealthOptions> = { timeoutSeconds: 900, intervalSeconds: 15 };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? "";
        const value = (): string => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${arg} needs a value\n${usage}`);
            return v;
        };
        if (arg === "--expect") opts.expect = value();
        else if (arg === "--timeout") opts.timeoutSeconds = Number(value());
        else if (arg === "--interval") opts.intervalSeconds = Number(value());
        else if (!arg.startsWith("--") && opts.url === undefined) opts.url = arg;
        else throw new Error(`unknown argument ${arg}\n${usage}`);
    }
    if (!opts.url || !/^https?:\/\//.test(opts.url)) throw new Error(`a http(s) URL is required\n${usage}`);
    if (!(Number(opts.timeoutSeconds) >= 0) || !(Number(opts.intervalSeconds) > 0)) throw new Error(`--timeout and --interval take seconds\n${usage}`);
    return opts as HealthOptions;
}

/** One try: undefined when the service answered as it should, else what went wrong. */
async function attempt(opts: HealthOptions): Promise<string | undefined> {
    try {
        const res = await fetch(opts.url, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
        const body = await res.text();
        if (res.status < 200 || res.status >= 300) return `HTTP ${res.status}`;
        if (opts.expect !== undefined && !body.includes(opts.expect)) return `HTTP ${res.status} without "${opts.expect}" in the answer`;
        return undefined;
    } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        return e.cause?.code ?? e.message;
    }
}

/** Asks until the service answers or the time is up; returns the exit code. */
export async function checkHealth(opts: HealthOptions, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<number> {
    const deadline = Date.now() + opts.timeoutSeconds * 1000;
    for (let n = 1; ; n++) {
        const problem = await attempt(opts);
        if (problem === undefined) {
            log(`${opts.url} answers (try ${n})`);
            return 0;
        }
        if (Date.now() + opts.intervalSeconds * 1000 > deadline) {
            log(`error: ${opts.url} did not answer as healthy within ${opts.timeoutSeconds} s (${n} tries; last: ${problem})`);
            return 1;
        }
        log(`${opts.url}: ${problem}; trying again in ${opts.intervalSeconds} s`);
        await new Promise((resolve) => setTimeout(resolve, opts.intervalSeconds * 1000));
    }
}

if (process.argv[1] === __filename) {
    let opts: HealthOptions | undefined;
    try {
        opts = parseHealthArgs(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exitCode = 64;
    }
    if (opts) {
        void checkHealth(opts).then((code) => { process.exitCode = code; });
    }
}
