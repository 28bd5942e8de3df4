/**
 * Where the timeline starts, said once for every view (playground, compare, matrix, presenter):
 * the declarations before the first call build the initial machine (step 0), and the timeline
 * has one step per statement from the first call on.
 */
import type { Run, RunEntry } from '../scn';

/** Index of the first call among a run's entries, or -1 when there is none. */
export function firstCallIndex(entries: readonly { readonly kind: string }[]): number {
  return entries.findIndex((e) => e.kind === 'call');
}

const timelines = new WeakMap<Run, readonly RunEntry[]>();

/** The statements the timeline steps through (step i is entry i-1); memoised per run. */
export function timelineOf(run: Run): readonly RunEntry[] {
  let t = timelines.get(run);
  if (!t) {
    const first = firstCallIndex(run.entries);
    t = first < 0 ? [] : run.entries.slice(first);
    timelines.set(run, t);
  }
  return t;
}

/** The timeline step of an entry index (0 = the start, for entries before the first call). */
export function stepOfEntry(entries: readonly { readonly kind: string }[], i: number): number {
  const first = firstCallIndex(entries);
  return first < 0 || i < first ? 0 : i - first + 1;
}
