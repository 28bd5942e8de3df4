/**
 * The emulated Intel VT-d driver (drivers/iommu/intel/iommu.c, v5.8): domain allocation,
 * domain-ids, device_domain_info, primary attach/detach. Aux attach lives in vtd-aux.ts, the
 * page table in vtd-pgtable.ts.
 */
import type { Domain, DomainId, DomainType, DevId } from '../model';
import { err, VOID, type Value } from '../value';
import type { Kernel } from './kernel';
import { indexPasidDev, pasidSetupSecondLevel, pasidTearDownEntry } from './pasid-entry';
import { copyInfo, copyIommu } from './records';
import { DidSet } from '../dids';
import { PT_EMPTY } from '../ptmap';

/** Every power of two from 4 KiB up (INTEL_IOMMU_PGSIZES = ~0xFFF), as far as a double holds. */
export const VTD_PGSIZES = 2 ** 53 - 2 ** 12;
/**
 * v6.12: intel_iommu_ops.pgsize_bitmap is SZ_4K, which __iommu_domain_alloc() gives a new
 * domain; domain_update_iommu_cap() adds the superpage sizes (SZ_2M | SZ_1G) on the first
 * domain_attach_iommu(). A domain never attached maps 4 KiB pages only.
 */
export const SZ_4K = 0x1000;
export const V612_SUPERPAGE_PGSIZES = SZ_4K + 0x200000 + 0x40000000;
/** DEFAULT_DOMAIN_ADDRESS_WIDTH: domains start 5-level and narrow to the unit on attach. */
export const DEFAULT_DOMAIN_ADDRESS_WIDTH = 57;
const SRC = 'drivers/iommu/intel/iommu.c';

export function newDomainRecord(id: DomainId, name: string, type: DomainType): Domain {
  return {
    id,
    name,
    type,
    freed: false,
    pgsize_bitmap: type === 'BLOCKED' ? 0 : VTD_PGSIZES,
    gaw: DEFAULT_DOMAIN_ADDRESS_WIDTH,
    max_addr: 0,
    iommu_refcnt: 0,
    iommu_did: 0,
    auxd_refcnt: 0,
    auxd: { on: null, poisoned: false },
    default_pasid: 0,
    devices: [],
    dev_pasids: [],
    pt: PT_EMPTY,
    container: null,
  };
}

/**
 * intel_iommu_domain_alloc(): UNMANAGED and DMA get a fresh dmar_domain, IDENTITY the shared
 * si_domain, anything else NULL (returns null).
 */
export function vtdDomainAlloc(k: Kernel, type: DomainType, name: string): DomainId | null {
  if (type === 'IDENTITY') {
    if (k.m.identity !== null) return k.m.identity;
    const id = k.addDomain((i) => newDomainRecord(i, 'identity', 'IDENTITY'));
    k.setMachine({ identity: id });
    return id;
  }
  if (type !== 'UNMANAGED' && type !== 'DMA') return null;
  const id = k.addDomain((i) => newDomainRecord(i, name, type));
  if (k.rules.core === 'v6.2') k.setDomain(id, { pgsize_bitmap: SZ_4K });
  return id;
}

/**
 * v6.12 drivers/iommu/intel/iommu.c `blocking_domain`: one static IOMMU_DOMAIN_BLOCKED domain
 * (intel_iommu_ops.blocked_domain and .release_domain) whose ops have attach_dev
 * (blocking_domain_attach_dev) and nothing else: no set_dev_pasid, no map, no free. Every
 * group's blocking_domain is this one object, made the first time a group asks for it.
 */
export function vtdBlockingDomain(k: Kernel): DomainId {
  // At most one BLOCKED domain ever exists; it is asked for only when DMA ownership is claimed.
  const t = k.m.domains;
  for (let i = 0; i < t.size; i++) if (t.get(i).type === 'BLOCKED') return t.get(i).id;
  return k.addDomain((i) => newDomainRecord(i, 'blocking_domain', 'BLOCKED'));
}

/** v6.12 blocking_domain_attach_dev(): device_block_translation(), never fails. */
export function blockingDomainAttachDev(k: Kernel, dom: DomainId, dev: DevId): Value {
  return k.call('blocking_domain_attach_dev', [{ kind: 'domain', id: dom }, { kind: 'dev', id: dev }], () => {
    deviceBlockTranslation(k, dev);
    return { t: 'int', v: 0 };
  });
}

/**
 * v6.12 dev_has_iommu(dev): probed by the IOMMU and not yet released. VT-d's info lives from
 * probe (intel_iommu_probe_device) to release (intel_iommu_release_device), so in v6.x a PCI
 * device has dev->iommu exactly while it has its info. An mdev never has one.
 */
export function devHasIommu(k: Kernel, dev: DevId): boolean {
  return deviceToIommu(k, dev) && k.dev(dev).info !== null;
}

