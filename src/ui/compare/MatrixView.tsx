/**
 * The matrix: every library scenario (and the editor's own text, recomputed when it changes)
 * × every design: pass, fail, or diverges from the baseline design. A cell opens the lock-step
 * view of that scenario with the baseline and that design, at the step that matters. The runs
 * come from the runner's runs requests (the run Worker makes them when there is one); a row
 * whose runs have not arrived yet shows as pending.
 */
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { VariantField } from '../VariantField';
import { LevelPicker } from './CompareView';
import { DESIGN_IDS, type DesignId } from '../../core';
import { matrixRow, type MatrixCell, type MatrixRow, type Ran } from '../../compare';
import type { RunsResult } from '../../runner';
import { LIBRARY } from '../library';
import { useApp, useAppStore } from '../store-context';
import './compare.css';

/** What matrixRow reads of a runs answer (null: the text does not parse, or its run failed). */
function ranOf(r: RunsResult): Ran {
  return r.ok && r.header ? { header: r.header, runs: r.runs } : null;
}

/**
 * The runs of each text under `designs` (the baseline first), from the runner: what is at hand,
 * re-read whenever an answer arrives; the texts without one are asked for.
 */
function useRuns(texts: readonly string[], designs: readonly DesignId[]): (text: string) => RunsResult | undefined {
  const runner = useApp((s) => s.runner);
  useSyncExternalStore(runner.subscribeRuns, runner.runsArrived);
  useEffect(() => {
    for (const t of texts) if (!runner.peekRuns(t, designs, designs[0])) runner.runs(t, designs, designs[0], () => {});
  }, [runner, texts, designs]);
  return (text) => runner.peekRuns(text, designs, designs[0]);
}

const ICON = { pass: '✓', fail: '✗', diverges: '≠', error: '!' } as const;

export function MatrixView() {
  const store = useAppStore();
  const text = useApp((s) => s.text);
  const baseline = useApp((s) => s.compare.baseline);
  // The compare view's level: a cell opens it with the same notion of "the same" it was judged by.
  const level = useApp((s) => s.compare.level);
  // Variants as extra columns: those the scenario names or the header shows, and those compared.
  const appDesigns = useApp(useShallow((s) => [...s.designs, s.design]));
  const compared = useApp((s) => s.compare.designs);
  const extraKey = [...new Set([...appDesigns, ...compared])].filter((d) => !DESIGN_IDS.includes(d)).join(',');
  const columns = useMemo(() => [...DESIGN_IDS, ...(extraKey ? (extraKey.split(',') as DesignId[]) : [])], [extraKey]);
  const own = LIBRARY.some((e) => e.text === text) ? null : text;
  const designs = useMemo(() => [...new Set([baseline, ...columns])], [baseline, columns]);
  const texts = useMemo(() => [...(own === null ? [] : [own]), ...LIBRARY.map((e) => e.text)], [own]);
  const runsOf = useRuns(texts, designs);
  const named = [...(own === null ? [] : [{ id: '(your scenario)', text: own }]), ...LIBRARY];
  const rows = named.map(({ id, text: t }) => {
    const r = runsOf(t);
    return r ? matrixRow(id, t, baseline, columns, ranOf(r), level) : { id, text: t, pending: true as const };
  });
  const pending = rows.filter((r) => 'pending' in r).length;  const open = (row: MatrixRow, cell: MatrixCell) => {
    const s = store.getState();
    s.setCompareDesigns(cell.design === baseline ? [baseline, DESIGN_IDS.find((d) => d !== baseline)!] : [baseline, cell.design]);
    if (s.text !== row.text) s.load(row.text, null, { cursor: cell.step });
    else s.seek(cell.step);
    s.setMode('compare');
  };
  return (
    <div className="cmp matrix" aria-label="Divergence matrix">
      <div className="cmp-toolbar">
        <label>
          Baseline
          <select aria-label="Baseline design" value={baseline} onChange={(e) => store.getState().setBaseline(e.target.value as DesignId)}>
            {columns.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <LevelPicker level={level} onChange={(l) => store.getState().setLevel(l)} />
        <VariantField label="Add a variant column" onPick={(d) => compared.includes(d) || store.getState().toggleCompareDesign(d)} />
        <span className="muted" role="status">{pending ? `running ${pending} of ${rows.length} scenarios…` : ''}</span>
        <span className="muted">✓ passes · ✗ fails its expectations · ≠ passes but differs from the baseline from step N on (at the level "same" means) · dimmed: not on the scenario's design line. Click a cell to open the lock-step view.</span>
      </div>
      <div className="cmp-table-wrap">
        <table className="cmp-table matrix-table" aria-label="Scenario × design" aria-busy={pending > 0}>
          <thead>
            <tr>
              <th>scenario</th>
              {columns.map((d) => <th key={d}>{d}{d === baseline ? ' (baseline)' : ''}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) =>
              'pending' in row ? (
                <tr key={row.id} className="m-pending">
                  <th scope="row" className="mono">{row.id}</th>
                  {columns.map((d) => (
                    <td key={d} className="m-pending">
                      <button type="button" disabled data-scenario={row.id} data-design={d} data-status="pending" title={`${row.id} under ${d}: running…`}>…</button>
                    </td>
                  ))}
                </tr>
              ) : (
              <tr key={row.id}>
                <th scope="row" className="mono">{row.id}</th>
                {row.cells.map((c) => (
                  <td key={c.design} className={`m-${c.status}${c.inHeader ? '' : ' dim'}`}>
                    <button type="button" data-scenario={row.id} data-design={c.design} data-status={c.status} onClick={() => open(row, c)} title={`${row.id} under ${c.design}: ${c.status}${c.step ? ` at step ${c.step}` : ''}`}>
                      {ICON[c.status]}{c.status === 'fail' ? c.failed : ''}{c.step && c.status !== 'fail' ? ` ${c.step}` : ''}
                    </button>
                  </td>
                ))}
              </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
