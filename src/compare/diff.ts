/**
 * The diff of two pictures of a machine (design A and design B at the same step): one graph of
 * the union of both, every node and edge marked as only in A, only in B, changed (a field
 * differs: both values are shown) or the same (no mark). Pure; the compare view draws it with
 * the playground's renderer, which writes each mark as `data-diff`.
 *
 * Node and edge ids are the scenario's names (`P1`, `G_m1`, `C.d0`), so "the same object" under
 * two designs is the object the scenario names the same; an edge's id holds its kind, ends and
 * label, so an edge is either in both pictures or only in one.
 */
import type { DiffMark, Graph, GraphEdge, GraphNode, Mark } from '../derive/graph-types';
import { DASH } from './snapshots';

export type { DiffMark } from '../derive/graph-types';

/** One field of a node whose value differs (`sub`, a flag, a tag), with each side's value. */
export interface FieldDiff {
  readonly field: string;
  readonly a: string;
  readonly b: string;
}

export interface DiffNode extends GraphNode {
  /** The fields that differ (empty unless `diff` is `changed`). */
  readonly fields: readonly FieldDiff[];
}

export interface DiffGraph extends Graph {
  readonly nodes: readonly DiffNode[];
  readonly counts: { readonly a: number; readonly b: number; readonly changed: number; readonly same: number };
}

const markKey = (m: Mark) => `${m.code}: ${m.text}`;

/** The fields two pictures of one object disagree on. */
export function fieldDiffs(a: GraphNode, b: GraphNode): FieldDiff[] {
  const out: FieldDiff[] = [];
  if (a.kind !== b.kind) out.push({ field: 'kind', a: a.kind, b: b.kind });
  if (a.sub !== b.sub) out.push({ field: 'sub', a: a.sub, b: b.sub });
  if (a.group !== b.group) out.push({ field: 'group', a: a.group ?? 'none', b: b.group ?? 'none' });
  if (a.gone !== b.gone) out.push({ field: 'state', a: a.gone ? 'freed' : 'live', b: b.gone ? 'freed' : 'live' });
  const ab = new Set(a.badges), bb = new Set(b.badges);
  for (const f of a.badges) if (!bb.has(f)) out.push({ field: `⚑ ${f}`, a: 'set', b: DASH });
  for (const f of b.badges) if (!ab.has(f)) out.push({ field: `⚑ ${f}`, a: DASH, b: 'set' });
  const am = new Set(a.marks.map(markKey)), bm = new Set(b.marks.map(markKey));
  for (const m of a.marks) if (!bm.has(markKey(m))) out.push({ field: m.code, a: m.text, b: DASH });
  for (const m of b.marks) if (!am.has(markKey(m))) out.push({ field: m.code, a: DASH, b: m.text });
  return out;
}

/** Badge text for a flag only one side holds: the side's letter says whose it is. */
const sideBadge = (flag: string, side: 'A' | 'B') => `${flag} (${side} only)`;

/**
 * A changed node drawn once: the sub line shows both values when they differ (`A → B`), flags
 * both hold come after the ones only one side holds (those are what the reader looks for, and
 * a node shows three flags at most).
 */
function merged(a: GraphNode, b: GraphNode, fields: readonly FieldDiff[]): DiffNode {
  const bb = new Set(b.badges), ab = new Set(a.badges);
  const onlyA = a.badges.filter((f) => !bb.has(f));
  const onlyB = b.badges.filter((f) => !ab.has(f));
  const both = a.badges.filter((f) => bb.has(f));
  const badges = [...onlyA.map((f) => sideBadge(f, 'A')), ...onlyB.map((f) => sideBadge(f, 'B')), ...both];
  const rows: Record<string, DiffMark> = {};
  for (const f of onlyA) rows[`⚑ ${sideBadge(f, 'A')}`] = 'a';
  for (const f of onlyB) rows[`⚑ ${sideBadge(f, 'B')}`] = 'b';
  const sub = a.sub === b.sub ? a.sub : `A: ${a.sub} · B: ${b.sub}`;
  if (a.sub !== b.sub) rows[sub] = 'changed';
  const am = new Set(a.marks.map(markKey));
  const marks = [...a.marks, ...b.marks.filter((m) => !am.has(markKey(m)))];
  return { ...a, sub, badges, marks, gone: a.gone && b.gone, changed: a.changed || b.changed, diff: fields.length ? 'changed' : undefined, diffRows: rows, fields };
}

