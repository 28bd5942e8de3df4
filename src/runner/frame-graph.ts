/** The graph of a run's last frame, as the page's selectors build it (derive's toGraph): what the run Worker prepares for the page. */
import { toGraph } from '../derive/graph';
import type { Graph } from '../derive/graph-types';
import type { Run } from './pure/engine';
import { scnEngine } from './scn-engine';

export function lastFrameGraph(run: Run): Graph | undefined {
  const last = run.entries.at(-1);
  return last && toGraph(last.machine, scnEngine.design(run.design), last.step);
}
