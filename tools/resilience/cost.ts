/** The monthly cost estimate per region from the price table: fixed on-demand charges of what the plan creates, usage-priced items named as "+ usage", and the standby's share at rest. */
import { at, num, plain, str, T, type ModelResource } from "./graph";
import { EC2_DETAILED_MONITORING_METRICS, MANAGED, PRICE_SOURCE, REGION_PRICES, ROUTE53, USAGE_PRICED, type Price, type RegionPrices } from "./prices";
import { regionRole, type Topology } from "./topology";

/** One priced item. */
export interface CostLine {
    item: string;
    /** `3 x 730 h x $0.045`, for people to check. */
    basis: string;
    /** Null when the table has no price for it. */
    monthlyUsd: number | null;
    status: Price["status"] | "missing";
}

/** What a region costs per month at rest (the standby at its resting capacity). */
export interface RegionCost {
    region: string;
    /** primary (the one serving region), standby, active (one of several serving regions), support (no web tier: alarms, topics), global (Route 53). */
    role: "primary" | "standby" | "active" | "support" | "global";
    monthlyUsd: number;
    lines: CostLine[];
    /** Usage-priced items present, shown as "+ usage". */
    usage: string[];
    /** True when a line has no price in the table (the total leaves it out). */
    incomplete: boolean;
    /** True when a line's price was not found in a published copy. */
    unconfirmed: boolean;
}

/** The estimate for the whole stack. */
export interface CostEstimate {
    source: typeof PRICE_SOURCE;
    regions: RegionCost[];
    totalUsd: number;
    /** The standby regions at rest as a share of the serving ones; absent when every region serves. */
    standbyShare?: { standbyUsd: number; primaryUsd: number; percent: number };
    /** What the total leaves out: usage-priced items, lines without a price, and what no stack's resources show. */
    notPriced: string[];
}

/** Charges no recorded resource shows, so no estimate from resources can price them. */
const NEVER_PRICED = [
    "data transfer out to the internet and between regions and Availability Zones",
    "free tiers, discounts, support plans and taxes (list prices only)",
];

const H = PRICE_SOURCE.hoursPerMonth;
const round = (x: number): number => Math.round(x * 100) / 100;

function line(item: string, count: number, price: Price | undefined, per: "hour" | "month" | "GB-month", extra = 1, extraLabel = ""): CostLine {
    if (!price) {
        return { item, basis: `${count} x (no price in the table)`, monthlyUsd: null, status: "missing" };
    }
    const hours = per === "hour" ? H : 1;
    const basis = `${count}${extraLabel ? ` x ${extraLabel}` : ""}${per === "hour" ? ` x ${H} h` : ""} x $${price.usd}`;
    return { item, basis, monthlyUsd: round(count * extra * hours * price.usd), status: price.status };
}

const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";

/**
 * The warm pool's instances: the pool holds the larger of its minimum and what its prepared capacity
 * (or, unset, the group's maximum) leaves above the desired capacity; stopped or hibernated instances
 * bill their volumes only, running ones their hours too (PutWarmPool:
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutWarmPool.html; warm pools:
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html).
 */
function warmPoolLines(tier: Topology["tiers"][number], type: string, gb: number, p: RegionPrices | undefined): CostLine[] {
    const pool = plain(tier.asg.inputs.warmPool);
    if (!pool || typeof pool !== "object") return [];
    const prepared = num(at(pool, "maxGroupPreparedCapacity"), -1);
    const size = Math.max(num(at(pool, "minSize"), 0), (prepared >= 0 ? prepared : tier.capacity.max) - tier.capacity.desired, 0);
    const state = str(at(pool, "poolState")) ?? "Stopped";
    if (size === 0) return [];
    const lines: CostLine[] = [];
    if (state === "Running") lines.push(line(`EC2 ${type} (${tier.asg.name} warm pool, ${size} running)`, size, p?.ec2[type], "hour"));
    if (gb > 0) lines.push(line(`EBS gp3 ${gb} GB per warm-pool instance (${size}, ${state.toLowerCase()})`, size, p?.ebsGp3, "GB-month", gb, `${gb} GB`));
    return lines;
}

/** Metrics an alarm reads: each metric of a metric-math alarm counts, an anomaly band three times (https://aws.amazon.com/cloudwatch/pricing/, "Alarms"). */
function alarmMetrics(alarm: ModelResource): { metrics: number; highRes: boolean } {
    const queries = (plain(alarm.inputs.metricQueries) as unknown[] | undefined) ?? [];
    if (queries.length === 0) return { metrics: 1, highRes: num(alarm.inputs.period, 60) < 60 };
    const read = queries.filter((q) => at(q, "metric") !== undefined);
    const anomaly = queries.some((q) => (str(at(q, "expression")) ?? "").includes("ANOMALY_DETECTION_BAND"));
    return { metrics: read.length * (anomaly ? 3 : 1), highRes: read.some((q) => num(at(q, "metric", "period"), 60) < 60) };
}

