/**
 * layoutRun: a deterministic, structured layout in lanes, computed once for every object that
 * exists anywhere in a run, so that nothing moves while stepping:
 *
 *   containers (a row on top)
 *   groups with their devices (a parent's group first, its mdevs' groups beside it)
 *              | domains (next to the first group or device they ever related to) | PASIDs
 *
 * Same input, same output: no randomness, no clock, no iteration over unordered maps.
 */
import type { Graph, GraphNode } from './graph-types';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Layout {
  readonly pos: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
}

export const SIZE = {
  dev: { w: 112, h: 36 },
  domain: { w: 132, h: 40 },
  pasid: { w: 96, h: 28 },
  container: { w: 104, h: 40 },
  pad: 8,
  head: 20,
  devGap: 6,
  slotGap: 12,
  rowGap: 18,
  familyGap: 30,
  laneGap: 64,
  wrap: 8,
} as const;

export const MAX_BADGES = 3;
export const BADGE_H = 14;

interface Union {
  order: string[];
  node: Map<string, GraphNode>;
  members: Map<string, string[]>;
  homeGroup: Map<string, string>;
  rel: Map<string, string>;
  weakRel: Map<string, string>;
  /** Most breadcrumb badges a node ever carries: room is kept for them from the start. */
  badges: Map<string, number>;
}

/** Every node ever drawn, in order of first appearance, and each one's first relatives. */
function unionOf(graphs: readonly Graph[]): Union {
  const u: Union = { order: [], node: new Map(), members: new Map(), homeGroup: new Map(), rel: new Map(), weakRel: new Map(), badges: new Map() };
  const setOnce = (m: Map<string, string>, k: string, v: string) => {
    if (!m.has(k)) m.set(k, v);
  };
  for (const g of graphs) {
    for (const n of g.nodes) {
      if (n.badges.length > (u.badges.get(n.id) ?? 0)) u.badges.set(n.id, Math.min(n.badges.length, MAX_BADGES));
      if (u.node.has(n.id)) continue;
      u.node.set(n.id, n);
      u.order.push(n.id);
    }
    for (const e of g.edges) {
      const s = u.node.get(e.source);
      const t = u.node.get(e.target);
      if (!s || !t) continue;
      if (e.kind === 'member') {
        if (!u.homeGroup.has(e.target)) {
          u.homeGroup.set(e.target, e.source);
          u.members.set(e.source, [...(u.members.get(e.source) ?? []), e.target]);
        }
      } else if (t.kind === 'domain' && (s.kind === 'group' || s.kind === 'pci' || s.kind === 'mdev')) {
        setOnce(u.rel, e.target, e.source);
      } else if (s.kind === 'domain' && (t.kind === 'pci' || t.kind === 'mdev')) {
        setOnce(u.rel, e.source, e.target);
      } else if (s.kind === 'container' && t.kind === 'domain') {
        setOnce(u.weakRel, e.target, e.source);
      } else if (s.kind === 'container' && t.kind === 'group') {
        setOnce(u.rel, e.source, e.target);
      } else if (s.kind === 'pasid') {
        setOnce(u.rel, e.source, e.target);
      }
    }
  }
  for (const id of u.order) {
    const n = u.node.get(id)!;
    if ((n.kind === 'pci' || n.kind === 'mdev') && !u.homeGroup.has(id) && n.group && u.node.has(n.group)) {
      u.homeGroup.set(id, n.group);
      u.members.set(n.group, [...(u.members.get(n.group) ?? []), id]);
    }
  }
  return u;
}

/** Slots of the groups lane: a group box (with members) or a device in no group. */
interface Slot {
  id: string;
  members: string[];
}

