/**
 * Narration cards from the scenario's `##` comments (kept by the parser as note statements).
 * A note belongs to the statement after it (or on its line): it is shown when that statement
 * has just run. Notes before the first call (the scenario's introduction) are the start's
 * card; notes after the last statement, the end's. A card stays up until the next one. Pure.
 */
import { firstCallIndex, stepOfEntry } from '../../compare/timeline';
import type { Script } from '../../scn';

export interface NoteLike {
  readonly text: string;
  readonly line: number;
}
export interface EntryLike {
  readonly line: number;
  readonly kind: string;
}
export interface Card {
  /** The timeline step it belongs to (0 = start). */
  readonly at: number;
  readonly paragraphs: readonly string[];
}

export function narration(notes: readonly NoteLike[], entries: readonly EntryLike[]): Card[] {
  const firstCall = firstCallIndex(entries);
  const steps = firstCall < 0 ? 0 : entries.length - firstCall;
  const byStep = new Map<number, string[]>();
  const lastLine = new Map<number, number>();
  const codeLines = new Set(entries.map((e) => e.line));
  const inline = (line: number) => codeLines.has(line);
  for (const n of [...notes].sort((a, b) => a.line - b.line)) {
    const i = entries.findIndex((e) => e.line >= n.line);
    const at = i < 0 ? steps : stepOfEntry(entries, i);
    const list = byStep.get(at) ?? [];
    // Consecutive `##` lines are one paragraph; an empty `##` starts a new one, so does a gap
    // or a note at the end of a statement's line.
    const joins = lastLine.get(at) === n.line - 1 && !inline(n.line - 1) && !inline(n.line);
    lastLine.set(at, n.line);
    if (n.text === '') list.push('');
    else if (joins && list.length && list[list.length - 1] !== '') list[list.length - 1] += ` ${n.text}`;
    else if (list.length && list[list.length - 1] === '') list[list.length - 1] = n.text;
    else list.push(n.text);
    byStep.set(at, list);
  }
  return [...byStep.entries()]
    .map(([at, ps]) => ({ at, paragraphs: ps.filter((p) => p !== '') }))
    .filter((c) => c.paragraphs.length > 0)
    .sort((a, b) => a.at - b.at);
}

/** The card showing at a step: the latest at or before it; `fresh` when it belongs to this step. */
export function cardAt(cards: readonly Card[], step: number): { card: Card; fresh: boolean } | null {
  let best: Card | null = null;
  for (const c of cards) if (c.at <= step) best = c;
  return best ? { card: best, fresh: best.at === step } : null;
}

/** The cards of a parsed script's `##` notes over a run (the store keeps the parse; nothing re-parses here). */
export function scriptNarration(script: Script | null, entries: readonly EntryLike[]): Card[] {
  const notes = script?.stmts.flatMap((s) => (s.kind === 'note' ? [{ text: s.text, line: s.line }] : [])) ?? [];
  return narration(notes, entries);
}
