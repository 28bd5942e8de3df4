/**
 * The machine as a tree — parent → group → device/mdev → domain/PASID — the graph's accessible
 * twin (the Outline panel). Pure.
 */
import type { Graph, GraphNode } from './graph-types';

export interface OutlineItem {
  node: GraphNode;
  children: OutlineItem[];
}

/** parent → group → device/mdev → domain/PASID, as a tree (the graph's accessible twin). */
export function outlineOf(g: Graph): OutlineItem[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const out = (kind: string, src: string) => g.edges.filter((e) => e.kind === kind && e.source === src).map((e) => byId.get(e.target)!).filter(Boolean);
  const domainsOf = (group: GraphNode): OutlineItem[] => [
    ...out('domain', group.id).map((d) => ({ node: d, children: [] })),
    ...g.edges.filter((e) => e.kind === 'pasid_array' && e.source === group.id).map((e) => ({ node: byId.get(e.target)!, children: [] })),
  ];
  const groupItem = (grp: GraphNode): OutlineItem => ({
    node: grp,
    children: [
      ...g.nodes.filter((n) => n.group === grp.id).map((dev) => ({
        node: dev,
        children: g.edges.filter((e) => e.kind === 'aux' && e.target === dev.id).map((e) => ({ node: byId.get(e.source)!, children: [] })),
      })),
      ...domainsOf(grp),
    ],
  });
  const groups = g.nodes.filter((n) => n.kind === 'group');
  const parents = g.nodes.filter((n) => n.kind === 'pci');
  const used = new Set<string>();
  const items: OutlineItem[] = parents.map((p) => {
    const own = groups.filter((gr) => gr.id === p.group || g.nodes.some((n) => n.group === gr.id && n.parent === p.id));
    own.forEach((gr) => used.add(gr.id));
    return { node: p, children: own.map(groupItem) };
  });
  for (const gr of groups) if (!used.has(gr.id)) items.push(groupItem(gr));
  for (const n of g.nodes) if (n.kind === 'container' || n.kind === 'pasid') items.push({ node: n, children: [] });
  const orphans = g.nodes.filter((n) => n.kind === 'domain' && !g.edges.some((e) => e.target === n.id && (e.kind === 'domain' || e.kind === 'pasid_array')) && !g.edges.some((e) => e.kind === 'aux' && e.source === n.id));
  for (const d of orphans) items.push({ node: d, children: [] });
  return items;
}


/** The outline cut to the objects whose name contains `query` (any case), with the items that lead to them. */
export function filterOutline(items: readonly OutlineItem[], query: string): OutlineItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...items];
  const hit = (it: OutlineItem) => it.node.id.toLowerCase().includes(q) || it.node.label.toLowerCase().includes(q);
  const out: OutlineItem[] = [];
  for (const it of items) {
    const children = filterOutline(it.children, q);
    if (hit(it) || children.length) out.push({ node: it.node, children });
  }
  return out;
}

/** How many items a tree holds, nested ones included. */
export const countOutline = (items: readonly OutlineItem[]): number => items.reduce((n, it) => n + 1 + countOutline(it.children), 0);
