import { strict as assert } from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { httpsCheck } from "../../functions/probe/check";

/** A local primary whose health answer each test scripts; the check reaches it over plain HTTP. */
describe("probe check (Route 53's string-match rules, against a local server)", () => {
    let server: http.Server;
    let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
    let seenHost: string | undefined;
    let port = 0;
    before(async () => {
        server = http.createServer((req, res) => {
            seenHost = req.headers.host;
            answer(req, res);
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const check = () => httpsCheck({
        endpoint: "127.0.0.1", port, hostName: "app.example.com", path: "/health", searchString: "ha-web-tier: healthy",
        request: http.request, timeouts: { connect: 500, status: 200, body: 200 },
    })();

    it("passes on a 2xx whose body holds the search string, and asks for the service's name, not the ALB's", async () => {
        answer = (_q, res) => res.end("ok ha-web-tier: healthy");
        assert.deepEqual(await check(), { ok: true, detail: "HTTP 200" });
        assert.equal(seenHost, "app.example.com");
    });

    it("fails on a 503, as when the ALB has no healthy targets", async () => {
        answer = (_q, res) => { res.statusCode = 503; res.end("ha-web-tier: healthy"); };
        assert.deepEqual(await check(), { ok: false, detail: "HTTP 503" });
    });

    it("fails on a redirect or error page that lacks the search string", async () => {
        answer = (_q, res) => { res.statusCode = 301; res.setHeader("Location", "https://app.example.com/health"); res.end(); };
        assert.deepEqual(await check(), { ok: false, detail: "HTTP 301 without the search string" });
    });

    it("fails when the string comes only after the first 5,120 bytes", async () => {
        answer = (_q, res) => res.end(`${"x".repeat(6000)}ha-web-tier: healthy`);
        assert.equal((await check()).ok, false);
    });

    it("fails when the status does not come in time", async () => {
        answer = (_q, res) => { setTimeout(() => res.end("ha-web-tier: healthy"), 400); };
        assert.deepEqual(await check(), { ok: false, detail: "status took longer than 200 ms" });
    });

    it("fails when the body stalls after the status", async () => {
        answer = (_q, res) => { res.writeHead(200); res.write("still "); setTimeout(() => res.end("ha-web-tier: healthy"), 400); };
        assert.deepEqual(await check(), { ok: false, detail: "body took longer than 200 ms" });
    });

    it("fails, without throwing, when nothing listens", async () => {
        const closed = http.createServer();
        await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
        const deadPort = (closed.address() as AddressInfo).port;
        await new Promise<void>((r) => closed.close(() => r()));
        const r = await httpsCheck({ endpoint: "127.0.0.1", port: deadPort, hostName: "app.example.com", path: "/health", searchString: "x", request: http.request })();
        assert.deepEqual(r, { ok: false, detail: "ECONNREFUSED" });
    });
});
