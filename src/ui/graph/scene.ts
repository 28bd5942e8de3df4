/**
 * Scene: the picture to draw, in world coordinates: positioned nodes, group boxes around their
 * current members, edge paths and label points. Pure; both renderers (SVG, canvas) draw it.
 */
import type { Graph, GraphEdge, GraphNode } from '../../derive/graph-types';
import { SIZE, type Box, type Layout } from '../../derive/layout';
import type { Point } from '../../store';

export interface SceneNode {
  readonly node: GraphNode;
  readonly box: Box;
  readonly selected: boolean;
}
export interface SceneEdge {
  readonly edge: GraphEdge;
  readonly d: string;
  readonly mid: Point;
  /** Straight segment for the canvas renderer: control points of the cubic. */
  readonly c: readonly [number, number, number, number, number, number, number, number];
}
export interface Scene {
  readonly groups: readonly SceneNode[];
  readonly nodes: readonly SceneNode[];
  readonly edges: readonly SceneEdge[];
  readonly bounds: Box;
}

/** Both ends in the groups lane: neighbours in a row get an arc over the top. */
const LANE_KINDS = new Set(['pci', 'mdev', 'group']);

const FALLBACK: Box = { x: 0, y: 0, w: SIZE.dev.w, h: SIZE.dev.h };

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

function edgePath(s: Box, t: Box, inLane: boolean): Omit<SceneEdge, 'edge'> {
  const sameRow = inLane && s.y < t.y + t.h && t.y < s.y + s.h;
  if (sameRow) {
    // Neighbours in one row: arc over the top so the line does not cross the boxes between.
    const sx = s.x + s.w / 2, tx = t.x + t.w / 2, top = Math.min(s.y, t.y);
    const lift = 16 + Math.min(60, Math.abs(tx - sx) * 0.12);
    const c = [sx, s.y, sx, top - lift, tx, top - lift, tx, t.y] as const;
    return { d: `M${sx},${s.y}C${sx},${top - lift} ${tx},${top - lift} ${tx},${t.y}`, mid: { x: (sx + tx) / 2, y: top - lift * 0.75 }, c };
  }
  const right = t.x >= s.x + s.w / 2;
  const sx = right ? s.x + s.w : s.x;
  const tx = right ? t.x : t.x + t.w;
  const sy = s.y + Math.min(s.h / 2, 18), ty = t.y + Math.min(t.h / 2, 20);
  const dx = Math.max(30, Math.abs(tx - sx) * 0.45) * (right ? 1 : -1);
  const c = [sx, sy, sx + dx, sy, tx - dx, ty, tx, ty] as const;
  return {
    d: `M${sx},${sy}C${sx + dx},${sy} ${tx - dx},${ty} ${tx},${ty}`,
    mid: { x: 0.125 * sx + 0.375 * (sx + dx) + 0.375 * (tx - dx) + 0.125 * tx, y: 0.5 * sy + 0.5 * ty },
    c,
  };
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
  const memberTop = new Map<string, number>();
  const nodes: SceneNode[] = [];
  for (const n of g.nodes) {
    if (n.kind === 'group') continue;
    const box = place(n.id);
    boxOf.set(n.id, box);
    nodes.push({ node: n, box, selected: sel.has(n.id) });
    if (n.group) {
      const list = members.get(n.group);
      if (list) list.push(box);
      else members.set(n.group, [box]);
      const ly = layout.pos.get(n.id)?.y;
      if (ly !== undefined) memberTop.set(n.group, Math.min(memberTop.get(n.group) ?? Infinity, ly));
    }
  }
  const groups: SceneNode[] = [];
  for (const n of g.nodes) {
    if (n.kind !== 'group') continue;
    const own = place(n.id);
    const inner = members.get(n.id);
    // The box follows its members (a dragged device stretches its group); the header keeps its height.
    const top = memberTop.get(n.id);
    const head = top !== undefined && layout.pos.has(n.id) ? top - layout.pos.get(n.id)!.y : SIZE.head;
    const box = inner?.length ? grow(bbox(inner), SIZE.pad, Math.max(SIZE.head, head)) : own;
    boxOf.set(n.id, box);
    groups.push({ node: n, box, selected: sel.has(n.id) });
  }
  const edges: SceneEdge[] = [];
  const kinds = new Map(g.nodes.map((n) => [n.id, n.kind]));
  for (const e of g.edges) {
    if (e.kind === 'member') continue;
    const s = boxOf.get(e.source), t = boxOf.get(e.target);
    if (!s || !t) continue;
    edges.push({ edge: e, ...edgePath(s, t, LANE_KINDS.has(kinds.get(e.source) ?? '') && LANE_KINDS.has(kinds.get(e.target) ?? '')) });
  }
  return { groups, nodes, edges, bounds: bbox([...boxOf.values()]) };
}

const grow = (b: Box, pad: number, head: number): Box => ({ x: b.x - pad, y: b.y - head, w: b.w + 2 * pad, h: b.h + head + pad });
