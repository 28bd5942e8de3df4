import { describe, expect, it } from 'vitest';
import { cardSide, PRESENT_MIN_K, stepFocus } from '../../../src/ui/presenter/placement';

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
  it('focuses on what the step changed, and around it on its neighbours', () => {
    const n = (id: string, x: number, changed: boolean, host: string | null = null) => ({ box: { x, y: 10, w: 20, h: 10 }, node: { id, changed, gone: false }, host });
    const g = { box: { x: 90, y: 0, w: 200, h: 40 }, node: { id: 'G', changed: false, gone: false }, host: null };
    const items = [n('a', 0, false), n('b', 100, true, 'G'), n('c', 200, true), n('d', 400, false), n('e', 600, false), g];
    const edges = [{ edge: { source: 'c', target: 'd' } }, { edge: { source: 'a', target: 'e' } }];
    const f = stepFocus(items, edges)!;
    expect(f.must).toEqual({ x: 100, y: 10, w: 120, h: 10 });
    // d (an edge from c) and G (b's group box) are neighbours; a and e are not.
    expect(f.around).toEqual({ x: 90, y: 0, w: 330, h: 40 });
    expect(stepFocus([n('a', 0, false)], edges)).toBeNull();
    // An object the call named is what the step is about too (a query changes nothing).
    expect(stepFocus([n('a', 0, false), n('e', 600, false)], edges, ['e'])).toEqual({ must: { x: 600, y: 10, w: 20, h: 10 }, around: { x: 0, y: 10, w: 620, h: 10 } });
  });
});
