/**
 * Orthogonal edge routing in the channels between the rows of a layered layout.
 *
 * Every edge leaves its box through the top or the bottom side (devices inside a group always
 * through the bottom, so the line never runs over the group's title), runs along a horizontal
 * track of the channel next to that side, and, when its other end lies in a channel further
 * down or up, crosses the rows between through a gap between their boxes (or beside the row).
 * Tracks are given per channel by left end (interval colouring: as few tracks as the widest
 * overlap), ports are spread along a side in the order of the other ends. Since channels and
 * gaps hold no box, no edge crosses a box other than its endpoints and the groups around them.
 *
 * Pure and deterministic; world coordinates.
 */
import type { GraphEdge } from './graph-types';
import type { Box } from './layout';

export interface RowBand {
  readonly y: number;
  readonly h: number;
  readonly ids: readonly string[];
}

export interface Pt {
  readonly x: number;
  readonly y: number;
}

export interface RoutedEdge {
  readonly edge: GraphEdge;
  readonly points: readonly Pt[];
  /** Where an inline label goes (text baseline, left or right anchored), null: hover only. */
  readonly label: { readonly x: number; readonly y: number; readonly anchor: 'start' | 'end' } | null;
  /** A point on the line for the hover label. */
  readonly mid: Pt;
}

type Side = 'top' | 'bottom';
interface End {
  id: string;
  box: Box;
  row: number;
  side: Side;
  channel: number;
  x: number;
}
interface Shape {
  edge: GraphEdge;
  a: End;
  b: End;
  /** x of the vertical pass between channels (a.channel < b.channel), null when a.channel === b.channel. */
  pass: number | null;
  /** Track index in a.channel (and in b.channel for two-channel routes). */
  ta: number;
  tb: number;
}

const EDGE_CHAR = 12 * 0.61;
const MARGIN = 10;
const PASS_GAP = 8;
export const INLINE_LABELS = new Set(['aux', 'pasid_array', 'container']);
export const labelWidth = (s: string) => Math.ceil(s.length * EDGE_CHAR) + 4;

