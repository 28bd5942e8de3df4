import { describe, expect, it } from 'vitest';
import { SIGNATURES } from '../../src/core';
import { toGraph } from '../../src/derive/graph';
import { offersFor } from '../../src/derive/offers';
import { fakeDesign, machine } from '../derive/machine-fixture';

const g = toGraph(machine({ pci: ['P1'], mdev: { m1: 'P1' }, containers: ['C'], domains: { D: 'UNMANAGED' } }), fakeDesign);
const all = () => true;

describe('offers for the selection', () => {
  it('a domain and a device → attach, aux attach, map', () => {
    const lines = offersFor(['D', 'P1'], g.nodes, SIGNATURES, all).map((o) => o.line);
    expect(lines).toContain('iommu_attach_device(D, P1)');
    expect(lines).toContain('iommu_aux_attach_device(D, P1)');
    expect(lines.some((l) => l.startsWith('iommu_map(D, '))).toBe(true);
  });
  it('a container and an mdev → vfio attach of its group', () => {
    const lines = offersFor(['C', 'm1'], g.nodes, SIGNATURES, all).map((o) => o.line);
    expect(lines[0]).toBe('vfio_attach_group(C, G_m1)');
  });
  it('only what the design offers; nothing selected → calls without objects, with a fresh binding', () => {
    expect(offersFor(['D', 'P1'], g.nodes, SIGNATURES, (fn) => fn === 'iommu_attach_device').map((o) => o.line)).toEqual(['iommu_attach_device(D, P1)']);
    const none = offersFor([], g.nodes, SIGNATURES, all, new Set(['D'])).map((o) => o.line);
    expect(none).toContain('D2 = iommu_domain_alloc(pci)');
  });
  it('a group → claim its DMA with a non-zero owner (0 would be NULL)', () => {
    const lines = offersFor(['G_P1'], g.nodes, SIGNATURES, all).map((o) => o.line);
    expect(lines).toContain('iommu_group_claim_dma_owner(G_P1, 1)');
    expect(lines).toContain('iommu_group_release_dma_owner(G_P1)');
  });
  it('driver steps take mdevs only', () => {
    expect(offersFor(['P1'], g.nodes, SIGNATURES, all).some((o) => o.fn === 'driver_get_domain')).toBe(false);
    expect(offersFor(['m1'], g.nodes, SIGNATURES, all).some((o) => o.line === 'driver_get_domain(m1)')).toBe(true);
  });
});
