/**
 * The parallel search (src/search/parallel.ts) gives the sequential search's result for the same
 * options: found or not, the calls, the scenario, states, depth, exhausted, where it stopped.
 * `coreCalls` and `ms` differ by design (the expanders' calls are summed, redundant ones too).
 * The expanders run in this thread (inProcessPool), their streams interleaved by microtasks;
 * small chunks and split thresholds make the merge and the split run on every level.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DesignId } from '../../src/core';
import { DEFAULT_MACHINE, inProcessPool, parseSpec, search, searchParallel, type SearchOptions, type SearchResult } from '../../src/search';
import type { Node, Outcome, Space } from '../../src/search/space';
import type { Action } from '../../src/search/alphabet';

const same = (r: SearchResult) => ({ ...r, ms: 0, coreCalls: 0 });

async function both(opts: SearchOptions, width: number, chunk: number, splitAt: number, remoteChunk = chunk): Promise<void> {
  const seq = search(opts);
  const par = await searchParallel(opts, inProcessPool(width - 1, remoteChunk), { chunk, splitAt });
  expect(same(par)).toEqual(same(seq));
}

const CASES: { name: string; opts: SearchOptions }[] = [
  { name: 'pasid-6.x invariants, exhausted at depth 3', opts: { designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 3, symmetry: false } },
  { name: 'pasid-6.x invariants, symmetry, depth 4', opts: { designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 4 } },
  { name: 'upstream-5.8 invariants (a finding)', opts: { designs: ['upstream-5.8'], machine: parseSpec('aux=2,plain=0') } },
  { name: 'upstream-5.8 vs pasid-6.x, default machine (a finding)', opts: { designs: ['upstream-5.8', 'pasid-6.x'] } },
  { name: 'upstream-5.8 vs pasid-6.x, no symmetry', opts: { designs: ['upstream-5.8', 'pasid-6.x'], symmetry: false } },
  { name: 'v3 vs driver-map, S8 calls', opts: { designs: ['v3-group-flag', 'driver-map'], machine: parseSpec('aux=1,plain=0'), calls: ['vfio_attach_group', 'vfio_detach_group', 'iommu_detach_group', 'driver_get_domain'] } },
  { name: 'domain-flag vs driver-map, nothing at depth 3', opts: { designs: ['domain-flag', 'driver-map'], machine: parseSpec('aux=1,plain=0'), calls: ['vfio_attach_group', 'vfio_detach_group'], depth: 3 } },
  { name: 'a design and its variant, internals level (a finding)', opts: { designs: ['v3-group-flag', 'v3-group-flag+plain-detach=clear' as DesignId], machine: parseSpec('aux=1,plain=0'), level: 'internals' } },
  { name: 'a design and its variant, observable level, nothing at depth 3', opts: { designs: ['v3-group-flag', 'v3-group-flag+plain-detach=clear' as DesignId], machine: parseSpec('aux=1,plain=0'), level: 'observable', depth: 3 } },
  { name: 'pasid-6.x vs its reuse variant (a finding at depth 3)', opts: { designs: ['pasid-6.x', 'pasid-6.x+reuse=domain-pasid' as DesignId] } },
  { name: 'a state cap mid-level', opts: { designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 6, maxStates: 500, symmetry: false } },
  { name: 'a state cap with symmetry', opts: { designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 6, maxStates: 333 } },
  // The estimate counts the same nodes in the same order on one thread or two (memory.ts).
  { name: 'a memory budget mid-level', opts: { designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 6, maxMemory: 3_000_000, symmetry: false } },
  { name: 'a memory budget, two designs', opts: { designs: ['upstream-5.8', 'upstream-5.8+present-check=on'] as DesignId[], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 5, maxMemory: 2_000_000 } },
];

describe('parallel search = sequential search', () => {
  for (const c of CASES)
    it(c.name, async () => {
      await both(c.opts, 2, 4, 8);
      await both(c.opts, 2, 64, 64, 7);
    });

  it('three expanders, and a split at the root', async () => {
    await both(CASES[0].opts, 3, 2, 1);
    await both(CASES[2].opts, 3, 5, 2, 1);
  });

  it('a cancel at the same node (a shouldStop that counts its calls)', async () => {
    const opts = (): SearchOptions => {
      let k = 0;
      // A clock that stands still: the parallel search also asks when its merge stalls 25 ms.
      return { designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 6, symmetry: false, shouldStop: () => ++k >= 4, now: () => 0 };
    };
    const seq = search(opts());
    const par = await searchParallel(opts(), inProcessPool(1, 3), { chunk: 5, splitAt: 8 });
    expect(seq.stopped?.reason).toBe('cancelled');
    expect(same(par)).toEqual(same(seq));
  });

  it('random options: machines, designs, depths, symmetry, caps, chunks', async () => {
    const designs: DesignId[] = ['upstream-5.8', 'v3-group-flag', 'domain-flag', 'driver-map', 'pasid-6.x'];
    const machines = ['aux=1,plain=0', 'aux=1,plain=1,mdevs=2', 'aux=2,plain=0,containers=2', 'aux=1,plain=1,shared', 'aux=2,plain=1,mdevs=2,containers=2'];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          pair: fc.uniqueArray(fc.constantFrom(...designs), { minLength: 1, maxLength: 2 }),
          machine: fc.constantFrom(...machines),
          depth: fc.integer({ min: 1, max: 3 }),
          symmetry: fc.boolean(),
          invariants: fc.boolean(),
          maxStates: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
          chunk: fc.integer({ min: 1, max: 40 }),
          remote: fc.integer({ min: 1, max: 40 }),
          splitAt: fc.integer({ min: 1, max: 80 }),
        }),
        async (x) => {
          const opts: SearchOptions = { designs: x.pair, machine: parseSpec(x.machine), depth: x.depth, symmetry: x.symmetry, invariants: x.invariants, maxStates: x.maxStates, shrink: false };
          await both(opts, 2, x.chunk, x.splitAt, x.remote);
        },
      ),
      { numRuns: 25, seed: 13 },
    );
  });

  /**
   * A made-up space (states 0…n−1, action a of state s leads to to[s][a], −1: invalid), whose
   * findings never replay (no declarations): every candidate stays unconfirmed, the case where
   * the sequential search neither stops nor adds the state to its visited set, so a later
   * transition to it is looked at again. An expander that added such a state to its own set
   * would leave that later transition out (the search would count fewer states).
   */
  it('unconfirmed finding candidates, on a made-up graph', async () => {
    const graph = fc.integer({ min: 2, max: 40 }).chain((n) =>
      fc.record({
        to: fc.array(fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: 1, maxLength: 6 }), { minLength: n, maxLength: n }),
        call: fc.array(fc.integer({ min: 0, max: n * 6 }), { maxLength: 8 }),
        state: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 8 }),
        depth: fc.integer({ min: 1, max: 7 }),
        maxStates: fc.option(fc.integer({ min: 1, max: n }), { nil: undefined }),
        // The packed visited set starts at 8 KiB; a node of this space is estimated at ≈ 3.8 kB.
        maxMemory: fc.option(fc.integer({ min: 8192, max: 8192 + 4000 * 40 }), { nil: undefined }),
        chunk: fc.integer({ min: 1, max: 5 }),
        remote: fc.integer({ min: 1, max: 5 }),
        splitAt: fc.integer({ min: 1, max: 8 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(graph, async (g) => {
        const calls = new Set(g.call);
        const states = new Set(g.state);
        const actions = Array.from({ length: 6 }, (_, i) => ({ text: `a${i}` }) as unknown as Action);
        const made = (): Space => {
          let n = 0;
          const node = (s: number, parent: Node | null, action: string | null): Node => ({ ms: [{} as never], lanes: [], keys: [s], seen: s, sort: null, renamed: null, codes: [], parent, action });
          const out = (from: number, a: number, to: number) => ({ from, a, to }) as unknown as Outcome;
          const info = (o: Outcome) => o as unknown as { from: number; a: number; to: number };
          return {
            designs: ['pasid-6.x'], spec: DEFAULT_MACHINE, level: 'returns', single: true, invariants: true, decls: [], setup: [], sym: null,
            root: node(0, null, null),
            coreCalls: () => n,
            transitions: (nd, visit) => {
              const s = nd.seen as number;
              for (let a = 0; a < g.to[s].length; a++) {
                n++;
                const t = g.to[s][a];
                if (t >= 0 && visit(actions[a], [out(s, a, t)], null, t)) return true;
              }
              return false;
            },
            callFinding: (_, [o]) => calls.has(info(o).from * 6 + info(o).a),
            stateFinding: (_, [o]) => states.has(info(o).to),
            child: (nd, a, [o], _after, _key, withPath) => node(info(o).to, withPath ? nd : null, withPath ? a.text : null),
          };
        };
        const opts: SearchOptions = { designs: ['pasid-6.x'], depth: g.depth, maxStates: g.maxStates, maxMemory: g.maxMemory };
        const seq = search(opts, made());
        const par = await searchParallel(opts, inProcessPool(1, g.remote, made), { chunk: g.chunk, splitAt: g.splitAt, space: made() });
        expect(same(par)).toEqual(same(seq));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});

