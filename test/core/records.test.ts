/**
 * The record copies of src/core/kernel/records.ts replace `{ ...old, ...patch }`: for records
 * of every kind (optional fields present and absent), a copy with a patch strictly equals the
 * spread, and the old record is left as it was.
 */
import { describe, expect, it } from 'vitest';
import type { Container, Device, Domain, Group } from '../../src/core/index';
import { copyContainer, copyDevice, copyDomain, copyGroup, copyInfo, copyIommu, copyMachine } from '../../src/core/kernel/records';
import { newMachine } from '../../src/core/index';
import { newDomainRecord } from '../../src/core/kernel/vtd';
import { deepFreeze } from './helpers';
import { PtWriter, PT_EMPTY, type PtMap } from '../../src/core/ptmap';
import type { PtEntry } from '../../src/core/index';

function ptOf(es: readonly PtEntry[]): PtMap {
  const w = new PtWriter(PT_EMPTY);
  for (const e of es) w.set(e);
  return w.done();
}

const dev: Device = {
  id: 3, name: 'P', bus: 'pci', iommu_group: 1, caps: { max_pasids: 16, siov_dvsec: true, ats: false, pri: false, rmrr_locked: false, passthrough: false },
  parent: null, iommu_device: null,
  info: { domain: 2, pasid_enabled: true, auxd_enabled: true, auxiliary_domains: [4], auxiliary_corrupt: false, pri_enabled: true, subdevices: [] },
  pasid_table: { 0: { domain: 2, did: 2 } },
};
const group: Group = { id: 1, name: 'G_P', group_id: 0, devices: [3], refcount: 2, default_domain: 2, domain: 2, aux_domain_attached: false, pasid_array: { 5: 2 }, released: false };
const domain: Domain = { ...newDomainRecord(2, 'D', 'UNMANAGED'), devices: [3], pt: ptOf([{ level: 1, index: 0, paddr: 0x1000, prot: 3 }]) };
const bare: Container = { id: 0, name: 'C', domain_list: [], external_domain: null, next_dom: 1, mdev_pasids: {} };
const full: Container = { ...bare, group_iommu_device: { 1: 3 }, mdev_groups: [1] };

describe('record copies', () => {
  it.each([
    ['device', copyDevice, dev, { iommu_group: 7 }],
    ['group', copyGroup, group, { refcount: 3, domain: null }],
    ['group (DMA owner fields)', copyGroup, { ...group, owner_cnt: 1, owner: 'vfio_group', blocking_domain: 9 }, { owner_cnt: 0, owner: null }],
    ['group (DMA owner fields added)', copyGroup, group, { owner_cnt: 1, owner: '7', blocking_domain: 9 }],
    ['domain', copyDomain, domain, { iommu_refcnt: 1, iommu_did: 5 }],
    ['container (no optional fields)', copyContainer, bare, { next_dom: 2 }],
    ['container (optional fields)', copyContainer, full, { mdev_groups: [] }],
    ['container (optional field added)', copyContainer, bare, { group_iommu_device: { 1: 3 } }],
    ['info (pri_enabled set)', copyInfo, dev.info!, { auxd_enabled: false }],
    ['info (no pri_enabled)', copyInfo, (({ pri_enabled: _, ...rest }) => rest)(dev.info!), { auxiliary_domains: [] }],
    ['iommu unit', copyIommu, { ...newMachine().iommu, dids: [2] }, { dids: [2, 3] }],
  ] as [string, (o: never, p: never) => unknown, object, object][])('%s: equals the spread, old record untouched', (_, copy, rec, patch) => {
    const old = deepFreeze(structuredClone(rec));
    expect(copy(old as never, patch as never)).toStrictEqual({ ...old, ...patch });
    expect(copy(old as never, {} as never)).toStrictEqual(old);
    expect(old).toStrictEqual(rec);
  });

  it('machine: a copy has every field of the original, the same objects', () => {
    const m = newMachine();
    expect(copyMachine(m)).toStrictEqual({ ...m });
    expect(copyMachine(m)).not.toBe(m);
  });
});