/** A device the VT-d driver can reach: PCI, and a unit present. mdevs have no IOMMU unit. */
export function deviceToIommu(k: Kernel, dev: DevId): boolean {
  return k.m.iommu.present && k.dev(dev).bus === 'pci';
}

/** is_aux_domain(): the device has aux enabled and the domain is UNMANAGED. */
export function isAuxDomain(k: Kernel, dev: DevId, dom: DomainId): boolean {
  const info = k.dev(dev).info;
  return !!info && info.auxd_enabled && k.domain(dom).type === 'UNMANAGED';
}

/** domain_attach_iommu(): count the attachment; the first takes a domain-id (-ENOSPC if none). */
export function domainAttachIommu(k: Kernel, dom: DomainId): number {
  const d = k.domain(dom);
  if (d.iommu_refcnt > 0) {
    k.setDomain(dom, { iommu_refcnt: d.iommu_refcnt + 1 });
    return 0;
  }
  const { ndoms, scalable } = k.m.iommu;
  const dids = DidSet.from(k.m.iommu.dids);
  // find_first_zero_bit(iommu->domain_ids): did 0 is reserved (set in iommu_init_domains()),
  // and in scalable mode FLPT_DEFAULT_DID (1) too.
  const did = dids.firstFree(scalable ? 2 : 1);
  if (did >= ndoms) {
    k.err(`${SRC}: no free domain ids`);
    return -28;
  }
  k.setMachine({ iommu: copyIommu(k.m.iommu, { dids: dids.with(did) }) });
  k.setDomain(dom, { iommu_refcnt: 1, iommu_did: did });
  // v6.12 domain_update_iommu_cap(): pgsize_bitmap |= domain_super_pgsize_bitmap().
  if (k.rules.core === 'v6.2' && d.pgsize_bitmap === SZ_4K && k.m.iommu.superpage) k.setDomain(dom, { pgsize_bitmap: V612_SUPERPAGE_PGSIZES });
  return 0;
}

/** domain_detach_iommu(): drop one attachment; the last frees the domain-id. */
export function domainDetachIommu(k: Kernel, dom: DomainId): void {
  const d = k.domain(dom);
  if (d.iommu_refcnt <= 0) return;
  if (d.iommu_refcnt > 1) {
    k.setDomain(dom, { iommu_refcnt: d.iommu_refcnt - 1 });
    return;
  }
  // clear_bit(did, iommu->domain_ids)
  k.setMachine({ iommu: copyIommu(k.m.iommu, { dids: DidSet.from(k.m.iommu.dids).without(d.iommu_did) }) });
  k.setDomain(dom, { iommu_refcnt: 0, iommu_did: 0 });
}

/**
 * prepare_domain_attach_device(): the unit must reach the device (-ENODEV), and what is mapped
 * must fit the unit's width; the domain narrows to the unit's width. Too narrow is -EFAULT in
 * v5.8 and -EINVAL in v6.12 (the same check, another errno), so pasid-6.x says -EINVAL.
 */
export function prepareDomainAttach(k: Kernel, dom: DomainId, dev: DevId): number {
  if (!deviceToIommu(k, dev)) return -19;
  const d = k.domain(dom);
  const width = k.m.iommu.mgaw;
  if (d.max_addr > 2 ** width) {
    k.err(`${SRC}: ${k.dev(dev).name}: ${width}-bit domain width is not sufficient for the mapped address (0x${d.max_addr.toString(16)})`);
    return k.rules.core === 'v5.8' ? -14 : -22;
  }
  if (d.gaw > width) k.setDomain(dom, { gaw: width });
  return 0;
}

/**
 * domain_add_dev_info() / dmar_insert_one_dev_info(): a new device_domain_info with a fresh
 * PASID table whose entry 0 (RID2PASID) points at the primary domain in scalable mode.
 * v5.8: dmar_insert_one_dev_info() returns NULL when domain_attach_iommu() fails (-ENOSPC: no
 * free domain-id) and domain_add_dev_info() turns any "not the domain asked for" into -EBUSY,
 * so the primary attach returns -EBUSY. v6.x's dmar_domain_attach_device() returns the -ENOSPC.
 */
export function domainAddDevInfo(k: Kernel, dom: DomainId, dev: DevId): number {
  const ret = domainAttachIommu(k, dom);
  if (ret) return k.rules.core === 'v5.8' ? -16 : ret;
  const d = k.domain(dom);
  k.setDomain(dom, { devices: [...d.devices, dev] });
  k.setDev(dev, {
    info: {
      domain: dom,
      pasid_enabled: false,
      auxd_enabled: false,
      auxiliary_domains: [],
      auxiliary_corrupt: false,
      subdevices: [],
    },
    pasid_table: k.m.iommu.scalable ? { 0: { domain: dom, did: k.domain(dom).iommu_did } } : {},
  });
  indexPasidDev(k, dev, false);
  return 0;
}