/** Route shapes (x only, channels and tracks): the same code sizes the channels and draws the edges. */
export function routeShape(edges: readonly GraphEdge[], pos: ReadonlyMap<string, Box>, rows: readonly RowBand[], rowOf: ReadonlyMap<string, number>) {
  const topLevel = new Set(rows.flatMap((r) => r.ids));
  // The group box around a device: the top-level box of its row that contains it.
  const hostOf = new Map<string, string>();
  for (const [id, r] of rowOf) {
    if (topLevel.has(id) || !rows[r]) continue;
    const b = pos.get(id);
    const host = b && rows[r].ids.find((h) => {
      const hb = pos.get(h);
      return hb && b.x >= hb.x && b.x + b.w <= hb.x + hb.w;
    });
    if (host) hostOf.set(id, host);
  }
  const ends: Shape[] = [];
  const portLists = new Map<string, { end: End; other: number }[]>();
  for (const e of edges) {
    if (e.kind === 'member' || e.source === e.target) continue;
    const sb = pos.get(e.source), tb = pos.get(e.target);
    const sr = rowOf.get(e.source), tr = rowOf.get(e.target);
    if (!sb || !tb || sr === undefined || tr === undefined) continue;
    const end = (id: string, box: Box, row: number, other: number): End => {
      const side: Side = !topLevel.has(id) || other >= row ? 'bottom' : 'top';
      return { id, box, row, side, channel: side === 'bottom' ? row + 1 : row, x: box.x + box.w / 2 };
    };
    let a = end(e.source, sb, sr, tr);
    let b = end(e.target, tb, tr, sr);
    if (a.channel > b.channel) [a, b] = [b, a];
    const s: Shape = { edge: e, a, b, pass: null, ta: 0, tb: 0 };
    ends.push(s);
    for (const [me, other] of [[a, b], [b, a]] as const) {
      // A device shares its group's bottom side: their lines leave apart, never on top of each other.
      const host = !topLevel.has(me.id) ? hostOf.get(me.id) : undefined;
      const k = `${host ?? me.id}|${me.side}`;
      const list = portLists.get(k) ?? [];
      list.push({ end: me, other: other.box.x + other.box.w / 2 });
      portLists.set(k, list);
    }
  }
  // Ports: spread along the side, ordered by where the other end lies (fewer crossings).
  for (const list of portLists.values()) {
    list.sort((p, q) => p.other - q.other);
    const host = list[0].end.box;
    const hb = pos.get(hostOf.get(list[0].end.id) ?? '') ?? host;
    const span = list.some((p) => p.end.box !== host) || hostOf.has(list[0].end.id) ? hb : host;
    const inset = Math.min(14, span.w / 4);
    list.forEach((p, i) => {
      const want = span.x + inset + ((span.w - 2 * inset) * (i + 1)) / (list.length + 1);
      // Within the end's own box (a device's port stays under the device).
      const b = p.end.box;
      p.end.x = Math.round(Math.min(Math.max(want, b.x + 6), b.x + b.w - 6));
    });
  }
  // Vertical passes through the rows between two channels.
  const free = rows.map((r) => freeIntervals(r.ids.map((id) => pos.get(id)!).filter(Boolean)));
  const used = rows.map(() => [] as number[]);
  for (const s of ends) {
    if (s.a.channel === s.b.channel) continue;
    const crossed: number[] = [];
    for (let r = s.a.channel; r < s.b.channel; r++) crossed.push(r);
    const want = (s.a.x + s.b.x) / 2;
    s.pass = pickPass(crossed.map((r) => free[r]), crossed.map((r) => used[r]), want);
    for (const r of crossed) used[r].push(s.pass);
  }
  // Tracks: interval colouring per channel, by left end.
  const spans: { ch: number; lo: number; hi: number; set: (t: number) => void }[] = [];
  for (const s of ends) {
    if (s.pass === null) {
      spans.push({ ch: s.a.channel, lo: Math.min(s.a.x, s.b.x), hi: Math.max(s.a.x, s.b.x), set: (t) => (s.ta = t) });
    } else {
      spans.push({ ch: s.a.channel, lo: Math.min(s.a.x, s.pass), hi: Math.max(s.a.x, s.pass), set: (t) => (s.ta = t) });
      spans.push({ ch: s.b.channel, lo: Math.min(s.b.x, s.pass), hi: Math.max(s.b.x, s.pass), set: (t) => (s.tb = t) });
    }
  }
  spans.sort((p, q) => p.ch - q.ch || p.lo - q.lo || p.hi - q.hi);
  const channels = new Array<number>(rows.length + 1).fill(0);
  let ch = -1;
  let last: number[] = [];
  for (const sp of spans) {
    if (sp.ch !== ch) {
      ch = sp.ch;
      last = [];
    }
    let t = last.findIndex((hi) => hi + MARGIN <= sp.lo);
    if (t < 0) {
      t = last.length;
      last.push(sp.hi);
    } else last[t] = sp.hi;
    sp.set(t);
    channels[ch] = Math.max(channels[ch], last.length);
  }
  return { shapes: ends, channels: channels.map((tracks) => ({ tracks })) };
}

function freeIntervals(boxes: Box[]): [number, number][] {
  const sorted = [...boxes].sort((a, b) => a.x - b.x);
  const out: [number, number][] = [];
  let left = -Infinity;
  for (const b of sorted) {
    if (b.x - MARGIN > left) out.push([left, b.x - MARGIN]);
    left = Math.max(left, b.x + b.w + MARGIN);
  }
  out.push([left, Infinity]);
  return out;
}

function intersect(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a0, a1] of a)
    for (const [b0, b1] of b) {
      const lo = Math.max(a0, b0), hi = Math.min(a1, b1);
      if (lo <= hi) out.push([lo, hi]);
    }
  return out;
}

/** The free x nearest to `want` in every crossed row, away from lines that already pass there. */
function pickPass(frees: [number, number][][], used: number[][], want: number): number {
  let iv: [number, number][] = [[-Infinity, Infinity]];
  for (const f of frees) iv = intersect(iv, f);
  const taken = used.flat();
  const ok = (x: number) => taken.every((u) => Math.abs(u - x) >= PASS_GAP);
  const cands: number[] = [];
  for (const [lo, hi] of iv) {
    const c = Math.min(Math.max(want, lo), hi);
    for (let k = 0; k < 12; k++) {
      for (const d of k === 0 ? [0] : [k * PASS_GAP, -k * PASS_GAP]) {
        const x = c + d;
        if (x >= lo && x <= hi && ok(x)) cands.push(x);
      }
    }
  }
  if (!cands.length) {
    // Every gap is full: beside the rightmost box of the crossed rows.
    const right = Math.max(...iv.map(([lo]) => (Number.isFinite(lo) ? lo : -Infinity)));
    let x = right + PASS_GAP;
    while (!ok(x)) x += PASS_GAP;
    return Math.round(x);
  }
  cands.sort((p, q) => Math.abs(p - want) - Math.abs(q - want) || p - q);
  return Math.round(cands[0]);
}

