/** Present dispatches per view (src/ui/compare/present.ts): which views can be presented, and why not. */
import { describe, expect, it } from 'vitest';
import { presentable } from '../../src/ui/compare/present';
import type { AppState } from '../../src/store';

const search = (found: boolean | null) => ({ result: found === null ? null : { found } }) as unknown as AppState['search'];

describe('presentable', () => {
  it('the playground and Compare can be presented; Search once it has an answer; the matrix never, and it says why', () => {
    expect(presentable({ mode: 'play', search: search(null) }).ok).toBe(true);
    expect(presentable({ mode: 'compare', search: search(null) }).ok).toBe(true);
    expect(presentable({ mode: 'search', search: search(null) })).toMatchObject({ ok: false, why: expect.stringMatching(/Search first/) });
    expect(presentable({ mode: 'search', search: search(false) }).ok).toBe(false);
    expect(presentable({ mode: 'search', search: search(true) }).ok).toBe(true);
    expect(presentable({ mode: 'matrix', search: search(true) })).toMatchObject({ ok: false, why: expect.stringMatching(/matrix cannot be presented/) });
  });
});
