import { describe, expect, it } from 'vitest';
import { DidSet } from '../../src/core/dids';
import { machine, pci, run } from './helpers';

describe('VT-d domain-ids', () => {
  it('takes the lowest free id from 2 (scalable mode), keeps the list sorted, and reuses freed ids', () => {
    const m = machine([pci('P1'), pci('P2'), pci('P3')]);
    expect([...m.iommu.dids]).toEqual([2, 3, 4]);
    const s = run('upstream-5.8', m, [
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_domain_alloc', ['bus:pci'], 'E'],
      ['iommu_attach_device', ['D', 'P2']],
      ['iommu_attach_device', ['E', 'P3']],
    ]);
    // P2's DMA domain gave back 3, P3's gave back 4: D takes 3, E takes 4.
    expect([...s[2].machine.iommu.dids]).toEqual([2, 3, 4]);
    const d = s[3].machine.domains.toArray().find((x) => x.name === 'D')!;
    const e = s[3].machine.domains.toArray().find((x) => x.name === 'E')!;
    expect([d.iommu_did, e.iommu_did]).toEqual([3, 4]);
  });

  it('refuses with -ENOSPC when no id is free', () => {
    const m = machine([{ kind: 'iommu', driver: 'vtd', opts: { ndoms: '4' } }, pci('P1'), pci('P2')]);
    const s = run('upstream-5.8', m, [
      ['iommu_dev_enable_feature', ['P1', 0]],
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_aux_attach_device', ['D', 'P1']],
    ]);
    expect(s[2].ret).toEqual({ t: 'int', v: -28 });
  });
});

describe('DidSet (the domain-id bitmap)', () => {
  it('behaves as the sorted list it replaced: lowest free id, set, clear, across word boundaries', () => {
    // A reference model: the sorted array and its first-gap walk (the code before the bitmap).
    let list: number[] = [];
    let set = DidSet.EMPTY;
    const firstFree = (from: number) => {
      let did = from;
      for (const x of list) if (x === did) did++;
      return did;
    };
    // Deterministic pseudo-random mix of allocations and frees reaching past 64 ids.
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      if (seed % 3 !== 0 || list.length === 0) {
        const did = set.firstFree(2);
        expect(did).toBe(firstFree(2));
        list = [...list, did].sort((a, b) => a - b);
        set = set.with(did);
      } else {
        const did = list[seed % list.length];
        list = list.filter((x) => x !== did);
        set = set.without(did);
      }
      expect([...set]).toEqual(list);
      expect(set.length).toBe(list.length);
      expect(set.join(',')).toBe(list.join(','));
    }
    expect(JSON.stringify(set)).toBe(JSON.stringify(list));
    expect(DidSet.from(list)).toEqual(set);
    expect(set.with(list[0])).toBe(set);
  });
});
