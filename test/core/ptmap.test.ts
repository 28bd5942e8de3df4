/** PtMap (src/core/ptmap.ts) against a plain Map, and the structure it shares between versions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PtEntry } from '../../src/core/index';
import { ptEntries, ptGet, ptRange, ptSize, PtWriter, PT_EMPTY, type PtMap } from '../../src/core/ptmap';

const key = (level: number, index: number) => `${level}:${index}`;
const op = fc.oneof(
  fc.record({ t: fc.constant('set' as const), level: fc.integer({ min: 1, max: 5 }), index: fc.oneof(fc.nat(300), fc.nat(2 ** 45)), paddr: fc.nat() }),
  fc.record({ t: fc.constant('del' as const), level: fc.integer({ min: 1, max: 5 }), index: fc.nat(300) }),
  fc.record({ t: fc.constant('range' as const), level: fc.integer({ min: 1, max: 5 }), lo: fc.nat(400), len: fc.nat(400) }),
  fc.constant({ t: 'seal' as const }),
);

describe('PtMap', () => {
  it('reads as a Map written the same way, and never changes a sealed version', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const model = new Map<string, PtEntry>();
        let w = new PtWriter(PT_EMPTY);
        const sealed: [PtMap, string][] = [];
        const dump = (pt: PtMap) => JSON.stringify(ptEntries(pt));
        for (const o of ops) {
          if (o.t === 'set') {
            const e = { level: o.level, index: o.index, paddr: o.paddr, prot: 3 };
            w.set(e);
            model.set(key(o.level, o.index), e);
          } else if (o.t === 'del') {
            w.delete(o.level, o.index);
            model.delete(key(o.level, o.index));
          } else if (o.t === 'range') {
            w.deleteRange(o.level, o.lo, o.lo + o.len);
            for (const [k, e] of model) if (e.level === o.level && e.index >= o.lo && e.index < o.lo + o.len) model.delete(k);
          } else {
            const pt = w.done();
            sealed.push([pt, dump(pt)]);
            w = new PtWriter(pt);
          }
        }
        const pt = w.done();
        expect(ptSize(pt)).toBe(model.size);
        const want = [...model.values()].sort((a, b) => a.level - b.level || a.index - b.index);
        expect(ptEntries(pt)).toEqual(want);
        for (const e of want) expect(ptGet(pt, e.level, e.index)).toBe(e);
        expect(ptRange(pt, 1, 10, 200)).toEqual(want.filter((e) => e.level === 1 && e.index >= 10 && e.index < 200));
        for (const [old, text] of sealed) expect(dump(old)).toBe(text);
      }),
      { seed: 24, numRuns: 300 },
    );
  });

  it('a write copies one path: the new version shares the rest of the tree with the old', () => {
    const w = new PtWriter(PT_EMPTY);
    for (let i = 0; i < 4096; i++) w.set({ level: 1, index: i, paddr: i * 4096, prot: 3 });
    const a = w.done();
    const w2 = new PtWriter(a);
    w2.set({ level: 1, index: 4096, paddr: 0, prot: 3 });
    const b = w2.done();
    const ra = a.lv[1]!.r;
    const rb = b.lv[1]!.r;
    // 4,097 entries: a root of 2 digits more; index 0…4095 live under child 0 of the new root.
    const shared = (rb[0] as unknown[]).filter((c, i) => c === ra[i]).length;
    expect(shared).toBe(16);
    expect(ptSize(a)).toBe(4096);
    expect(ptSize(b)).toBe(4097);
  });
});
