/** Renders the architecture picture to a self-contained SVG at plan time: a small layout of region columns, no script and no fonts to fetch. */
import type { Diagram, DiagramNode } from "./diagram";

const NODE_W = 250;
const PAD = 8;
const LINE_H = 15;
const COL_GAP = 40;
const GROUP_PAD = 16;
const HEADER = 30;
const MARGIN = 20;
const ROW_GAP = 70;
const FONT = 12;
// Average glyph width of the sans-serif face at 12 px, to wrap text inside a box.
const CHAR_W = 6.4;

interface Box { x: number; y: number; w: number; h: number; node: DiagramNode; lines: string[] }

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function wrap(lines: string[], width: number): string[] {
    const max = Math.floor((width - 2 * PAD) / CHAR_W);
    const out: string[] = [];
    for (const line of lines) {
        let cur = "";
        for (const word of line.split(" ")) {
            if (cur && (cur + " " + word).length > max) {
                out.push(cur);
                cur = word;
            } else {
                cur = cur ? `${cur} ${word}` : word;
            }
        }
        out.push(cur);
    }
    return out;
}

function boxFor(node: DiagramNode, x: number, y: number): Box {
    const lines = wrap(node.lines, NODE_W);
    return { x, y, w: NODE_W, h: lines.length * LINE_H + 2 * PAD + (node.shape === "db" ? 8 : 0), node, lines };
}

