import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { PORTABLE_STEPS, SIGNATURES } from '../../core';
import { offersFor } from '../../derive/offers';
import type { AppState } from '../../store';
import { selectGraph } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';

const selectInputs = (s: AppState) => ({ selection: s.selection, graph: selectGraph(s), design: s.engine.design(s.design) });
const portable = new Set<string>(PORTABLE_STEPS);

/** Direct manipulation: the calls that apply to the selected objects; choosing one appends it. */
export function Offers() {
  const store = useAppStore();
  const { selection, graph, design } = useApp(useShallow(selectInputs));
  const offers = useMemo(() => {
    if (!graph || selection.length === 0) return [];
    const taken = new Set(graph.nodes.map((n) => n.id));
    return offersFor(selection, graph.nodes, SIGNATURES, (fn) => fn in design.functions || portable.has(fn), taken);
  }, [graph, selection, design]);
  if (selection.length === 0) return null;
  return (
    <div className="offers" role="region" aria-label="Calls for the selection">
      <h3>
        {selection.join(' + ')}: {offers.length ? 'calls that apply (click: append to the scenario and run)' : `no ${design.id} call takes these objects`}
        <button type="button" style={{ float: 'right', padding: '0 6px' }} onClick={() => store.getState().select(null)} aria-label="Clear selection">×</button>
      </h3>
      <ul>
        {offers.slice(0, 14).map((o) => (
          <li key={o.line}>
            <button type="button" className="mono" data-offer={o.fn} title={o.doc} onClick={() => store.getState().appendCall(o.line)}>
              {o.line}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
