/**
 * The search compares a design with its own variant: "the shortest scenario where this choice
 * matters" (docs/designs.md, "Variants"). Known answers, each replayed through checkScenario
 * (what `npm run check` runs) with 0 failures.
 */
import { describe, expect, it } from 'vitest';
import type { DesignId } from '../../src/core';
import { checkScenario, totals } from '../../src/scn';
import { parseSpec, search } from '../../src/search';

describe('design vs its variant', () => {
  it('pasid-6.x+reuse=domain-pasid: two parents in one container share the first mdev’s PASID (S4), depth 3', () => {
    const designs: DesignId[] = ['pasid-6.x', 'pasid-6.x+reuse=domain-pasid'];
    const r = search({ designs });
    expect(r.found).toBe(true);
    expect(r.foundDepth).toBe(3);
    expect(r.calls).toEqual(['vfio_attach_group(C, G_m1)', 'vfio_attach_group(C, G_m2)', 'driver_get_pasid(m2)']);
    expect(r.scenario).toMatch(/^design: pasid-6\.x, pasid-6\.x\+reuse=domain-pasid$/m);
    // Both sides named: a variant never falls back to a catch-all.
    expect(r.scenario).toMatch(/^driver_get_pasid\(m2\) => 2 @pasid-6\.x \| 1 @pasid-6\.x\+reuse=domain-pasid$/m);
    expect(r.verified).toEqual({ passed: expect.any(Number), failed: 0 });
    expect(totals([checkScenario('found.scn', r.scenario!)]).failed).toBe(0);
  });

  it('v3-group-flag+plain-detach=clear: no return differs, the kernel field does (internals), depth 2', () => {
    const designs: DesignId[] = ['v3-group-flag', 'v3-group-flag+plain-detach=clear'];
    expect(search({ designs, machine: parseSpec('aux=1,plain=0'), depth: 3 }).found).toBe(false);
    const r = search({ designs, machine: parseSpec('aux=1,plain=0'), level: 'internals' });
    expect(r.found).toBe(true);
    expect(r.calls.at(-1)).toBe('iommu_detach_group(C.d0, G_m1)');
    expect(r.differences.map((d) => d.what)).toContain('G_m1.aux_domain_attached');
    expect(r.verified?.failed).toBe(0);
  });

  it('a variant compared with itself under another spelling is refused', () => {
    expect(() => search({ designs: ['driver-map', 'driver-map+present-check=on' as DesignId] })).toThrow(/two different designs/);
  });
});
