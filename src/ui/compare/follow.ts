/**
 * The designs the compare view shows for a scenario picked from the library: two that its
 * `design:` line names, the first one and the first other one that parts from it (at the
 * level "the same" means), so Compare opens on a difference the scenario was written to show.
 * A scenario naming fewer than two designs leaves the compared designs as they were.
 */
import { compareRuns } from '../../compare';
import type { DesignId } from '../../core';
import type { AppStore } from '../../store';

export function designsToCompare(store: AppStore, text: string): DesignId[] | null {
  const s = store.getState();
  const { parsed } = s.runner.runText(text, [s.design]);
  if (!parsed.script || parsed.errors.length) return null;
  const header = s.engine.designsFor(parsed.script, s.design);
  if (header.length < 2) return null;
  const { runs } = s.runner.runText(text, header);
  const first = runs.get(header[0])!;
  const other = header.slice(1).find((d) => compareRuns([first, runs.get(d)!], s.compare.level).first !== null);
  return [header[0], other ?? header[1]];
}

/** After a library pick: compare what the scenario names (see above). */
export function followScenario(store: AppStore, text: string): void {
  const pick = designsToCompare(store, text);
  if (pick) store.getState().setCompareDesigns(pick);
}
