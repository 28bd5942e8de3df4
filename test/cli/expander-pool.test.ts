/**
 * The parallel search with a real worker_threads expander (src/cli/expander-pool.ts): the worker
 * loads the TypeScript entry, and the result is the sequential search's, for a search that
 * splits its levels and for one that finds something; the pool is reused across searches.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { nodePool } from '../../src/cli/expander-pool';
import { parseSpec, search, searchParallel, type SearchOptions, type SearchResult } from '../../src/search';

const same = (r: SearchResult) => ({ ...r, ms: 0, coreCalls: 0 });

describe('parallel search on a worker thread', () => {
  const pool = nodePool(2);
  afterAll(() => pool.close());

  it('gives the sequential result, searches one after another on the same pool', async () => {
    // Not awaited before the first search: its messages wait in the worker's queue.
    const cases: [SearchOptions, boolean][] = [
      [{ designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 3, symmetry: false }, true],
      // Found at depth 2, before any level is large enough to split: the worker sends nothing.
      [{ designs: ['upstream-5.8', 'pasid-6.x'] }, false],
      [{ designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 6, maxStates: 700 }, true],
    ];
    for (const [opts, splits] of cases) {
      const stats = { work: 0, merge: 0, wait: 0, peerCalls: 0, redundantNodes: 0, entries: 0, chunks: 0 };
      const par = await searchParallel(opts, pool, { splitAt: 16, stats });
      expect(same(par)).toEqual(same(search(opts)));
      // The worker expanded part of it.
      if (splits) expect(stats.peerCalls).toBeGreaterThan(0);
      else expect(stats.chunks).toBe(0);
    }
  }, 60_000);
});
