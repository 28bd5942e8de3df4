/** Pure rules for where the cursor goes when the text or the run changes. */
import type { Run, RunEntry } from './engine-types';

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
  const len = next.entries.length;
  if (!old) return len;
  if (cursor >= old.entries.length) return len;
  const d = firstDifference(old.entries, next.entries);
  if (d < cursor) return Math.min(d + 1, len);
  return Math.min(cursor, len);
}

/** The first frame worth showing: after the leading declarations. */
export function startCursor(run: Run): number {
  let i = 0;
  while (i < run.entries.length && run.entries[i].kind === 'decl') i++;
  return i;
}

export const clamp = (i: number, run: Run | null): number =>
  Math.max(0, Math.min(i, run ? run.entries.length : 0));
