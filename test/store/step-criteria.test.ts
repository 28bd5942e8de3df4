/**
 * Issue 20's step criteria on scenarios nobody wrote (seeded fast-check, every design), through
 * the selectors the page draws from: a statement without a call (`show`, `check`) keeps every
 * badge and mark of the picture before it, and every object a step brings into the picture is
 * named among "What changed"'s created objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESIGN_IDS, getDesign } from '../../src/core';
import { stepChangesOf } from '../../src/derive/step-changes';
import { parseScenario, runScenario } from '../../src/scn';
import { stepsOf } from '../../src/store/cursor';
import { frameAt, graphAt } from '../../src/store/selectors';

const SEED = 20261207;
const MACHINE = ['iommu vtd', 'pci P1 pasids=1048576 siov', 'pci P2 pasids=1048576 siov', 'mdev m1 parent=P1', 'mdev m2 parent=P1', 'container C'];
const STATEMENTS = [
  'D = iommu_domain_alloc(pci)',
  'D2 = iommu_domain_alloc(pci)',
  'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)',
  'iommu_dev_disable_feature(P1, IOMMU_DEV_FEAT_AUX)',
  'iommu_aux_attach_device(D, P1)',
  'iommu_aux_detach_device(D, P1)',
  'iommu_aux_attach_device(D2, P1)',
  'iommu_dev_enable_feature(P2, IOMMU_DEV_FEAT_AUX)',
  'iommu_aux_attach_device(D, P2)',
  'iommu_aux_detach_device(D, P2)',
  'iommu_aux_get_pasid(D, P1)',
  'iommu_attach_device(D, P2)',
  'iommu_detach_device(D, P2)',
  'iommu_attach_group(D2, G_m1)',
  'iommu_detach_group(D2, G_m1)',
  'iommu_attach_device_pasid(D, P1, 1)',
  'iommu_detach_device_pasid(D, P1, 1)',
  'iommu_map(D, 0x1000, 0x200000, 0x1000, IOMMU_READ|IOMMU_WRITE)',
  // Calls that WARN or oops on some designs and states: what a badge or a mark is for.
  'iommu_map(D, 0x1000, 0x9000, 0x1000, IOMMU_READ|IOMMU_WRITE)',
  'iommu_map(D, 0x0, 0x10000, 0x3000, IOMMU_READ)',
  'iommu_unmap(D, 0x1000, 0x1000)',
  'iommu_iova_to_phys(D, 0x1000)',
  'iommu_detach_device_pasid(D, P1, 5)',
  'iommu_domain_free(D)',
  'iommu_domain_free(D2)',
  'vfio_attach_group(C, G_m1)',
  'vfio_detach_group(C, G_m1)',
  'vfio_attach_group(C, G_m2)',
  'show D',
  'show P1',
  'show G_m1',
  'show C',
];
const scenario = fc.array(fc.constantFrom(...STATEMENTS), { minLength: 1, maxLength: 16 }).map((lines) => [...MACHINE, ...lines, ''].join('\n'));
const badgesOf = (g: ReturnType<typeof graphAt>) => new Map(g.nodes.filter((n) => !n.gone).map((n) => [n.id, JSON.stringify([n.badges, n.marks])]));

describe('step criteria on generated scenarios', () => {
  it('a show keeps the badges and marks before it; every object a step adds is named as created', () => {
    let shows = 0;
    let marked = 0;
    let added = 0;
    fc.assert(
      fc.property(scenario, (text) => {
        const script = parseScenario(text).script!;
        for (const id of DESIGN_IDS) {
          const design = getDesign(id)!;
          const run = runScenario(script, id);
          const n = stepsOf(run).length;
          for (let c = 1; c <= n; c++) {
            const before = graphAt(run, design, c - 1);
            const after = graphAt(run, design, c);
            const f = frameAt(run, c);
            if (!f.step && f.entry?.kind === 'show') {
              shows++;
              if (before.nodes.some((x) => !x.gone && (x.marks.length || x.badges.length))) marked++;
              expect(badgesOf(after), `${id}, line ${f.entry.line}`).toEqual(badgesOf(before));
            }
            const created = new Set(stepChangesOf({ graph: before, machine: frameAt(run, c - 1).machine! }, { graph: after, machine: f.machine!, step: f.step }).created.map((o) => o.id));
            const had = new Set(before.nodes.map((x) => x.id));
            for (const node of after.nodes) {
              if (had.has(node.id) || node.gone) continue;
              added++;
              expect(created.has(node.id), `${id}, line ${f.entry?.line}: ${node.id}`).toBe(true);
            }
          }
        }
      }),
      { seed: SEED, numRuns: 160 },
    );
    // The generator reached what it is for.
    expect(shows).toBeGreaterThan(50);
    expect(marked).toBeGreaterThan(30);
    expect(added).toBeGreaterThan(200);
  });
});
