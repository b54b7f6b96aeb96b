/**
 * Lays the architecture picture out with ELK (elkjs: the Eclipse Layout Kernel compiled to plain
 * JavaScript) at plan time: nested region clusters, orthogonal edges routed around boxes, edge labels
 * placed by the engine, regions in the stack config's order, the canvas sized to the drawing.
 *
 * ELK rather than Graphviz: its layered algorithm lays out edges that cross cluster borders together
 * with the clusters (`hierarchyHandling: INCLUDE_CHILDREN`), routes them orthogonally with their labels
 * as part of the layout, keeps the model's order of regions, and hands back coordinates, so the SVG
 * stays ours (styles, the attributes the browser test reads). Graphviz's `dot` reorders clusters and
 * cannot label orthogonal edges. Both weigh about the same (elk.bundled.js 1.6 MB, pure JavaScript,
 * loaded only when a page is written; Graphviz as WebAssembly 1.2 MB).
 */
import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkExtendedEdge, ElkNode, ElkPoint } from "elkjs/lib/elk-api";
import type { Diagram, DiagramEdge, DiagramGroup, DiagramNode } from "./diagram";

/** The face every text of the picture is set in, widest first: the width estimate below is made for it. */
export const FONT_FAMILY = "Verdana, 'DejaVu Sans', 'Bitstream Vera Sans', sans-serif";
/** Text sizes in px. */
export const FONT = { node: 12, title: 13, edge: 11 } as const;
/** Baseline to baseline, in px, of a node's lines. */
export const LINE_H = 16;
/** Text to box border, in px. */
export const PAD = 9;
/** Extra height of the database shape's lid. */
export const DB_LID = 10;
/** How far the hexagon's points reach into its box. */
export const HEX_INSET = 16;
/** Text wider than this is wrapped between words. */
const MAX_TEXT_W = 270;

// Advance widths in em of Verdana / DejaVu Sans (the widest common sans-serif faces), rounded up per
// class of character so the estimate is never narrower than the face: narrow strokes, wide lower case,
// capitals, everything else (lower case, digits).
const NARROW = new Set(" ijlft!|.,:;'()[]/-");
function charEm(c: string): number {
    if (NARROW.has(c)) return 0.42;
    if (c === "m" || c === "w") return 1.0;
    if (c === "M" || c === "W") return 1.02;
    if (c >= "A" && c <= "Z") return 0.8;
    if (c === "_") return 0.56;
    return 0.66;
}

/** The estimated width in px of a line of text: the layout sizes boxes and labels with it, and the browser test checks the rendered text fits. */
export function textWidth(s: string, size: number, bold = false): number {
    let em = 0;
    for (const c of s) em += charEm(c);
    return em * size * (bold ? 1.12 : 1);
}

/** One line of a box; the box's first line (its heading) is bold. */
export interface TextLine { text: string; bold: boolean }

/** Lines no wider than `max` px, broken only between words, so no name or address is ever split. */
export function wrapText(lines: readonly string[], size: number, max = MAX_TEXT_W): TextLine[] {
    const out: TextLine[] = [];
    lines.forEach((line, i) => {
        const bold = i === 0;
        let cur = "";
        for (const word of line.split(" ")) {
            const next = cur ? `${cur} ${word}` : word;
            if (cur && textWidth(next, size, bold) > max) {
                out.push({ text: cur, bold });
                cur = word;
            } else {
                cur = next;
            }
        }
        out.push({ text: cur, bold });
    });
    return out;
}

/** A rectangle in the picture's coordinates. */
export interface Box { x: number; y: number; w: number; h: number }

/** A box with its wrapped text; the first line is the heading. */
export interface PlacedNode extends Box { node: DiagramNode; lines: TextLine[]; group?: string }

/** A region cluster and where its title goes. */
export interface PlacedGroup extends Box { group: DiagramGroup; title: Box }

/** An arrow as a polyline from its source's border to its target's, and its label's box. */
export interface PlacedEdge { edge: DiagramEdge; points: ElkPoint[]; label?: Box }

/** The laid-out picture. */
export interface Layout { width: number; height: number; nodes: PlacedNode[]; groups: PlacedGroup[]; edges: PlacedEdge[] }

function sizeOf(n: DiagramNode): { lines: TextLine[]; w: number; h: number } {
    const lines = wrapText(n.lines, FONT.node);
    const text = Math.max(...lines.map((l) => textWidth(l.text, FONT.node, l.bold)));
    // The rounded and hexagonal shapes lose their ends to curves and points: text stays in the middle.
    const h = lines.length * LINE_H + 2 * PAD + (n.shape === "db" ? DB_LID : 0);
    const ends = n.shape === "round" ? h : n.shape === "hex" ? 2 * HEX_INSET : 0;
    return { lines, w: Math.ceil(Math.max(text + 2 * PAD + ends, 90)), h };
}