function families(u: Union): Slot[][] {
  const byKey = new Map<string, Slot[]>();
  const keyOrder: string[] = [];
  const familyOf = (dev: string): string => {
    const n = u.node.get(dev);
    return n?.kind === 'mdev' && n.parent && u.node.has(n.parent) ? n.parent : dev;
  };
  const add = (key: string, slot: Slot, first = false) => {
    if (!byKey.has(key)) {
      byKey.set(key, []);
      keyOrder.push(key);
    }
    if (first) byKey.get(key)!.unshift(slot);
    else byKey.get(key)!.push(slot);
  };
  // Families are keyed by their PCI device, in the order the devices appear.
  for (const id of u.order) {
    if (u.node.get(id)!.kind !== 'pci') continue;
    byKey.set(id, []);
    keyOrder.push(id);
  }
  for (const id of u.order) {
    const n = u.node.get(id)!;
    if (n.kind === 'group') {
      const members = u.members.get(id) ?? [];
      const key = members.length ? familyOf(members[0]) : id;
      add(key, { id, members }, members.length > 0 && key === members[0]);
    } else if ((n.kind === 'pci' || n.kind === 'mdev') && !u.homeGroup.has(id)) {
      add(familyOf(id), { id, members: [] }, n.kind === 'pci');
    }
  }
  return keyOrder.map((k) => byKey.get(k)!).filter((f) => f.length > 0);
}

const extra = (u: Union, id: string) => (u.badges.get(id) ?? 0) * BADGE_H;
const devH = (u: Union, id: string) => SIZE.dev.h + extra(u, id);

function slotSize(u: Union, s: Slot): { w: number; h: number } {
  if (u.node.get(s.id)!.kind !== 'group') return { w: SIZE.dev.w, h: devH(u, s.id) };
  const inner = s.members.reduce((h, m) => h + devH(u, m), 0) + Math.max(0, s.members.length - 1) * SIZE.devGap;
  return { w: SIZE.dev.w + 2 * SIZE.pad, h: SIZE.head + extra(u, s.id) + Math.max(inner, SIZE.dev.h) + SIZE.pad };
}

interface LaneItem {
  id: string;
  desired: number | null;
  h: number;
}

/** Greedy placement in a lane of `cols` columns: each item as close to its desired y as it can. */
function placeLane(items: LaneItem[], x: number, colW: number, cols: number, pos: Map<string, Box>, w: number) {
  const sorted = items
    .map((it, i) => ({ ...it, i }))
    .sort((a, b) => (a.desired ?? Infinity) - (b.desired ?? Infinity) || a.i - b.i);
  const bottom = new Array<number>(cols).fill(-Infinity);
  for (const it of sorted) {
    let best = 0;
    let bestY = Infinity;
    for (let c = 0; c < cols; c++) {
      const free = bottom[c] === -Infinity ? 0 : bottom[c] + SIZE.devGap * 2;
      const y = it.desired === null ? free : Math.max(it.desired - it.h / 2, free);
      if (y < bestY - 0.5) {
        best = c;
        bestY = y;
      }
    }
    pos.set(it.id, { x: x + best * colW, y: bestY, w, h: it.h });
    bottom[best] = bestY + it.h;
  }
}

const centerY = (b: Box | undefined): number | null => (b ? b.y + Math.min(b.h / 2, SIZE.head + SIZE.dev.h / 2) : null);

