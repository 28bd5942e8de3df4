/** What changed's "Nothing changed" line names the call, not the line's expectation (src/ui/panels/WhatChanged.tsx). */
import { describe, expect, it } from 'vitest';
import { callOnly } from '../../../src/ui/panels/WhatChanged';

describe('callOnly', () => {
  it('drops the expectation and its per-design values', () => {
    expect(callOnly('driver_get_pasid(m1) => -ENODEV @upstream-5.8 | 1')).toBe('driver_get_pasid(m1)');
    expect(callOnly('D = iommu_domain_alloc(pci)=>D')).toBe('D = iommu_domain_alloc(pci)');
  });
  it('keeps a statement without one', () => {
    expect(callOnly('iommu_detach_device(D, P1)')).toBe('iommu_detach_device(D, P1)');
  });
});
