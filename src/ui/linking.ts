/**
 * Linking across the views (issue 20, as Compiler Explorer links source and assembly): what a
 * hovered or focused editor line, trace frame, timeline cell or What-changed entry touched is
 * highlighted in the graph (`data-linked="true"`); a hovered graph object marks the editor
 * lines that touched it. The pure part (which objects, which lines) is src/derive/touch.ts.
 */
import type { Machine } from '../core';
import { linesTouching, touchedBy } from '../derive/touch';
import { selectRun, type AppStore, type Linked, type RunEntry } from '../store';

/** The objects the statements on a source line touched (a line may hold one statement). */
export function idsOfLine(store: AppStore, line: number): string[] {
  const run = selectRun(store.getState());
  if (!run) return [];
  const out = new Set<string>();
  run.entries.forEach((e, i) => {
    if (e.line === line) for (const id of touchedBy(e, i > 0 ? run.entries[i - 1].machine : null)) out.add(id);
  });
  return [...out];
}

/** The objects a statement touched, given the machine before it. */
export const idsOfEntry = (e: RunEntry, prev: Machine | null): string[] => touchedBy(e, prev);

/** The source lines whose statements touched an object. */
export function linesOfObject(store: AppStore, id: string): number[] {
  const run = selectRun(store.getState());
  return run ? (linesTouching(run.entries).get(id) ?? []) : [];
}

/** Props for an element that links while hovered or focused. */
export function linkProps(store: AppStore, from: Linked['from'], get: () => Omit<Linked, 'from'>) {
  const on = () => store.getState().setLinked({ from, ...get() });
  const off = () => store.getState().setLinked(null, from);
  return { onMouseEnter: on, onMouseLeave: off, onFocus: on, onBlur: off };
}
