/**
 * Which part of an earlier run an edit leaves valid. A run is a fold over the statements from
 * a fresh machine and the core is deterministic, so the state before statement k depends only
 * on statements 0…k-1: the first statement whose text (or place: entries carry line and
 * column) changed is where the new run must start; every entry before it is reused as it is.
 */
import type { Script, Stmt } from '../../scn';

/** The statements a run executes (notes have no entry). */
type Executed = Exclude<Stmt, { kind: 'note' }>;

export function executed(script: Script): readonly Executed[] {
  return script.stmts.filter((s): s is Executed => s.kind !== 'note');
}

const same = (a: Executed, b: Executed) => a.kind === b.kind && a.line === b.line && a.col === b.col && a.text === b.text;

/** How many leading executed statements two scripts share. */
export function sharedPrefix(prev: Script | null, next: Script): number {
  if (!prev) return 0;
  const a = executed(prev);
  const b = executed(next);
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && same(a[i], b[i])) i++;
  return i;
}
