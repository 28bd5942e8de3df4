/**
 * The search's memory budget (issue 23; src/search/memory.ts): a search under a small budget
 * stops cleanly and says where, its partial result is reproducible (the same stop as a state cap
 * at its state count, on one thread or two) and what it claims — the depths covered in full —
 * holds; a caller's probe stops it too; the packed visited set answers as a Set would.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inProcessPool, KeySet, nodeBytes, parseSpec, search, searchParallel, stopText, type Held, type SearchOptions, type SearchProgress, type SearchResult } from '../../src/search';

const SPACE = parseSpec('aux=2,plain=1,mdevs=2,containers=2');
const same = (r: SearchResult) => ({ ...r, ms: 0, coreCalls: 0 });

describe('a search under a memory budget', () => {
  const opts: SearchOptions = { designs: ['pasid-6.x'], machine: SPACE, depth: 6, maxMemory: 4_000_000, symmetry: false };

  it('stops with the budget, says where, and the depths it claims were covered in full were', () => {
    const progress: SearchProgress[] = [];
    const r = search({ ...opts, onProgress: (p) => progress.push(p) });
    expect(r.found).toBe(false);
    expect(r.exhausted).toBe(false);
    expect(r.stopped?.reason).toBe('max-memory');
    expect(r.stopped?.budget).toBe(4_000_000);
    expect(r.stopped!.held).toBeGreaterThanOrEqual(4_000_000);
    // The estimate: at most one more node than fits (it is checked at every state kept).
    expect(r.stopped!.held).toBeLessThan(4_000_000 + nodeBytes(SPACE, 1, false) + 1);
    const d = r.stopped!.depth;
    expect(stopText(r)).toBe(`stopped at the 4 MiB memory budget (${Math.round(r.stopped!.held! / 1048576)} MiB held, ${r.states} states) while generating depth ${d}: depths 0–${d - 1} reached in full, ${r.stopped!.expanded} of ${r.stopped!.ofFrontier} states of depth ${d - 1} expanded`);
    // What it says was covered in full is: the search bounded there is exhaustive, within the states it held.
    const full = search({ ...opts, depth: d - 1, maxMemory: undefined });
    expect(full.exhausted).toBe(true);
    expect(full.states).toBeLessThanOrEqual(r.states);
    // …and the budget really cut the search short: without it, depth 6 holds many more states.
    expect(search({ ...opts, maxMemory: undefined, maxStates: r.states + 1 }).states).toBe(r.states + 1);
    // Progress says the bytes held, growing with the states.
    expect(progress.at(-1)!.bytes).toBe(r.stopped!.held);
  });

  it('is reproducible: the same stop again, as a state cap at its state count, and on two threads', async () => {
    const r = search(opts);
    expect(same(search(opts))).toEqual(same(r));
    const capped = search({ ...opts, maxMemory: undefined, maxStates: r.states });
    expect(capped.stopped).toEqual({ ...r.stopped, reason: 'max-states', budget: undefined, held: undefined });
    expect(capped.states).toBe(r.states);
    const par = await searchParallel(opts, inProcessPool(1, 4), { chunk: 4, splitAt: 8 });
    expect(same(par)).toEqual(same(r));
  });

  it('a smaller budget stops sooner, a larger one later', () => {
    const small = search({ ...opts, maxMemory: 2_000_000 });
    const large = search({ ...opts, maxMemory: 8_000_000 });
    expect(small.states).toBeLessThan(search(opts).states);
    expect(large.states).toBeGreaterThan(search(opts).states);
  });

  it("stops on the caller's probe (asked every 64 states expanded) and reports what it said", () => {
    // From 300 states on, the probe sees 1 GiB more than the estimate: a process that holds more than the search counts.
    const probe = (h: Held) => (h.states >= 300 ? h.estimate + 1024 * 1048576 : 0);
    const r = search({ ...opts, maxMemory: 512 * 1048576, memory: probe });
    expect(r.stopped?.reason).toBe('max-memory');
    expect(r.stopped!.held).toBeGreaterThan(1024 * 1048576);
    expect(r.states).toBeGreaterThanOrEqual(300);
    expect(stopText(r)).toMatch(/^stopped at the 512 MiB memory budget \(1\.\d GiB held, \d+ states\) while generating depth \d/);
    // Without the probe the estimate alone is far from 512 MiB: the search goes on.
    expect(search({ ...opts, maxMemory: 512 * 1048576, maxStates: r.states + 1000 }).states).toBe(r.states + 1000);
  });

  it('a finding made within the budget still replays', () => {
    const r = search({ designs: ['upstream-5.8', 'pasid-6.x'], maxMemory: 64 * 1048576 });
    expect(r.found).toBe(true);
    expect(r.verified).toEqual({ passed: expect.any(Number), failed: 0 });
  });
});

describe('the packed visited set', () => {
  it('answers as a Set of the same keys, one fingerprint or two', () => {
    const fp = fc.integer({ min: 0, max: 2 ** 53 - 1 });
    // Few distinct values too, so that keys repeat.
    const key = fc.oneof(fp, fc.integer({ min: 0, max: 50 }), fc.constantFrom(2 ** 32, 2 ** 32 - 1, 2 ** 53 - 1));
    for (const per of [1, 2]) {
      fc.assert(
        fc.property(fc.array(fc.array(key, { minLength: per, maxLength: per }), { maxLength: 3000 }), fc.array(fc.array(key, { minLength: per, maxLength: per }), { maxLength: 200 }), (adds, asks) => {
          const k = (xs: number[]) => (per === 1 ? xs[0] : xs.join(','));
          const set = new KeySet(per);
          const ref = new Set<number | string>();
          for (const x of adds) {
            expect(set.add(k(x))).toBe(!ref.has(k(x)));
            ref.add(k(x));
          }
          expect(set.size).toBe(ref.size);
          for (const x of [...adds, ...asks]) expect(set.has(k(x))).toBe(ref.has(k(x)));
          // Packed: 8 bytes per fingerprint, at a load of at most one half (and 1024 slots at least).
          expect(set.bytes).toBeLessThanOrEqual(Math.max(1024, 4 * ref.size) * 8 * per);
        }),
        { numRuns: 60, seed: 23 },
      );
    }
  });
});
