/**
 * Scene: the picture to draw, in world coordinates: positioned nodes, group boxes, routed edges
 * and their label places. Pure; the SVG renderer draws it, the graph export serialises it.
 */
import type { Graph, GraphEdge, GraphNode } from '../../derive/graph-types';
import { SIZE, type Box, type Layout } from '../../derive/layout';
import { routeEdges, type Pt, type RoutedEdge } from '../../derive/route';
import type { Tile } from '../../derive/overview';
import type { Point } from '../../store';

export interface SceneNode {
  readonly node: GraphNode;
  readonly box: Box;
  readonly selected: boolean;
  /** The group box the node is drawn in (its group, or the one it left and still sits in). */
  readonly host: string | null;
}
export interface SceneEdge {
  readonly edge: GraphEdge;
  readonly d: string;
  readonly points: readonly Pt[];
  readonly label: RoutedEdge['label'];
  readonly mid: Pt;
}
export interface Scene {
  readonly groups: readonly SceneNode[];
  readonly nodes: readonly SceneNode[];
  readonly edges: readonly SceneEdge[];
  /** The whole run's picture (every object of every step), so a fit does not change while stepping. */
  readonly bounds: Box;
  /** Identity of the layout: ghosts of a previous layout are never kept. */
  readonly layout: Layout;
  /** The overview of a large machine: one tile per parent (then groups, nodes and edges are empty). */
  readonly tiles?: readonly Tile[];
}

/** A layout with no objects: the identity of an overview (one per run). */
export const emptyLayout = (width: number, height: number): Layout => ({ pos: new Map(), width, height, rows: [], rowOf: new Map(), channels: [0], host: new Map(), left: 0, right: width });

export function tileScene(tiles: readonly Tile[], layout: Layout): Scene {
  return { groups: [], nodes: [], edges: [], bounds: bbox(tiles.map((t) => t.box)), layout, tiles };
}

const FALLBACK: Box = { x: 0, y: 0, w: SIZE.minW.dev, h: SIZE.body };

function bbox(boxes: readonly Box[]): Box {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: 0, y: 0, w: 1, h: 1 };
}

/** Orthogonal polyline with small rounded corners. */
export function pathOf(pts: readonly Pt[]): string {
  if (pts.length < 2) return '';
  let d = `M${pts[0].x},${pts[0].y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i - 1], c = pts[i], n = pts[i + 1];
    const r = Math.min(5, Math.abs(c.x - p.x + c.y - p.y) / 2, Math.abs(n.x - c.x + n.y - c.y) / 2);
    const ax = c.x - Math.sign(c.x - p.x) * r, ay = c.y - Math.sign(c.y - p.y) * r;
    const bx = c.x + Math.sign(n.x - c.x) * r, by = c.y + Math.sign(n.y - c.y) * r;
    d += `L${ax},${ay}Q${c.x},${c.y} ${bx},${by}`;
  }
  const l = pts[pts.length - 1];
  return `${d}L${l.x},${l.y}`;
}

export function buildScene(g: Graph, layout: Layout, pins: Readonly<Record<string, Point>>, selection: readonly string[]): Scene {
  const sel = new Set(selection);
  const boxOf = new Map<string, Box>();
  const place = (id: string): Box => {
    const b = layout.pos.get(id) ?? FALLBACK;
    const p = pins[id];
    return p ? { ...b, x: p.x, y: p.y } : b;
  };
  const members = new Map<string, Box[]>();
  const moved = new Set<string>();
  const nodes: SceneNode[] = [];
  for (const n of g.nodes) {
    if (n.kind === 'group') continue;
    const box = place(n.id);
    boxOf.set(n.id, box);
    nodes.push({ node: n, box, selected: sel.has(n.id), host: layout.host.get(n.id) ?? n.group ?? null });
    if (n.group) {
      const list = members.get(n.group);
      if (list) list.push(box);
      else members.set(n.group, [box]);
      if (pins[n.id]) moved.add(n.group);
    }
  }
  const groups: SceneNode[] = [];
  for (const n of g.nodes) {
    if (n.kind !== 'group') continue;
    const own = place(n.id);
    const inner = members.get(n.id);
    // A dragged member stretches its group; otherwise the group keeps the box the layout reserved.
    const box = moved.has(n.id) && inner?.length ? bbox([own, ...inner.map((b) => ({ x: b.x - SIZE.pad, y: b.y - SIZE.head, w: b.w + 2 * SIZE.pad, h: b.h + SIZE.head + SIZE.pad }))]) : own;
    boxOf.set(n.id, box);
    groups.push({ node: n, box, selected: sel.has(n.id), host: null });
  }
  // Objects absent now keep their reserved place (a freed one is drawn there as a ghost): route around them too.
  const obstacles = new Map([...layout.pos, ...boxOf]);
  const routed = routeEdges(g.edges, obstacles, layout.rows, layout.rowOf, layout.channels, SIZE.band, SIZE.track);
  const edges: SceneEdge[] = routed.map((r) => ({ edge: r.edge, d: pathOf(r.points), points: r.points, label: r.label, mid: r.mid }));
  // The run's whole picture, lines routed beside the rows included: the same at every step.
  const bounds = layout.pos.size ? { x: layout.left, y: 0, w: layout.right - layout.left, h: layout.height } : bbox([...boxOf.values()]);
  return { groups, nodes, edges, bounds, layout };
}
