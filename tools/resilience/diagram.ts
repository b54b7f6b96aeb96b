/** The architecture picture built from the recorded resources, as one model rendered two ways: Mermaid text (README, JSON) and a self-contained SVG (the HTML page). */
import { isGlobal, num, str, T, type ModelResource } from "./graph";
import { regionRole, type Routing, type Tier, type Topology } from "./topology";

/** A box in the picture. */
export interface DiagramNode {
    id: string;
    /** Lines of text. */
    lines: string[];
    shape: "box" | "round" | "db" | "hex";
}

/** A region (or the global services) and the boxes inside it. */
export interface DiagramGroup {
    id: string;
    title: string;
    nodes: DiagramNode[];
}

/** An arrow between boxes. */
export interface DiagramEdge {
    from: string;
    to: string;
    label?: string;
    dashed?: boolean;
}

/** Everything to draw. */
export interface Diagram {
    /** Users and Route 53, above the regions. */
    top: DiagramNode[];
    groups: DiagramGroup[];
    edges: DiagramEdge[];
}

const idOf = (s: string): string => s.replace(/[^A-Za-z0-9]/g, "_");

/** `1 health check`, `3 health checks`. */
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;

/** A record's routing as the Route 53 box names it. */
const ROUTING: Record<Routing, string> = {
    primary: "failover", secondary: "failover", latency: "latency", weighted: "weighted", geo: "geolocation", simple: "simple",
};

/** The stack's regions in the config's order: the order the program registered their providers in, then any others. */
function configOrder(t: Topology): string[] {
    const providers = t.graph.resources.filter((r) => r.type.startsWith("pulumi:providers:aws")).map((r) => r.region);
    const rank = (region: string): number => {
        const i = providers.indexOf(region);
        return i < 0 ? providers.length : i;
    };
    return t.regions.map((region, i) => ({ region, i })).sort((a, b) => rank(a.region) - rank(b.region) || a.i - b.i).map((x) => x.region);
}

function roleOf(t: Topology, region: string): string {
    const role = regionRole(t, region);
    if (role === "support") return "alarms and automation";
    if (role !== "standby") return role;
    return t.tiers.some((x) => x.region === region && x.capacity.desired === 0) ? "standby, 0 instances at rest" : "standby, serving small";
}

function natLine(tier: Tier): string | undefined {
    if (tier.nats.length === 0) {
        return tier.endpoints.length > 0 ? `no NAT: ${tier.endpoints.length} VPC endpoints` : undefined;
    }
    return tier.nats.length === 1 ? `1 NAT gateway (${tier.nats[0]?.zone ?? "one AZ"})` : `${tier.nats.length} NAT gateways, one per AZ`;
}

function tierNodes(t: Topology, tier: Tier, edges: DiagramEdge[]): DiagramNode[] {
    const base = idOf(tier.asg.name);
    const nodes: DiagramNode[] = [];
    const vpc = t.graph.ofType(T.vpc).find((v) => v.region === tier.region);
    const cidr = vpc ? str(vpc.inputs.cidrBlock) : undefined;
    if (tier.loadBalancer) {
        nodes.push({ id: `${base}_alb`, shape: "box", lines: ["ALB", `public subnets: ${tier.lbZones.length} AZs`] });
    }
    const c = tier.capacity;
    nodes.push({ id: `${base}_asg`, shape: "box", lines: ["Auto Scaling group", `${tier.instanceType ?? "instances"}: ${c.min}-${c.max}, desired ${c.desired}`, `private subnets: ${tier.zones.join(", ")}`] });
    if (tier.loadBalancer) edges.push({ from: `${base}_alb`, to: `${base}_asg` });
    const nat = natLine(tier);
    if (nat) {
        nodes.push({ id: `${base}_egress`, shape: "box", lines: [nat, cidr ? `VPC ${cidr}` : "VPC"] });
        edges.push({ from: `${base}_asg`, to: `${base}_egress`, label: "egress", dashed: true });
    }
    return nodes;
}

