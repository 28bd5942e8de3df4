/**
 * The graphs of a run's last two frames, as the page's selectors build them (derive's toGraph,
 * keyed by the entry's step, else the entry: a statement without a call keeps the last call's
 * marks): what the run Worker prepares for the page. The
 * page's first read after a result is the last frame's picture, which marks what is new since
 * the frame before it, so it needs both. Only entries the page does not hold yet (from `keep`).
 */
import { marksStepOf, toGraph } from '../derive/graph';
import type { Graph } from '../derive/graph-types';
import type { Run } from './pure/engine';
import { scnEngine } from './scn-engine';

export function lastFrameGraphs(run: Run, keep: number): { at: number; graph: Graph }[] {
  const out: { at: number; graph: Graph }[] = [];
  const design = scnEngine.design(run.design);
  for (let at = run.entries.length - 1; at >= Math.max(keep, run.entries.length - 2, 0); at--) {
    const e = run.entries[at];
    out.push({ at, graph: toGraph(e.machine, design, e.step, e.step ? undefined : marksStepOf(run.entries, at)) });
  }
  return out;
}
