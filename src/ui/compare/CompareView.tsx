/**
 * The lock-step view: the editor's scenario run under 2–5 designs, one graph pane per design
 * (objects the designs share sit at the same place in every pane), one cursor for all, a
 * per-step table of return values with the differing cells marked, and a timeline that marks
 * the first divergence and every later one. Each difference explains itself.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DESIGN_IDS, type DesignId } from '../../core';
import { VariantField } from '../VariantField';
import { compareRuns, LEVEL_SHORT, LEVEL_TEXT, objectsOf, SAME_LEVELS, type Comparison, type Row, type SameLevel } from '../../compare';
import type { AppState, Run } from '../../store';
import { selectRun } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';
import { ComparePanes, usePanes } from './ComparePanes';
import './compare.css';

const selectView = (s: AppState) => ({ designs: s.compare.designs, level: s.compare.level, cursor: s.cursor });
const selectRuns = (s: AppState) => ({ runs: s.runs, script: s.script, stale: s.stale, run: selectRun(s), errors: s.errors });
const EMPTY: readonly Run[] = [];

/**
 * The store's runs of the editor's text under the compared designs (the one runner makes them:
 * the compare modes ask it for these designs too), or why there are none.
 */
export function useCompareRuns(designs: readonly DesignId[]): { runs: readonly Run[]; error: string | null } {
  const { runs, script, stale, run, errors } = useApp(useShallow(selectRuns));
  return useMemo(() => {
    if (!script || stale || !run) return { runs: EMPTY, error: errors.length ? `line ${errors[0].line}: ${errors[0].message}` : 'nothing to run' };
    const list = designs.map((d) => runs[d]);
    return list.every((r): r is Run => !!r) ? { runs: list, error: null } : { runs: EMPTY, error: null };
  }, [runs, script, stale, run, errors, designs]);
}

export function DesignPicker({ designs, onToggle, label }: { designs: readonly DesignId[]; onToggle: (d: DesignId) => void; label: string }) {
  // The registered designs, then the variants chosen (a variant unticked stays until reload).
  const shown = [...DESIGN_IDS, ...designs.filter((d) => !DESIGN_IDS.includes(d))];
  return (
    <div className="cmp-designs" role="group" aria-label={label}>
      {shown.map((d) => (
        <label key={d}>
          <input type="checkbox" checked={designs.includes(d)} onChange={() => onToggle(d)} disabled={designs.includes(d) && designs.length <= 2} /> {d}
        </label>
      ))}
      <VariantField label="Add a design variant" onPick={(d) => designs.includes(d) || onToggle(d)} />
    </div>
  );
}

export function LevelPicker({ level, onChange }: { level: SameLevel; onChange: (l: SameLevel) => void }) {
  return (
    <label className="cmp-level">
      Same means
      <select aria-label="What counts as the same" value={level} onChange={(e) => onChange(e.target.value as SameLevel)}>
        {SAME_LEVELS.map((l) => <option key={l} value={l} title={LEVEL_TEXT[l]}>{l === 'returns' ? LEVEL_SHORT[l] : `+ ${LEVEL_SHORT[l]}`}</option>)}
      </select>
    </label>
  );
}

