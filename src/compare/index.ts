/**
 * Lock-step comparison of one scenario run under several designs. Pure (no DOM): the compare
 * view, the matrix, the search and the tests share it.
 *
 *   compareRuns(runs, level)     → Comparison   one row per timeline step, differences explained
 *   observableOf(m)              → Snapshot     what a user of the API can see (level 'observable')
 *   internalsOf(m, violations)   → Snapshot     every kernel field plus invariant codes ('internals')
 *   diffValues(...)              → Difference   the return-value rule, shared with the search
 *
 * "The same" has three levels, each including the one before:
 *   'returns'     the values the calls return (and OOPS); a WARN is shown but never a difference
 *   'observable'  + per device iommu_get_domain_for_dev, group membership, each domain's mappings
 *   'internals'   + every kernel field `show` prints, and which invariants are broken
 *
 * A call one design lacks (`unsupported`) is not a difference by itself: a row where some
 * designs return `unsupported` compares only the designs that offer the function.
 */
import type { DesignId, Violation } from '../core';
import type { Run } from '../scn';
import { divergesAt } from './diverge';
import { DASH, type Difference, type SameLevel } from './snapshots';
import { timelineOf } from './timeline';

export * from './snapshots';
export { divergesAt, type Side, type DivergeOptions } from './diverge';
export { firstCallIndex, stepOfEntry, timelineOf } from './timeline';
export { matrixRow, type MatrixCell, type MatrixRow, type Ran } from './matrix';
export { sharedLayout, stepLayout } from './shared-layout';
export { diffGraphs, fieldDiffs, markAgainst, markObjects, markPanes, objectsOf, type DiffGraph, type DiffNode, type FieldDiff, type DiffMark } from './diff';

export interface Cell {
  readonly design: DesignId;
  /** Printed result (`0`, `C.d0`, `OOPS`, `unsupported`), `+WARN` separate. */
  readonly got: string;
  readonly warned: boolean;
  /** The scenario's expectation for this design failed (or the line had an error). */
  readonly failed: boolean;
  readonly differs: boolean;
}

export interface Row {
  /** Timeline index: 1 is the first call. */
  readonly index: number;
  readonly line: number;
  readonly text: string;
  readonly cells: readonly Cell[];
  readonly diffs: readonly Difference[];
}

export interface Comparison {
  readonly designs: readonly DesignId[];
  readonly level: SameLevel;
  readonly rows: readonly Row[];
  /** Index (1-based timeline step) of the first row with a difference, or null. */
  readonly first: number | null;
  /** Every row index with a difference. */
  readonly divergent: readonly number[];
}

/**
 * Compares runs of one script under several designs, step by step. The runs must come from the
 * same parsed script (same statements), as `checkScenario` or `runScenario` make them.
 */
export function compareRuns(runs: readonly Run[], level: SameLevel): Comparison {
  const designs = runs.map((r) => r.design);
  const lines = runs.map(timelineOf);
  const n = Math.min(...lines.map((l) => l.length));
  const rows: Row[] = [];
  const divergent: number[] = [];
  // A statement without a step (a check, a show) keeps the previous step's violations.
  let lastViol = runs.map(() => [] as readonly Violation[]);
  for (let i = 0; i < n; i++) {
    const entries = lines.map((l) => l[i]);
    // Violations are computed on first read: only the 'internals' level reads them.
    const viol = level === 'internals' ? entries.map((e, j) => (e.step ? e.step.violations : lastViol[j])) : lastViol;
    lastViol = viol;
    const call = entries[0].kind === 'call';
    const diffs = divergesAt(
      entries.map((e, j) => ({ design: designs[j], value: e.value ?? DASH, machine: e.machine, violations: level === 'internals' ? viol[j] : undefined })),
      level,
      { call },
    );
    const cells: Cell[] = entries.map((e, j) => ({ design: designs[j], got: e.value ?? DASH, warned: e.warned ?? false, failed: e.ok === false, differs: false }));
    const returnsDiffer = call && diffs.some((d) => d.kind === 'return');
    const marked = returnsDiffer
      ? cells.map((c) => ({ ...c, differs: c.got !== 'unsupported' && cells.some((o) => o.got !== 'unsupported' && o.got !== c.got) }))
      : cells;
    if (diffs.length) divergent.push(i + 1);
    rows.push({ index: i + 1, line: entries[0].line, text: entries[0].text, cells: marked, diffs });
  }
  return { designs, level, rows, first: divergent[0] ?? null, divergent };
}