function alarmLines(alarms: ModelResource[], p: RegionPrices | undefined): CostLine[] {
    const lines: CostLine[] = [];
    for (const highRes of [false, true]) {
        const these = alarms.filter((a) => alarmMetrics(a).highRes === highRes);
        const metrics = these.reduce((sum, a) => sum + alarmMetrics(a).metrics, 0);
        if (these.length === 0) continue;
        const kind = highRes ? "high-resolution" : "standard";
        lines.push(line(`CloudWatch ${kind} alarms: ${these.length} reading ${metrics} metrics (metric math bills each metric it reads)`, metrics, highRes ? p?.highResAlarm : p?.alarm, "month"));
    }
    return lines;
}

/** Runs a month of a `rate(...)` schedule; undefined for a cron or unknown expression. */
export function runsPerMonth(expression: string | undefined): number | undefined {
    const m = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression ?? "");
    if (!m) return undefined;
    const minutes = Number(m[1]) * (m[2]?.startsWith("minute") ? 1 : m[2]?.startsWith("hour") ? 60 : 1440);
    return Math.round((H * 60) / minutes);
}

/**
 * A count with thousands separators, as `toLocaleString("en-US")` writes it, for whole numbers without
 * loading ICU's number data (about 10 ms of a plan); anything else goes to `toLocaleString`.
 */
export function grouped(n: number): string {
    // eslint-disable-next-line no-restricted-properties -- only for a fraction, which no cost line counts
    return Number.isSafeInteger(n) ? String(n).replace(/\B(?=(\d{3})+$)/g, ",") : n.toLocaleString("en-US");
}

const perMillion = (item: string, count: number, price: Price | undefined, extra = 1, extraLabel = ""): CostLine => (price
    ? { item, basis: `${grouped(count)}${extraLabel} x $${price.usd} per ${price.per === "GB-second" ? "GB-s" : "million"}`, monthlyUsd: round((count * extra * price.usd) / (price.per === "GB-second" ? 1 : 1e6)), status: price.status }
    : { item, basis: `${count} x (no price in the table)`, monthlyUsd: null, status: "missing" });

/**
 * A schedule that starts a function: its invocations, the function's requests, and its duration
 * priced as if every run took the function's whole timeout, an upper bound (Lambda defaults: 3 s,
 * 128 MB, x86_64; https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html).
 */
function scheduledRunLines(t: Topology, schedule: ModelResource, p: RegionPrices | undefined): CostLine[] {
    const expression = str(schedule.inputs.scheduleExpression);
    const runs = runsPerMonth(expression);
    const fn = t.graph.allRefs(schedule, T.fn)[0];
    if (runs === undefined || !fn) {
        return [{ item: `runs of schedule ${schedule.name} (${expression ?? "unknown expression"})`, basis: "not a fixed rate: not priced", monthlyUsd: null, status: "missing" }];
    }
    const timeout = num(fn.inputs.timeout, 3);
    const gb = num(fn.inputs.memorySize, 128) / 1024;
    const arch = ((plain(fn.inputs.architectures) as unknown[] | undefined) ?? []).includes("arm64") ? "arm64" : "x86_64";
    return [
        perMillion(`EventBridge Scheduler: ${schedule.name} (${expression})`, runs, p?.schedulerInvocations),
        perMillion(`Lambda requests: ${fn.name}, ${grouped(runs)} runs`, runs, p?.lambdaRequests),
        perMillion(`Lambda duration: ${fn.name}, at most (each run its ${timeout} s timeout, ${arch})`, runs, p?.lambdaGbSecond[arch], timeout * gb, ` runs x ${timeout} s x ${gb} GB`),
    ];
}

function rdsEngine(t: Topology, db: ModelResource): string {
    const own = str(db.inputs.engine);
    if (own) return own;
    const source = t.graph.refs(db, "replicateSourceDb", T.rds)[0];
    return (source && str(source.inputs.engine)) ?? "postgres";
}

