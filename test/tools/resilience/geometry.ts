/**
 * The rendered architecture diagram's geometry as the browser lays it out, and the checks a person's
 * eye makes: labels that overlap, labels cut by a box's border, edges drawn through boxes or labels.
 * {@link readDiagram} runs inside the page (playwright serialises it, so it uses nothing from outside
 * its own body); {@link diagramProblems} judges what it returns.
 */

/** A rectangle in the SVG's user units. */
export interface Rect { x: number; y: number; w: number; h: number }

/** What the page's diagram is made of, as drawn. */
export interface DiagramGeometry {
    width: number;
    height: number;
    clusters: { id: string; region: string; box: Rect }[];
    nodes: { id: string; group?: string; box: Rect }[];
    /** Every text: a box's line, a region's title or an edge's label, with what it belongs to. */
    labels: { text: string; kind: "node" | "title" | "edge"; owner: string; box: Rect }[];
    /** Each edge as points every 2 units along the path the browser draws. */
    edges: { from: string; to: string; points: { x: number; y: number }[] }[];
}

/** Reads the diagram's geometry from the page (getBBox of texts and shapes, getPointAtLength along paths). */
export function readDiagram(): DiagramGeometry {
    interface El {
        getAttribute(n: string): string | null;
        getBBox(): { x: number; y: number; width: number; height: number };
        querySelector(s: string): El | null;
        closest(s: string): El | null;
        textContent: string | null;
        classList: { contains(c: string): boolean };
        getTotalLength(): number;
        getPointAtLength(l: number): { x: number; y: number };
    }
    const doc = (globalThis as unknown as { document: { querySelector(s: string): El & { querySelectorAll(s: string): El[] } } }).document;
    const svg = doc.querySelector("div.diagram > svg");
    const all = (s: string): El[] => [...svg.querySelectorAll(s)];
    const box = (e: El | null): Rect => {
        const b = e ? e.getBBox() : { x: 0, y: 0, width: 0, height: 0 };
        return { x: b.x, y: b.y, w: b.width, h: b.height };
    };
    return {
        width: Number(svg.getAttribute("width")),
        height: Number(svg.getAttribute("height")),
        clusters: all("g.region").map((g) => ({ id: g.getAttribute("data-id") ?? "", region: g.getAttribute("data-region") ?? "", box: box(g.querySelector("rect.cluster")) })),
        nodes: all("g.node").map((g) => ({ id: g.getAttribute("data-id") ?? "", group: g.getAttribute("data-group") ?? undefined, box: box(g.querySelector(".shape")) })),
        labels: all("text").map((t) => {
            const kind = t.classList.contains("edge-label") ? "edge" : t.classList.contains("title") ? "title" : "node";
            const owner = kind === "node" ? t.closest("g.node")?.getAttribute("data-id") : kind === "title" ? t.closest("g.region")?.getAttribute("data-id") : "";
            return { text: t.textContent ?? "", kind, owner: owner ?? "", box: box(t) };
        }),
        edges: all(".edge").map((p) => {
            const length = p.getTotalLength();
            const points: { x: number; y: number }[] = [];
            for (let l = 0; l <= length; l += 2) {
                // A DOMPoint crosses to Node as {}: copy its coordinates.
                const at = p.getPointAtLength(l);
                points.push({ x: at.x, y: at.y });
            }
            return { from: p.getAttribute("data-from") ?? "", to: p.getAttribute("data-to") ?? "", points };
        }),
    };
}

const EPS = 0.5;
const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS;
const within = (a: Rect, b: Rect): boolean => a.x >= b.x - EPS && a.y >= b.y - EPS && a.x + a.w <= b.x + b.w + EPS && a.y + a.h <= b.y + b.h + EPS;
/** Strictly inside, a unit clear of the border: an edge may end on a border, never run inside. */
const inside = (p: { x: number; y: number }, r: Rect): boolean => p.x > r.x + 1 && p.x < r.x + r.w - 1 && p.y > r.y + 1 && p.y < r.y + r.h - 1;
const name = (l: DiagramGeometry["labels"][number]): string => `"${l.text}"`;

