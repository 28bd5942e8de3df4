/**
 * The PASID attach API that replaced aux domains (drivers/iommu/iommu.c v6.2, with v6.12's
 * checks; VT-d paging domains on a PASID since v6.6): the caller owns the PASID, the lookup key
 * is (device, pasid), and a group's `pasid_array` applies to every device in it.
 */
import type { DevId, DomainId } from '../model';
import { err, int, NULLPTR, ptr, VOID, type Value } from '../value';
import { ioasidAlloc, ioasidFree, PASID_INVALID } from './ioasid';
import type { Kernel } from './kernel';
import { pasidSetupSecondLevel, pasidTearDownEntry } from './pasid-entry';
import { devCaps } from './features';
import { devHasIommu, domainAttachIommu, domainDetachIommu, prepareDomainAttach } from './vtd';
import { isStaticDomain } from './iommu-core';

const SRC = 'drivers/iommu/intel/iommu.c';
const PASID_C = 'drivers/iommu/intel/pasid.c';
/**
 * IOMMU_DOMAIN_* values for the `type` argument of iommu_get_domain_for_dev_pasid (v6.12
 * include/linux/iommu.h: PAGING = 1, DMA_API = 2, PT = 4, SVA = 1 << 4).
 */
const TYPE_VALUE: Record<string, number> = { BLOCKED: 0, IDENTITY: 4, UNMANAGED: 1, DMA: 3, SVA: 0x10 };

/** The unit's iommu->iommu.max_pasids: 2 << ecap_pss (PSS = 19 here) when pasid_supported(iommu), else 0 (v6.12 dmar.c alloc_iommu). */
export const UNIT_MAX_PASIDS = 1 << 20;

/**
 * dev->iommu->max_pasids, set at probe by dev_iommu_get_max_pasids() (v6.12 iommu.c): the
 * smaller of the PCI PASID capability and the unit's max_pasids, which is 0 unless the unit is
 * in scalable mode with PASID support. An mdev was never probed (dev->iommu is NULL): reading
 * it is the kernel's NULL dereference, an OOPS.
 */
export function devMaxPasids(k: Kernel, dev: DevId, fn: string): number {
  const d = k.dev(dev);
  if (!devHasIommu(k, dev))
    k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: ${fn} (${d.name}->iommu is NULL: the IOMMU never probed it)`);
  const unit = k.m.iommu.scalable && k.m.iommu.pasid ? UNIT_MAX_PASIDS : 0;
  return Math.min(d.caps?.max_pasids ?? 0, unit);
}

/** iommu_alloc_global_pasid(): lowest free in [1, max_pasids − 1]; max_pasids 0 → -1 (v6.12). */
export function iommuAllocGlobalPasid(k: Kernel, dev: DevId): Value {
  const max = devMaxPasids(k, dev, 'iommu_alloc_global_pasid');
  if (max === 0) return { t: 'int', v: PASID_INVALID, plain: true };
  const p = ioasidAlloc(k, 1, max - 1, `dev:${dev}`);
  return { t: 'int', v: p, plain: true };
}

/** iommu_free_global_pasid(): WARN on IOMMU_PASID_INVALID; ida_free of a free id WARNs too. */
export function iommuFreeGlobalPasid(k: Kernel, pasid: number): Value {
  if (pasid === PASID_INVALID) {
    k.warn('drivers/iommu/iommu.c:iommu_free_global_pasid', 'WARN_ON(pasid == IOMMU_PASID_INVALID)');
    return VOID;
  }
  if (k.m.pasids[pasid] === undefined) {
    k.warn('lib/idr.c:ida_free', `ida_free called for id=${pasid} which is not allocated.`);
    return VOID;
  }
  ioasidFree(k, pasid, 'ida_free');
  return VOID;
}

/** intel_iommu_set_dev_pasid(): program the entry and track {dev, pasid} on the domain. */
function setDevPasid(k: Kernel, dom: DomainId, dev: DevId, pasid: number): number {
  let ret = 0;
  k.call('intel_iommu_set_dev_pasid', [{ kind: 'domain', id: dom }, { kind: 'dev', id: dev }, pasid], () => {
    // v6.12: the same width check (and narrowing) as a primary attach.
    ret = prepareDomainAttach(k, dom, dev);
    if (ret) return int(ret);
    ret = domainAttachIommu(k, dom);
    if (ret) return int(ret);
    ret = pasidSetupSecondLevel(k, dom, dev, pasid);
    if (ret) {
      domainDetachIommu(k, dom);
      return int(ret);
    }
    k.setDomain(dom, { dev_pasids: [...k.domain(dom).dev_pasids, { dev, pasid }] });
    return int(0);
  });
  return ret;
}

/**
 * info->pasid_table->max_pasid (v6.12 intel_pasid_alloc_table): the device's PASID count (0
 * without pasid_supported) rounded up to whole directory pages, at least one: 1 << 15 PASIDs
 * per page.
 */
export function pasidTableMax(k: Kernel, dev: DevId): number {
  const max = devCaps(k, dev).pasid ? Math.min(k.dev(dev).caps!.max_pasids, UNIT_MAX_PASIDS) : 0;
  let pages = 1;
  while (pages * 32768 < max) pages *= 2;
  return pages * 32768;
}

/**
 * v6.12 intel_pasid_tear_down_entry(): intel_pasid_get_entry() WARNs and finds nothing without
 * a PASID table (legacy mode) or for a PASID beyond it (then WARN_ON(!pte) here too); an entry
 * that is not present is left alone; otherwise it is cleared, whoever it belonged to.
 */
function pasidTearDownEntryV612(k: Kernel, dev: DevId, pasid: number): void {
  if (!k.m.iommu.scalable || pasid >= pasidTableMax(k, dev)) {
    k.warn(`${PASID_C}:intel_pasid_get_entry`, `WARN_ON(!pasid_table || pasid >= intel_pasid_get_dev_max_id(dev)) (${k.dev(dev).name}, pasid ${pasid})`);
    k.warn(`${PASID_C}:intel_pasid_tear_down_entry`, 'WARN_ON(!pte)');
    return;
  }
  pasidTearDownEntry(k, dev, pasid);
}

/**
 * v6.12 intel_iommu_remove_dev_pasid(). An identity domain only tears the entry down. A paging
 * domain WARN_ON_ONCE()s when it has no such {dev, pasid} and goes on all the same: the cache
 * tags are looked up by the domain's domain-id on the unit (domain_id_iommu(): xa_load() gives
 * NULL for a domain that holds none, and ->did dereferences it: OOPS), domain_detach_iommu()
 * drops a reference the call never took (the last one frees the domain-id under its other
 * users), and the entry at `pasid` is torn down whoever it belongs to (IOMMU_NO_PASID: the
 * device's RID2PASID entry). WARN_ON_ONCE prints once per boot; the emulator prints it every
 * time (a scenario cannot tell: without +WARN warnings are not checked).
 */
function removeDevPasid(k: Kernel, dom: DomainId, dev: DevId, pasid: number): void {
  k.call('intel_iommu_remove_dev_pasid', [{ kind: 'dev', id: dev }, pasid, { kind: 'domain', id: dom }], () => {
    const d = k.domain(dom);
    if (d.type === 'IDENTITY') {
      pasidTearDownEntryV612(k, dev, pasid);
      return VOID;
    }
    const i = d.dev_pasids.findIndex((x) => x.dev === dev && x.pasid === pasid);
    if (i < 0) k.warn(`${SRC}:intel_iommu_remove_dev_pasid`, `WARN_ON_ONCE(!dev_pasid): ${d.name} has no ${k.dev(dev).name}:${pasid}`);
    else k.setDomain(dom, { dev_pasids: d.dev_pasids.filter((_, j) => j !== i) });
    if (k.domain(dom).iommu_refcnt <= 0)
      k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: cache_tag_unassign_domain (domain_id_iommu(${d.name}): ${d.name} holds no domain-id on the unit)`);
    domainDetachIommu(k, dom);
    pasidTearDownEntryV612(k, dev, pasid);
    return VOID;
  });
}

