/** What a statement's result means for the timeline and the editor gutter. */
import type { RunEntry } from '../scn';

export type Outcome = 'pass' | 'fail' | 'oops' | 'internal' | 'warn' | 'violation' | 'error' | 'ran' | 'decl';

export function outcomeOf(e: RunEntry): Outcome {
  // An emulator bug in the call: shown like an OOPS, in its own colour (before the entry's error).
  if (e.step?.ret.t === 'internal') return 'internal';
  if (e.error) return 'error';
  if (e.ok === false) return 'fail';
  const s = e.step;
  if (s?.ret.t === 'oops') return 'oops';
  if (s && s.violations.length > 0) return 'violation';
  if (s?.warned) return 'warn';
  if (e.ok === true) return 'pass';
  return e.kind === 'decl' ? 'decl' : 'ran';
}

export const OUTCOME_TEXT: Record<Outcome, string> = {
  pass: 'expectation met',
  fail: 'expectation failed',
  oops: 'kernel OOPS',
  internal: 'internal error of the emulator (a bug; the call had no effect)',
  warn: 'kernel WARN',
  violation: 'invariant violated',
  error: 'could not run',
  ran: 'ran',
  decl: 'declaration',
};

/** ✓ ✗ and friends: the symbol that goes with the colour, so colour is never alone. */
export const OUTCOME_ICON: Record<Outcome, string> = {
  pass: '✓',
  fail: '✗',
  oops: '☠',
  internal: '⚙',
  warn: '⚠',
  violation: '⚠',
  error: '!',
  ran: '•',
  decl: '+',
};

/** One line of the result shown at the end of an editor line. */
export function resultText(e: RunEntry): string {
  if (e.error) return `✗ ${e.error.message}`;
  if (e.kind === 'decl') return '';
  const got = e.got ?? '';
  if (e.ok === false) return `${got}  ✗ expected ${e.expected ?? '?'}`;
  if (e.ok === true) return `${got}  ✓`;
  return got;
}

/** Per source line: the outcome and the text to show at its end (the last statement on a line wins). */
export function lineResults(entries: readonly RunEntry[]): Map<number, { outcome: Outcome; text: string }> {
  const out = new Map<number, { outcome: Outcome; text: string }>();
  for (const e of entries) out.set(e.line, { outcome: outcomeOf(e), text: resultText(e) });
  return out;
}