/**
 * dmar_remove_one_dev_info(): frees the info and its PASID table. The aux bookkeeping of the
 * device goes with it, and nothing tells the aux domains (docs/kernel-reference.md B16).
 */
export function dmarRemoveOneDevInfo(k: Kernel, dev: DevId): void {
  const info = k.dev(dev).info;
  if (!info) return;
  if (info.domain !== null) {
    const d = k.domain(info.domain);
    k.setDomain(info.domain, { devices: d.devices.filter((x) => x !== dev) });
    domainDetachIommu(k, info.domain);
  }
  if (info.auxiliary_domains.length || info.subdevices.length || info.auxd_enabled) {
    k.info(`${k.dev(dev).name}: device_domain_info freed with aux state (auxd_enabled=${info.auxd_enabled ? 1 : 0}, ${info.auxiliary_domains.length} aux domain(s)) — orphaned`);
  }
  k.setDev(dev, { info: null, pasid_table: {} });
  indexPasidDev(k, dev, false);
}

/**
 * device_block_translation() (v6.12): RID2PASID torn down (ATS off with it), the device leaves
 * its primary domain, whose domain-id reference it drops; the info and every other PASID entry
 * stay.
 */
export function deviceBlockTranslation(k: Kernel, dev: DevId): void {
  k.call('device_block_translation', [{ kind: 'dev', id: dev }], () => {
    pasidTearDownEntry(k, dev, 0);
    const info = k.dev(dev).info!;
    if (info.domain === null) return VOID;
    const d = k.domain(info.domain);
    k.setDomain(info.domain, { devices: d.devices.filter((x) => x !== dev) });
    domainDetachIommu(k, info.domain);
    k.setDev(dev, { info: copyInfo(k.dev(dev).info!, { domain: null }) });
    return VOID;
  });
}

/**
 * v6.12 intel_iommu_attach_device(): block translation, check the width, then
 * dmar_domain_attach_device() on the info probing made (which is never freed here: PRI and
 * the PASID entries survive any primary-domain change).
 */
function intelIommuAttachDeviceV612(k: Kernel, dom: DomainId, dev: DevId): Value {
  deviceBlockTranslation(k, dev);
  const ret = prepareDomainAttach(k, dom, dev);
  if (ret) return { t: 'int', v: ret };
  return k.call('dmar_domain_attach_device', [{ kind: 'domain', id: dom }, { kind: 'dev', id: dev }], () => {
    const r = domainAttachIommu(k, dom);
    if (r) return { t: 'int', v: r };
    k.setDev(dev, { info: copyInfo(k.dev(dev).info!, { domain: dom }) });
    k.setDomain(dom, { devices: [...k.domain(dom).devices, dev] });
    if (k.m.iommu.scalable) {
      const e = pasidSetupSecondLevel(k, dom, dev, 0);
      if (e) {
        deviceBlockTranslation(k, dev); // out_block_translation
        return { t: 'int', v: e };
      }
    }
    return { t: 'int', v: 0 };
  });
}

/** intel_iommu_attach_device(): primary attach of one device. */
export function intelIommuAttachDevice(k: Kernel, dom: DomainId, dev: DevId): Value {
  return k.call('intel_iommu_attach_device', [{ kind: 'domain', id: dom }, { kind: 'dev', id: dev }], () => {
    const caps = k.dev(dev).caps;
    // v5.8 device_is_rmrr_locked(); v6.12's attach has no RMRR test (the core's require_direct
    // refuses only the blocking domain: iommu-core.ts deviceSetDomain).
    if (k.rules.core !== 'v6.2' && k.domain(dom).type === 'UNMANAGED' && caps?.rmrr_locked) {
      k.err(`${k.dev(dev).name}: Device is ineligible for IOMMU domain attach due to platform RMRR requirement.  Contact your platform vendor.`);
      return err('EPERM');
    }
    if (k.rules.core === 'v6.2' && k.dev(dev).info) return intelIommuAttachDeviceV612(k, dom, dev);
    if (isAuxDomain(k, dev, dom)) return err('EPERM');
    // A context-mapped device has its old info removed first (dmar_remove_one_dev_info).
    if (k.dev(dev).info) dmarRemoveOneDevInfo(k, dev);
    let ret = prepareDomainAttach(k, dom, dev);
    if (ret) return { t: 'int', v: ret };
    ret = domainAddDevInfo(k, dom, dev);
    return { t: 'int', v: ret };
  });
}

/** intel_iommu_detach_device(): removes the device's info (no-op for an mdev). */
export function intelIommuDetachDevice(k: Kernel, dom: DomainId, dev: DevId): void {
  k.call('intel_iommu_detach_device', [{ kind: 'domain', id: dom }, { kind: 'dev', id: dev }], () => {
    dmarRemoveOneDevInfo(k, dev);
    return { t: 'void' };
  });
}