function shape(b: Box): string {
    const style = b.node.shape === "db" ? 'fill="#fff7e0" stroke="#9a7b2f"' : b.node.shape === "hex" ? 'fill="#eef6ee" stroke="#3f7d3f"' : 'fill="#ffffff" stroke="#44516b"';
    switch (b.node.shape) {
        case "round":
            return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="${b.h / 2}" ${style}/>`;
        case "hex": {
            const i = 14;
            const pts = [[b.x + i, b.y], [b.x + b.w - i, b.y], [b.x + b.w, b.y + b.h / 2], [b.x + b.w - i, b.y + b.h], [b.x + i, b.y + b.h], [b.x, b.y + b.h / 2]];
            return `<polygon points="${pts.map((p) => p.join(",")).join(" ")}" ${style}/>`;
        }
        case "db":
            return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="10" ${style}/><path d="M${b.x} ${b.y + 10} Q ${b.x + b.w / 2} ${b.y + 22} ${b.x + b.w} ${b.y + 10}" fill="none" stroke="#9a7b2f"/>`;
        default:
            return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="4" ${style}/>`;
    }
}

function text(b: Box): string {
    const top = b.y + PAD + (b.node.shape === "db" ? 8 : 0) + LINE_H - 3;
    return b.lines.map((l, i) => `<text x="${b.x + b.w / 2}" y="${top + i * LINE_H}" text-anchor="middle"${i === 0 ? ' font-weight="600"' : ""}>${esc(l)}</text>`).join("");
}

/** Where the segment from a box's centre towards (tx, ty) leaves the box. */
function exit(b: Box, tx: number, ty: number): [number, number] {
    const cx = b.x + b.w / 2;
    const cy = b.y + b.h / 2;
    const dx = tx - cx;
    const dy = ty - cy;
    if (dx === 0 && dy === 0) return [cx, cy];
    const sx = dx === 0 ? Infinity : (b.w / 2) / Math.abs(dx);
    const sy = dy === 0 ? Infinity : (b.h / 2) / Math.abs(dy);
    const s = Math.min(sx, sy);
    return [cx + dx * s, cy + dy * s];
}

/** The picture as one `<svg>` element; region groups carry `data-region`. */
export function toSvg(d: Diagram): string {
    const colW = NODE_W + 2 * GROUP_PAD;
    const width = Math.max(d.groups.length * (colW + COL_GAP) - COL_GAP, d.top.length * (NODE_W + COL_GAP) - COL_GAP) + 2 * MARGIN;
    const boxes = new Map<string, Box>();
    const topY = MARGIN;
    const topW = d.top.length * (NODE_W + COL_GAP) - COL_GAP;
    d.top.forEach((n, i) => boxes.set(n.id, boxFor(n, (width - topW) / 2 + i * (NODE_W + COL_GAP), topY)));
    const topH = Math.max(0, ...d.top.map((n) => boxes.get(n.id)?.h ?? 0));
    const groupsY = topY + topH + ROW_GAP;
    const groupW = d.groups.length * (colW + COL_GAP) - COL_GAP;
    const groupSvg: string[] = [];
    let bottom = groupsY;
    d.groups.forEach((g, i) => {
        const gx = (width - groupW) / 2 + i * (colW + COL_GAP);
        let y = groupsY + HEADER + GROUP_PAD;
        for (const n of g.nodes) {
            const b = boxFor(n, gx + GROUP_PAD, y);
            boxes.set(n.id, b);
            y += b.h + 28;
        }
        const gh = Math.max(y - groupsY - 28 + GROUP_PAD, HEADER + 2 * GROUP_PAD);
        bottom = Math.max(bottom, groupsY + gh);
        const region = g.title.split(" ")[0] ?? g.id;
        groupSvg.push(`<g class="region" data-region="${esc(region)}"><rect x="${gx}" y="${groupsY}" width="${colW}" height="${gh}" rx="8" fill="#f3f6fb" stroke="#7d8fb3" stroke-width="1.5"/>`
            + `<text x="${gx + colW / 2}" y="${groupsY + 20}" text-anchor="middle" font-weight="700">${esc(g.title)}</text></g>`);
    });
    const edgeSvg: string[] = [];
    // Labels go on top of everything, so a box an edge passes never hides what the edge means.
    const labelSvg: string[] = [];
    for (const e of d.edges) {
        const a = boxes.get(e.from);
        const b = boxes.get(e.to);
        if (!a || !b) continue;
        const dash = e.dashed ? ' stroke-dasharray="6 4"' : "";
        let mx: number;
        let my: number;
        const gap = Math.max(b.y - (a.y + a.h), a.y - (b.y + b.h));
        if (a.x === b.x && gap > 30) {
            // Same column with boxes in between: go round them on the right, inside the region's padding.
            const x = a.x + a.w;
            const ya = a.y + a.h / 2;
            const yb = b.y + b.h / 2;
            const bulge = x + GROUP_PAD - 2;
            edgeSvg.push(`<path d="M${x} ${ya} C ${bulge} ${ya}, ${bulge} ${yb}, ${x + 1} ${yb}" fill="none" stroke="#44516b" stroke-width="1.4"${dash} marker-end="url(#arrow)"/>`);
            mx = bulge - 40;
            my = (ya + yb) / 2;
        } else {
            const [x1, y1] = exit(a, b.x + b.w / 2, b.y + b.h / 2);
            const [x2, y2] = exit(b, a.x + a.w / 2, a.y + a.h / 2);
            edgeSvg.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="#44516b" stroke-width="1.4"${dash} marker-end="url(#arrow)"/>`);
            mx = (x1 + x2) / 2;
            my = (y1 + y2) / 2;
        }
        if (e.label) {
            const w = e.label.length * CHAR_W * 0.92 + 8;
            labelSvg.push(`<rect x="${(mx - w / 2).toFixed(1)}" y="${(my - 9).toFixed(1)}" width="${w.toFixed(1)}" height="16" rx="3" fill="#ffffff" opacity="0.9"/>`
                + `<text x="${mx.toFixed(1)}" y="${(my + 3).toFixed(1)}" text-anchor="middle" font-size="11" fill="#2d3a55">${esc(e.label)}</text>`);
        }
    }
    const height = bottom + MARGIN;
    const nodeSvg = [...boxes.values()].map((b) => `<g class="node" data-id="${esc(b.node.id)}">${shape(b)}${text(b)}</g>`);
    return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Architecture diagram" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif" font-size="${FONT}">`
        + `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#44516b"/></marker></defs>`
        + groupSvg.join("") + edgeSvg.join("") + nodeSvg.join("") + labelSvg.join("") + "</svg>";
}
