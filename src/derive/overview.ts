/**
 * The overview of a large machine: one tile per PCI parent summarising its family (the parent,
 * its mdevs and their groups): how many mdevs, how many groups are attached and to what, how
 * many aux domains and PASIDs. Tiles sit in a grid in the order the parents were declared, so
 * they never move while stepping; a click on a tile opens the family in full detail (familyOf).
 */
import type { Graph, GraphNode } from './graph-types';
import type { Box } from './layout';

/** Above this many objects the graph opens on the overview. */
export const OVERVIEW_MIN_NODES = 300;

/** Tile metrics (world px): 8 columns of tiles fit a 1440×900 graph pane at scale 1 (12 px text). */
export const TILE = { w: 84, h: 80, gap: 6, font: 12, chars: 9 } as const;

export interface Tile {
  readonly id: string;
  readonly box: Box;
  readonly lines: readonly string[];
  /** The summary in words (title / accessible name). */
  readonly text: string;
  readonly changed: boolean;
  /** Invariant violations marked on the family's objects (drawn as a ⚠ badge on the tile). */
  readonly violations: number;
}

const fit = (s: string, n: number = TILE.chars) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** The parent a node belongs to (itself for a PCI device, its parent for an mdev), via its group for groups. */
function familyIndex(g: Graph) {
  const parentOf = new Map<string, string>();
  for (const n of g.nodes) {
    if (n.kind === 'pci') parentOf.set(n.id, n.id);
    else if (n.kind === 'mdev' && n.parent) parentOf.set(n.id, n.parent);
  }
  for (const n of g.nodes) if ((n.kind === 'pci' || n.kind === 'mdev') && n.group && parentOf.has(n.id) && !parentOf.has(n.group)) parentOf.set(n.group, parentOf.get(n.id)!);
  return parentOf;
}

export function overviewOf(g: Graph, order: readonly string[]): Tile[] {
  const parentOf = familyIndex(g);
  const mdevs = new Map<string, number>();
  const attached = new Map<string, Map<string, number>>();
  const aux = new Map<string, Set<string>>();
  const pasids = new Map<string, number>();
  const changed = new Set<string>();
  const violations = new Map<string, number>();
  for (const n of g.nodes) {
    const v = n.marks.length ? n.marks.filter((m) => m.level === 'violation').length : 0;
    const p = parentOf.get(n.id);
    // A domain's or PASID's violation counts on the family it is drawn with (looked up only then: a scan of the edges).
    const at = p ?? (v ? neighbourFamily(g, n.id, parentOf) : undefined);
    if (v && at) violations.set(at, (violations.get(at) ?? 0) + v);
    if (!p) continue;
    if (n.kind === 'mdev') mdevs.set(p, (mdevs.get(p) ?? 0) + 1);
    if (n.changed) changed.add(p);
  }
  for (const e of g.edges) {
    if (e.kind === 'domain') {
      const p = parentOf.get(e.source);
      if (!p) continue;
      const m = attached.get(p) ?? new Map<string, number>();
      m.set(e.target, (m.get(e.target) ?? 0) + 1);
      attached.set(p, m);
      if (e.changed) changed.add(p);
    } else if (e.kind === 'aux') {
      const p = parentOf.get(e.target);
      if (!p) continue;
      aux.set(p, (aux.get(p) ?? new Set()).add(e.source));
      pasids.set(p, (pasids.get(p) ?? 0) + 1);
      if (e.changed) changed.add(p);
    }
  }
  const present = new Set(g.nodes.map((n) => n.id));
  const ids = order.filter((id) => present.has(id));
  const cols = Math.max(1, Math.ceil(Math.sqrt(ids.length)));
  return ids.map((id, i) => {
    const att = attached.get(id);
    const nAtt = att ? [...att.values()].reduce((a, b) => a + b, 0) : 0;
    // Attached to the family's own default domains is the normal state; name the one other domain.
    // Attached to the family's own default domains is the normal state; name the one other
    // domain, and count the groups attached to it (the tooltip says the same number).
    const doms = att ? [...att.keys()].filter((d) => !d.startsWith('dma(')) : [];
    const onDoms = doms.reduce((sum, d) => sum + att!.get(d)!, 0);
    const where = doms.length === 0 ? `${nAtt}→dma` : doms.length === 1 ? `${onDoms}→${doms[0]}` : `${onDoms}→${doms.length}dom`;
    const nm = mdevs.get(id) ?? 0;
    const a = aux.get(id)?.size ?? 0;
    const ps = pasids.get(id) ?? 0;
    const nv = violations.get(id) ?? 0;
    const badge = nv ? `⚠${nv}` : '';
    const lines = [fit(id, badge ? TILE.chars - badge.length - 1 : TILE.chars), fit(`${nm} mdev${nm === 1 ? '' : 's'}`), fit(where, TILE.chars), fit(`aux${a} pas${ps}`)];
    const text = `${id}: ${nm} mdevs; ${nAtt} groups attached${att ? ` (${[...att].map(([d, c]) => `${c} to ${d}`).join(', ')})` : ''}; ${a} aux domain${a === 1 ? '' : 's'}; ${ps} PASID${ps === 1 ? '' : 's'}${nv ? `; ${nv} invariant violation${nv === 1 ? '' : 's'}` : ''}`;
    const box = { x: (i % cols) * (TILE.w + TILE.gap), y: Math.floor(i / cols) * (TILE.h + TILE.gap), w: TILE.w, h: TILE.h };
    return { id, box, lines, text, changed: changed.has(id), violations: nv };
  });
}

/** The family an object outside every family (a domain, a PASID, a container) is drawn with: its first neighbour's. */
function neighbourFamily(g: Graph, id: string, parentOf: ReadonlyMap<string, string>): string | undefined {
  for (const e of g.edges) {
    if (e.source === id && parentOf.has(e.target)) return parentOf.get(e.target);
    if (e.target === id && parentOf.has(e.source)) return parentOf.get(e.source);
  }
  return undefined;
}

/** The parent whose tile holds an object (what the find box opens), or null when none does. */
export function familyOfObject(g: Graph, id: string): string | null {
  const parentOf = familyIndex(g);
  return parentOf.get(id) ?? neighbourFamily(g, id, parentOf) ?? null;
}

/** The PCI parents in declaration order (the tile order). */
export const parentsOf = (g: Graph): string[] => g.nodes.filter((n) => n.kind === 'pci').map((n) => n.id);

/** One family in full: the parent, its mdevs and their groups, and every object they touch. */
export function familyOf(g: Graph, parent: string): Graph {
  const parentOf = familyIndex(g);
  const core = new Set(g.nodes.filter((n) => parentOf.get(n.id) === parent).map((n) => n.id));
  const keep = new Set(core);
  for (const e of g.edges) {
    if (core.has(e.source)) keep.add(e.target);
    if (core.has(e.target)) keep.add(e.source);
  }
  const nodes: GraphNode[] = g.nodes.filter((n) => keep.has(n.id));
  return { nodes, edges: g.edges.filter((e) => keep.has(e.source) && keep.has(e.target) && (core.has(e.source) || core.has(e.target))) };
}
