/**
 * The check deploy.yml runs after `pulumi up`: the service must answer its health path (2xx, with the
 * search string), given time for a first deploy to come up, and the job must fail when it never does.
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { checkHealth, parseHealthArgs } from "../../../tools/deploy/health";

/** A server that answers each request with the next of `answers` (the last one repeats). */
async function serve(answers: { status: number; body: string; location?: string }[]): Promise<{ url: string; close: () => void; hits: () => number }> {
    let n = 0;
    const server = http.createServer((_req, res) => {
        const a = answers[Math.min(n++, answers.length - 1)] ?? { status: 500, body: "" };
        res.writeHead(a.status, a.location ? { location: a.location } : {});
        res.end(a.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}/health`, close: () => server.close(), hits: () => n };
}

const quick = { timeoutSeconds: 2, intervalSeconds: 0.05 };

describe("after a deploy the service answers its health path", () => {
    it("passes once the service comes up, after failures while it boots", async () => {
        const s = await serve([{ status: 503, body: "" }, { status: 502, body: "" }, { status: 200, body: "ha-web-tier: healthy" }]);
        const log: string[] = [];
        assert.equal(await checkHealth({ url: s.url, expect: "ha-web-tier: healthy", ...quick }, (l) => log.push(l)), 0);
        s.close();
        assert.equal(s.hits(), 3);
        assert.equal(log.at(-1), `${s.url} answers (try 3)`);
    });

    it("fails when the service never answers healthy, saying what it last got", async () => {
        const s = await serve([{ status: 500, body: "" }]);
        const log: string[] = [];
        assert.equal(await checkHealth({ url: s.url, ...quick, timeoutSeconds: 0.3 }, (l) => log.push(l)), 1);
        s.close();
        assert.match(log.at(-1) ?? "", /^error: http:\/\/127\.0\.0\.1:\d+\/health did not answer as healthy within 0\.3 s \(\d+ tries; last: HTTP 500\)$/);
    });

    it("a redirect or an answer without the search string is not healthy", async () => {
        const redirect = await serve([{ status: 301, body: "", location: "https://elsewhere/" }]);
        const log: string[] = [];
        assert.equal(await checkHealth({ url: redirect.url, ...quick, timeoutSeconds: 0.1 }, (l) => log.push(l)), 1);
        redirect.close();
        assert.match(log.at(-1) ?? "", /last: HTTP 301\)$/);
        const wrong = await serve([{ status: 200, body: "<html>default page</html>" }]);
        assert.equal(await checkHealth({ url: wrong.url, expect: "ha-web-tier: healthy", ...quick, timeoutSeconds: 0.1 }, (l) => log.push(l)), 1);
        wrong.close();
        assert.match(log.at(-1) ?? "", /last: HTTP 200 without "ha-web-tier: healthy" in the answer\)$/);
    });

    it("nothing listening is a failure, not a crash", async () => {
        const s = await serve([{ status: 200, body: "" }]);
        s.close();
        const log: string[] = [];
        assert.equal(await checkHealth({ url: s.url, ...quick, timeoutSeconds: 0.1 }, (l) => log.push(l)), 1);
        assert.match(log.at(-1) ?? "", /last: ECONNREFUSED\)$/);
    });

    it("reads its command line, and refuses anything but a URL and its options", () => {
        assert.deepEqual(parseHealthArgs(["https://app.acme.io/health", "--expect", "ok", "--timeout", "60"]),
            { url: "https://app.acme.io/health", expect: "ok", timeoutSeconds: 60, intervalSeconds: 15 });
        assert.throws(() => parseHealthArgs([]), /a http\(s\) URL is required/);
        assert.throws(() => parseHealthArgs(["app.acme.io/health"]), /a http\(s\) URL is required/);
        assert.throws(() => parseHealthArgs(["https://a.io/", "--retries", "3"]), /unknown argument --retries/);
    });
});
