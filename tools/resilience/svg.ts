/**
 * Draws the laid-out architecture picture (layout.ts) as one self-contained `<svg>`: no script, no
 * font or image to fetch. Elements carry what the browser test reads: `g.region[data-region]` with
 * `rect.cluster`, `g.node[data-id][data-group]` with `.shape`, `path.edge[data-from][data-to]`, and
 * `text.edge-label`.
 */
import type { Diagram } from "./diagram";
import { DB_LID, FONT, FONT_FAMILY, HEX_INSET, layoutDiagram, LINE_H, PAD, type Layout, type PlacedEdge, type PlacedNode } from "./layout";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f = (x: number): string => String(Math.round(x * 10) / 10);

const INK = "#44516b";
const STYLE: Record<PlacedNode["node"]["shape"], string> = {
    box: `fill="#ffffff" stroke="${INK}"`,
    round: `fill="#ffffff" stroke="${INK}"`,
    hex: 'fill="#eef6ee" stroke="#3f7d3f"',
    db: 'fill="#fff7e0" stroke="#9a7b2f"',
};

function shape(b: PlacedNode): string {
    const style = `class="shape" ${STYLE[b.node.shape]}`;
    const { x, y, w, h } = b;
    switch (b.node.shape) {
        case "round":
            return `<rect ${style} x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" rx="${f(h / 2)}"/>`;
        case "hex": {
            const i = HEX_INSET;
            const pts = [[x + i, y], [x + w - i, y], [x + w, y + h / 2], [x + w - i, y + h], [x + i, y + h], [x, y + h / 2]];
            return `<polygon ${style} points="${pts.map((p) => p.map(f).join(",")).join(" ")}"/>`;
        }
        case "db":
            return `<rect ${style} x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" rx="10"/>`
                + `<path d="M${f(x)} ${f(y + 10)} Q ${f(x + w / 2)} ${f(y + 10 + 2 * DB_LID)} ${f(x + w)} ${f(y + 10)}" fill="none" stroke="#9a7b2f"/>`;
        default:
            return `<rect ${style} x="${f(x)}" y="${f(y)}" width="${f(w)}" height="${f(h)}" rx="4"/>`;
    }
}

function nodeText(b: PlacedNode): string {
    const top = b.y + PAD + (b.node.shape === "db" ? DB_LID : 0);
    // The baseline sits 0.8 em below the line's top: DejaVu's and Verdana's ascent is about 0.93 em.
    return b.lines.map((l, i) => `<text x="${f(b.x + b.w / 2)}" y="${f(top + i * LINE_H + FONT.node * 0.95)}" text-anchor="middle"${l.bold ? ' font-weight="700"' : ""}>${esc(l.text)}</text>`).join("");
}

function edgePath(e: PlacedEdge): string {
    const d = e.points.map((p, i) => `${i === 0 ? "M" : "L"}${f(p.x)} ${f(p.y)}`).join(" ");
    const dash = e.edge.dashed ? ' stroke-dasharray="6 4"' : "";
    return `<path class="edge" data-from="${esc(e.edge.from)}" data-to="${esc(e.edge.to)}" d="${d}" fill="none" stroke="${INK}" stroke-width="1.4"${dash} marker-end="url(#arrow)"/>`;
}

function edgeLabel(e: PlacedEdge): string {
    const l = e.label;
    if (!l || !e.edge.label) return "";
    return `<g class="label"><rect x="${f(l.x)}" y="${f(l.y)}" width="${f(l.w)}" height="${f(l.h)}" rx="3" fill="#ffffff" opacity="0.92"/>`
        + `<text class="edge-label" x="${f(l.x + l.w / 2)}" y="${f(l.y + l.h / 2 + FONT.edge * 0.36)}" text-anchor="middle" font-size="${FONT.edge}" fill="#2d3a55">${esc(e.edge.label)}</text></g>`;
}

/** The laid-out picture as one `<svg>` element, as large as the drawing. */
export function renderSvg(layout: Layout): string {
    const groups = layout.groups.map((g) => {
        const region = g.group.title.split(" ")[0] ?? g.group.id;
        return `<g class="region" data-region="${esc(region)}" data-id="${esc(g.group.id)}"><rect class="cluster" x="${f(g.x)}" y="${f(g.y)}" width="${f(g.w)}" height="${f(g.h)}" rx="8" fill="#f3f6fb" stroke="#7d8fb3" stroke-width="1.5"/>`
            + `<text class="title" x="${f(g.title.x)}" y="${f(g.title.y + FONT.title)}" font-size="${FONT.title}" font-weight="700">${esc(g.group.title)}</text></g>`;
    });
    const nodes = layout.nodes.map((b) => `<g class="node" data-id="${esc(b.node.id)}"${b.group ? ` data-group="${esc(b.group)}"` : ""}>${shape(b)}${nodeText(b)}</g>`);
    const { width, height } = layout;
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Architecture diagram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${esc(FONT_FAMILY)}" font-size="${FONT.node}" fill="#1d2433">`
        + `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${INK}"/></marker></defs>`
        // Clusters, then arrows, then boxes, then labels on top: a label is never hidden by what it names.
        + groups.join("") + layout.edges.map(edgePath).join("") + nodes.join("") + layout.edges.map(edgeLabel).join("") + "</svg>";
}

/** Lays the picture out (ELK) and draws it. */
export async function toSvg(d: Diagram): Promise<string> {
    return renderSvg(await layoutDiagram(d));
}