/** iommu_attach_device_pasid() (v6.12 checks, in v6.12's order). */
export function iommuAttachDevicePasid(k: Kernel, dom: DomainId, dev: DevId, pasid: number): Value {
  // !domain->ops->set_dev_pasid: VT-d's paging and identity domains have it, its blocking
  // domain does not (v6.12).
  const d = k.domain(dom);
  if (d.type !== 'UNMANAGED' && d.type !== 'DMA' && d.type !== 'IDENTITY') return err('EOPNOTSUPP');
  const g = k.dev(dev).iommu_group;
  if (g === null) return err('ENODEV');
  // !dev_has_iommu(dev) (every mdev, a released device, or no unit), dev_iommu_ops(dev) !=
  // domain->owner (the static identity domain has no owner), or IOMMU_NO_PASID.
  if (!devHasIommu(k, dev) || isStaticDomain(k, dom) || pasid === 0) return err('EINVAL');
  const grp = k.group(g);
  for (const m of grp.devices) {
    // pasid >= device->dev->iommu->max_pasids, for every device of the group.
    const max = devMaxPasids(k, m, 'iommu_attach_device_pasid');
    if (pasid < 0 || pasid >= max) return err('EINVAL');
  }
  if (grp.pasid_array[pasid] !== undefined) return err('EBUSY');
  k.setGroup(g, { pasid_array: { ...grp.pasid_array, [pasid]: dom } });
  const done: DevId[] = [];
  for (const m of grp.devices) {
    const ret = setDevPasid(k, dom, m, pasid);
    if (ret) {
      // v6.12 reverts only the devices already done, then erases the entry.
      for (const x of done) removeDevPasid(k, dom, x, pasid);
      const now = { ...k.group(g).pasid_array };
      delete now[pasid];
      k.setGroup(g, { pasid_array: now });
      return int(ret);
    }
    done.push(m);
  }
  return int(0);
}

/**
 * iommu_detach_device_pasid(): remove on every device, erase the entry; no check (v6.12).
 * __iommu_remove_group_pasid() calls dev_iommu_ops(device->dev), which reads dev->iommu
 * unchecked: a group with an mdev in it OOPSes there.
 */
export function iommuDetachDevicePasid(k: Kernel, dom: DomainId, dev: DevId, pasid: number): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) k.oops(`BUG: kernel NULL pointer dereference — RIP: iommu_detach_device_pasid (${k.dev(dev).name} has no group)`);
  for (const m of k.group(g).devices) {
    const md = k.dev(m);
    if (!devHasIommu(k, m))
      k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: __iommu_remove_group_pasid (dev_iommu_ops(${md.name}): ${md.name}->iommu is NULL)`);
    removeDevPasid(k, dom, m, pasid);
  }
  const now = { ...k.group(g).pasid_array };
  delete now[pasid];
  k.setGroup(g, { pasid_array: now });
  return VOID;
}

/** iommu_get_domain_for_dev_pasid() (v6.2): NULL, ERR_PTR(-EBUSY) on a type mismatch, or the domain. */
export function iommuGetDomainForDevPasid(k: Kernel, dev: DevId, pasid: number, type: number): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return NULLPTR;
  const d = k.group(g).pasid_array[pasid];
  if (d === undefined) return NULLPTR;
  if (type && TYPE_VALUE[k.domain(d).type] !== type) return { t: 'errptr', errno: -16 };
  return ptr({ kind: 'domain', id: d });
}
