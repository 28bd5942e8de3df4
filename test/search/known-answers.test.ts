/**
 * Known answers (docs/compare.md, "Known answers"): for each pair of designs known to disagree, the
 * search finds a divergence within its default depth, of the kind the table describes, and the text it
 * emits replays through checkScenario (what `npm run check` runs) with 0 failures. How fast is
 * the bench's business (search.first_divergence_ms_*), not a unit test's.
 */
import { describe, expect, it } from 'vitest';
import type { DesignId } from '../../src/core';
import { checkScenario, totals } from '../../src/scn';
import { parseSpec, search } from '../../src/search';

interface Known {
  readonly name: string;
  readonly designs: [DesignId, DesignId];
  readonly machine?: string;
  readonly calls?: string[];
  /** The last call of the found scenario, with its expectation. */
  readonly last: RegExp;
  /** Calls that must be in the scenario. */
  readonly has?: RegExp[];
}

const KNOWN: Known[] = [
  {
    name: 'S8: v3 group flag goes stale after a plain group detach',
    designs: ['v3-group-flag', 'driver-map'],
    machine: 'aux=1,plain=0',
    calls: ['vfio_attach_group', 'vfio_detach_group', 'iommu_detach_group', 'driver_get_domain'],
    last: /^driver_get_domain\(m1\) => NULL @v3-group-flag \| C\.d0$/m,
    has: [/^iommu_detach_group\(C\.d0, G_m1\) => void$/m],
  },
  {
    name: 'S6: VF-backed mdev regresses under v3 (default search)',
    designs: ['upstream-5.8', 'v3-group-flag'],
    last: /^vfio_attach_group\(C, G_mV1\) => 0 @upstream-5\.8 \| -ENODEV$/m,
  },
  {
    name: 'S4: a domain reused across two parents GPFs on the second detach',
    designs: ['upstream-5.8', 'driver-map'],
    machine: 'aux=2,plain=0',
    calls: ['vfio_attach_group', 'vfio_detach_group'],
    last: /^vfio_detach_group\(C, G_m\d\) => OOPS @upstream-5\.8 \| void$/m,
  },
  {
    name: 'find D for an mdev: upstream cannot find the mdev’s domain, pasid-6.x can (default search)',
    designs: ['upstream-5.8', 'pasid-6.x'],
    last: /^driver_get_domain\(m1\) => NULL @upstream-5\.8 \| C\.d0$/m,
  },
  {
    name: 'find D for an mdev: upstream vs v3 on the aux user (no VF)',
    designs: ['upstream-5.8', 'v3-group-flag'],
    machine: 'aux=1,plain=0',
    last: /^driver_get_domain\(m1\) => NULL @upstream-5\.8 \| C\.d0$/m,
  },
];

describe('known answers', () => {
  for (const k of KNOWN) {
    it(k.name, () => {
      const r = search({ designs: k.designs, machine: k.machine ? parseSpec(k.machine) : undefined, calls: k.calls });
      expect(r.found).toBe(true);
      expect(r.scenario).toMatch(k.last);
      for (const h of k.has ?? []) expect(r.scenario).toMatch(h);
      expect(r.scenario).toMatch(new RegExp(`^design: ${k.designs.join(', ')}$`, 'm'));
      const report = checkScenario('found.scn', r.scenario!);
      expect(report.errors).toEqual([]);
      expect(totals([report])).toMatchObject({ failed: 0 });
      expect(r.verified).toMatchObject({ failed: 0 });
      expect(r.differences.length).toBeGreaterThan(0);
    });
  }
});
