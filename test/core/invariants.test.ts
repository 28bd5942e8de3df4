/**
 * The incremental invariant check must agree with a full one after every step; and the v5.8
 * VT-d bugs each trip a named invariant.
 */
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, getDesign, type Step, type Violation } from '../../src/core/index';
import { checkInvariants } from '../../src/core/invariants';
import { call, container, machine, mdev, pci, run } from './helpers';

const norm = (vs: readonly Violation[]) => vs.map((v) => `${v.code}|${v.objects.map((o) => `${o.kind}:${o.id}`).sort().join(',')}`).sort();

const S4: [string, (string | number)[], string?][] = [
  ['iommu_dev_enable_feature', ['P1', 0]],
  ['iommu_dev_enable_feature', ['P2', 0]],
  ['vfio_attach_group', ['C', 'G_m1']],
  ['vfio_attach_group', ['C', 'G_m3']],
  ['iommu_domain_alloc', ['bus:pci'], 'D'],
  ['iommu_aux_attach_device', ['D', 'P1']],
  ['iommu_aux_detach_device', ['D', 'P1']],
  ['iommu_aux_get_pasid', ['D', 'P2']],
  ['iommu_dev_disable_feature', ['P2', 0]],
  ['vfio_detach_group', ['C', 'G_m1']],
  ['vfio_detach_group', ['C', 'G_m3']],
  ['iommu_domain_free', ['D']],
];

describe('invariants', () => {
  it.each(DESIGN_IDS)('incremental check equals the full check at every step (%s)', (id) => {
    const d = getDesign(id)!;
    let m = machine([pci('P1'), pci('P2'), mdev('m1', 'P1'), mdev('m3', 'P2'), container('C')]);
    let prev: readonly Violation[] = [];
    for (const [fn, args, bind] of S4) {
      const s: Step = applyCall(d, m, call(m, fn, args, bind), prev);
      expect(norm(s.violations.filter((v) => v.code !== 'get-pasid-wrong-device'))).toEqual(norm(checkInvariants(d, s.machine)));
      m = s.machine;
      prev = s.violations;
    }
  });

  const base = () => machine([pci('P1'), pci('P2'), mdev('m1', 'P1'), mdev('m2', 'P1'), mdev('m3', 'P2'), container('C')]);
  const codes = (s: Step) => s.violations.map((v) => v.code);

  it('stale default_pasid trips default-pasid-stale', () => {
    const s = run('upstream-5.8', base(), [['iommu_dev_enable_feature', ['P1', 0]], ['iommu_domain_alloc', ['bus:pci'], 'D'], ['iommu_aux_attach_device', ['D', 'P1']], ['iommu_aux_detach_device', ['D', 'P1']]]);
    expect(codes(s[3])).toContain('default-pasid-stale');
    expect(codes(s[2])).not.toContain('default-pasid-stale');
  });

  it('the single auxd node trips list-corrupt, and the second detach is an OOPS', () => {
    const s = run('upstream-5.8', base(), [['iommu_dev_enable_feature', ['P1', 0]], ['iommu_dev_enable_feature', ['P2', 0]], ['vfio_attach_group', ['C', 'G_m1']], ['vfio_attach_group', ['C', 'G_m3']], ['vfio_detach_group', ['C', 'G_m1']], ['vfio_detach_group', ['C', 'G_m3']]]);
    expect(codes(s[3])).toContain('list-corrupt');
    expect(s[5].ret.t).toBe('oops');
    expect(codes(s[5])).toContain('tainted');
  });

  it('teardown on every detach trips aux-entry-missing (S5)', () => {
    const s = run('upstream-5.8', base(), [['iommu_dev_enable_feature', ['P1', 0]], ['vfio_attach_group', ['C', 'G_m1']], ['vfio_attach_group', ['C', 'G_m2']], ['vfio_detach_group', ['C', 'G_m1']]]);
    expect(codes(s[3])).toContain('aux-entry-missing');
    expect(codes(s[2])).not.toContain('aux-entry-missing');
  });

  it('aux_get_pasid answering for another device trips get-pasid-wrong-device (S11)', () => {
    const s = run('upstream-5.8', base(), [['iommu_dev_enable_feature', ['P1', 0]], ['iommu_domain_alloc', ['bus:pci'], 'D'], ['iommu_aux_attach_device', ['D', 'P1']], ['iommu_aux_get_pasid', ['D', 'P2']], ['iommu_aux_get_pasid', ['D', 'P1']]]);
    expect(codes(s[3])).toContain('get-pasid-wrong-device');
    expect(codes(s[4])).not.toContain('get-pasid-wrong-device');
  });

  it('disabling AUX while attached trips aux-without-feature (S9)', () => {
    const s = run('upstream-5.8', base(), [['iommu_dev_enable_feature', ['P1', 0]], ['vfio_attach_group', ['C', 'G_m1']], ['iommu_dev_disable_feature', ['P1', 0]]]);
    expect(s[2].ret).toEqual({ t: 'int', v: 0 });
    expect(codes(s[2])).toContain('aux-without-feature');
  });

  it('a healthy run has no violations (driver-map, S5)', () => {
    const s = run('driver-map', base(), [['iommu_dev_enable_feature', ['P1', 0]], ['vfio_attach_group', ['C', 'G_m1']], ['vfio_attach_group', ['C', 'G_m2']], ['vfio_detach_group', ['C', 'G_m1']], ['vfio_detach_group', ['C', 'G_m2']]]);
    for (const x of s) expect(codes(x)).toEqual([]);
  });
});
