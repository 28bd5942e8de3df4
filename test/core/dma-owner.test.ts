/**
 * DMA ownership and the blocking domain (pasid-6.x; drivers/iommu/iommu.c v6.12
 * iommu_group_claim_dma_owner / iommu_device_claim_dma_owner / __iommu_release_dma_ownership,
 * drivers/iommu/intel/iommu.c v6.12 `blocking_domain`, drivers/vfio/container.c v6.12
 * vfio_container_attach_group / vfio_group_detach_container). Library scenario: k17.
 */
import { describe, expect, it } from 'vitest';
import type { Machine, Step } from '../../src/core/index';
import { container, machine, mdev, pci, run } from './helpers';

const P6 = 'pasid-6.x';
const err = (v: number) => ({ t: 'int', v });
const domainOf = (m: Machine, dev: string): string | null => {
  const d = m.devs.toArray().find((x) => x.name === dev)!;
  const g = m.groups.get(d.iommu_group!).domain;
  return g === null ? null : m.domains.get(g).name;
};
const group = (m: Machine, name: string) => m.groups.toArray().find((g) => g.name === name)!;
const warned = (s: Step) => s.log.some((l) => l.level === 'WARN');

describe('iommu_group_claim_dma_owner (v6.12)', () => {
  it('moves the group onto the static blocking domain, which has no set_dev_pasid (-EOPNOTSUPP)', () => {
    const m = machine([pci('P'), pci('a', { group: 'G2' }), pci('b', { group: 'G2' })]);
    const s = run(P6, m, [
      ['iommu_group_claim_dma_owner', ['G_P', 1]],
      ['iommu_group_claim_dma_owner', ['G2', 2]],
      ['iommu_attach_device_pasid', ['blocking_domain', 'P', 1]],
      ['iommu_attach_device_pasid', ['blocking_domain', 'P', 0]],
      ['iommu_group_dma_owner_claimed', ['G_P']],
    ]);
    expect(s[0].ret).toEqual(err(0));
    const after = s[1].machine;
    for (const d of ['P', 'a', 'b']) expect(domainOf(after, d)).toBe('blocking_domain');
    expect(after.domains.toArray().filter((d) => d.type === 'BLOCKED')).toHaveLength(1);
    expect(group(after, 'G_P')).toMatchObject({ owner_cnt: 1, owner: '1' });
    expect(group(after, 'G2')).toMatchObject({ owner_cnt: 1, owner: '2' });
    // blocking_domain_attach_dev -> device_block_translation: P's RID2PASID entry is gone.
    expect(after.devs.toArray().find((d) => d.name === 'P')!.pasid_table[0]).toBeUndefined();
    // The set_dev_pasid test comes before IOMMU_NO_PASID's -EINVAL.
    expect(s[2].ret).toEqual(err(-95));
    expect(s[3].ret).toEqual(err(-95));
    expect(s[4].ret).toEqual({ t: 'bool', v: true });
  });

  it('refuses a second owner (-EPERM), a NULL owner (WARN, -EINVAL), a group off its default domain or with a PASID attachment (-EBUSY)', () => {
    const m = machine([pci('P'), pci('Q'), pci('R')]);
    const s = run(P6, m, [
      ['iommu_group_claim_dma_owner', ['G_P', 1]],
      ['iommu_group_claim_dma_owner', ['G_P', 1]],
      ['iommu_group_claim_dma_owner', ['G_Q', 0]],
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_attach_device', ['D', 'Q']],
      ['iommu_group_claim_dma_owner', ['G_Q', 1]],
      ['iommu_attach_device_pasid', ['D', 'R', 1]],
      ['iommu_group_claim_dma_owner', ['G_R', 1]],
    ]);
    expect(s[1].ret).toEqual(err(-1));
    expect(s[2].ret).toEqual(err(-22));
    expect(warned(s[2])).toBe(true);
    expect(s[5].ret).toEqual(err(-16));
    expect(domainOf(s[5].machine, 'Q')).toBe('D');
    expect(s[7].ret).toEqual(err(-16));
    expect(group(s[7].machine, 'G_R').owner_cnt).toBeUndefined();
  });

  it('keeps an owned group on its blocking domain when its domain is detached, and puts it back on the default domain at release', () => {
    const m = machine([pci('P')]);
    const s = run(P6, m, [
      ['iommu_group_claim_dma_owner', ['G_P', 1]],
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_attach_group', ['D', 'G_P']],
      ['iommu_detach_group', ['D', 'G_P']],
      ['iommu_group_release_dma_owner', ['G_P']],
      ['iommu_group_release_dma_owner', ['G_P']],
    ]);
    // __iommu_attach_group: the blocking domain is not "busy".
    expect(s[2].ret).toEqual(err(0));
    expect(domainOf(s[2].machine, 'P')).toBe('D');
    expect(domainOf(s[3].machine, 'P')).toBe('blocking_domain');
    expect(domainOf(s[4].machine, 'P')).toBe('dma(G_P)');
    expect(group(s[4].machine, 'G_P')).toMatchObject({ owner_cnt: 0, owner: null });
    expect(warned(s[4])).toBe(false);
    // WARN_ON(!group->owner_cnt): a second release changes nothing.
    expect(warned(s[5])).toBe(true);
    expect(s[5].machine.groups).toBe(s[4].machine.groups);
  });

  it('counts the claims of one owner through iommu_device_claim_dma_owner; the last release frees the group', () => {
    const m = machine([pci('P')]);
    const s = run(P6, m, [
      ['iommu_device_claim_dma_owner', ['P', 5]],
      ['iommu_device_claim_dma_owner', ['P', 5]],
      ['iommu_device_claim_dma_owner', ['P', 6]],
      ['iommu_device_release_dma_owner', ['P']],
      ['iommu_device_release_dma_owner', ['P']],
    ]);
    expect(s.map((x) => x.ret)).toEqual([err(0), err(0), err(-1), { t: 'void' }, { t: 'void' }]);
    expect(group(s[1].machine, 'G_P').owner_cnt).toBe(2);
    expect(domainOf(s[3].machine, 'P')).toBe('blocking_domain');
    expect(domainOf(s[4].machine, 'P')).toBe('dma(G_P)');
  });

  it('refuses the blocking domain for a device that needs a 1:1 mapping (require_direct: -EINVAL, no WARN), and only that domain', () => {
    const s = run(P6, machine([pci('R', { rmrr: true })]), [
      ['iommu_group_claim_dma_owner', ['G_R', 1]],
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_attach_device', ['D', 'R']],
    ]);
    expect(s[0].ret).toEqual(err(-22));
    expect(warned(s[0])).toBe(false);
    expect(domainOf(s[0].machine, 'R')).toBe('dma(G_R)');
    // v6.12 intel_iommu_attach_device has no RMRR test (v5.8's device_is_rmrr_locked: -EPERM).
    expect(s[2].ret).toEqual(err(0));
    const v58 = run('upstream-5.8', machine([pci('R', { rmrr: true })]), [
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_attach_device', ['D', 'R']],
    ]);
    expect(v58[1].ret).toEqual(err(-1));
  });

  it('a blocking domain is not a paging domain: iommu_map -EINVAL (v6.12 tests the type first), free does nothing', () => {
    const s = run(P6, machine([pci('P')]), [
      ['iommu_group_claim_dma_owner', ['G_P', 1]],
      ['iommu_map', ['blocking_domain', 0x1000, 0x1000, 0x1000, 1]],
      ['iommu_domain_free', ['blocking_domain']],
    ]);
    expect(s[1].ret).toEqual(err(-22));
    expect(s[2].machine.domains.toArray().find((d) => d.type === 'BLOCKED')!.freed).toBe(false);
    expect(domainOf(s[2].machine, 'P')).toBe('blocking_domain');
  });

  it('removing the last device of an owned group WARNs and the group forgets its blocking domain', () => {
    const s = run(P6, machine([pci('P')]), [
      ['iommu_group_get', ['P']],
      ['iommu_group_claim_dma_owner', ['G_P', 1]],
      ['iommu_group_remove_device', ['P']],
    ]);
    expect(warned(s[2])).toBe(true);
    expect(group(s[2].machine, 'G_P')).toMatchObject({ blocking_domain: null, domain: null, default_domain: null, released: false });
  });

  it('does not exist before v5.19: the aux-era designs answer unsupported', () => {
    for (const id of ['upstream-5.8', 'v3-group-flag', 'domain-flag', 'driver-map']) {
      const s = run(id, machine([pci('P')]), [
        ['iommu_group_claim_dma_owner', ['G_P', 1]],
        ['iommu_device_claim_dma_owner', ['P', 1]],
        ['iommu_group_release_dma_owner', ['G_P']],
        ['iommu_device_release_dma_owner', ['P']],
        ['iommu_group_dma_owner_claimed', ['G_P']],
      ]);
      for (const x of s) expect(x.ret, `${id} ${x.call.fn}`).toEqual({ t: 'unsupported' });
    }
  });
});

