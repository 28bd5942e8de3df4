import { describe, expect, it } from 'vitest';
import { cardSide, focusOf, PRESENT_MIN_K } from '../../../src/ui/presenter/placement';

describe('presenter placement', () => {
  it('puts the narration beside a square picture and under a wide one', () => {
    expect(cardSide({ x: 0, y: 0, w: 400, h: 420 }, 1280, 720)).toBe('side');
    expect(cardSide({ x: 0, y: 0, w: 1400, h: 300 }, 1280, 720)).toBe('bottom');
  });
  it('sends a picture too large for the pane off the screen edge, not under the narration', () => {
    // Too tall at the smallest zoom: the column (its overflow runs off the bottom edge).
    expect(cardSide({ x: 0, y: 0, w: 500, h: 2000 }, 1280, 720)).toBe('side');
    // Too wide: the band (its overflow runs off the right edge).
    expect(cardSide({ x: 0, y: 0, w: 3000, h: 200 }, 1280, 720)).toBe('bottom');
  });
  it('keeps 16 px text: the smallest zoom is at least 16/12', () => {
    expect(PRESENT_MIN_K * 12).toBeGreaterThanOrEqual(16);
  });
  it('focuses on what the step changed', () => {
    const n = (x: number, changed: boolean) => ({ box: { x, y: 10, w: 20, h: 10 }, node: { changed, gone: false } });
    expect(focusOf([n(0, false), n(100, true), n(200, true)])).toEqual({ x: 100, y: 10, w: 120, h: 10 });
    expect(focusOf([n(0, false)])).toBeNull();
  });
});
