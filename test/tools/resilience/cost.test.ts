/**
 * The cost estimate's lines for what a stack pays at rest beyond instances and load balancers: the
 * warm pool's volumes, detailed monitoring, metric-math alarms, dashboards and scheduled function
 * runs, and what the total says it leaves out. Pure: synthetic resources, no engine.
 */
import * as assert from "node:assert/strict";
import { assess } from "../../../tools/resilience";
import { grouped, runsPerMonth } from "../../../tools/resilience/cost";
import { renderMarkdown, usd } from "../../../tools/resilience/report";
import { twoRegionStack, type Stack } from "./synthetic";

const cents = (x: number): number => Math.round(x * 100) / 100;

function region(s: Stack, name: string) {
    const r = assess(s.resources).cost.regions.find((x) => x.region === name);
    assert.ok(r, `no cost for ${name}`);
    return { ...r, usdOf: (item: RegExp): number | null | undefined => r.lines.find((l) => item.test(l.item))?.monthlyUsd };
}

describe("cost estimate (pure)", () => {
    it("counts are written with thousands separators, as en-US writes them", () => {
        for (const [n, text] of [[0, "0"], [999, "999"], [1000, "1,000"], [43800, "43,800"], [1234567, "1,234,567"], [-1234567, "-1,234,567"], [2.5, "2.5"]] as const) {
            assert.equal(grouped(n), text);
        }
    });

    it("a stopped warm pool bills its instances' volumes: prepared capacity above desired, never below the pool's minimum", () => {
        const s = twoRegionStack();
        s.set("us-east-1-asg", { warmPool: { maxGroupPreparedCapacity: 2, minSize: 0, poolState: "Stopped" } });
        assert.equal(region(s, "us-east-1").usdOf(/warm-pool/), cents(2 * 20 * 0.08));
        // Without a prepared capacity the pool fills the group's maximum (6) above its desired (0).
        s.set("us-east-1-asg", { warmPool: { minSize: 0 } });
        assert.equal(region(s, "us-east-1").usdOf(/warm-pool/), cents(6 * 20 * 0.08));
        s.set("us-east-1-asg", { warmPool: { maxGroupPreparedCapacity: 2, minSize: 3 } });
        assert.equal(region(s, "us-east-1").usdOf(/warm-pool/), cents(3 * 20 * 0.08));
        assert.equal(region(s, "us-east-1").usdOf(/^EC2 .*warm pool/), undefined);
    });

    it("a running warm pool bills its instances' hours as well as their volumes", () => {
        const s = twoRegionStack();
        s.set("us-east-1-asg", { warmPool: { maxGroupPreparedCapacity: 2, poolState: "Running" } });
        assert.equal(region(s, "us-east-1").usdOf(/^EC2 t3\.small \(us-east-1-asg warm pool, 2 running\)/), cents(2 * 730 * 0.0208));
    });

    it("detailed monitoring bills 7 metrics for each running instance, none for a standby at 0", () => {
        const s = twoRegionStack();
        s.set("us-west-2-lt", { monitoring: { enabled: true } });
        s.set("us-east-1-lt", { monitoring: { enabled: true } });
        assert.equal(region(s, "us-west-2").usdOf(/detailed monitoring/), cents(2 * 7 * 0.30));
        assert.equal(region(s, "us-east-1").usdOf(/detailed monitoring/), undefined);
    });

    it("a metric-math alarm bills each metric its expression reads", () => {
        const s = twoRegionStack();
        const before = region(s, "us-east-1").usdOf(/alarms/) ?? 0;
        s.add("aws:cloudwatch/metricAlarm:MetricAlarm", "error-rate", "us-east-1", {
            metricQueries: [
                { id: "errors", metric: { metricName: "HTTPCode_Target_5XX_Count", namespace: "AWS/ApplicationELB", period: 60, stat: "Sum" } },
                { id: "requests", metric: { metricName: "RequestCount", namespace: "AWS/ApplicationELB", period: 60, stat: "Sum" } },
                { id: "rate", expression: "100 * errors / requests", returnData: true },
            ],
        });
        assert.equal(region(s, "us-east-1").usdOf(/alarms/), cents(before + 2 * 0.10));
        assert.match(region(s, "us-east-1").lines.find((l) => /alarms/.test(l.item))?.item ?? "", /2 reading 3 metrics/);
    });

    it("a dashboard costs its monthly price in the region that owns it", () => {
        const s = twoRegionStack();
        s.add("aws:cloudwatch/dashboard:Dashboard", "dashboard", "us-west-2", { dashboardName: "d" });
        assert.equal(region(s, "us-west-2").usdOf(/dashboards/), 3);
    });

    it("a scheduled function is priced per run: scheduler, requests, and its duration at most its timeout; a cron schedule is named unpriced", () => {
        const s = twoRegionStack();
        s.add("aws:lambda/function:Function", "probe", "us-east-1", { timeout: 58, memorySize: 128, architectures: ["arm64"] });
        s.add("aws:scheduler/schedule:Schedule", "probe-schedule", "us-east-1", { scheduleExpression: "rate(1 minute)" }, { target: ["probe"] });
        const east = region(s, "us-east-1");
        assert.equal(east.usdOf(/^EventBridge Scheduler: probe-schedule/), cents(43_800 / 1e6));
        assert.equal(east.usdOf(/^Lambda requests: probe/), cents(43_800 * 0.2 / 1e6));
        assert.equal(east.usdOf(/^Lambda duration: probe, at most/), cents(43_800 * 58 * 0.125 * 0.0000133334));
        assert.equal(east.incomplete, false);
        s.set("probe-schedule", { scheduleExpression: "cron(0 8 * * ? *)" });
        const cron = region(s, "us-east-1");
        assert.equal(cron.usdOf(/probe-schedule/), null);
        assert.equal(cron.incomplete, true);
        assert.ok(assess(s.resources).cost.notPriced.some((x) => /probe-schedule.*not a fixed rate/.test(x)));
    });

    it("runs a month of a rate schedule, and none for a cron expression", () => {
        assert.equal(runsPerMonth("rate(1 minute)"), 43_800);
        assert.equal(runsPerMonth("rate(5 minutes)"), 8_760);
        assert.equal(runsPerMonth("rate(1 hour)"), 730);
        assert.equal(runsPerMonth("cron(0 8 * * ? *)"), undefined);
        assert.equal(runsPerMonth(undefined), undefined);
    });

    it("the estimate says what its total leaves out, and the Markdown summary carries the total", () => {
        const r = assess(twoRegionStack().resources);
        assert.ok(r.cost.notPriced.some((x) => /data transfer/.test(x)));
        assert.ok(r.cost.notPriced.some((x) => /NAT data processed/.test(x)));
        const md = renderMarkdown("test", r);
        assert.match(md, new RegExp(`^\\| \\*\\*total\\*\\* \\| \\*\\*\\${usd(r.cost.totalUsd)}\\*\\* \\+ usage \\| \\|$`, "m"));
        assert.match(md, /^Not in the total: .*data transfer/m);
    });
});
