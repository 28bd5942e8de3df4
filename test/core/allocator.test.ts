import { describe, expect, it } from 'vitest';
import { machine, pci, run } from './helpers';

describe('PASID allocators', () => {
  it('hands out the lowest free id from 1 and reuses freed ones (ioasid, aux era)', () => {
    const m = machine([pci('P1')]);
    const s = run('upstream-5.8', m, [
      ['iommu_dev_enable_feature', ['P1', 0]],
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_domain_alloc', ['bus:pci'], 'E'],
      ['iommu_domain_alloc', ['bus:pci'], 'F'],
      ['iommu_aux_attach_device', ['D', 'P1']],
      ['iommu_aux_attach_device', ['E', 'P1']],
      ['iommu_aux_detach_device', ['D', 'P1']],
      ['iommu_aux_attach_device', ['F', 'P1']],
      ['iommu_aux_get_pasid', ['E', 'P1']],
      ['iommu_aux_get_pasid', ['F', 'P1']],
    ]);
    expect(s.slice(-2).map((x) => x.ret)).toEqual([{ t: 'int', v: 2 }, { t: 'int', v: 1 }]);
  });

  it('global PASIDs: lowest free in [1, max-1], -1 without PASID support, WARN on a double free', () => {
    const m = machine([pci('P1', { pasids: 3 }), pci('V', { pasids: 0, siov: false })]);
    const s = run('pasid-6.x', m, [
      ['iommu_alloc_global_pasid', ['P1']],
      ['iommu_alloc_global_pasid', ['P1']],
      ['iommu_alloc_global_pasid', ['P1']],
      ['iommu_alloc_global_pasid', ['V']],
      ['iommu_free_global_pasid', [1]],
      ['iommu_free_global_pasid', [1]],
      ['iommu_alloc_global_pasid', ['P1']],
    ]);
    expect(s.map((x) => (x.ret.t === 'int' ? x.ret.v : x.ret.t))).toEqual([1, 2, -1, -1, 'void', 'void', 1]);
    expect(s[5].warned).toBe(true);
    expect(s[4].warned).toBe(false);
  });
});
