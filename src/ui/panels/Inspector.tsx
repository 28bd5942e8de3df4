import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { inspect } from '../../core';
import type { Machine, Ref } from '../../core';
import type { AppState } from '../../store';
import { frameAt, selectFrame, selectGraph, selectRun } from '../../store/selectors';
import { useApp } from '../store-context';
import { LinkedText } from './SourceLink';

const selectInputs = (s: AppState) => ({
  frame: selectFrame(s),
  prev: s.cursor > 0 ? frameAt(selectRun(s), s.cursor - 1).machine : null,
  graph: selectGraph(s),
  selection: s.selection,
});
const show = (v: unknown): string => (v === null || v === undefined ? 'NULL' : Array.isArray(v) ? `[${v.map(show).join(', ')}]` : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The selected object's fields as the kernel names them; fields changed in this step marked. */
export function Inspector() {
  const { frame, prev, graph, selection } = useApp(useShallow(selectInputs));
  const id = selection.at(-1) ?? null;
  const node = id && graph ? graph.nodes.find((n) => n.id === id) ?? null : null;
  const rows = useMemo(() => {
    if (!node || !frame.machine) return null;
    if (!node.ref) return [['pasid', node.label.replace('PASID ', '')], ['allocated by', node.sub]].map(([k, v]) => ({ k, v, was: null as string | null }));
    // Changed = differs from the same object's fields before this step, compared as the kernel names them.
    const before = prev && exists(prev, node.ref) ? inspect(prev, node.ref) : null;
    return Object.entries(inspect(frame.machine, node.ref)).map(([k, v]) => {
      const now = show(v);
      const was = frame.step && before ? (k in before ? show(before[k]) : '—') : now;
      return { k, v: now, was: was !== now ? was : null };
    });
  }, [node, frame, prev]);

  if (!node) return <p className="hint">Click an object in the graph (Shift+click adds more) to see its kernel fields and the calls that apply to it.</p>;
  return (
    <div>
      <div className="title">
        <span className="mono">{node.label}</span> <span style={{ color: 'var(--muted)', fontWeight: 'normal' }}>{node.kind}{node.changed ? ' · changed in this step' : ''}</span>
      </div>
      {node.marks.length > 0 && (
        <ul className="marks">
          {node.marks.map((mk, i) => <li key={i} style={{ color: `var(--${mk.level === 'violation' ? 'violation' : mk.level})` }}>{mk.level === 'oops' ? '☠' : '⚠'} {mk.code}: <LinkedText text={mk.text} /></li>)}
        </ul>
      )}
      <table>
        <tbody>
          {rows?.map((r) => (
            <tr key={r.k} className={r.was !== null ? 'changed' : undefined} data-field={r.k} data-changed={r.was !== null ? 'true' : undefined}>
              <th scope="row">{r.k}</th>
              <td>
                {r.was !== null && <span className="was" title="before this step">{r.was}</span>}
                {r.v}
                {r.was !== null && <span className="sr-only"> (changed in this step)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function exists(m: Machine, r: Ref): boolean {
  const t = { dev: m.devs, group: m.groups, domain: m.domains, container: m.containers }[r.kind];
  return t.has(r.id);
}
