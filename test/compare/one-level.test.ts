/**
 * One notion of "the same" (docs/compare.md): the compare view, the matrix, the mail report and
 * links all default to DEFAULT_LEVEL, so for every library scenario naming two or more designs
 * they name the same first divergence for the same pair of designs.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns, DEFAULT_LEVEL, matrixRow } from '../../src/compare';
import { mailReport } from '../../src/report/mail';
import { checkScenario } from '../../src/scn';
import { createAppStore } from '../../src/store';
import { engine } from '../../src/ui/engine';
import { libraryFiles, libraryText } from '../library';

const named = libraryFiles()
  .map((f) => ({ f, text: libraryText(f), check: checkScenario(f, libraryText(f)) }))
  .filter((s) => s.check.runs.length >= 2);

describe('one level of "the same"', () => {
  it('is observable state, and the store, the matrix and the mail report start from it', () => {
    expect(DEFAULT_LEVEL).toBe('observable');
    expect(createAppStore(engine).getState().compare.level).toBe(DEFAULT_LEVEL);
    expect(mailReport(libraryText('demo-v3-usage.scn'))).toContain('Compared on: return values + observable state');
  });

  it(`compare, matrix and mail name the same first divergence for every pair of a scenario's designs (${named.length} scenarios)`, () => {
    expect(named.length).toBeGreaterThanOrEqual(26);
    const disagree: string[] = [];
    for (const { f, text, check } of named) {
      const [base, ...others] = check.runs;
      const ran = { header: check.runs.map((r) => r.design), runs: new Map(check.runs.map((r) => [r.design, r] as const)) };
      const row = matrixRow(f, text, base.design, ran.header, ran);
      for (const other of others) {
        const compare = compareRuns([base, other], DEFAULT_LEVEL).first ?? 0;
        const cell = row.cells.find((c) => c.design === other.design)!;
        const matrix = cell.status === 'diverges' ? cell.step : 0;
        const mail = Number(/First divergence: step (\d+)/.exec(mailReport(text, { designs: [base.design, other.design], runs: { [base.design]: base, [other.design]: other } }))?.[1] ?? 0);
        if (compare !== matrix || compare !== mail) disagree.push(`${f} ${base.design}/${other.design}: compare ${compare}, matrix ${matrix}, mail ${mail}`);
      }
    }
    expect(disagree).toEqual([]);
  });
});
