import { useShallow } from 'zustand/react/shallow';
import { outlineOf, type OutlineItem as Item } from '../../derive/outline';
import type { AppState } from '../../store';
import { selectGraph } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';

const selectInputs = (s: AppState) => ({ graph: selectGraph(s), selection: s.selection });

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
