/**
 * The timeline of a run and the pure rules for where the cursor goes. The timeline starts at the
 * run's initial machine (every declaration before the first call) and has one step per
 * statement from the first call on.
 */
import { timelineOf } from '../compare/timeline';
import type { Run, RunEntry } from './engine-types';

/** The statements the timeline steps through (leading declarations are in `initial`). */
export const stepsOf: (run: Run) => readonly RunEntry[] = timelineOf;

/** Index of the first entry that differs between two runs (same line and text = same). */
export function firstDifference(a: readonly RunEntry[], b: readonly RunEntry[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i].line !== b[i].line || a[i].text !== b[i].text) return i;
  return n;
}

/**
 * After an edit: a cursor that sat at the end follows the end (the editor is a console); one
 * that sat past the edited statement moves to just after it, so the edit's effect is what
 * shows; otherwise it stays.
 */
export function cursorAfterEdit(old: Run | null, cursor: number, next: Run): number {
  const len = stepsOf(next).length;
  if (!old) return len;
  const prev = stepsOf(old);
  if (cursor >= prev.length) return len;
  const d = firstDifference(prev, stepsOf(next));
  if (d < cursor) return Math.min(d + 1, len);
  return Math.min(cursor, len);
}

export const clamp = (i: number, run: Run | null): number => Math.max(0, Math.min(i, run ? stepsOf(run).length : 0));