const LABEL_H = 16;
const labelBox = (text: string): { text: string; width: number; height: number } => ({ text, width: Math.ceil(textWidth(text, FONT.edge) + 8), height: LABEL_H });

const ROOT_OPTIONS: Record<string, string> = {
    "elk.algorithm": "layered",
    "elk.direction": "DOWN",
    "elk.hierarchyHandling": "INCLUDE_CHILDREN",
    "elk.edgeRouting": "ORTHOGONAL",
    // Regions left to right, and boxes in each region, in the order the model lists them (the config's).
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    "elk.layered.crossingMinimization.forceNodeModelOrder": "true",
    "elk.spacing.nodeNode": "28",
    "elk.layered.spacing.nodeNodeBetweenLayers": "36",
    "elk.spacing.edgeNode": "18",
    "elk.layered.spacing.edgeNodeBetweenLayers": "18",
    "elk.spacing.edgeEdge": "12",
    "elk.layered.spacing.edgeEdgeBetweenLayers": "12",
    "elk.spacing.edgeLabel": "4",
    "elk.spacing.labelLabel": "6",
    "elk.padding": "[top=16,left=16,bottom=16,right=16]",
    // Every coordinate in the picture's frame, so drawing needs no offsets.
    "elk.json.shapeCoords": "ROOT",
    "elk.json.edgeCoords": "ROOT",
};

const TITLE_H = 20;
const GROUP_PAD = 16;

const titleW = (g: DiagramGroup): number => Math.ceil(textWidth(g.title, FONT.title, true));
const titleId = (g: DiagramGroup): string => `${g.id}__title`;

/**
 * The ELK graph: top boxes, then one cluster per region. A region's title is a node of its own, in a
 * row above the region's boxes, so ELK routes the edges that enter the region around it as around
 * any box (a title drawn into the cluster's padding would be crossed wherever ELK puts the ports).
 */
function elkGraph(d: Diagram): ElkNode {
    const leaf = (n: DiagramNode): ElkNode => {
        const s = sizeOf(n);
        return { id: n.id, width: s.w, height: s.h };
    };
    return {
        id: "root",
        layoutOptions: ROOT_OPTIONS,
        children: [
            ...d.top.map(leaf),
            ...d.groups.map((g): ElkNode => ({
                id: g.id,
                layoutOptions: { "elk.padding": `[top=${GROUP_PAD},left=${GROUP_PAD},bottom=${GROUP_PAD},right=${GROUP_PAD}]` },
                children: [{ id: titleId(g), width: titleW(g), height: TITLE_H, layoutOptions: { "elk.layered.crossingMinimization.positionChoiceConstraint": "0" } }, ...g.nodes.map(leaf)],
            })),
        ],
        edges: [
            ...d.edges.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.from], targets: [e.to], labels: e.label ? [labelBox(e.label)] : [] })),
            // The title heads its region: an unseen edge to each box nothing in the region points at
            // puts it in a row of its own above them.
            ...d.groups.flatMap((g) => {
                const inside = new Set(g.nodes.map((n) => n.id));
                const heads = g.nodes.filter((n) => !d.edges.some((e) => e.to === n.id && inside.has(e.from)));
                return heads.map((n): ElkExtendedEdge => ({ id: `t_${g.id}_${n.id}`, sources: [titleId(g)], targets: [n.id] }));
            }),
        ],
    };
}

/** Places every box, cluster, arrow and label of the picture. */
export async function layoutDiagram(d: Diagram): Promise<Layout> {
    const out = await new ELK().layout(elkGraph(d));
    const byId = new Map((out.children ?? []).flatMap((c) => [c, ...(c.children ?? [])]).map((c) => [c.id, c]));
    const boxOf = (c: ElkNode | undefined): Box => ({ x: c?.x ?? 0, y: c?.y ?? 0, w: c?.width ?? 0, h: c?.height ?? 0 });
    const nodes: PlacedNode[] = [];
    const place = (n: DiagramNode, group?: string): void => {
        nodes.push({ ...boxOf(byId.get(n.id)), node: n, lines: sizeOf(n).lines, group });
    };
    d.top.forEach((n) => place(n));
    d.groups.forEach((g) => g.nodes.forEach((n) => place(n, g.id)));
    const groups = d.groups.map((g): PlacedGroup => ({ ...boxOf(byId.get(g.id)), group: g, title: boxOf(byId.get(titleId(g))) }));
    const edges = (out.edges ?? []).filter((e) => /^e\d+$/.test(e.id)).map((e): PlacedEdge => {
        const l = e.labels?.[0];
        return {
            edge: d.edges[Number(e.id.slice(1))],
            points: (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]),
            label: l ? { x: l.x ?? 0, y: l.y ?? 0, w: l.width ?? 0, h: l.height ?? 0 } : undefined,
        };
    });
    return { width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), nodes, groups, edges };
}
