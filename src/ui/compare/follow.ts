/**
 * The designs the compare view shows for a scenario picked from the library: two that its
 * `design:` line names, the first one and the first other one that parts from it (at the
 * level "the same" means), so Compare opens on a difference the scenario was written to show.
 * A scenario naming fewer than two designs leaves the compared designs as they were. The runs
 * come from the runner (its runs request: the run Worker's when there is one); they are applied
 * when they arrive, unless another text was loaded meanwhile.
 */
import { compareRuns, type SameLevel } from '../../compare';
import type { DesignId } from '../../core';
import type { RunsResult } from '../../runner';
import type { AppStore } from '../../store';

export function designsToCompare(r: RunsResult, level: SameLevel): DesignId[] | null {
  if (!r.ok || !r.header || r.header.length < 2) return null;
  const header = r.header;
  const first = r.runs.get(header[0])!;
  const other = header.slice(1).find((d) => compareRuns([first, r.runs.get(d)!], level).first !== null);
  return [header[0], other ?? header[1]];
}

/** After a library pick: compare what the scenario names (see above). */
export function followScenario(store: AppStore, text: string): void {
  const apply = (r: RunsResult) => {
    const s = store.getState();
    if (s.text !== text) return;
    const pick = designsToCompare(r, s.compare.level);
    if (pick) s.setCompareDesigns(pick);
  };
  const now = store.getState().runner.runs(text, null, store.getState().design, apply);
  if (now) apply(now);
}
