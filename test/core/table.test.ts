import { describe, expect, it } from 'vitest';
import { Table } from '../../src/core/table';

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
});