function StepTable({ cmp, cursor }: { cmp: Comparison; cursor: number }) {
  const act = useAppStore().getState();
  const curRef = useRef<HTMLTableRowElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  // Scroll the table only (scrollIntoView would scroll the page too).
  useLayoutEffect(() => {
    const row = curRef.current, wrap = wrapRef.current;
    if (!row || !wrap) return;
    const head = 22;
    if (row.offsetTop - head < wrap.scrollTop) wrap.scrollTop = row.offsetTop - head;
    else if (row.offsetTop + row.offsetHeight > wrap.scrollTop + wrap.clientHeight) wrap.scrollTop = row.offsetTop + row.offsetHeight - wrap.clientHeight;
  }, [cursor]);
  return (
    <div className="cmp-table-wrap" ref={wrapRef}>
      <table className="cmp-table" aria-label="Return values per step">
        <thead>
          <tr>
            <th>#</th>
            <th>call</th>
            {cmp.designs.map((d) => <th key={d}>{d}</th>)}
          </tr>
        </thead>
        <tbody>
          {cmp.rows.map((r) => (
            <tr key={r.index} ref={r.index === cursor ? curRef : undefined} className={`${r.index === cursor ? 'current' : ''}${r.diffs.length ? ' diverges' : ''}${r.index === cmp.first ? ' first' : ''}`} onClick={() => act.seek(r.index)} data-step={r.index}>
              <td>{r.index}</td>
              <td className="mono call">{r.text}</td>
              {r.cells.map((c) => (
                <td key={c.design} className={`mono${c.differs ? ' differs' : ''}${c.failed ? ' failed' : ''}`} data-differs={c.differs || undefined} title={c.failed ? 'the scenario expected something else' : undefined}>
                  {c.got}{c.warned ? ' ⚠' : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CompareTimeline({ cmp, cursor }: { cmp: Comparison; cursor: number }) {
  const act = useAppStore().getState();
  const n = cmp.rows.length;
  const div = new Set(cmp.divergent);
  return (
    <footer className="timeline cmp-timeline" aria-label="Lock-step timeline">
      <div className="controls">
        <button type="button" aria-label="Jump to start" onClick={() => act.seek(0)} disabled={cursor === 0}>|◀</button>
        <button type="button" aria-label="Step back" onClick={() => act.seek(cursor - 1)} disabled={cursor === 0}>◀</button>
        <button type="button" aria-label="Step forward" onClick={() => act.seek(Math.min(n, cursor + 1))} disabled={cursor >= n}>▶</button>
        <button type="button" aria-label="Jump to end" onClick={() => act.seek(n)} disabled={cursor >= n}>▶|</button>
        <button type="button" onClick={() => cmp.first && act.seek(cmp.first)} disabled={!cmp.first}>First divergence</button>
      </div>
      <div className="cells" role="list" aria-label="Steps">
        {cmp.rows.map((r) => (
          <button
            key={r.index}
            type="button"
            role="listitem"
            className={`cell${div.has(r.index) ? ' div' : ''}${r.index === cmp.first ? ' first' : ''}${r.index === cursor ? ' current' : ''}`}
            aria-label={`Step ${r.index}${r.index === cmp.first ? ', first divergence' : div.has(r.index) ? ', diverges' : ''}`}
            title={`${r.index}: ${r.text}`}
            onClick={() => act.seek(r.index)}
          >
            {r.index === cmp.first ? '≠' : ''}
          </button>
        ))}
      </div>
      <div className="cmp-status">
        {cmp.first ? `First divergence at step ${cmp.first}; ${cmp.divergent.length} step${cmp.divergent.length === 1 ? '' : 's'} differ` : 'No divergence at this level'}
        <span className="cmp-same" data-testid="same-level"> · same = {LEVEL_SHORT[cmp.level]}</span>
      </div>
    </footer>
  );
}

/** Side by side or the diff, the baseline (A), the table of steps: the view's own settings. */
function ShownPicker({ designs }: { designs: readonly DesignId[] }) {
  const act = useAppStore().getState();
  const { shown, baseline, steps } = useApp(useShallow((s: AppState) => ({ shown: s.compare.shown, baseline: s.compare.baseline, steps: s.compare.steps })));
  return (
    <div className="cmp-shown">
      <span className="seg" role="group" aria-label="Show">
        <button type="button" aria-pressed={shown === 'panes'} onClick={() => act.setCompareShown({ shown: 'panes' })} title="One pane per design, what differs from A marked">Side by side</button>
        <button type="button" aria-pressed={shown === 'diff'} onClick={() => act.setCompareShown({ shown: 'diff' })} title="One graph of both machines: only in A, only in B, changed">Diff</button>
      </span>
      <label>
        A =
        <select aria-label="Diff against (A)" value={designs.includes(baseline) ? baseline : designs[0]} onChange={(e) => act.setBaseline(e.target.value as DesignId)}>
          {designs.map((d) => <option key={d} value={d}>{d}</option>)}
        </select>
      </label>
      <button type="button" aria-expanded={steps} onClick={() => act.setCompareShown({ steps: !steps })}>{steps ? 'Hide steps' : 'Steps table'}</button>
    </div>
  );
}

/** The step's reasons; each one lights up its objects in the panes while pointed at or clicked. */
function Explain({ row, cmp, ids, onLight }: { row: Row | undefined; cmp: Comparison; ids: readonly string[]; onLight: (objs: readonly string[], sticky: boolean) => void }) {
  return (
    <div className="cmp-explain" aria-live="polite" data-testid="explain">
      {row ? (
        row.diffs.length ? (
          <>
            <strong>Step {row.index} differs</strong> (<code>{row.text}</code>):
            <ul>
              {row.diffs.slice(0, 6).map((d, i) => {
                const objs = objectsOf([d.what, ...Object.values(d.values).filter((v): v is string => !!v), ...(d.kind === 'return' ? [row.text] : [])], ids);
                return (
                  <li key={i} data-kind={d.kind} data-objects={objs.join(' ')} tabIndex={0} onMouseEnter={() => onLight(objs, false)} onMouseLeave={() => onLight([], false)} onFocus={() => onLight(objs, false)} onClick={() => onLight(objs, true)}>
                    {d.explain}
                  </li>
                );
              })}
              {row.diffs.length > 6 && <li>… and {row.diffs.length - 6} more</li>}
            </ul>
          </>
        ) : (
          <>Step {row.index} (<code>{row.text}</code>): the same under every design at this level.</>
        )
      ) : (
        <>Start: the declared machine. {cmp.first ? `The designs first differ at step ${cmp.first}.` : 'The designs never differ at this level.'}</>
      )}
    </div>
  );
}

/** The lock-step view. `banner` is shown above the panes (the search puts its result there). */
export function CompareView({ banner }: { banner?: React.ReactNode }) {
  const store = useAppStore();
  const { designs, level, cursor } = useApp(useShallow(selectView));
  const { shown, baseline, steps } = useApp(useShallow((s: AppState) => ({ shown: s.compare.shown, baseline: s.compare.baseline, steps: s.compare.steps })));
  const presenting = useApp((s) => s.presenting);
  const { runs, error } = useCompareRuns(designs);
  const cmp = useMemo(() => (runs.length ? compareRuns(runs, level) : null), [runs, level]);
  const act = store.getState();
  const n = cmp?.rows.length ?? 0;
  const cur = Math.min(cursor, n);
  const row = cur > 0 ? cmp?.rows[cur - 1] : undefined;
  const base = designs.includes(baseline) ? baseline : designs[0];
  return (
    <div className="cmp" aria-label="Lock-step comparison" data-shown={shown}>
      <div className="cmp-toolbar">
        <DesignPicker designs={designs} onToggle={(d) => act.toggleCompareDesign(d)} label="Designs to compare" />
        <LevelPicker level={level} onChange={(l) => act.setLevel(l)} />
        <ShownPicker designs={designs} />
      </div>
      {banner}
      {error && <div className="cmp-error" role="alert">The scenario does not parse ({error}); fix it in the playground.</div>}
      {cmp && runs.length > 0 && <Body runs={runs} cmp={cmp} cur={cur} row={row} shown={shown} base={base} steps={steps && !presenting} />}
    </div>
  );
}

function Body({ runs, cmp, cur, row, shown, base, steps }: { runs: readonly Run[]; cmp: Comparison; cur: number; row: Row | undefined; shown: 'panes' | 'diff'; base: DesignId; steps: boolean }) {
  const { panes, layout } = usePanes(runs, cmp, cur, shown, base);
  // What a reason lights up belongs to its step: another step starts dark.
  const [lit, setLight] = useState<{ objs: readonly string[]; sticky: boolean; at: number }>({ objs: [], sticky: false, at: cur });
  const light = lit.at === cur ? lit : { objs: [], sticky: false, at: cur };
  const wrap = useRef<HTMLDivElement>(null);
  const ids = useMemo(() => [...layout.pos.keys()], [layout]);
  // The pointed reason's objects: an attribute d3 does not own, set on every drawn copy.
  useEffect(() => {
    const root = wrap.current;
    if (!root) return;
    const on = new Set(light.objs);
    for (const el of root.querySelectorAll<SVGElement>('.cmp-panes [data-node-id]')) {
      if (on.has(el.getAttribute('data-node-id')!)) el.setAttribute('data-lit', 'true');
      else el.removeAttribute('data-lit');
    }
  });
  const onLight = (objs: readonly string[], sticky: boolean) =>
    setLight((l0) => {
      const l = l0.at === cur ? l0 : { objs: [], sticky: false, at: cur };
      if (sticky) return l.sticky && l.objs.join() === objs.join() ? { objs: [], sticky: false, at: cur } : { objs, sticky: true, at: cur };
      return l.sticky ? l : { objs, sticky: false, at: cur };
    });
  return (
    <div className="cmp-body" ref={wrap}>
      <Explain row={row} cmp={cmp} ids={ids} onLight={onLight} />
      <ComparePanes panes={panes} layout={layout} />
      {steps && <StepTable cmp={cmp} cursor={cur} />}
      <CompareTimeline cmp={cmp} cursor={cur} />
    </div>
  );
}
