/**
 * A half-typed line's syntax error waits for a pause in typing (src/ui/editor/held-errors.ts),
 * with the gate recording where the last edit was (src/ui/editor/typing-gate.ts).
 */
import { describe, expect, it } from 'vitest';
import { ERROR_PAUSE_MS, holdMs, keptWhileHeld } from '../../../src/ui/editor/held-errors';
import { createTypingGate } from '../../../src/ui/editor/typing-gate';

describe('held errors', () => {
  it('holds errors on the line being typed until the pause is over', () => {
    expect(holdMs([{ line: 12 }], 12, 0)).toBe(ERROR_PAUSE_MS);
    expect(holdMs([{ line: 12 }], 12, 300)).toBe(ERROR_PAUSE_MS - 300);
    expect(holdMs([{ line: 12 }, { line: 12 }], 12, ERROR_PAUSE_MS - 1)).toBe(1);
    expect(holdMs([{ line: 12 }], 12, ERROR_PAUSE_MS)).toBe(0);
  });

  it('shows at once an error elsewhere, or when nobody is typing', () => {
    expect(holdMs([{ line: 3 }], 12, 0)).toBe(0);
    expect(holdMs([{ line: 12 }, { line: 3 }], 12, 0)).toBe(0);
    expect(holdMs([{ line: 12 }], null, 0)).toBe(0);
    expect(holdMs([{ line: 12 }], 12, Infinity)).toBe(0);
    expect(holdMs([], 12, 0)).toBe(0);
  });

  it('keeps the errors already shown on the line being typed while new ones are held, and nothing else', () => {
    const none: { line: number }[] = [];
    const shown = [{ line: 12 }, { line: 12 }];
    expect(keptWhileHeld(shown, 12, none)).toBe(shown);
    // An error of another line, or a mix, was not about this line: it goes.
    expect(keptWhileHeld([{ line: 3 }], 12, none)).toBe(none);
    expect(keptWhileHeld([{ line: 12 }, { line: 3 }], 12, none)).toBe(none);
    expect(keptWhileHeld(shown, null, none)).toBe(none);
    expect(keptWhileHeld(none, 12, none)).toBe(none);
  });

  it('the gate knows the last edit\'s line and how long ago it was', () => {
    let t = 5000;
    const g = createTypingGate(() => t, () => {});
    expect(g.editLine()).toBeNull();
    expect(g.sinceEdit()).toBe(Infinity);
    g.note(7);
    t += 120;
    expect(g.editLine()).toBe(7);
    expect(g.sinceEdit()).toBe(120);
    expect(holdMs([{ line: 7 }], g.editLine(), g.sinceEdit())).toBe(ERROR_PAUSE_MS - 120);
  });
});
