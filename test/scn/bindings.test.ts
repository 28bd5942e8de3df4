/**
 * A run keeps its bindings after every statement (RunEntry.env). They are one persistent table
 * (scn/bindings.ts): a run of n bindings keeps O(n) of them, not n tables of up to n names, in
 * the Worker and on the page alike (the wire sends one pair per binding). Counted in heap
 * bytes and in pairs sent, not in time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/core';
import { RunDecoder, RunEncoder } from '../../src/runner/wire';
import { Bindings, parseScenario, runScenario, type Run } from '../../src/scn';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** Heap bytes `make` leaves reachable (kept alive by the returned value), after full collections. */
function retained<T>(make: () => T): { value: T; bytes: number } {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const value = make();
  gc();
  gc();
  return { value, bytes: process.memoryUsage().heapUsed - before };
}

const N = 4000;
/** N distinct bindings, each of a call that changes nothing (the machine stays one object). */
const manyBindings = (n: number) => 'pci P\nmdev m parent=P\n' + Array.from({ length: n }, (_, i) => `B${i} = iommu_get_domain_for_dev(m)`).join('\n') + '\n';

describe('a run with many bindings', () => {
  const { script } = parseScenario(manyBindings(N));

  it('keeps its bindings in memory linear in their number, in the run and decoded from the wire', () => {
    const run = retained(() => runScenario(script, 'upstream-5.8'));
    expect(run.value.entries.length).toBe(N + 2);
    expect([...run.value.entries.at(-1)!.env.keys()]).toHaveLength(N);
    // A table per binding would keep N²/2 = 8 M names (≈ 60 kB per statement); linear is ~1 kB.
    expect(run.bytes / N).toBeLessThan(4000);
    const wire = new RunEncoder().encode(run.value);
    // One pair per binding crosses, not the whole table each time.
    expect(wire.entries.reduce((n, e) => n + (e.env?.length ?? 0), 0)).toBe(N);
    const page = retained(() => new RunDecoder().decode(wire) as Run);
    expect(page.bytes / N).toBeLessThan(4000);
    expect([...page.value.entries.at(-1)!.env]).toEqual([...run.value.entries.at(-1)!.env]);
    expect(page.value.entries[N].env.get('B100')).toEqual({ t: 'ptr', ref: null });
    expect(page.value.entries[100].env.has('B100')).toBe(false);
  }, 60_000);
});

describe('Bindings', () => {
  it('answers as a Map copied per binding, for every version, after bindings on older versions', () => {
    const op = fc.tuple(fc.nat(), fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        // Each op binds a name on some earlier version (the newest most of the time).
        const maps: Map<string, Value>[] = [new Map()];
        const bs: Bindings[] = [Bindings.EMPTY];
        for (const [from, k, v] of ops) {
          const i = from % 3 ? bs.length - 1 : from % bs.length;
          const val: Value = { t: 'int', v };
          maps.push(new Map(maps[i]).set(k, val));
          bs.push(bs[i].with(k, val));
        }
        bs.forEach((b, i) => {
          expect([...b]).toEqual([...maps[i]]);
          expect(b.size).toBe(maps[i].size);
          for (const k of ['a', 'b', 'c', 'd', 'e']) {
            expect(b.get(k)).toEqual(maps[i].get(k));
            expect(b.has(k)).toBe(maps[i].has(k));
          }
        });
      }),
      { numRuns: 200, seed: 20261207 },
    );
  });
});
