import { describe, expect, it } from 'vitest';
import { getDesign, type KernelFn } from '../../src/core';
import { outcomeOf, OUTCOME_ICON, OUTCOME_TEXT } from '../../src/derive/outcome';
import { checkScenario } from '../../src/scn';

describe('outcomeOf', () => {
  it('marks an internal error of the emulator as its own outcome, not an OOPS or a plain error', () => {
    const fns = getDesign('upstream-5.8')!.functions as Record<string, KernelFn>;
    const original = fns.iommu_group_id;
    fns.iommu_group_id = () => {
      throw new TypeError('boom');
    };
    try {
      const run = checkScenario('x.scn', 'pci P1\niommu_group_id(G_P1)\niommu_domain_free(NULL) => OOPS\n').runs[0];
      expect(run.entries.map(outcomeOf)).toEqual(['decl', 'internal', 'oops']);
      expect(OUTCOME_ICON.internal).not.toBe(OUTCOME_ICON.oops);
      expect(OUTCOME_TEXT.internal).toMatch(/internal error/);
    } finally {
      fns.iommu_group_id = original;
    }
  });
});
