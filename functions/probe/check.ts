/**
 * One health check of the primary from the standby region, judged the way a Route 53 string-match
 * check judges it ("How Amazon Route 53 determines whether a health check is healthy"): a TCP
 * connection within 4 s, a 2xx or 3xx status within 2 s of connecting, and the search string within
 * the first 5,120 bytes of the body, received within 2 s of the status. Unlike Route 53 it also
 * verifies the certificate against the service's name, so nobody in between can fake a failure.
 */
import * as https from "https";
import type { IncomingMessage } from "http";

/** The outcome of one check. */
export interface CheckResult {
    ok: boolean;
    /** Why, for the logs: the status, or what failed. */
    detail: string;
}

/** One check of the primary; injectable so tests script the primary's health. */
export type Check = () => Promise<CheckResult>;

/** Where and what to check. */
export interface CheckTarget {
    /** Host to connect to: the primary ALB's DNS name. */
    endpoint: string;
    /** The service's name: SNI, Host header and the name the certificate must carry. */
    hostName: string;
    /** The health path. */
    path: string;
    /** Text the first 5,120 bytes of the body must contain. */
    searchString: string;
    /** @default 443 */
    port?: number;
    /** @default https.request; tests pass http.request to check a local server. */
    request?: (options: https.RequestOptions, callback: (res: IncomingMessage) => void) => ReturnType<typeof https.request>;
    /** Timeouts in ms. @default Route 53's: connect 4000, status 2000, body 2000 */
    timeouts?: { connect: number; status: number; body: number };
}

/** Route 53 reads only the start of the body for the search string. */
const BODY_LIMIT = 5120;

/** Builds a {@link Check} for the target; the returned promise always resolves, never rejects. */
export function httpsCheck(t: CheckTarget): Check {
    const timeouts = t.timeouts ?? { connect: 4000, status: 2000, body: 2000 };
    const request = t.request ?? https.request;
    return () => new Promise<CheckResult>((resolve) => {
        let done = false;
        let timer: NodeJS.Timeout | undefined;
        const finish = (r: CheckResult) => {
            if (!done) {
                done = true;
                clearTimeout(timer);
                req.destroy();
                resolve(r);
            }
        };
        const deadline = (ms: number, what: string) => {
            clearTimeout(timer);
            timer = setTimeout(() => finish({ ok: false, detail: `${what} took longer than ${ms} ms` }), ms);
        };
        const req = request({
            host: t.endpoint,
            port: t.port ?? 443,
            path: t.path,
            method: "GET",
            servername: t.hostName,
            headers: { Host: t.hostName, "User-Agent": "ha-web-tier-probe" },
            agent: false,
        }, (res) => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 400) {
                finish({ ok: false, detail: `HTTP ${status}` });
                return;
            }
            deadline(timeouts.body, "body");
            let head = Buffer.alloc(0);
            const found = () => head.subarray(0, BODY_LIMIT).toString("utf8").includes(t.searchString);
            res.on("data", (chunk: Buffer) => {
                head = Buffer.concat([head, chunk]).subarray(0, BODY_LIMIT);
                if (found()) {
                    finish({ ok: true, detail: `HTTP ${status}` });
                } else if (head.length >= BODY_LIMIT) {
                    finish({ ok: false, detail: `HTTP ${status} without the search string in the first ${BODY_LIMIT} bytes` });
                }
            });
            // Every piece of the body was searched as it came, so at its end the string was not in it.
            res.on("end", () => finish({ ok: false, detail: `HTTP ${status} without the search string` }));
            res.on("error", (e) => finish({ ok: false, detail: e.message }));
        });
        deadline(timeouts.connect, "connect");
        req.on("socket", (socket) => {
            socket.on("connect", () => deadline(timeouts.status, "status"));
        });
        req.on("error", (e) => finish({ ok: false, detail: (e as NodeJS.ErrnoException).code ?? e.message }));
        req.end();
    });
}
