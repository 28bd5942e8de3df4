/** The indexes kept beside a Table follow any table asked about, sealed or still being edited. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Table } from '../../src/core/table';
import { IdaIndex, KeyIndex } from '../../src/core/table-index';

type Rec = { readonly name: string; readonly n: number | null };
const rec = fc.record({ name: fc.constantFrom('a', 'b', 'c', 'd'), n: fc.option(fc.nat(6)) });
const ops = fc.array(fc.oneof(fc.record({ push: rec }), fc.record({ set: fc.nat(40), to: rec }), fc.record({ back: fc.nat(40) })), { maxLength: 60 });

function naiveIds(t: Table<Rec>, name: string): number[] {
  return t.toArray().flatMap((r, i) => (r.name === name ? [i] : []));
}
function naiveFree(t: Table<Rec>): number {
  const used = new Set(t.toArray().flatMap((r) => (r.n === null ? [] : [r.n])));
  let i = 0;
  while (used.has(i)) i++;
  return i;
}

describe('KeyIndex and IdaIndex', () => {
  it('answer as a scan of the table would, whatever table was asked before', () => {
    fc.assert(
      fc.property(ops, (list) => {
        const names = new KeyIndex<Rec>((r) => r.name);
        const ida = new IdaIndex<Rec>((r) => r.n);
        const seen: Table<Rec>[] = [Table.empty()];
        let t = seen[0];
        const check = (x: Table<Rec>) => {
          for (const name of ['a', 'b', 'c', 'd']) expect(names.find(x, name, (ids) => [...ids])).toEqual(naiveIds(x, name));
          expect(ida.lowestFree(x)).toBe(naiveFree(x));
        };
        for (const o of list) {
          if ('back' in o) t = seen[o.back % seen.length];
          else {
            // An open table: the index visits it, then must come back unchanged.
            const e = t.edit();
            if ('push' in o) e.pushOwned(o.push);
            else if (e.size) e.setOwned(o.set % e.size, o.to);
            check(e);
            e.seal();
            t = e;
            seen.push(t);
          }
          check(t);
        }
      }),
      { seed: 24, numRuns: 200 },
    );
  });

  it('Table.diffIds lists the ids that differ, across a growth of the tree', () => {
    let a = Table.empty<number>();
    for (let i = 0; i < 20; i++) a = a.push(i);
    let b = a;
    for (let i = 20; i < 300; i++) b = b.push(i);
    b = b.set(3, -3);
    expect(Table.diffIds(a, b)).toEqual([3, ...Array.from({ length: 280 }, (_, i) => 20 + i)]);
    expect(Table.diffIds(b, b)).toEqual([]);
  });
});