/** The union of picture `a` (design A) and picture `b` (design B), each element marked. */
export function diffGraphs(a: Graph, b: Graph): DiffGraph {
  const bNodes = new Map(b.nodes.map((n) => [n.id, n] as const));
  const aIds = new Set(a.nodes.map((n) => n.id));
  const counts = { a: 0, b: 0, changed: 0, same: 0 };
  const nodes: DiffNode[] = [];
  for (const n of a.nodes) {
    const o = bNodes.get(n.id);
    if (!o) {
      counts.a++;
      nodes.push({ ...n, sub: `only in A · ${n.sub}`, diff: 'a', fields: [] });
      continue;
    }
    const fields = fieldDiffs(n, o);
    counts[fields.length ? 'changed' : 'same']++;
    nodes.push(merged(n, o, fields));
  }
  for (const n of b.nodes) {
    if (aIds.has(n.id)) continue;
    counts.b++;
    nodes.push({ ...n, sub: `only in B · ${n.sub}`, diff: 'b', fields: [] });
  }
  const bEdges = new Set(b.edges.map((e) => e.id));
  const aEdges = new Set(a.edges.map((e) => e.id));
  const edges: GraphEdge[] = [
    ...a.edges.map((e) => (bEdges.has(e.id) ? e : { ...e, diff: 'a' as const })),
    ...b.edges.filter((e) => !aEdges.has(e.id)).map((e) => ({ ...e, diff: 'b' as const })),
  ];
  for (const e of edges) if (e.diff) counts[e.diff]++;
  return { nodes, edges, counts };
}

/**
 * Marks on one design's own picture, against a baseline's: what a side-by-side pane shows.
 * `side` 'a' is the baseline's pane (only-in-baseline elements are 'a'), 'b' another design's
 * (only-in-it elements are 'b'); objects present in both with a differing field are 'changed'.
 */
export function markAgainst(own: Graph, other: Graph, side: 'a' | 'b'): Graph {
  const others = new Map(other.nodes.map((n) => [n.id, n] as const));
  const otherEdges = new Set(other.edges.map((e) => e.id));
  return {
    nodes: own.nodes.map((n) => {
      const o = others.get(n.id);
      if (!o) return { ...n, diff: side };
      const fields = fieldDiffs(n, o);
      if (!fields.length) return n;
      const mine = new Set(o.badges);
      const rows: Record<string, DiffMark> = {};
      for (const f of n.badges) if (!mine.has(f)) rows[`⚑ ${f}`] = side;
      if (n.sub !== o.sub) rows[n.sub] = 'changed';
      return { ...n, diff: 'changed' as const, diffRows: rows };
    }),
    edges: own.edges.map((e) => (otherEdges.has(e.id) ? e : { ...e, diff: side })),
  };
}

/** Several designs' pictures marked against the baseline's (index `base`): every difference any pane has. */
export function markPanes(graphs: readonly Graph[], base: number): Graph[] {
  return graphs.map((g, i) => {
    if (i !== base) return markAgainst(g, graphs[base], 'b');
    // The baseline's pane: marked against each other design, the strongest mark kept.
    return graphs.reduce<Graph>((acc, o, j) => (j === base ? acc : strongest(acc, markAgainst(g, o, 'a'))), g);
  });
}

function strongest(acc: Graph, next: Graph): Graph {
  return {
    nodes: acc.nodes.map((n, i) => (n.diff ? n : next.nodes[i])),
    edges: acc.edges.map((e, i) => (e.diff ? e : next.edges[i])),
  };
}

const WORD = /\w/;

/**
 * The objects a difference is about, among `ids` (the node ids drawn): every id named in what
 * differs, in its values, or (for a return value) in the call. Longest names first, so `C.d0`
 * is one object and not `C`, while `G_m1.aux_domain_attached` is about `G_m1`.
 */
export function objectsOf(texts: readonly string[], ids: Iterable<string>): string[] {
  const sorted = [...new Set(ids)].sort((x, y) => y.length - x.length || (x < y ? -1 : 1));
  const found = new Set<string>();
  for (const text of texts) {
    const covered: [number, number][] = [];
    for (const id of sorted) {
      for (let at = text.indexOf(id); at >= 0; at = text.indexOf(id, at + 1)) {
        const end = at + id.length;
        const before = at > 0 ? text[at - 1] : ' ';
        const after = end < text.length ? text[end] : ' ';
        if (WORD.test(before) || before === '.' || WORD.test(after)) continue;
        if (covered.some(([s, e]) => at < e && end > s)) continue;
        covered.push([at, end]);
        found.add(id);
      }
    }
  }
  return [...found];
}

/**
 * Marks as changed the objects a step's differences are about that the picture draws the same
 * (a domain's mappings, a device's group membership: what the observable and internals levels
 * compare but the graph does not spell out), so every difference has a mark to find.
 */
export function markObjects<G extends Graph>(g: G, ids: ReadonlySet<string>): G {
  if (!ids.size) return g;
  return { ...g, nodes: g.nodes.map((n) => (ids.has(n.id) && !n.diff ? { ...n, diff: 'changed' as const } : n)) };
}