export function layoutRun(graphs: readonly Graph[]): Layout {
  const u = unionOf(graphs);
  const pos = new Map<string, Box>();
  const containers = u.order.filter((id) => u.node.get(id)!.kind === 'container');
  // Containers sit in a row above the groups (the picture stays narrow enough to read on a projector).
  const laneX0 = 0;
  let y = containers.length ? SIZE.container.h + SIZE.familyGap + 10 : 0;
  let groupsW = 0;
  for (const fam of families(u)) {
    for (let r = 0; r < fam.length; r += SIZE.wrap) {
      const row = fam.slice(r, r + SIZE.wrap);
      let x = laneX0;
      let rowH = 0;
      for (const s of row) {
        const sz = slotSize(u, s);
        pos.set(s.id, { x, y, w: sz.w, h: sz.h });
        let my = y + SIZE.head + extra(u, s.id);
        for (const m of s.members) {
          pos.set(m, { x: x + SIZE.pad, y: my, w: SIZE.dev.w, h: devH(u, m) });
          my += devH(u, m) + SIZE.devGap;
        }
        x += sz.w + SIZE.slotGap;
        rowH = Math.max(rowH, sz.h);
      }
      groupsW = Math.max(groupsW, x - SIZE.slotGap - laneX0);
      y += rowH + SIZE.rowGap;
    }
    y += SIZE.familyGap - SIZE.rowGap;
  }
  const groupsH = Math.max(y, SIZE.domain.h);
  const ofKind = (k: GraphNode['kind']) => u.order.filter((id) => u.node.get(id)!.kind === k);

  const items = (ids: string[], h: number, near: (id: string) => number | null): LaneItem[] =>
    ids.map((id) => ({ id, desired: near(id), h: h + extra(u, id) }));
  const lane = (ids: string[], h: number, near: (id: string) => number | null) => {
    const total = ids.length * (h + SIZE.devGap * 2);
    return { list: items(ids, h, near), cols: Math.max(1, Math.ceil(total / groupsH)) };
  };

  let cx = 0;
  const byX = containers
    .map((id, i) => ({ id, i, want: pos.get(u.rel.get(id) ?? '')?.x ?? Infinity }))
    .sort((a, b) => a.want - b.want || a.i - b.i);
  for (const c of byX) {
    const x = Number.isFinite(c.want) ? Math.max(c.want, cx) : cx;
    pos.set(c.id, { x, y: 0, w: SIZE.container.w, h: SIZE.container.h + extra(u, c.id) });
    cx = x + SIZE.container.w + SIZE.slotGap;
  }

  const domX = laneX0 + groupsW + SIZE.laneGap;
  const dom = lane(ofKind('domain'), SIZE.domain.h, (id) => centerY(pos.get(u.rel.get(id) ?? u.weakRel.get(id) ?? '')));
  const domColW = SIZE.domain.w + 24;
  placeLane(dom.list, domX, domColW, dom.cols, pos, SIZE.domain.w);

  const pasX = domX + dom.cols * domColW - 24 + SIZE.laneGap;
  const pas = lane(ofKind('pasid'), SIZE.pasid.h, (id) => centerY(pos.get(u.rel.get(id) ?? '')));
  const pasColW = SIZE.pasid.w + 20;
  placeLane(pas.list, pasX, pasColW, pas.cols, pos, SIZE.pasid.w);

  let width = 0;
  let height = 0;
  for (const b of pos.values()) {
    width = Math.max(width, b.x + b.w);
    height = Math.max(height, b.y + b.h);
  }
  return { pos, width, height };
}

/**
 * Places nodes a layout has never seen (objects that lived only between the frames it was
 * computed from) in an overflow column at the right, next to where their first edge leads.
 * The layout's own positions never move.
 */
export function placeMissing(layout: Layout, g: Graph): Layout {
  const missing = g.nodes.filter((n) => !layout.pos.has(n.id));
  if (!missing.length) return layout;
  const pos = new Map(layout.pos);
  const x = layout.width + SIZE.laneGap / 2;
  const near = (id: string) => {
    for (const e of g.edges) {
      const other = e.source === id ? e.target : e.target === id ? e.source : null;
      const b = other ? layout.pos.get(other) : undefined;
      if (b) return b.y + b.h / 2;
    }
    return null;
  };
  const list = missing.map((n) => ({ id: n.id, desired: near(n.id), h: n.kind === 'group' ? SIZE.head + SIZE.dev.h + SIZE.pad : SIZE.dev.h }));
  placeLane(list, x, 0, 1, pos, SIZE.domain.w);
  let width = layout.width;
  let height = layout.height;
  for (const n of missing) {
    const b = pos.get(n.id)!;
    width = Math.max(width, b.x + b.w);
    height = Math.max(height, b.y + b.h);
  }
  return { pos, width, height };
}
