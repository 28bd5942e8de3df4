/**
 * A run keeps every step's violations. A design that leaves a violation standing (v5.8's stale
 * default_pasid after an aux detach) reports it again on every later step; those steps share
 * one violation object while the domain's record is unchanged, rather than each keeping a copy
 * (issue 22: ~7.5 kB of the 1,024-mdev bench's 11 kB per step were such copies).
 */
import { expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../src/scn';

it("a standing default-pasid-stale violation is one object across the steps that keep the domain's record", () => {
  const text = [
    'pci P1 pasids=1048576 siov',
    'pci P2 pasids=1048576 siov',
    'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)',
    'D = iommu_domain_alloc(pci)',
    'iommu_aux_attach_device(D, P1)',
    'iommu_aux_detach_device(D, P1)',
    'E = iommu_domain_alloc(pci)',
    'iommu_attach_device(E, P2)',
    'iommu_detach_device(E, P2)',
  ].join('\n');
  const run = runScenario(parseScenario(text).script!, 'upstream-5.8');
  const stale = run.entries.slice(-3).map((e) => e.step!.violations.find((v) => v.code === 'default-pasid-stale'));
  expect(stale[0]?.message).toMatch(/^D: default_pasid 1 is freed/);
  expect(stale[1]).toBe(stale[0]);
  expect(stale[2]).toBe(stale[0]);
});
