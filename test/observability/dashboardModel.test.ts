import { strict as assert } from "assert";
import { stackDashboard, type StackDashboardContent } from "../../src/observability/dashboard";
import { type DashboardModel, GRID_WIDTH, renderDashboard } from "../../src/observability/dashboardModel";
import { checkMetric } from "../../src/observability/metricCatalog";

const content = (): StackDashboardContent => ({
    title: "ha-web-tier test",
    regions: [
        { region: "us-west-2", role: "primary", loadBalancer: "app/w/1", targetGroup: "targetgroup/w/1", asgName: "w-asg", webAcl: "acl-w" },
        { region: "us-east-1", role: "standby", loadBalancer: "app/e/2", targetGroup: "targetgroup/e/2", asgName: "e-asg" },
    ],
    healthChecks: [{ region: "us-west-2", healthCheckId: "hc-w" }, { region: "us-east-1", healthCheckId: "hc-e" }],
    failover: { region: "us-east-1", functionName: "fn", deadLetterQueueName: "dlq" },
});

const graph = (region: string, lines: any[]): DashboardModel => ({ start: "-PT1H", rows: [[{ type: "graph", title: "t", region, period: 60, lines }]] });

describe("dashboard model (pure)", () => {
    it("renders valid JSON whose widgets sit on the 24-column grid, row after row, without overlapping", () => {
        const body = JSON.parse(renderDashboard(stackDashboard(content())));
        const rows = new Map<number, any[]>();
        for (const w of body.widgets) {
            assert.ok(Number.isInteger(w.x) && w.x >= 0 && w.x + w.width <= GRID_WIDTH, JSON.stringify(w));
            rows.set(w.y, [...(rows.get(w.y) ?? []), w]);
        }
        const tops = [...rows.keys()].sort((a, b) => a - b);
        tops.forEach((top, i) => {
            const row = rows.get(top)!.sort((a, b) => a.x - b.x);
            assert.equal(row.reduce((x, w) => (assert.equal(w.x, x, "widgets of a row must abut"), x + w.width), 0), GRID_WIDTH);
            const bottom = top + Math.max(...row.map((w) => w.height));
            assert.ok(i === tops.length - 1 || tops[i + 1] >= bottom, `the row at ${top} overlaps the next`);
        });
    });

    it("shows each region's traffic, latency, targets and capacity from that region, WAF only where there is one", () => {
        const body = JSON.parse(renderDashboard(stackDashboard(content())));
        const metricWidgets = body.widgets.filter((w: any) => w.type === "metric");
        const lines = metricWidgets.flatMap((w: any) => w.properties.metrics.filter((m: any[]) => typeof m[0] === "string").map((m: any[]) => [w.properties.region, ...m]));
        const names = (region: string) => new Set(lines.filter((l: any[]) => l[0] === region).map((l: any[]) => l[2]));
        for (const region of ["us-west-2", "us-east-1"]) {
            for (const m of ["RequestCount", "HTTPCode_Target_2XX_Count", "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count", "TargetResponseTime",
                "HealthyHostCount", "GroupInServiceInstances", "GroupDesiredCapacity"]) {
                assert.ok(names(region).has(m), `${region} lacks ${m}`);
            }
        }
        assert.ok(names("us-west-2").has("BlockedRequests") && !names("us-east-1").has("BlockedRequests"));
        const p = lines.filter((l: any[]) => l[2] === "TargetResponseTime").map((l: any[]) => l[l.length - 1].stat);
        assert.deepEqual(p.sort(), ["p50", "p50", "p99", "p99"]);
        assert.ok(names("us-east-1").has("HealthCheckStatus") && !names("us-west-2").has("HealthCheckStatus"), "Route 53 metrics are read in us-east-1 only");
        assert.ok(names("us-east-1").has("Invocations") && names("us-east-1").has("ApproximateNumberOfMessagesVisible"));
    });

    it("refuses a metric AWS does not publish, a dimension set it does not document, and Route 53 outside us-east-1", () => {
        assert.throws(() => renderDashboard(graph("us-west-2", [{ namespace: "AWS/ApplicationELB", metricName: "Latency", dimensions: { LoadBalancer: "x" }, stat: "Sum", label: "l" }])),
            /AWS\/ApplicationELB Latency is not a metric AWS documents/);
        assert.throws(() => renderDashboard(graph("us-west-2", [{ namespace: "AWS/ApplicationELB", metricName: "HealthyHostCount", dimensions: { LoadBalancer: "x" }, stat: "Minimum", label: "l" }])),
            /HealthyHostCount is not published with dimensions \[LoadBalancer\]; AWS documents \[LoadBalancer,TargetGroup\]/);
        assert.throws(() => renderDashboard(graph("us-west-2", [{ namespace: "AWS/Route53", metricName: "HealthCheckStatus", dimensions: { HealthCheckId: "x" }, stat: "Minimum", label: "l" }])),
            /exists only in us-east-1, not us-west-2/);
        assert.throws(() => renderDashboard(graph("us-west-2", [{ namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: { LoadBalancer: "x" }, stat: "Median", label: "l" }])),
            /Median is not a CloudWatch statistic/);
    });

    it("refuses an expression that names a line the graph does not define, and rows that do not divide the grid", () => {
        assert.throws(() => renderDashboard(graph("us-west-2", [
            { namespace: "AWS/ApplicationELB", metricName: "RequestCount", dimensions: { LoadBalancer: "x" }, stat: "Sum", label: "r", id: "requests" },
            { expression: "100 * FILL(errors, 0) / requests", label: "rate", id: "rate" },
        ])), /refers to errors, which no line of the graph defines/);
        const text = { type: "text" as const, markdown: "x" };
        assert.throws(() => renderDashboard({ start: "-PT1H", rows: [[text, text, text, text, text]] }), /divides 24, got 5/);
    });

    it("checkMetric accepts every dimension set in any order and knows the group metrics need the ASG name", () => {
        checkMetric("AWS/ApplicationELB", "UnHealthyHostCount", ["TargetGroup", "LoadBalancer"], "Maximum");
        checkMetric("AWS/WAFV2", "BlockedRequests", ["WebACL", "Rule", "Region"], "Sum");
        checkMetric("AWS/ApplicationELB", "TargetResponseTime", ["LoadBalancer"], "p99.9");
        assert.throws(() => checkMetric("AWS/AutoScaling", "GroupDesiredCapacity", [], "Maximum"), /not published with dimensions \[\]/);
    });
});
