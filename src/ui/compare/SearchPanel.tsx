/**
 * The search panel: two designs, a small machine, a depth bound and the "same" level; Search
 * runs the BFS in a Web Worker with a progress bar (states, depth, rate) and Cancel. The found
 * scenario is loaded into the editor and shown side by side in the lock-step view at the step
 * where the designs part, with the difference explained.
 */
import { useState } from 'react';
import { DESIGN_IDS, DESIGNS, oneOptionVariants, type DesignId } from '../../core';
import { specText, type MachineSpec } from '../../search/machine';
import { sizeText } from '../../search/memory';
import { stopText } from '../../search/bfs';
import { browserBudget } from '../search-budget';
import { useApp, useAppStore, useSearchRunner } from '../store-context';
import { CompareView, LevelPicker } from './CompareView';
import './compare.css';

/** Each design's one-option variants: search a design against its own variant. */
const VARIANTS = oneOptionVariants(DESIGNS);

const NUM: [keyof MachineSpec, string, number][] = [
  ['auxParents', 'parents with AUX', 4],
  ['plainParents', 'parents without AUX', 3],
  ['mdevsPerParent', 'mdevs per parent', 3],
  ['containers', 'containers', 3],
];

/** Says what the state count merged: renamings of interchangeable containers and mdevs count once. */
const upTo = (r: { readonly symmetry?: string | null }): string => (r.symmetry ? ` up to symmetry: ${r.symmetry}` : '');

export function SearchPanel() {
  const store = useAppStore();
  const s = useApp((x) => x.search);
  const patch = store.getState().patchSearch;
  // The memory budget, MiB (search-budget.ts: what this tab survives); the search stops cleanly at it.
  const [budgetMiB, setBudgetMiB] = useState(() => Math.round(browserBudget() / 1048576));
  const search = useSearchRunner();
  const start = () => search.start(budgetMiB * 1048576);
  const cancel = () => search.cancel();
  const setDesign = (i: 0 | 1, d: DesignId | '') => {
    const ds: (DesignId | '')[] = [s.designs[0], s.designs[1] ?? ''];
    ds[i] = d;
    patch({ designs: ds.filter((x): x is DesignId => x !== '') });
  };
  const p = s.progress;
  const r = s.result;
  const same = s.designs.length === 2 && s.designs[0] === s.designs[1];
  const form = (
    <form className="search-form" aria-label="Search for the shortest disagreement" onSubmit={(e) => { e.preventDefault(); if (!s.running && !same) start(); }}>
      <label>
        Design A
        <select aria-label="Design A" value={s.designs[0]} onChange={(e) => setDesign(0, e.target.value as DesignId)} disabled={s.running}>
          {DESIGN_IDS.map((d) => <option key={d} value={d}>{d}</option>)}
          <optgroup label="variants (one choice made the other way)">
            {VARIANTS.map((d) => <option key={d} value={d}>{d}</option>)}
          </optgroup>
        </select>
      </label>
      <label>
        Design B
        <select aria-label="Design B" value={s.designs[1] ?? ''} onChange={(e) => setDesign(1, e.target.value as DesignId | '')} disabled={s.running}>
          {DESIGN_IDS.map((d) => <option key={d} value={d}>{d}</option>)}
          <optgroup label="variants (one choice made the other way)">
            {VARIANTS.map((d) => <option key={d} value={d}>{d}</option>)}
          </optgroup>
          <option value="">none: A's invariants</option>
        </select>
      </label>
      {NUM.map(([k, label, max]) => (
        <label key={k}>
          {label}
          <input type="number" min={k === 'containers' ? 1 : 0} max={max} value={s.machine[k] as number} disabled={s.running} onChange={(e) => patch({ machine: { ...s.machine, [k]: Math.max(0, Math.min(max, Number(e.target.value) || 0)) } })} />
        </label>
      ))}
      <label><input type="checkbox" checked={s.machine.sharedGroup} disabled={s.running} onChange={(e) => patch({ machine: { ...s.machine, sharedGroup: e.target.checked } })} /> shared group</label>
      <label><input type="checkbox" checked={s.machine.enableAux} disabled={s.running} onChange={(e) => patch({ machine: { ...s.machine, enableAux: e.target.checked } })} /> AUX enabled first</label>
      <label>
        depth
        <input type="number" min={1} max={12} value={s.depth} disabled={s.running} onChange={(e) => patch({ depth: Math.max(1, Math.min(12, Number(e.target.value) || 1)) })} />
      </label>
      <label title="The search stops cleanly when it holds this much (its own estimate)">
        memory MiB
        <input type="number" min={16} max={4096} value={budgetMiB} disabled={s.running} onChange={(e) => setBudgetMiB(Math.max(16, Math.min(4096, Math.round(Number(e.target.value)) || 16)))} />
      </label>
      <LevelPicker level={s.level} onChange={(l) => patch({ level: l })} />
      {s.running ? (
        <button key="cancel" type="button" onClick={cancel}>Cancel</button>
      ) : (
        // A separate key: React must not turn the Cancel element into a submit button mid-click.
        <button key="search" type="submit" disabled={same} title={same ? 'pick two different designs' : undefined}>Search</button>
      )}
      <div className="search-progress" aria-live="polite">
        {(s.running || p) && (
          <>
            <progress aria-label="Search progress" max={s.depth} value={s.running || r?.stopped ? (p?.depth ?? 0) : s.depth} />
            <span data-testid="search-stats">
              {(p?.states ?? 0).toLocaleString('en')} states · depth {p?.depth ?? 0}/{s.depth} · {(p?.rate ?? 0).toLocaleString('en')} states/s
              {p?.bytes ? ` · ${sizeText(p.bytes)} of ${sizeText(budgetMiB * 1048576)}` : ''}
              {!s.running && s.threads > 0 && ` · ${s.threads === 1 ? 'one thread' : `${s.threads} threads`}`}
            </span>
          </>
        )}
        {s.running && <span className="muted"> searching…</span>}
        {s.cancelled && <span className="muted"> cancelled</span>}
        {s.error && <span role="alert" className="cmp-error">{s.error}</span>}
      </div>
    </form>
  );
  const banner = r ? (
    r.found ? (
      <div className="search-result" data-testid="search-result">
        <div>
          <strong>Shortest disagreement: {r.calls.length} call{r.calls.length === 1 ? '' : 's'}</strong> on {specText(r.machine)} ({r.states.toLocaleString('en')} states{upTo(r)}, {r.ms} ms
          {r.verified ? `, replays with ${r.verified.passed} passed, ${r.verified.failed} failed` : ''}). {r.differences[0]?.explain}
        </div>
        <details>
          <summary>Scenario text (loaded in the editor; run it with npm run check)</summary>
          <pre className="mono">{r.scenario}</pre>
        </details>
      </div>
    ) : (
      <div className="search-result none" data-testid="search-result">
        No disagreement within depth {s.depth} ({r.states.toLocaleString('en')} states{upTo(r)}{r.exhausted ? ', every state explored' : ''}, {r.ms} ms){r.stopped ? `: ${stopText(r)}` : ''}.
      </div>
    )
  ) : null;
  return (
    <div className="search-view">
      {form}
      {r?.found ? <CompareView banner={banner} /> : banner}
    </div>
  );
}
