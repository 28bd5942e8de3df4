/**
 * One row of the divergence matrix: a scenario under every design — passes, fails its
 * expectations, or passes but returns differ from the baseline (at step N). Pure: the runs
 * come in (the runner makes them), the verdicts go out.
 */
import { baseOf, type DesignId } from '../core';
import type { Run } from '../scn';
import { compareRuns } from './index';
import { DEFAULT_LEVEL, type SameLevel } from './snapshots';
import { timelineOf } from './timeline';

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

/** A scenario's runs: null when it does not parse; else the header's designs and a run per design. */
export type Ran = { readonly header: readonly DesignId[]; readonly runs: ReadonlyMap<DesignId, Run> } | null;

/** The timeline step of a run's first failed expectation (0: none). */
export function firstFailed(r: Run): number {
  const i = timelineOf(r).findIndex((e) => e.ok === false);
  return i < 0 ? 0 : i + 1;
}

/**
 * `designs`: the columns (the registered designs, then any variants); `ran` holds their runs and
 * the baseline's; `level`: what "the same" means (the compare view's: a cell opens it there).
 */
export function matrixRow(id: string, text: string, baseline: DesignId, designs: readonly DesignId[], ran: Ran, level: SameLevel = DEFAULT_LEVEL): MatrixRow {
  if (!ran) return { id, text, cells: designs.map((design) => ({ design, status: 'error', step: 0, failed: 1, inHeader: false })) };
  const base = ran.runs.get(baseline)!;
  return {
    id,
    text,
    cells: designs.map((design) => {
      const r = ran.runs.get(design)!;
      // A variant is held to its design's expectations, like `npm run check --design`.
      const inHeader = ran.header.includes(design) || ran.header.includes(baseOf(design) as DesignId);
      if (r.failed && inHeader) return { design, status: 'fail', step: firstFailed(r), failed: r.failed, inHeader };
      if (design !== baseline) {
        const c = compareRuns([base, r], level);
        if (c.first) return { design, status: 'diverges', step: c.first, failed: r.failed, inHeader };
      }
      return { design, status: 'pass', step: 0, failed: 0, inHeader };
    }),
  };
}
