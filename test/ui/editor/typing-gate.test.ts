import { describe, expect, it } from 'vitest';
import { createTypingGate } from '../../../src/ui/editor/typing-gate';

/** A clock and a timer queue the test moves by hand. */
function fakeTime() {
  let t = 1000;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    later: (fn: () => void, ms: number) => void timers.push({ at: t + ms, fn }),
    advance(ms: number) {
      t += ms;
      for (let due = timers.filter((x) => x.at <= t); due.length; due = timers.filter((x) => x.at <= t)) {
        for (const d of due) timers.splice(timers.indexOf(d), 1);
        for (const d of due) d.fn();
      }
    },
    pending: () => timers.length,
  };
}

describe('typing gate (src/ui/editor/typing-gate.ts)', () => {
  it('runs at once when nobody typed lately', () => {
    const time = fakeTime();
    const g = createTypingGate(time.now, time.later, 200);
    let ran = 0;
    g.gate(() => ran++);
    expect(ran).toBe(1);
    g.note();
    time.advance(200);
    g.gate(() => ran++);
    expect(ran).toBe(2);
  });

  it('holds work until no edit came for the quiet time, counted from the last edit', () => {
    const time = fakeTime();
    const g = createTypingGate(time.now, time.later, 200);
    let ran = 0;
    g.note();
    time.advance(50);
    g.gate(() => ran++);
    expect(ran).toBe(0);
    // Keys keep coming every 100 ms: nothing lands between them.
    for (let i = 0; i < 5; i++) {
      time.advance(100);
      expect(ran).toBe(0);
      g.note();
    }
    time.advance(199);
    expect(ran).toBe(0);
    time.advance(1);
    expect(ran).toBe(1);
    expect(time.pending()).toBe(0);
  });
});