function regionLines(t: Topology, region: string, p: RegionPrices | undefined): CostLine[] {
    const g = t.graph;
    const here = (types: readonly string[]): ModelResource[] => g.ofType(types).filter((r) => r.region === region);
    const lines: CostLine[] = [];
    for (const tier of t.tiers.filter((x) => x.region === region)) {
        const n = tier.capacity.desired;
        const type = tier.instanceType ?? "(unknown type)";
        lines.push(line(`EC2 ${type} (${tier.asg.name}, desired ${n})`, n, p?.ec2[type], "hour"));
        const ebs = plain(tier.launchTemplate?.inputs.blockDeviceMappings) as unknown[] | undefined;
        const gb = (ebs ?? []).reduce<number>((sum, m) => sum + num(at(m, "ebs", "volumeSize"), 0), 0);
        if (gb > 0) {
            lines.push(line(`EBS gp3 ${gb} GB per instance`, n, p?.ebsGp3, "GB-month", gb, `${gb} GB`));
        }
        if (n > 0 && plain(at(tier.launchTemplate?.inputs, "monitoring", "enabled")) === true) {
            const metrics = n * EC2_DETAILED_MONITORING_METRICS;
            lines.push(line(`EC2 detailed monitoring: ${n} instances x ${EC2_DETAILED_MONITORING_METRICS} metrics`, metrics, p?.metric, "month"));
        }
        lines.push(...warmPoolLines(tier, type, gb, p));
    }
    // "Charged at the equivalent On-Demand rate whether you run instances in reserved capacity or not"
    // (EC2 user guide, "Capacity Reservation pricing and billing").
    for (const cr of here(["aws:ec2/capacityReservation:CapacityReservation"])) {
        const type = str(cr.inputs.instanceType) ?? "(unknown type)";
        const n = num(cr.inputs.instanceCount, 0);
        lines.push(line(`On-Demand Capacity Reservation ${type} x ${n} (${cr.name}, billed whether used or not)`, n, p?.ec2[type], "hour"));
    }
    for (const lb of here(T.lb)) {
        lines.push(line(`ALB ${lb.name}`, 1, p?.albHour, "hour"));
        const nodes = g.refs(lb, "subnets", T.subnet).length || 2;
        lines.push(line(`public IPv4 of ${lb.name} (one per AZ node, at least)`, nodes, p?.publicIpv4Hour, "hour"));
    }
    const nats = here(T.nat);
    if (nats.length > 0) lines.push(line("NAT gateways", nats.length, p?.natHour, "hour"));
    const eips = here(T.eip);
    if (eips.length > 0) lines.push(line("Elastic IPs (public IPv4)", eips.length, p?.publicIpv4Hour, "hour"));
    for (const ep of here(T.vpcEndpoint).filter((e) => str(e.inputs.vpcEndpointType) === "Interface")) {
        const azs = g.refs(ep, "subnetIds", T.subnet).length || 1;
        lines.push(line(`interface endpoint ${str(ep.inputs.serviceName) ?? ep.name} (${azs} AZs)`, azs, p?.interfaceEndpointHour, "hour"));
    }
    for (const db of t.databases.filter((d) => d.region === region)) {
        const cls = str(db.instance.inputs.instanceClass) ?? "(unknown class)";
        const engine = rdsEngine(t, db.instance);
        const copies = db.multiAz ? 2 : 1;
        lines.push(line(`RDS ${engine} ${cls}${db.multiAz ? " Multi-AZ" : ""} (${db.instance.name})`, copies, p?.rds[engine]?.[cls], "hour"));
        const gb = num(db.instance.inputs.allocatedStorage, 0);
        if (gb > 0) lines.push(line(`RDS gp3 ${gb} GB${db.multiAz ? " x 2 (standby)" : ""}`, copies, p?.rdsGp3, "GB-month", gb, `${gb} GB`));
    }
    const keys = here(T.kmsKey);
    if (keys.length > 0) lines.push(line("KMS keys", keys.length, p?.kmsKey, "month"));
    lines.push(...alarmLines(here(T.alarm), p));
    const dashboards = here([DASHBOARD]);
    if (dashboards.length > 0) lines.push(line("CloudWatch dashboards", dashboards.length, p?.dashboard, "month"));
    for (const schedule of here(T.schedule)) lines.push(...scheduledRunLines(t, schedule, p));
    const secrets = here(T.secret).length
        + g.ofType(T.secret).filter((s) => ((plain(s.inputs.replicas) as unknown[] | undefined) ?? []).some((x) => str(at(x, "region")) === region)).length;
    if (secrets > 0) lines.push(line("Secrets Manager secrets (replicas included)", secrets, p?.secret, "month"));
    for (const acl of here(T.webAcl)) {
        lines.push(line(`WAF web ACL ${acl.name}`, 1, p?.wafWebAcl, "month"));
        const rules = (plain(acl.inputs.rules) as unknown[] | undefined)?.length ?? 0;
        if (rules > 0) lines.push(line(`WAF rules of ${acl.name}`, rules, p?.wafRule, "month"));
    }
    return lines;
}

