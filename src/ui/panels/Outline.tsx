import { useShallow } from 'zustand/react/shallow';
import type { Graph, GraphNode } from '../../derive/graph-types';
import type { AppState } from '../../store';
import { selectGraph } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';

const selectInputs = (s: AppState) => ({ graph: selectGraph(s), selection: s.selection });

interface Item {
  node: GraphNode;
  children: Item[];
}

/** parent → group → device/mdev → domain/PASID, as a tree (the graph's accessible twin). */
export function outlineOf(g: Graph): Item[] {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const out = (kind: string, src: string) => g.edges.filter((e) => e.kind === kind && e.source === src).map((e) => byId.get(e.target)!).filter(Boolean);
  const domainsOf = (group: GraphNode): Item[] => [
    ...out('domain', group.id).map((d) => ({ node: d, children: [] })),
    ...g.edges.filter((e) => e.kind === 'pasid_array' && e.source === group.id).map((e) => ({ node: byId.get(e.target)!, children: [] })),
  ];
  const groupItem = (grp: GraphNode): Item => ({
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
  const items: Item[] = parents.map((p) => {
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

function Tree({ items, level, sel, onSelect }: { items: Item[]; level: number; sel: readonly string[]; onSelect: (id: string, add: boolean) => void }) {
  return (
    <ul role={level === 1 ? 'tree' : 'group'} aria-label={level === 1 ? 'Objects' : undefined}>
      {items.map((it, i) => (
        <li key={`${it.node.id}-${i}`} role="treeitem" aria-level={level} aria-selected={sel.includes(it.node.id)} aria-expanded={it.children.length ? true : undefined}>
          <button type="button" data-outline-id={it.node.id} onClick={(e) => onSelect(it.node.id, e.shiftKey)}>
            <span className="k">{it.node.kind}</span>
            {it.node.label}
            {it.node.changed ? ' · changed' : ''}
            {it.node.marks.map((m) => ` · ${m.level === 'oops' ? '☠' : '⚠'} ${m.code}`).join('')}
            {it.node.badges.map((b) => ` · ⚑ ${b}`).join('')}
          </button>
          {it.children.length > 0 && <Tree items={it.children} level={level + 1} sel={sel} onSelect={onSelect} />}
        </li>
      ))}
    </ul>
  );
}

export function Outline() {
  const store = useAppStore();
  const { graph, selection } = useApp(useShallow(selectInputs));
  if (!graph) return <p className="hint">No machine yet.</p>;
  if (graph.nodes.length > 1500) return <p className="hint">{graph.nodes.length} objects: too many to list; select on the graph.</p>;
  return (
    <div className="outline">
      <Tree items={outlineOf(graph)} level={1} sel={selection} onSelect={(id, add) => store.getState().select(id, add)} />
    </div>
  );
}
