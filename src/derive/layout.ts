/**
 * layoutRun: a deterministic layered layout, computed once for every object that exists anywhere
 * in a run, so that nothing moves while stepping. Layers are rows, top to bottom, in the order a
 * kernel reader walks them:
 *
 *   containers
 *   groups with their devices (one family per row part: a parent's group, then its mdevs' groups)
 *   domains (under the first group or device they ever related to)
 *   PASIDs (under their owner)
 *
 * Between two rows lies an empty channel; edges are routed in the channels and cross a row only
 * through the gaps between its boxes (src/derive/route.ts), so no edge ever runs through a box.
 * Every box is sized for the longest text it ever carries (monospace metrics: one character is
 * 0.61 em), with lines reserved for its breadcrumb badges and its WARN/OOPS/violation tags.
 *
 * Same input, same output: no randomness, no clock, no iteration over unordered maps.
 */
import type { Graph, GraphNode } from './graph-types';
import { routeShape } from './route';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** One row of top-level boxes (groups, loose devices, containers, domains, PASIDs). */
export interface Row {
  readonly y: number;
  readonly h: number;
  /** Top-level boxes of the row, left to right. */
  readonly ids: readonly string[];
}

export interface Layout {
  readonly pos: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
  readonly rows: readonly Row[];
  /** Row index of every top-level box and of every device (its group's row). */
  readonly rowOf: ReadonlyMap<string, number>;
  /** Height of the channel above row i (i = rows.length: the channel below the last row). */
  readonly channels: readonly number[];
  /** The group box each device is drawn in (its first group: it stays there if it leaves). */
  readonly host: ReadonlyMap<string, string>;
  /** Lines routed beside the rows reach from x = left to x = right (left ≤ 0, right ≥ width). */
  readonly left: number;
  readonly right: number;
}

/** Type metrics of the graph (world px); the stylesheet uses the same sizes. */
export const FONT = { label: 14, sub: 12, badge: 12, edge: 12, char: 0.61 } as const;
export const LINE = 16;
export const BADGE_H = 16;
export const MARK_H = 18;
export const MAX_BADGES = 3;
export const MAX_MARKS = 3;
/** How far a badge or tag line may be squeezed (textLength) before its box grows. */
export const SQUEEZE = 0.85;

export const SIZE = {
  minW: { dev: 120, domain: 132, pasid: 104, container: 120 } as Record<string, number>,
  padX: 8,
  /** Label and sub line. */
  body: 8 + LINE + LINE + 4,
  head: 24,
  pad: 8,
  devGap: 12,
  gap: 28,
  familyGap: 36,
  /** Channel: label band, tracks, label band. */
  band: 17,
  track: 9,
  minChannel: 24,
} as const;

const textW = (s: string, font: number) => Math.ceil(s.length * font * FONT.char);

interface Union {
  order: string[];
  node: Map<string, GraphNode>;
  members: Map<string, string[]>;
  homeGroup: Map<string, string>;
  rel: Map<string, string>;
  weakRel: Map<string, string>;
  badges: Map<string, number>;
  marks: Map<string, number>;
  /** Longest text line each node ever shows (label, sub, badge, tag), in px. */
  textW: Map<string, number>;
  subs: Map<string, string>;
}

const markText = (m: GraphNode['marks'][number]) => (m.level === 'violation' ? `⚠ ${m.code}` : m.level === 'warn' ? '⚠ WARN' : '☠ OOPS');