describe('vfio claims a physical device group (v6.12 vfio_container_attach_group)', () => {
  it('claims before type1 attaches and releases after type1 detaches; an mdev group is never claimed', () => {
    const m = machine([pci('Q'), mdev('m1', 'Q'), container('C')]);
    const s = run(P6, m, [
      ['vfio_attach_group', ['C', 'G_Q']],
      ['iommu_group_claim_dma_owner', ['G_Q', 1]],
      ['vfio_detach_group', ['C', 'G_Q']],
      ['vfio_attach_group', ['C', 'G_m1']],
    ]);
    expect(s[0].ret).toEqual(err(0));
    expect(group(s[0].machine, 'G_Q')).toMatchObject({ owner_cnt: 1, owner: 'vfio_group' });
    expect(domainOf(s[0].machine, 'Q')).toBe('C.d0');
    expect(s[1].ret).toEqual(err(-1));
    expect(group(s[2].machine, 'G_Q')).toMatchObject({ owner_cnt: 0, owner: null });
    expect(domainOf(s[2].machine, 'Q')).toBe('dma(G_Q)');
    // type1's detach went through the blocking domain before the release.
    const fns: string[] = [];
    const walk = (n: Step['trace']) => {
      fns.push(n.fn);
      n.children.forEach(walk);
    };
    walk(s[2].trace);
    expect(fns.indexOf('blocking_domain_attach_dev')).toBeGreaterThan(-1);
    expect(fns.indexOf('blocking_domain_attach_dev')).toBeLessThan(fns.indexOf('iommu_group_release_dma_owner'));
    expect(group(s[3].machine, 'G_m1').owner_cnt).toBeUndefined();
  });

  it('a failed claim keeps type1 out: a PASID attachment -EBUSY, a 1:1 device -EINVAL (v5.8 type1: 0 and -EPERM)', () => {
    const m = machine([pci('Q'), pci('R', { rmrr: true }), container('C')]);
    const p6 = run(P6, m, [
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_attach_device_pasid', ['D', 'Q', 1]],
      ['vfio_attach_group', ['C', 'G_Q']],
      ['vfio_attach_group', ['C', 'G_R']],
    ]);
    expect(p6[2].ret).toEqual(err(-16));
    expect(p6[3].ret).toEqual(err(-22));
    expect(p6[3].machine.containers.get(0).domain_list).toEqual([]);
    const v58 = run('upstream-5.8', m, [
      ['vfio_attach_group', ['C', 'G_Q']],
      ['vfio_attach_group', ['C', 'G_R']],
    ]);
    expect(v58.map((x) => x.ret)).toEqual([err(0), err(-1)]);
    expect(group(v58[0].machine, 'G_Q').owner_cnt).toBeUndefined();
  });
});
