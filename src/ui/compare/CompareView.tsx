/**
 * The lock-step view: the editor's scenario run under 2–5 designs, one graph pane per design
 * (objects the designs share sit at the same place in every pane), one cursor for all, a
 * per-step table of return values with the differing cells marked, and a timeline that marks
 * the first divergence and every later one. Each difference explains itself.
 */
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DESIGN_IDS, type DesignId } from '../../core';
import { VariantField } from '../VariantField';
import { compareRuns, LEVEL_TEXT, SAME_LEVELS, sharedLayout, timelineOf, type Comparison, type SameLevel } from '../../compare';
import { placeMissing, type Layout } from '../../derive/layout';
import type { AppState, Run } from '../../store';
import { graphAt, selectRun } from '../../store/selectors';
import { GraphCanvas, createZoomLink, type ZoomLink } from '../graph/GraphCanvas';
import { buildScene } from '../graph/scene';
import { useApp, useAppStore } from '../store-context';
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

function Pane({ run, cursor, layout, differs, link }: { run: Run; cursor: number; layout: Layout; differs: boolean; link: ZoomLink }) {
  const engine = useApp((s) => s.engine);
  const design = engine.design(run.design);
  const graph = graphAt(run, design, cursor);
  const scene = useMemo(() => buildScene(graph, placeMissing(layout, graph), {}, []), [graph, layout]);
  const entry = cursor > 0 ? timelineOf(run)[cursor - 1] : null;
  // The same renderer as the playground; pan and zoom are linked across the panes.
  return (
    <section className={`cmp-pane${differs ? ' differs' : ''}`} aria-label={`Graph under ${run.design}`} data-design={run.design}>
      <h3>
        <span className="cmp-design">{run.design}</span>
        <span className="cmp-got mono" data-testid="pane-got">{entry ? (entry.got ?? '') : 'start'}</span>
        <span className={run.failed ? 'badge-bad' : 'badge-ok'}>{run.failed ? `✗${run.failed}` : `✓${run.passed}`}</span>
      </h3>
      <GraphCanvas scene={scene} fitKey={layout} ariaLabel={`Machine under ${run.design}`} link={link} />
    </section>
  );
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
        {SAME_LEVELS.map((l) => <option key={l} value={l}>{LEVEL_TEXT[l]}</option>)}
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
      </div>
    </footer>
  );
}

/** The lock-step view. `banner` is shown above the panes (the search puts its result there). */
export function CompareView({ banner }: { banner?: React.ReactNode }) {
  const store = useAppStore();
  const { designs, level, cursor } = useApp(useShallow(selectView));
  const engine = useApp((s) => s.engine);
  const { runs, error } = useCompareRuns(designs);
  const cmp = useMemo(() => (runs.length ? compareRuns(runs, level) : null), [runs, level]);
  const layout = useMemo(() => (runs.length ? sharedLayout(runs, (r, i) => graphAt(r, engine.design(r.design), i)) : null), [runs, engine]);
  // One link per view: pan or zoom in one pane moves the others (kept in the component, not the module).
  const link = useMemo(() => createZoomLink(), []);
  const act = store.getState();
  const n = cmp?.rows.length ?? 0;
  const cur = Math.min(cursor, n);
  const row = cur > 0 ? cmp?.rows[cur - 1] : undefined;
  return (
    <div className="cmp" aria-label="Lock-step comparison">
      <div className="cmp-toolbar">
        <DesignPicker designs={designs} onToggle={(d) => act.toggleCompareDesign(d)} label="Designs to compare" />
        <LevelPicker level={level} onChange={(l) => act.setLevel(l)} />
      </div>
      {banner}
      {error && <div className="cmp-error" role="alert">The scenario does not parse ({error}); fix it in the playground.</div>}
      {cmp && layout && (
        <>
          <div className="cmp-explain" aria-live="polite" data-testid="explain">
            {row ? (
              row.diffs.length ? (
                <>
                  <strong>Step {row.index} differs</strong> (<code>{row.text}</code>):
                  <ul>
                    {row.diffs.slice(0, 6).map((d, i) => <li key={i} data-kind={d.kind}>{d.explain}</li>)}
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
          <div className="cmp-panes" style={{ gridTemplateColumns: `repeat(${runs.length}, minmax(0, 1fr))` }}>
            {runs.map((r) => (
              <Pane key={r.design} run={r} cursor={cur} layout={layout} link={link} differs={!!row?.cells.find((c) => c.design === r.design)?.differs} />
            ))}
          </div>
          <StepTable cmp={cmp} cursor={cur} />
          <CompareTimeline cmp={cmp} cursor={cur} />
        </>
      )}
    </div>
  );
}