/** Every node ever drawn, in order of first appearance, and each one's first relatives. */
function unionOf(graphs: readonly Graph[]): Union {
  const u: Union = { order: [], node: new Map(), members: new Map(), homeGroup: new Map(), rel: new Map(), weakRel: new Map(), badges: new Map(), marks: new Map(), textW: new Map(), subs: new Map() };
  const setOnce = (m: Map<string, string>, k: string, v: string) => {
    if (!m.has(k)) m.set(k, v);
  };
  const max = (m: Map<string, number>, k: string, v: number) => {
    if (v > (m.get(k) ?? 0)) m.set(k, v);
  };
  for (const g of graphs) {
    for (const n of g.nodes) {
      max(u.badges, n.id, Math.min(n.badges.length, MAX_BADGES));
      max(u.marks, n.id, Math.min(n.marks.length, MAX_MARKS));
      const group = n.kind === 'group';
      max(u.textW, n.id, group ? textW(n.label, FONT.label) + textW(n.sub, FONT.sub) + 16 : Math.max(textW(n.label, FONT.label), textW(n.sub, FONT.sub)));
      // Badge and tag lines may be squeezed to 85 % (SVG textLength): same font size, a narrower box.
      for (const b of n.badges.slice(0, MAX_BADGES)) max(u.textW, n.id, Math.ceil(textW(`⚑ ${b}`, FONT.badge) * SQUEEZE));
      for (const m of n.marks.slice(0, MAX_MARKS)) max(u.textW, n.id, Math.ceil(textW(markText(m), FONT.badge) * SQUEEZE) + 8);
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

/** Slots of the groups rows: a group box (with members) or a device in no group. */
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

/** Size of a leaf box (device, domain, PASID, container): label, sub line, badges, tags. */
function leafSize(u: Union, id: string): { w: number; h: number } {
  const kind = u.node.get(id)!.kind;
  const min = SIZE.minW[kind === 'pci' || kind === 'mdev' ? 'dev' : kind] ?? 120;
  const w = Math.max(min, (u.textW.get(id) ?? 0) + 2 * SIZE.padX + 4);
  const h = SIZE.body + (u.badges.get(id) ?? 0) * BADGE_H + (u.marks.get(id) ?? 0) * MARK_H;
  return { w, h };
}

/** Height of a group's header: title line, then its badges and tags. */
export const groupHead = (badges: number, marks: number) => SIZE.head + badges * BADGE_H + marks * MARK_H;

/** Places a slot's boxes at (x, y) (members side by side, so nothing sits above or below another). */
function slotBoxes(u: Union, s: Slot, x: number, y: number, out: Map<string, Box>): { w: number; h: number } {
  if (u.node.get(s.id)!.kind !== 'group') {
    const sz = leafSize(u, s.id);
    out.set(s.id, { x, y, ...sz });
    return sz;
  }
  const head = groupHead(u.badges.get(s.id) ?? 0, u.marks.get(s.id) ?? 0);
  let mx = x + SIZE.pad;
  let mh = 0;
  for (const m of s.members) {
    const sz = leafSize(u, m);
    out.set(m, { x: mx, y: y + head, ...sz });
    mx += sz.w + SIZE.devGap;
    mh = Math.max(mh, sz.h);
  }
  const inner = s.members.length ? mx - SIZE.devGap - x + SIZE.pad : SIZE.minW.dev + 2 * SIZE.pad;
  const w = Math.max(inner, (u.textW.get(s.id) ?? 0) + 2 * SIZE.padX);
  const h = head + Math.max(mh, s.members.length ? 0 : SIZE.body) + SIZE.pad;
  out.set(s.id, { x, y, w, h });
  return { w, h };
}

interface RowDraft {
  ids: string[];
  h: number;
}

/**
 * Packs boxes with a desired centre x into rows no wider than `maxW`: rows are filled in order of
 * the wishes, then each box goes as close to its wish as the boxes before it allow, and a row
 * that overflows is pushed back from the right.
 */
function packByWish(ids: string[], size: (id: string) => { w: number; h: number }, wish: (id: string) => number | null, maxW: number, pos: Map<string, Box>): RowDraft[] {
  const sorted = ids
    .map((id, i) => ({ id, i, want: wish(id), ...size(id) }))
    .sort((a, b) => (a.want ?? Infinity) - (b.want ?? Infinity) || a.i - b.i);
  const rows: (typeof sorted)[] = [];
  let used = Infinity;
  for (const it of sorted) {
    if (used + SIZE.gap + it.w > maxW) {
      rows.push([]);
      used = -SIZE.gap;
    }
    rows[rows.length - 1].push(it);
    used += SIZE.gap + it.w;
  }
  return rows.map((row) => {
    const xs: number[] = [];
    let right = -Infinity;
    for (const it of row) {
      const x = Math.max(it.want === null ? 0 : it.want - it.w / 2, right + SIZE.gap, 0);
      xs.push(x);
      right = x + it.w;
    }
    let limit = Math.max(maxW, right);
    if (right > maxW) limit = maxW;
    for (let i = row.length - 1; i >= 0; i--) {
      xs[i] = Math.min(xs[i], limit - row[i].w);
      limit = xs[i] - SIZE.gap;
    }
    row.forEach((it, i) => pos.set(it.id, { x: Math.round(xs[i]), y: 0, w: it.w, h: it.h }));
    return { ids: row.map((it) => it.id), h: Math.max(...row.map((it) => it.h)) };
  });
}

export function layoutRun(graphs: readonly Graph[]): Layout {
  const u = unionOf(graphs);
  const ofKind = (k: GraphNode['kind']) => u.order.filter((id) => u.node.get(id)!.kind === k);

  // Groups: families side by side while they fit in the target width, a new row part otherwise.
  const fams = families(u);
  const scratch = new Map<string, Box>();
  const slotSz = new Map<string, { w: number; h: number }>();
  let area = 0;
  let widest = 0;
  for (const f of fams)
    for (const s of f) {
      const sz = slotBoxes(u, s, 0, 0, scratch);
      slotSz.set(s.id, sz);
      area += (sz.w + SIZE.gap) * (sz.h + 70);
      widest = Math.max(widest, sz.w);
    }
  for (const k of ['domain', 'pasid', 'container'] as const)
    for (const id of ofKind(k)) {
      const sz = leafSize(u, id);
      area += (sz.w + SIZE.gap) * (sz.h + 70);
    }
  // A picture about 1.25 times as wide as tall fills a typical graph pane.
  const guess = Math.max(widest, 560, Math.sqrt(area * 1.25));
  if (u.order.length > SEARCH_MAX_NODES) return layoutAt(u, fams, slotSz, guess, graphs);
  // Small machines: the row width whose picture fits a 1440×900 graph pane at the largest scale.
  let best: Layout | null = null;
  let bestScore = Infinity;
  for (const w of [...new Set([guess, ...[560, 700, 840, 980, 1120, 1260, 1400, 1600].filter((c) => c > widest)])]) {
    const l = layoutAt(u, fams, slotSz, w, graphs);
    const score = Math.max(l.width / PANE.w, l.height / PANE.h);
    if (score < bestScore - 1e-9) {
      best = l;
      bestScore = score;
    }
  }
  return best!;
}

/** Reference graph pane (1440×900 window, fit margins taken off) the row width is chosen for. */
const PANE = { w: 740, h: 650 } as const;
const SEARCH_MAX_NODES = 150;

function layoutAt(u: Union, fams: Slot[][], slotSz: Map<string, { w: number; h: number }>, maxW: number, graphs: readonly Graph[]): Layout {
  const pos = new Map<string, Box>();
  const ofKind = (k: GraphNode['kind']) => u.order.filter((id) => u.node.get(id)!.kind === k);
  const groupRows: RowDraft[] = [];
  let row: RowDraft | null = null;
  let x = 0;
  for (const f of fams) {
    const fw = f.reduce((s, sl) => s + slotSz.get(sl.id)!.w, 0) + (f.length - 1) * SIZE.gap;
    if (row && x + SIZE.familyGap + fw > maxW) row = null;
    if (row) x += SIZE.familyGap;
    for (const s of f) {
      const sz = slotSz.get(s.id)!;
      if (!row || (x > 0 && x + sz.w > maxW && row.ids.length > 0 && fw > maxW)) {
        row = { ids: [], h: 0 };
        groupRows.push(row);
        x = 0;
      }
      slotBoxes(u, s, x, 0, pos);
      row.ids.push(s.id);
      row.h = Math.max(row.h, sz.h);
      x += sz.w + SIZE.gap;
    }
    x -= SIZE.gap;
  }

  const cx = (id: string | undefined): number | null => {
    const b = id === undefined ? undefined : pos.get(id);
    return b ? b.x + b.w / 2 : null;
  };
  const domRows = packByWish(ofKind('domain'), (id) => leafSize(u, id), (id) => cx(u.rel.get(id) ?? u.weakRel.get(id)), maxW, pos);
  const pasRows = packByWish(ofKind('pasid'), (id) => leafSize(u, id), (id) => cx(u.rel.get(id)), maxW, pos);
  const conRows = packByWish(ofKind('container'), (id) => leafSize(u, id), (id) => cx(u.rel.get(id)), maxW, pos);

  const drafts = [...conRows, ...groupRows, ...domRows, ...pasRows];
  const rowOf = new Map<string, number>();
  drafts.forEach((r, i) => {
    for (const id of r.ids) {
      rowOf.set(id, i);
      for (const m of u.members.get(id) ?? []) rowOf.set(m, i);
    }
  });
  return finish(pos, drafts, rowOf, u.members, u.homeGroup, graphs);
}

/** Sizes the channels for every edge the run ever draws, then fixes each row's y. */
function finish(pos: Map<string, Box>, drafts: RowDraft[], rowOf: Map<string, number>, kids: ReadonlyMap<string, string[]>, host: ReadonlyMap<string, string>, graphs: readonly Graph[]): Layout {
  const { channels: tracks, passes } = channelDemand(pos, drafts, rowOf, graphs);
  const channels = tracks.map((t) => (t.tracks === 0 ? SIZE.minChannel : 2 * SIZE.band + t.tracks * SIZE.track + 6));
  const rows: Row[] = [];
  let y = channels[0];
  drafts.forEach((r, i) => {
    rows.push({ y, h: r.h, ids: r.ids });
    for (const id of r.ids) for (const k of [id, ...(kids.get(id) ?? [])]) {
      const b = pos.get(k)!;
      pos.set(k, { ...b, y: b.y + y });
    }
    y += r.h + channels[i + 1];
  });
  let width = 0;
  let height = 0;
  for (const b of pos.values()) {
    width = Math.max(width, b.x + b.w);
    height = Math.max(height, b.y + b.h);
  }
  return {
    pos, width, height: Math.max(height, y - channels[drafts.length]) + channels[drafts.length], rows, rowOf, channels, host,
    left: Math.min(0, ...passes.map((p) => p - 6)), right: Math.max(width, ...passes.map((p) => p + 6)),
  };
}

/** How many horizontal tracks each channel needs for the union of all edges of the run. */
function channelDemand(pos: Map<string, Box>, drafts: RowDraft[], rowOf: Map<string, number>, graphs: readonly Graph[]) {
  const edges = new Map<string, Graph['edges'][number]>();
  for (const g of graphs) for (const e of g.edges) if (e.kind !== 'member' && !edges.has(e.id)) edges.set(e.id, e);
  const rows = drafts.map((r) => ({ y: 0, h: r.h, ids: r.ids }));
  const r = routeShape([...edges.values()], pos, rows, rowOf);
  return { channels: r.channels, passes: r.shapes.flatMap((s) => (s.pass === null ? [] : [s.pass])) };
}

/**
 * Places nodes a layout has never seen (objects that lived only between the frames it was
 * computed from) in an extra row under the picture. The layout's own positions never move.
 */
export function placeMissing(layout: Layout, g: Graph): Layout {
  const missing = g.nodes.filter((n) => !layout.pos.has(n.id) && !(n.group && !layout.pos.has(n.group) && g.nodes.some((o) => o.id === n.group)));
  const missingAll = g.nodes.filter((n) => !layout.pos.has(n.id));
  if (!missingAll.length) return layout;
  const pos = new Map(layout.pos);
  const rowOf = new Map(layout.rowOf);
  const r = layout.rows.length;
  let x = 0;
  const y = layout.height + SIZE.minChannel;
  let h = 0;
  const ids: string[] = [];
  for (const n of missing) {
    const w = Math.max(SIZE.minW.dev, textW(n.label, FONT.label) + 2 * SIZE.padX + 4, textW(n.sub, FONT.sub) + 2 * SIZE.padX + 4);
    pos.set(n.id, { x, y, w, h: SIZE.body + (n.kind === 'group' ? SIZE.head : 0) });
    rowOf.set(n.id, r);
    ids.push(n.id);
    h = Math.max(h, SIZE.body + SIZE.head);
    x += w + SIZE.gap;
  }
  for (const n of missingAll) if (!pos.has(n.id)) {
    pos.set(n.id, { x, y, w: SIZE.minW.dev, h: SIZE.body });
    rowOf.set(n.id, r);
    ids.push(n.id);
    x += SIZE.minW.dev + SIZE.gap;
  }
  const rows = [...layout.rows, { y, h, ids }];
  const channels = [...layout.channels, SIZE.minChannel];
  return { pos, rowOf, rows, channels, host: layout.host, left: layout.left, right: Math.max(layout.right, x - SIZE.gap), width: Math.max(layout.width, x - SIZE.gap), height: y + h + SIZE.minChannel };
}
