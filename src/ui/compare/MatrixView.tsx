/**
 * The matrix: every library scenario (and the editor's own text, recomputed when it changes)
 * × every design: pass, fail, or diverges from the baseline design. A cell opens the lock-step
 * view of that scenario with the baseline and that design, at the step that matters.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { VariantField } from '../VariantField';
import { LevelPicker } from './CompareView';
import { DESIGN_IDS, type DesignId } from '../../core';
import { matrixRow, type MatrixCell, type MatrixRow, type Ran } from '../../compare';
import type { AppState } from '../../store';
import { LIBRARY } from '../library';
import { useApp, useAppStore } from '../store-context';
import './compare.css';

/** A scenario's runs under the baseline and every column, from the store's runner. */
function ranOf(s: AppState, text: string, baseline: DesignId, columns: readonly DesignId[]): Ran {
  const { parsed, runs } = s.runner.runText(text, [...new Set([baseline, ...columns])]);
  if (parsed.errors.length || !parsed.script) return null;
  return { header: s.engine.designsFor(parsed.script, baseline), runs };
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
  const libRows = useMemo(() => LIBRARY.map((e) => matrixRow(e.id, e.text, baseline, columns, ranOf(store.getState(), e.text, baseline, columns), level)), [store, baseline, columns, level]);
  const own = LIBRARY.some((e) => e.text === text) ? null : text;
  const ownRow = useMemo(() => (own === null ? null : matrixRow('(your scenario)', own, baseline, columns, ranOf(store.getState(), own, baseline, columns), level)), [store, own, baseline, columns, level]);
  const rows = ownRow ? [ownRow, ...libRows] : libRows;
  const open = (row: MatrixRow, cell: MatrixCell) => {
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
        <span className="muted">✓ passes · ✗ fails its expectations · ≠ passes but differs from the baseline from step N on (at the level "same" means) · dimmed: not on the scenario's design line. Click a cell to open the lock-step view.</span>
      </div>
      <div className="cmp-table-wrap">
        <table className="cmp-table matrix-table" aria-label="Scenario × design">
          <thead>
            <tr>
              <th>scenario</th>
              {columns.map((d) => <th key={d}>{d}{d === baseline ? ' (baseline)' : ''}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
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
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
