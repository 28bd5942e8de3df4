import { describe, expect, it } from 'vitest';
import { machine, pci, run } from './helpers';

describe('VT-d domain-ids', () => {
  it('takes the lowest free id from 2 (scalable mode), keeps the list sorted, and reuses freed ids', () => {
    const m = machine([pci('P1'), pci('P2'), pci('P3')]);
    expect(m.iommu.dids).toEqual([2, 3, 4]);
    const s = run('upstream-5.8', m, [
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_domain_alloc', ['bus:pci'], 'E'],
      ['iommu_attach_device', ['D', 'P2']],
      ['iommu_attach_device', ['E', 'P3']],
    ]);
    // P2's DMA domain gave back 3, P3's gave back 4: D takes 3, E takes 4.
    expect(s[2].machine.iommu.dids).toEqual([2, 3, 4]);
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
