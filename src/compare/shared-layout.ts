/**
 * One layout for several runs of a scenario: every frame of every design takes part, so an
 * object the designs share sits at the same place in every pane of the lock-step view.
 */
import type { Graph } from '../derive/graph-types';
import { layoutRun, type Layout } from '../derive/layout';
import type { Run } from '../scn';
import { timelineOf } from './timeline';

/** `graphAt(run, i)` is the picture of run at timeline step i (0 = the start). */
export function sharedLayout(runs: readonly Run[], graphAt: (run: Run, step: number) => Graph): Layout {
  const graphs: Graph[] = [];
  for (const r of runs) {
    const n = timelineOf(r).length;
    for (let i = 0; i <= n; i++) graphs.push(graphAt(r, i));
  }
  return layoutRun(graphs);
}

/**
 * One layout for the pictures shown at one step (every design's, and the diffs of them): the
 * panes fit what is there now, not everything the run ever holds, and an object every picture
 * has sits at the same place in each. Stepping may move objects; the panes fit again.
 */
export function stepLayout(graphs: readonly Graph[]): Layout {
  return layoutRun(graphs);
}