/**
 * Routes the edges of one picture: points of each orthogonal polyline and its label place.
 * `channelH[i]` is the height of the channel above row i as the layout reserved it.
 */
export function routeEdges(edges: readonly GraphEdge[], pos: ReadonlyMap<string, Box>, rows: readonly RowBand[], rowOf: ReadonlyMap<string, number>, channelH: readonly number[], band: number, track: number): RoutedEdge[] {
  const { shapes, channels } = routeShape(edges, pos, rows, rowOf);
  const top = (c: number) => (c === 0 ? rows.length ? rows[0].y - channelH[0] : 0 : rows[c - 1].y + rows[c - 1].h);
  const bottomOfRow = (r: number) => rows[r].y + rows[r].h;
  const trackY = (c: number, t: number) => {
    const n = channels[c]?.tracks ?? 1;
    const room = Math.max(track, (channelH[c] ?? 0) - 2 * band - 6);
    const step = Math.min(track, room / Math.max(1, n));
    return Math.round(top(c) + band + 3 + t * step);
  };
  const sideY = (e: End) => (e.side === 'top' ? e.box.y : e.box.y + e.box.h);
  const placed: { x0: number; x1: number; y: number }[] = [];
  const lines = shapes.map((s) => {
    const { a, b } = s;
    const ya = trackY(a.channel, s.ta);
    const pts: Pt[] = [{ x: a.x, y: sideY(a) }, { x: a.x, y: ya }];
    if (s.pass === null) {
      pts.push({ x: b.x, y: ya });
    } else {
      const yb = trackY(b.channel, s.tb);
      pts.push({ x: s.pass, y: ya }, { x: s.pass, y: yb }, { x: b.x, y: yb });
    }
    pts.push({ x: b.x, y: sideY(b) });
    return pts.filter((p, i) => i === 0 || p.x !== pts[i - 1].x || p.y !== pts[i - 1].y);
  });
  // Vertical pieces of every line: a label is put where it crosses the fewest.
  const verticals = lines.flatMap((pts) => pts.slice(1).flatMap((q, i) => (q.x === pts[i].x ? [{ x: q.x, y0: Math.min(q.y, pts[i].y), y1: Math.max(q.y, pts[i].y) }] : [])));
  const crossings = (x0: number, x1: number, y: number) => verticals.filter((v) => v.x > x0 && v.x < x1 && v.y0 < y + 2 && v.y1 > y - 12).length;
  const out: RoutedEdge[] = [];
  shapes.forEach((s, k) => {
    const { a, b } = s;
    const clean = lines[k];
    let label: RoutedEdge['label'] = null;
    const text = s.edge.label;
    if (text && INLINE_LABELS.has(s.edge.kind)) {
      // Next to the end entered from above (a band above its row), else below the other end's row.
      const at = [b, a].find((e) => e.side === 'top') ?? b;
      const y = at.side === 'top' ? rows[at.row].y - 5 : bottomOfRow(at.row) + 13;
      const w = labelWidth(text);
      const options = (['start', 'end'] as const)
        .map((anchor) => ({ anchor, x0: anchor === 'start' ? at.x + 4 : at.x - 4 - w }))
        .filter((o) => placed.every((p) => p.y !== y || o.x0 + w <= p.x0 || o.x0 >= p.x1))
        .sort((p, q) => crossings(p.x0, p.x0 + w, y) - crossings(q.x0, q.x0 + w, y));
      const o = options[0];
      if (o) {
        placed.push({ x0: o.x0, x1: o.x0 + w, y });
        label = { x: o.anchor === 'start' ? at.x + 4 : at.x - 4, y, anchor: o.anchor };
      }
    }
    const mid = clean[Math.floor(clean.length / 2)];
    out.push({ edge: s.edge, points: clean, label, mid });
  });
  return out;
}
