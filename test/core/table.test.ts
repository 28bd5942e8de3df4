import { describe, expect, it } from 'vitest';
import { Table } from '../../src/core/table';
import { deepFreeze } from './helpers';

describe('Table', () => {
  it('shares untouched chunks and never changes an older version', () => {
    const a = Table.of(Array.from({ length: 100 }, (_, i) => i));
    const b = a.set(70, -1);
    expect(a.get(70)).toBe(70);
    expect(b.get(70)).toBe(-1);
    expect(b.toArray().filter((x, i) => x !== i)).toEqual([-1]);
    const c = b.push(100);
    expect([b.size, c.size, c.get(100)]).toEqual([100, 101, 100]);
    expect(() => a.get(100)).toThrow(RangeError);
  });

  it('an edited table writes in place until sealed, and never into the table it came from', () => {
    const a = deepFreeze(Table.of(Array.from({ length: 70 }, (_, i) => i)));
    const b = a.edit();
    b.setOwned(3, -3);
    b.setOwned(4, -4);
    expect(b.pushOwned(70)).toBe(70);
    expect(a.toArray()).toEqual(Array.from({ length: 70 }, (_, i) => i));
    expect([b.get(3), b.get(4), b.get(70), b.size, a.size]).toEqual([-3, -4, 70, 71, 70]);
    // Untouched chunks are shared, touched ones copied once.
    expect(b.chunkList()[1]).toBe(a.chunkList()[1]);
    expect(b.chunkList()[0]).not.toBe(a.chunkList()[0]);
    b.seal();
    expect(() => b.setOwned(5, 0)).toThrow(/sealed/);
    expect(() => a.setOwned(5, 0)).toThrow(/sealed/);
  });
});
