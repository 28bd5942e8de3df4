/**
 * The matrix: every library scenario (and the editor's own text, recomputed when it changes)
 * × every design: pass, fail, or diverges from the baseline design. A cell opens the lock-step
 * view of that scenario with the baseline and that design, at the step that matters.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { VariantField } from '../VariantField';
import { baseOf, DESIGN_IDS, type DesignId } from '../../core';
import { compareRuns } from '../../compare';
import type { Engine, Run } from '../../store';
import { LIBRARY } from '../library';
import { useApp, useAppStore } from '../store-context';
import { compareStore, useCompare } from './compare-store';
import './compare.css';

export interface MatrixCell {
  readonly design: DesignId;
  readonly status: 'pass' | 'fail' | 'diverges' | 'error';
  /** The step to open: the first divergence from the baseline, or the first failed step. */
  readonly step: number;
  readonly failed: number;
  readonly inHeader: boolean;
}

export interface MatrixRow {
  readonly id: string;
  readonly text: string;
  readonly cells: readonly MatrixCell[];
}

const firstFailed = (r: Run): number => {
  const t = r.entries.slice(Math.max(0, r.entries.findIndex((e) => e.kind === 'call')));
  const i = t.findIndex((e) => e.ok === false);
  return i < 0 ? 0 : i + 1;
};

/** One row of the matrix (pure, exported for tests); `columns` may add variants after the designs. */
export function matrixRow(engine: Engine, id: string, text: string, baseline: DesignId, columns: readonly DesignId[] = DESIGN_IDS): MatrixRow {
  const { script, errors } = engine.parse(text);
  if (errors.length || !script) return { id, text, cells: columns.map((design) => ({ design, status: 'error', step: 0, failed: 1, inHeader: false })) };
  const header = engine.designsFor(script, baseline);
  const runs = new Map([...new Set([baseline, ...columns])].map((d) => [d, engine.run(script, d)] as const));
  const base = runs.get(baseline)!;
  return {
    id,
    text,
    cells: columns.map((design) => {
      const r = runs.get(design)!;
      // A variant is held to its design's expectations, like `npm run check --design`.
      const inHeader = header.includes(design) || header.includes(baseOf(design) as DesignId);
      if (r.failed && inHeader) return { design, status: 'fail', step: firstFailed(r), failed: r.failed, inHeader };
      if (design !== baseline) {
        const c = compareRuns([base, r], 'returns');
        if (c.first) return { design, status: 'diverges', step: c.first, failed: r.failed, inHeader };
      }
      return { design, status: 'pass', step: 0, failed: 0, inHeader };
    }),
  };
}

const ICON = { pass: '✓', fail: '✗', diverges: '≠', error: '!' } as const;

export function MatrixView() {
  const store = useAppStore();
  const engine = useApp((s) => s.engine);
  const text = useApp((s) => s.text);
  const baseline = useCompare((s) => s.baseline);
  // Variants as extra columns: those the scenario names or the header shows, and those compared.
  const appDesigns = useApp(useShallow((s) => [...s.designs, s.design]));
  const compared = useCompare((s) => s.designs);
  const extraKey = [...new Set([...appDesigns, ...compared])].filter((d) => !DESIGN_IDS.includes(d)).join(',');
  const columns = useMemo(() => [...DESIGN_IDS, ...(extraKey ? (extraKey.split(',') as DesignId[]) : [])], [extraKey]);
  const libRows = useMemo(() => LIBRARY.map((e) => matrixRow(engine, e.id, e.text, baseline, columns)), [engine, baseline, columns]);
  const own = LIBRARY.some((e) => e.text === text) ? null : text;
  const ownRow = useMemo(() => (own === null ? null : matrixRow(engine, '(your scenario)', own, baseline, columns)), [engine, own, baseline, columns]);
  const rows = ownRow ? [ownRow, ...libRows] : libRows;
  const open = (row: MatrixRow, cell: MatrixCell) => {
    if (store.getState().text !== row.text) store.getState().load(row.text);
    const c = compareStore.getState();
    c.setDesigns(cell.design === baseline ? [baseline, DESIGN_IDS.find((d) => d !== baseline)!] : [baseline, cell.design]);
    c.seek(cell.step);
    c.setMode('compare');
  };
  return (
    <div className="cmp matrix" aria-label="Divergence matrix">
      <div className="cmp-toolbar">
        <label>
          Baseline
          <select aria-label="Baseline design" value={baseline} onChange={(e) => compareStore.getState().setBaseline(e.target.value as DesignId)}>
            {columns.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        </label>
        <VariantField label="Add a variant column" onPick={(d) => compared.includes(d) || compareStore.getState().toggleDesign(d)} />
        <span className="muted">✓ passes · ✗ fails its expectations · ≠ passes but returns differ from the baseline (step N) · dimmed: not on the scenario's design line. Click a cell to open the lock-step view.</span>
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
