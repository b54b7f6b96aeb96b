/**
 * The stack's CloudWatch dashboard as a typed model: what it shows (one section per region, then the
 * cross-region signals), how widgets are laid out on CloudWatch's 24-column grid, and its rendering to
 * the dashboard body JSON. Pure functions over plain values, so tests can read the body without AWS.
 * Body format: CloudWatch API reference, "Dashboard Body Structure and Syntax" (at most 500 widgets;
 * each metric is [namespace, name, dimension name, value, ..., {rendering options}]).
 */
import { checkMetric, type Namespace, type Stat } from "./metricCatalog";

/** One metric drawn on a graph. */
export interface MetricLine {
    /** A namespace of the metric catalog. */
    namespace: Namespace;
    /** A metric the catalog documents for that namespace. */
    metricName: string;
    /** One of the dimension sets the catalog documents for the metric. */
    dimensions: Record<string, string>;
    /** CloudWatch statistic (Sum, Average, p99, ...). */
    stat: Stat;
    /** The legend. */
    label: string;
    /** Names the line for expressions on the same graph (lower-case first letter). */
    id?: string;
    /** False to fetch the line for an expression without drawing it. */
    visible?: boolean;
}

/** A line computed from other lines of the same graph (metric math). */
export interface ExpressionLine {
    /** Metric math over the ids of the graph's other lines. */
    expression: string;
    /** The legend. */
    label: string;
    /** Names the line (lower-case first letter). */
    id: string;
}

/** A time-series graph of metrics from one region. */
export interface GraphWidget {
    /** CloudWatch's widget type. */
    type: "graph";
    /** The graph's heading. */
    title: string;
    /** The region the metrics come from (a dashboard may show any region). */
    region: string;
    /** Seconds per datapoint. */
    period: number;
    /** What the graph draws. */
    lines: (MetricLine | ExpressionLine)[];
    /** The left axis' range and label; CloudWatch scales to the data without it. */
    yAxis?: { min?: number; max?: number; label?: string };
}

/** Markdown text, for section headings. */
export interface TextWidget {
    /** CloudWatch's widget type. */
    type: "text";
    /** The text, in CloudWatch's Markdown. */
    markdown: string;
}

/** Anything the dashboard shows. */
export type Widget = GraphWidget | TextWidget;

/** The dashboard: rows of widgets, each row sharing the full width equally. */
export interface DashboardModel {
    /** Default time range, as an ISO 8601 duration back from now. */
    start: string;
    /** The widgets, row by row from the top. */
    rows: Widget[][];
}

/** CloudWatch's dashboard grid is 24 units wide. */
export const GRID_WIDTH = 24;
/** CloudWatch refuses bodies with more widgets. */
export const MAX_WIDGETS = 500;
const HEIGHT = { graph: 6, text: 1 } as const;

function isExpression(line: MetricLine | ExpressionLine): line is ExpressionLine {
    return "expression" in line;
}

function metricArray(line: MetricLine | ExpressionLine): unknown[] {
    if (isExpression(line)) {
        return [{ expression: line.expression, label: line.label, id: line.id }];
    }
    const options: Record<string, unknown> = { stat: line.stat, label: line.label };
    if (line.id) {
        options.id = line.id;
    }
    if (line.visible === false) {
        options.visible = false;
    }
    return [line.namespace, line.metricName, ...Object.entries(line.dimensions).flat(), options];
}

/** Metric math functions the expressions here may call. */
const FUNCTIONS = new Set(["FILL", "IF", "MAX", "MIN", "SUM", "AVG"]);

/** Throws unless every metric line is one AWS documents, read where AWS publishes it. */
export function validate(model: DashboardModel): void {
    const widgets = model.rows.flat();
    if (widgets.length > MAX_WIDGETS) {
        throw new Error(`the dashboard has ${widgets.length} widgets; CloudWatch allows at most ${MAX_WIDGETS}`);
    }
    for (const row of model.rows) {
        if (row.length === 0 || GRID_WIDTH % row.length !== 0) {
            throw new Error(`a dashboard row must hold a number of widgets that divides ${GRID_WIDTH}, got ${row.length}`);
        }
    }
    for (const w of widgets) {
        if (w.type !== "graph") {
            continue;
        }
        const ids = new Set(w.lines.map((l) => l.id).filter((id): id is string => id !== undefined));
        for (const line of w.lines) {
            if (isExpression(line)) {
                const unknown = (line.expression.match(/\b[A-Za-z_][A-Za-z0-9_]*\b/g) ?? []).filter((t) => !ids.has(t) && !FUNCTIONS.has(t));
                if (unknown.length > 0) {
                    throw new Error(`"${w.title}": expression ${line.expression} refers to ${unknown.join(", ")}, which no line of the graph defines`);
                }
                continue;
            }
            checkMetric(line.namespace, line.metricName, Object.keys(line.dimensions), line.stat, w.region);
        }
    }
}

/** The dashboard body JSON: widgets placed row by row on the grid, after {@link validate}. */
export function renderDashboard(model: DashboardModel): string {
    validate(model);
    const widgets: unknown[] = [];
    let y = 0;
    for (const row of model.rows) {
        const width = GRID_WIDTH / row.length;
        const height = Math.max(...row.map((w) => HEIGHT[w.type]));
        row.forEach((w, i) => {
            const place = { x: i * width, y, width, height };
            if (w.type === "text") {
                widgets.push({ type: "text", ...place, properties: { markdown: w.markdown } });
                return;
            }
            widgets.push({
                type: "metric",
                ...place,
                properties: {
                    title: w.title,
                    region: w.region,
                    period: w.period,
                    view: "timeSeries",
                    stacked: false,
                    metrics: w.lines.map(metricArray),
                    ...(w.yAxis ? { yAxis: { left: w.yAxis } } : {}),
                },
            });
        });
        y += height;
    }
    return JSON.stringify({ start: model.start, periodOverride: "inherit", widgets });
}
