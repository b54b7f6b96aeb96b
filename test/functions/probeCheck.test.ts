import { strict as assert } from "assert";
import * as http from "http";
import * as net from "net";
import { Duplex } from "stream";
import type { AddressInfo } from "net";
import { type CheckResult, type CheckTarget, httpsCheck } from "../../functions/probe/check";

/** The test's timeouts (ms): short, so a check that gives up does so quickly. */
const TIMEOUTS = { connect: 500, status: 200, body: 200 };
/** Room for the event loop on a busy machine beyond the check's own timeouts. */
const MARGIN_MS = 1_000;

/**
 * The check's result. Fails the test when it has not settled within its three timeouts together (its
 * share of the probe's budget, src/failover/rto.ts PROBE_CHECK_TIMEOUT) and a margin: a check that
 * never settles would stall the run's judgement of every later check.
 */
async function settle(check: () => Promise<CheckResult>, timeouts = TIMEOUTS): Promise<CheckResult> {
    const limit = timeouts.connect + timeouts.status + timeouts.body + MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the check did not settle within ${limit} ms`)), limit);
    });
    try {
        return await Promise.race([check(), late]);
    } finally {
        clearTimeout(timer);
    }
}

/** A local primary whose health answer each test scripts; the check reaches it over plain HTTP. */
describe("probe check (Route 53's string-match rules, against a local server)", function () {
    // A backstop only: settle() fails a check that hangs well before this.
    this.timeout(5_000);
    let server: http.Server;
    let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
    let seen: http.IncomingHttpHeaders = {};
    let port = 0;
    before(async () => {
        server = http.createServer((req, res) => {
            seen = req.headers;
            answer(req, res);
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
    }));

    /** For a check that must see a later event before its deadline: a body timeout no stalled event loop reaches. */
    const patient = { ...TIMEOUTS, body: 1_000 };
    const target = (extra: Partial<CheckTarget> = {}): CheckTarget => ({
        endpoint: "127.0.0.1", port, hostName: "app.example.com", path: "/health", searchString: "ha-web-tier: healthy",
        request: http.request, timeouts: TIMEOUTS, ...extra,
    });
    const check = () => settle(httpsCheck(target()));

    it("passes on a 2xx whose body holds the search string, and asks for the service's name, not the ALB's, as the probe", async () => {
        answer = (_q, res) => res.end("ok ha-web-tier: healthy");
        assert.deepEqual(await check(), { ok: true, detail: "HTTP 200" });
        assert.deepEqual([seen.host, seen["user-agent"]], ["app.example.com", "ha-web-tier-probe"]);
    });

    it("passes when the search string arrives split across pieces of the body", async () => {
        answer = (_q, res) => { res.writeHead(200); res.write("ok ha-web-"); setTimeout(() => res.end("tier: healthy"), 20); };
        assert.deepEqual(await settle(httpsCheck(target({ timeouts: patient })), patient), { ok: true, detail: "HTTP 200" });
    });

    it("passes on a 3xx that holds the search string, as Route 53 does", async () => {
        answer = (_q, res) => { res.statusCode = 302; res.setHeader("Location", "/elsewhere"); res.end("ha-web-tier: healthy"); };
        assert.deepEqual(await check(), { ok: true, detail: "HTTP 302" });
    });

    it("fails on a 503, as when the ALB has no healthy targets, and on a 400, whatever their bodies hold", async () => {
        for (const status of [503, 400]) {
            answer = (_q, res) => { res.statusCode = status; res.end("ha-web-tier: healthy"); };
            assert.deepEqual(await check(), { ok: false, detail: `HTTP ${status}` });
        }
    });

    it("fails on a redirect or error page that lacks the search string", async () => {
        answer = (_q, res) => { res.statusCode = 301; res.setHeader("Location", "https://app.example.com/health"); res.end(); };
        assert.deepEqual(await check(), { ok: false, detail: "HTTP 301 without the search string" });
    });

    it("fails when the string comes only after the first 5,120 bytes, as soon as those have come", async () => {
        answer = (_q, res) => res.end(`${"x".repeat(6000)}ha-web-tier: healthy`);
        assert.deepEqual(await check(), { ok: false, detail: "HTTP 200 without the search string in the first 5120 bytes" });
        // The rest of the body never comes: the first 5,120 bytes decide, not the body's timeout.
        answer = (_q, res) => { res.writeHead(200); res.write("x".repeat(5120)); };
        assert.deepEqual(await check(), { ok: false, detail: "HTTP 200 without the search string in the first 5120 bytes" });
    });

    it("fails when the status does not come in time", async () => {
        answer = (_q, res) => { setTimeout(() => res.end("ha-web-tier: healthy"), 400); };
        assert.deepEqual(await check(), { ok: false, detail: "status took longer than 200 ms" });
    });

    it("fails when the body stalls after the status", async () => {
        answer = (_q, res) => { res.writeHead(200); res.write("still "); setTimeout(() => res.end("ha-web-tier: healthy"), 400); };
        assert.deepEqual(await check(), { ok: false, detail: "body took longer than 200 ms" });
    });

    it("fails when the primary drops the connection in the middle of the body", async () => {
        answer = (req, res) => { res.writeHead(200); res.write("still "); setTimeout(() => req.socket.destroy(), 20); };
        assert.deepEqual(await settle(httpsCheck(target({ timeouts: patient })), patient), { ok: false, detail: "aborted" });
    });

    it("times each step on its own: steps that together outlast the connect timeout pass", async () => {
        const timeouts = { connect: 300, status: 500, body: 500 };
        answer = (_q, res) => { setTimeout(() => { res.writeHead(200); res.write("still "); }, 150); setTimeout(() => res.end("ha-web-tier: healthy"), 450); };
        assert.deepEqual(await settle(httpsCheck(target({ timeouts })), timeouts), { ok: true, detail: "HTTP 200" });
    });

    it("without timeouts given, uses Route 53's (seconds, not milliseconds): a primary answering in 100 ms passes", async () => {
        answer = (_q, res) => { setTimeout(() => res.end("ha-web-tier: healthy"), 100); };
        assert.deepEqual(await settle(httpsCheck(target({ timeouts: undefined })), { connect: 4000, status: 2000, body: 2000 }), { ok: true, detail: "HTTP 200" });
    });

    it("closes the connection of a check it gave up on, so a hung primary does not collect the probe's sockets", async () => {
        let closed!: Promise<void>;
        answer = (req) => { closed = new Promise((r) => req.socket.once("close", () => r())); };
        assert.deepEqual(await check(), { ok: false, detail: "status took longer than 200 ms" });
        const gone = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 500))]);
        assert.equal(gone, true, "the primary still holds the connection the check gave up on");
    });

    it("fails when the connection is not made in time", async () => {
        // A connection that never opens, as to a primary whose ALB drops the SYN.
        const silent = () => new Duplex({ read() {}, write(_chunk, _encoding, done) { done(); } }) as unknown as net.Socket;
        const request: CheckTarget["request"] = (options, callback) => http.request({ ...options, agent: undefined, createConnection: silent }, callback);
        const timeouts = { connect: 100, status: 200, body: 200 };
        assert.deepEqual(await settle(httpsCheck(target({ request, timeouts })), timeouts), { ok: false, detail: "connect took longer than 100 ms" });
    });

    it("fails on a status below 200, which only a broken server sends, whatever its body holds", async () => {
        // Node's parser hands a three-digit status under 100 to the response; 1xx are interim answers.
        const raw = net.createServer((c) => c.once("data", () => c.end("HTTP/1.1 099 Odd\r\nContent-Length: 20\r\n\r\nha-web-tier: healthy")));
        await new Promise<void>((r) => raw.listen(0, "127.0.0.1", r));
        try {
            assert.deepEqual(await settle(httpsCheck(target({ port: (raw.address() as AddressInfo).port }))), { ok: false, detail: "HTTP 99" });
        } finally {
            await new Promise<void>((r) => raw.close(() => r()));
        }
    });

    it("fails, without throwing, when nothing listens", async () => {
        const closed = http.createServer();
        await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
        const deadPort = (closed.address() as AddressInfo).port;
        await new Promise<void>((r) => closed.close(() => r()));
        assert.deepEqual(await settle(httpsCheck(target({ port: deadPort, searchString: "x" }))), { ok: false, detail: "ECONNREFUSED" });
    });
});