/** Builds the picture's model from the topology. */
export function buildDiagram(t: Topology): Diagram {
    const edges: DiagramEdge[] = [];
    const groups: DiagramGroup[] = [];
    const top: DiagramNode[] = [{ id: "users", shape: "round", lines: ["Users"] }];
    const records = t.tiers.flatMap((x) => (x.record ? [x.record.routing] : []));
    const checks = t.graph.ofType(T.healthCheck);
    if (records.length > 0 || checks.length > 0) {
        // Says what the edges to the load balancers say: one kind of routing per record.
        const kinds = [...new Set(records.map((r) => ROUTING[r]))];
        const routing = records.length === 0 ? "no records: users reach the ALB directly" : plural(records.length, `${kinds.join(" and ")} record`);
        // Described by an endpoint check: calculated and CloudWatch-alarm checks (the manual switch) have no path or interval.
        const first = checks.find((c) => str(c.inputs.resourcePath) !== undefined) ?? checks[0];
        const check = first ? `${plural(checks.length, "health check")}: ${str(first.inputs.type) ?? "HTTP"} ${str(first.inputs.resourcePath) ?? "/"}, ${num(first.inputs.requestInterval, 30)} s x ${num(first.inputs.failureThreshold, 3)}` : "no health checks";
        top.push({ id: "route53", shape: "hex", lines: ["Route 53", routing, check] });
        edges.push({ from: "users", to: "route53" });
    }
    for (const region of configOrder(t)) {
        const nodes: DiagramNode[] = [];
        for (const tier of t.tiers.filter((x) => x.region === region)) {
            nodes.push(...tierNodes(t, tier, edges));
            const alb = `${idOf(tier.asg.name)}_alb`;
            if (tier.loadBalancer) {
                if (tier.record) {
                    const label = tier.record.routing === "primary" ? "PRIMARY" : tier.record.routing === "secondary" ? "SECONDARY" : tier.record.routing;
                    edges.push({ from: "route53", to: alb, label, dashed: tier.record.routing === "secondary" });
                } else if (tier.serving) {
                    edges.push({ from: "users", to: alb, label: "ALB URL" });
                }
                if (tier.healthCheck && !tier.record) {
                    edges.push({ from: "route53", to: alb, label: "checks", dashed: true });
                }
            }
        }
        for (const db of t.databases.filter((d) => d.region === region)) {
            nodes.push({ id: idOf(db.instance.name), shape: "db", lines: [db.writer ? "RDS writer" : "RDS read replica", `${str(db.instance.inputs.instanceClass) ?? ""}${db.multiAz ? ", Multi-AZ" : ", single-AZ"}`] });
            if (db.source) edges.push({ from: idOf(db.source.name), to: idOf(db.instance.name), label: "async replication", dashed: true });
        }
        const automation = new Map<string, ModelResource>();
        for (const p of t.wakePaths) {
            for (const r of p.chain) {
                if (r.region === region && !isGlobal(r) && !T.kmsKey.includes(r.type as never) && !T.subscription.includes(r.type as never)) automation.set(r.urn, r);
            }
        }
        for (const r of automation.values()) {
            const kind = T.alarm.includes(r.type as never) ? "CloudWatch alarm" : T.topic.includes(r.type as never) ? "SNS topic" : T.fn.includes(r.type as never) ? "Function" : r.type.split(":").pop() ?? r.type;
            nodes.push({ id: idOf(r.name), shape: "box", lines: [kind, r.name] });
        }
        // Without a wake path (active-active), the alarms on Route 53 health still notify a topic here.
        const watchers = automation.size > 0 ? [] : t.graph.ofType(T.alarm)
            .filter((a) => a.region === region && t.graph.allRefs(a, T.healthCheck).length > 0);
        if (watchers.length > 0) {
            const id = `alarms_${idOf(region)}`;
            nodes.push({ id, shape: "box", lines: [plural(watchers.length, "CloudWatch alarm"), "on Route 53 HealthCheckStatus"] });
            edges.push({ from: "route53", to: id, label: "HealthCheckStatus", dashed: true });
            const topics = [...new Map(watchers.flatMap((a) => t.graph.refs(a, "alarmActions", T.topic)).map((x) => [x.urn, x])).values()];
            for (const topic of topics) {
                nodes.push({ id: idOf(topic.name), shape: "box", lines: ["SNS topic", topic.name] });
                edges.push({ from: id, to: idOf(topic.name) });
            }
        }
        groups.push({ id: `region_${idOf(region)}`, title: `${region} (${roleOf(t, region)})`, nodes });
    }
    const seen = new Set<string>();
    for (const p of t.wakePaths) {
        const visible = p.chain.filter((r) => !T.kmsKey.includes(r.type as never) && !T.subscription.includes(r.type as never));
        for (let i = 0; i + 1 < visible.length; i++) {
            const key = `${visible[i]?.name}>${visible[i + 1]?.name}`;
            if (!seen.has(key)) {
                seen.add(key);
                edges.push({ from: idOf(visible[i]?.name ?? ""), to: idOf(visible[i + 1]?.name ?? "") });
            }
        }
        for (const asg of p.wakes) {
            const key = `${p.fn.name}>${asg.name}`;
            if (!seen.has(key)) {
                seen.add(key);
                // A scheduled probe only raises the group (functions/probe); an alarm-driven function also puts it back.
                edges.push({ from: idOf(p.fn.name), to: `${idOf(asg.name)}_asg`, label: p.trigger === "schedule" ? "wakes" : "wakes / sleeps" });
            }
        }
        const alarm = p.chain[0];
        if (alarm && T.alarm.includes(alarm.type as never) && !seen.has(`r53>${alarm.name}`)) {
            seen.add(`r53>${alarm.name}`);
            edges.push({ from: "route53", to: idOf(alarm.name), label: "HealthCheckStatus", dashed: true });
        }
    }
    const ids = new Set([...top, ...groups.flatMap((gr) => gr.nodes)].map((n) => n.id));
    return { top, groups, edges: edges.filter((e) => ids.has(e.from) && ids.has(e.to)) };
}

const mermaidText = (lines: string[]): string => `"${lines.map((l) => l.replace(/"/g, "#quot;")).join("<br/>")}"`;

function mermaidNode(n: DiagramNode): string {
    const text = mermaidText(n.lines);
    switch (n.shape) {
        case "round": return `${n.id}([${text}])`;
        case "db": return `${n.id}[(${text})]`;
        case "hex": return `${n.id}{{${text}}}`;
        default: return `${n.id}[${text}]`;
    }
}

/** Mermaid flowchart source of the picture. */
export function toMermaid(d: Diagram): string {
    const out = ["flowchart TB"];
    for (const n of d.top) out.push(`    ${mermaidNode(n)}`);
    for (const g of d.groups) {
        out.push(`    subgraph ${g.id}[${mermaidText([g.title])}]`);
        for (const n of g.nodes) out.push(`        ${mermaidNode(n)}`);
        out.push("    end");
    }
    for (const e of d.edges) {
        const arrow = e.dashed ? (e.label ? `-. ${e.label} .->` : "-.->") : e.label ? `-- ${e.label} -->` : "-->";
        out.push(`    ${e.from} ${arrow} ${e.to}`);
    }
    return out.join("\n");
}