function route53Lines(t: Topology): CostLine[] {
    const lines: CostLine[] = [];
    for (const hc of t.graph.ofType(T.healthCheck)) {
        const type = str(hc.inputs.type) ?? "";
        const options: [boolean, Price, string][] = [
            [type.startsWith("HTTPS"), ROUTE53.httpsOption, "HTTPS"],
            [type.endsWith("STR_MATCH"), ROUTE53.stringMatchOption, "string match"],
            [num(hc.inputs.requestInterval, 30) === 10, ROUTE53.fastIntervalOption, "fast interval"],
            [plain(hc.inputs.measureLatency) === true, ROUTE53.latencyOption, "latency"],
        ];
        const on = options.filter(([yes]) => yes);
        const usd = ROUTE53.healthCheck.usd + on.reduce((s, [, price]) => s + price.usd, 0);
        const status = [ROUTE53.healthCheck, ...on.map(([, price]) => price)].every((x) => x.status === "confirmed") ? "confirmed" : "unconfirmed";
        lines.push({
            item: `Route 53 health check ${hc.name}${on.length ? ` (${on.map(([, , n]) => n).join(", ")})` : ""}`,
            basis: `$${ROUTE53.healthCheck.usd}${on.map(([, price]) => ` + $${price.usd}`).join("")}`,
            monthlyUsd: round(usd), status,
        });
    }
    const zones = t.graph.ofType(T.zone);
    if (zones.length > 0) lines.push(line("Route 53 hosted zones", zones.length, ROUTE53.hostedZone, "month"));
    return lines;
}

/** Global Accelerator and Region switch: global services with a fixed charge each. */
function managedLines(t: Topology): CostLine[] {
    const lines: CostLine[] = [];
    const accelerators = t.graph.ofType(T.accelerator);
    if (accelerators.length > 0) lines.push(line("Global Accelerator (fixed hourly fee)", accelerators.length, MANAGED.acceleratorHour, "hour"));
    const plans = t.graph.ofType(T.regionSwitchPlan);
    if (plans.length > 0) lines.push(line("ARC Region switch plans", plans.length, MANAGED.regionSwitchPlan, "month"));
    return lines;
}

/** Types priced in the global bucket, not in the region their provider names. */
const GLOBAL_PRICED = ["aws:route53/", "aws:globalaccelerator/", "aws:arcregionswitch/"];

function summarise(region: string, role: RegionCost["role"], lines: CostLine[], usage: string[]): RegionCost {
    return {
        region, role, lines, usage,
        monthlyUsd: round(lines.reduce((s, l) => s + (l.monthlyUsd ?? 0), 0)),
        incomplete: lines.some((l) => l.status === "missing"),
        unconfirmed: lines.some((l) => l.status === "unconfirmed"),
    };
}

/** Estimates the stack's monthly cost per region at rest. */
export function estimateCost(t: Topology): CostEstimate {
    const regions = t.regions.map((region) => {
        const types = new Set(t.graph.resources.filter((r) => r.region === region).map((r) => r.type));
        const usage = Object.entries(USAGE_PRICED).filter(([type]) => types.has(type) && !GLOBAL_PRICED.some((p) => type.startsWith(p))).map(([, what]) => what);
        return summarise(region, regionRole(t, region), regionLines(t, region, REGION_PRICES[region]), usage);
    });
    const global = [...route53Lines(t), ...managedLines(t)];
    const globalUsage = [
        ...(t.graph.ofType(T.record).length > 0 ? [USAGE_PRICED["aws:route53/record:Record"] ?? ""] : []),
        ...(t.graph.ofType(T.accelerator).length > 0 ? [USAGE_PRICED["aws:globalaccelerator/accelerator:Accelerator"] ?? ""] : []),
    ];
    if (global.length > 0 || globalUsage.length > 0) {
        regions.push(summarise("global", "global", global, globalUsage));
    }
    const total = round(regions.reduce((s, r) => s + r.monthlyUsd, 0));
    const standby = regions.filter((r) => r.role === "standby");
    const primary = regions.filter((r) => r.role === "primary");
    const notPriced = [
        ...new Set(regions.flatMap((r) => r.usage)),
        ...regions.flatMap((r) => r.lines.filter((l) => l.monthlyUsd === null).map((l) => `${l.item} in ${r.region}: ${l.basis}`)),
        ...NEVER_PRICED,
    ];
    const estimate: CostEstimate = { source: PRICE_SOURCE, regions, totalUsd: total, notPriced };
    if (standby.length > 0 && primary.length > 0) {
        const standbyUsd = round(standby.reduce((s, r) => s + r.monthlyUsd, 0));
        const primaryUsd = round(primary.reduce((s, r) => s + r.monthlyUsd, 0));
        estimate.standbyShare = { standbyUsd, primaryUsd, percent: primaryUsd > 0 ? Math.round((standbyUsd / primaryUsd) * 100) : 0 };
    }
    return estimate;
}
