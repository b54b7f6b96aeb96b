import { strict as assert } from "assert";
import { parseConfig } from "../../../stack/config";
import { problemsOf } from "./configProblems";

const valid = (): Record<string, unknown> => ({
    regions: [{ name: "us-west-2", vpcCidr: "10.10.0.0/16" }, { name: "us-east-2", vpcCidr: "10.20.0.0/16" }],
    // Pilot-light (the default) fails over through DNS and tells a person.
    dns: { hostedZoneId: "Z123EXAMPLE", recordName: "app.example.com" },
    failover: { notificationEmail: "ops@example.com" },
});

describe("stack config: the edge (waf, alb, alarms)", () => {
    it("defaults suit production: WAF blocking at 2000 requests per IP per 5 minutes, TLS 1.3 with 1.2, HSTS, autoshift, alarms", () => {
        const c = parseConfig(valid());
        assert.deepEqual(c.waf, { enabled: true, mode: "block", rateLimit: 2000, rateWindowSeconds: 300, sqli: false });
        assert.deepEqual(c.alb, { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", hsts: "max-age=31536000", desyncMitigationMode: "defensive", zonalAutoshift: true });
        assert.deepEqual(c.alarms, { targetErrorPercent: 5, minRequestsPerMinute: 20, elbErrorsPerMinute: 10, p99LatencySeconds: 2,
            unhealthyHostMinutes: 5, atMaxCapacityMinutes: 15, wafBlockedPercent: 20 });
    });

    it("accepts the FIPS and post-quantum TLS 1.3 policies that keep TLS 1.2, and HSTS with subdomains and preload", () => {
        for (const sslPolicy of ["ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"]) {
            assert.equal(parseConfig({ ...valid(), alb: { sslPolicy } }).alb.sslPolicy, sslPolicy);
        }
        assert.equal(parseConfig({ ...valid(), alb: { hsts: "max-age=63072000; includeSubDomains; preload" } }).alb.hsts, "max-age=63072000; includeSubDomains; preload");
    });

    const invalid: [string, Record<string, unknown>, string][] = [
        ["a rate limit below WAF's minimum", { waf: { rateLimit: 5 } }, "ha-web-tier:waf.rateLimit: must be at least 10 (WAF's lowest rate limit); raise it"],
        ["a rate limit above WAF's maximum", { waf: { rateLimit: 3_000_000_000 } }, "ha-web-tier:waf.rateLimit: must be at most 2000000000 (WAF's highest rate limit); lower it"],
        ["a rate window WAF does not offer", { waf: { rateWindowSeconds: 30 } }, "ha-web-tier:waf.rateWindowSeconds: must be 60, 120, 300 or 600 (seconds); WAF offers only these windows"],
        ["an unknown WAF mode", { waf: { mode: "log" } }, "ha-web-tier:waf.mode: must be one of block | count, got \"log\"; pick one of those"],
        ["a TLS-1.3-only policy Route 53's checkers cannot use", { alb: { sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06" } },
            "ha-web-tier:alb.sslPolicy: must be a TLS 1.3 policy that also allows TLS 1.2 (ELBSecurityPolicy-TLS13-1-2-*), because Route 53 HTTPS health checks cannot use TLS 1.3 alone; use ELBSecurityPolicy-TLS13-1-2-2021-06 or a FIPS/PQ variant of it"],
        ["a policy that still allows TLS 1.0", { alb: { sslPolicy: "ELBSecurityPolicy-2016-08" } }, "ha-web-tier:alb.sslPolicy: must be a TLS 1.3 policy that also allows TLS 1.2"],
        ["a malformed HSTS value", { alb: { hsts: "max-age=forever" } }, "ha-web-tier:alb.hsts: must be a Strict-Transport-Security value; use max-age=<seconds>, optionally followed by ; includeSubDomains and ; preload"],
        ["desync mitigation in monitor mode", { alb: { desyncMitigationMode: "monitor" } }, "ha-web-tier:alb.desyncMitigationMode: must be one of defensive | strictest, got \"monitor\"; pick one of those"],
        ["an error rate of 0%", { alarms: { targetErrorPercent: 0 } }, "ha-web-tier:alarms.targetErrorPercent: must be a percentage above 0; set a value such as 5"],
        ["a WAF blocked share above 100%", { alarms: { wafBlockedPercent: 150 } }, "ha-web-tier:alarms.wafBlockedPercent: must be at most 100 (percent); lower it"],
        ["no minutes of unhealthy targets", { alarms: { unhealthyHostMinutes: 0 } }, "ha-web-tier:alarms.unhealthyHostMinutes: must be at least 1 minute; raise it"],
        ["more than a day at max capacity", { alarms: { atMaxCapacityMinutes: 2000 } }, "ha-web-tier:alarms.atMaxCapacityMinutes: must be at most 1440 minutes (CloudWatch evaluates at most one day); lower it"],
        ["a latency threshold of 0 s", { alarms: { p99LatencySeconds: 0 } }, "ha-web-tier:alarms.p99LatencySeconds: must be above 0 seconds; set a value such as 2"],
        ["a misspelt WAF key", { waf: { ratelimit: 100 } }, "ha-web-tier:waf.ratelimit: is not a known setting; did you mean rateLimit?"],
        ["a WAF key nothing is near", { waf: { throttle: 100 } }, "ha-web-tier:waf.throttle: is not a known setting; remove it or check its spelling against the config reference in docs/configuration.md"],
    ];
    for (const [what, change, expected] of invalid) {
        it(`rejects ${what}, naming the key and the fix`, () => {
            const problems = problemsOf({ ...valid(), ...change });
            assert.ok(problems.some((p) => p.startsWith(expected)), `no problem starts with ${expected}:\n${problems.join("\n")}`);
        });
    }
});