/** Everything a person would see wrong in the drawing, one line each; empty when it is clean. */
export function diagramProblems(g: DiagramGeometry): string[] {
    const problems: string[] = [];
    const canvas = { x: 0, y: 0, w: g.width, h: g.height };
    const rects = [...g.nodes.map((n) => ({ id: n.id, box: n.box, kind: "box" })), ...g.clusters.map((c) => ({ id: c.id, box: c.box, kind: "region" }))];
    g.labels.forEach((a, i) => {
        if (!within(a.box, canvas)) problems.push(`label ${name(a)} leaves the canvas`);
        for (const b of g.labels.slice(i + 1)) {
            if (overlaps(a.box, b.box)) problems.push(`labels ${name(a)} and ${name(b)} overlap`);
        }
        for (const r of rects) {
            const straddles = overlaps(a.box, r.box) && !within(a.box, r.box);
            if (straddles) problems.push(`label ${name(a)} straddles the edge of ${r.kind} ${r.id}`);
        }
        const own = a.kind === "node" ? g.nodes.find((n) => n.id === a.owner) : a.kind === "title" ? g.clusters.find((c) => c.id === a.owner) : undefined;
        if (a.kind !== "edge" && !(own && within(a.box, own.box))) problems.push(`label ${name(a)} is not inside ${a.owner}`);
        if (a.kind === "edge") {
            for (const n of g.nodes.filter((x) => overlaps(a.box, x.box))) problems.push(`edge label ${name(a)} lies on box ${n.id}`);
        }
    });
    const groupOf = new Map(g.nodes.map((n) => [n.id, n.group]));
    for (const e of g.edges) {
        const ends = new Set([e.from, e.to, groupOf.get(e.from), groupOf.get(e.to)]);
        const hit = new Set<string>();
        for (const p of e.points) {
            for (const r of rects.filter((x) => !ends.has(x.id) && inside(p, x.box))) hit.add(`${r.kind} ${r.id}`);
            for (const l of g.labels.filter((x) => x.kind !== "node" && inside(p, x.box))) hit.add(`label ${name(l)}`);
        }
        for (const h of hit) problems.push(`edge ${e.from} -> ${e.to} passes through ${h}`);
    }
    return problems;
}

/**
 * Every hyphenated or slashed token (`us-west-2a`, `/health`) in the page's table cells that the
 * browser broke across lines, with its cell's text; runs inside the page.
 */
export function readBrokenTokens(): string[] {
    interface Node { nodeType: number; data: string; childNodes: Node[]; textContent: string | null }
    interface Range { setStart(n: Node, o: number): void; setEnd(n: Node, o: number): void; getClientRects(): { top: number; height: number }[] }
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Node[]; createRange(): Range } }).document;
    const broken: string[] = [];
    const texts = (n: Node): Node[] => (n.nodeType === 3 ? [n] : [...n.childNodes].flatMap(texts));
    for (const cell of doc.querySelectorAll("td")) {
        for (const t of texts(cell)) {
            for (const m of t.data.matchAll(/\S*[-/]\S*/g)) {
                const range = doc.createRange();
                range.setStart(t, m.index ?? 0);
                range.setEnd(t, (m.index ?? 0) + m[0].length);
                const lines = new Set([...range.getClientRects()].filter((r) => r.height > 0).map((r) => Math.round(r.top)));
                if (lines.size > 1) broken.push(`"${m[0]}" in "${(cell.textContent ?? "").slice(0, 60)}"`);
            }
        }
    }
    return broken;
}

/** CIE76 colour difference of two CSS `rgb(r, g, b)` colours (sRGB, D65). */
export function deltaE(a: string, b: string): number {
    const lab = (css: string): number[] => {
        const [r, g, bl] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
            const c = Number(v) / 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }) as [number, number, number];
        const xyz = [
            (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047,
            0.2126 * r + 0.7152 * g + 0.0722 * bl,
            (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883,
        ].map((v) => (v > 216 / 24389 ? Math.cbrt(v) : (841 / 108) * v + 4 / 29)) as [number, number, number];
        return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
    };
    const [x, y] = [lab(a), lab(b)];
    return Math.hypot(...x.map((v, i) => v - (y[i] ?? 0)));
}
