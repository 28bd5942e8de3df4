import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { countOutline, filterOutline, outlineOf, type OutlineItem as Item } from '../../derive/outline';
import type { AppState } from '../../store';
import { selectGraph } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';

const selectInputs = (s: AppState) => ({ graph: selectGraph(s), selection: s.selection });

/** Above this many items, the tree is listed only through the filter (rendering thousands of rows costs seconds). */
const MAX_ITEMS = 1500;

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
  const [query, setQuery] = useState('');
  const all = useMemo(() => (graph ? outlineOf(graph) : []), [graph]);
  const items = useMemo(() => filterOutline(all, query), [all, query]);
  if (!graph) return <p className="hint">No machine yet.</p>;
  const n = countOutline(items);
  return (
    <div className="outline">
      <input className="outline-filter" type="search" aria-label="Filter objects" placeholder="Filter by name (m12, C.d0, pasid)…" value={query} onChange={(e) => setQuery(e.target.value)} />
      {n > MAX_ITEMS ? (
        <p className="hint">{query ? `${n} objects match: type more of the name.` : `${graph.nodes.length} objects: type a name in the filter to list them.`}</p>
      ) : n === 0 ? (
        <p className="hint">No object's name contains “{query}”.</p>
      ) : (
        <Tree items={items} level={1} sel={selection} onSelect={(id, add) => store.getState().select(id, add)} />
      )}
    </div>
  );
}
