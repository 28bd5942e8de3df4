/**
 * Machine.pasid_devs is an emulator index (the devices whose PASID table holds an entry other
 * than RID2PASID) kept up to date by the kernel layer, partly from what the caller knows it
 * wrote. For random histories under every design it equals a full scan after every call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, getDesign, type Machine } from '../../src/core/index';
import { callArb, machineArb, resolve } from './arbitraries';
import { container, machine, mdev, pci, run } from './helpers';

const scan = (m: Machine): number[] =>
  m.devs
    .toArray()
    .filter((d) => Object.keys(d.pasid_table).some((p) => p !== '0'))
    .map((d) => d.id);

describe('pasid_devs index', () => {
  it.each(DESIGN_IDS)('equals a scan of the PASID tables after every call (%s)', (design) => {
    const d = getDesign(design)!;
    fc.assert(
      fc.property(machineArb, fc.array(callArb, { minLength: 1, maxLength: 30 }), (decls, calls) => {
        let m = machine(decls);
        for (const c of calls) {
          m = applyCall(d, m, resolve(m, c), undefined, { quiet: true }).machine;
          expect([...m.pasid_devs].sort((a, b) => a - b)).toEqual(scan(m));
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 20200714) },
    );
  }, 120_000);

  it('lists a parent while it holds an aux PASID entry (upstream-5.8 aux attach, vfio mdev attach)', () => {
    const m0 = machine([pci('P'), mdev('m1', 'P'), container('C')]);
    const s = run('upstream-5.8', m0, [
      ['iommu_dev_enable_feature', ['P', 0]],
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_aux_attach_device', ['D', 'P']],
      ['iommu_aux_detach_device', ['D', 'P']],
      ['vfio_attach_group', ['C', 'G_m1']],
      ['vfio_detach_group', ['C', 'G_m1']],
    ]);
    const P = s[0].machine.devs.toArray().find((d) => d.name === 'P')!.id;
    expect(s.map((x) => [...x.machine.pasid_devs])).toEqual([[], [], [P], [], [P], []]);
    for (const x of s) expect([...x.machine.pasid_devs]).toEqual(scan(x.machine));
  });
});
