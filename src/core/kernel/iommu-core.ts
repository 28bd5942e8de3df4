/**
 * The IOMMU core (drivers/iommu/iommu.c): groups, domain allocation, attach and detach.
 * v5.8 rules by default; `rules.core === 'v6.2'` switches to v6.2's group attach/detach rules.
 */
import type { DevId, DomainId, Group, GroupId } from '../model';
import { IdaIndex } from '../table-index';
import { PT_EMPTY } from '../ptmap';
import { err, int, NULLPTR, ptr, VOID, type Value } from '../value';
import type { Kernel } from './kernel';
import { domRef, grpRef } from '../refs';
import { intelIommuAttachDevice, intelIommuDetachDevice, vtdDomainAlloc, dmarRemoveOneDevInfo, devHasIommu, deviceBlockTranslation, blockingDomainAttachDev } from './vtd';
import { indexPasidDev } from './pasid-entry';

const SRC = 'drivers/iommu/iommu.c';
const VTD = 'drivers/iommu/intel/iommu.c';

/**
 * A domain the VT-d driver hands out as a static object (v6.12 intel_iommu_ops.identity_domain
 * and blocked_domain): __iommu_domain_alloc() returns it before setting `domain->owner`, so it
 * has none, and iommu_attach_group() / iommu_attach_device_pasid() refuse it (-EINVAL).
 */
export const isStaticDomain = (k: Kernel, dom: DomainId): boolean => {
  const t = k.domain(dom).type;
  return t === 'IDENTITY' || t === 'BLOCKED';
};
/** The group ids live groups hold, kept beside the groups table (a scan per allocation was O(n²)). */
const GROUP_IDA = new IdaIndex<Group>((g) => (g.released ? null : g.group_id));

/** ida_alloc(&iommu_group_ida): the lowest id no live group holds. */
function groupIdaAlloc(k: Kernel): number {
  return GROUP_IDA.lowestFree(k.m.groups);
}

/** iommu_group_alloc(): a new group with refcount 1 (the caller's). */
export function iommuGroupAlloc(k: Kernel, name: string | undefined): GroupId {
  const group_id = groupIdaAlloc(k);
  const n = name ?? `grp${k.m.next_grp}`;
  if (name === undefined) k.setMachine({ next_grp: k.m.next_grp + 1 });
  return k.addGroup((id) => ({
    id,
    name: n,
    group_id,
    devices: [],
    refcount: 1,
    default_domain: null,
    domain: null,
    aux_domain_attached: false,
    pasid_array: {},
    released: false,
  }));
}

/** iommu_group_add_device(): no check that dev is already in a group (v5.8). */
export function iommuGroupAddDevice(k: Kernel, g: GroupId, dev: DevId): Value {
  const grp = k.group(g);
  k.setDev(dev, { iommu_group: g });
  k.setGroup(g, { devices: [...grp.devices, dev], refcount: grp.refcount + 1 });
  // v6.12 iommu_group_add_device() only links the device; v5.8 attaches it to group->domain.
  if (grp.domain !== null && k.rules.core !== 'v6.2') {
    const r = attachDeviceDriver(k, grp.domain, dev);
    if (r.t === 'int' && r.v !== 0) {
      // err_put_group: unlink, clear dev->iommu_group, drop the reference.
      const now = k.group(g);
      k.setGroup(g, { devices: now.devices.filter((x) => x !== dev), refcount: now.refcount - 1 });
      k.setDev(dev, { iommu_group: null });
      return r;
    }
  }
  k.info(`${k.dev(dev).name}: Adding to iommu group ${grp.group_id}`);
  return int(0);
}

/**
 * iommu_group_remove_device(): unlinks and drops a reference; never detaches (v5.8). v5.8
 * dereferences dev->iommu_group unchecked (OOPS for a device in no group); v6.x returns early.
 */
export function iommuGroupRemoveDevice(k: Kernel, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null && k.rules.core !== 'v5.8') return VOID;
  if (g !== null && k.rules.core === 'v6.2') return iommuGroupRemoveDeviceV612(k, dev, g);
  if (g === null) k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: iommu_group_remove_device+0x1a (${k.dev(dev).name} has no group)`);
  const grp = k.group(g);
  k.info(`${k.dev(dev).name}: Removing from iommu group ${grp.group_id}`);
  if (!grp.devices.includes(dev)) return VOID;
  k.setGroup(g, { devices: grp.devices.filter((x) => x !== dev) });
  k.setDev(dev, { iommu_group: null });
  iommuGroupPut(k, g);
  return VOID;
}

/**
 * v6.12 iommu_group_remove_device() → __iommu_group_remove_device(): unlink (an emptied group
 * must be back on its default domain: __iommu_group_free_device WARNs otherwise), then for a
 * probed device iommu_deinit_device(), and the device's group reference is put.
 */
function iommuGroupRemoveDeviceV612(k: Kernel, dev: DevId, g: GroupId): Value {
  const grp = k.group(g);
  k.info(`${k.dev(dev).name}: Removing from iommu group ${grp.group_id}`);
  k.call('__iommu_group_remove_device', [{ kind: 'dev', id: dev }], () => {
    if (grp.devices.includes(dev)) {
      const devices = grp.devices.filter((x) => x !== dev);
      k.setGroup(g, { devices });
      if (devices.length === 0 && ((grp.owner_cnt ?? 0) > 0 || grp.domain !== grp.default_domain))
        k.warn(`${SRC}:__iommu_group_free_device`, `WARN_ON(group->owner_cnt || group->domain != group->default_domain) (${grp.name} left on ${grp.domain === null ? 'NULL' : k.domain(grp.domain).name}${grp.owner_cnt ? `, owner_cnt ${grp.owner_cnt}` : ''})`);
      if (devHasIommu(k, dev)) iommuDeinitDevice(k, dev, g);
      else k.setDev(dev, { iommu_group: null });
    }
    iommuGroupPut(k, g);
    return VOID;
  });
  return VOID;
}

/**
 * v6.12 iommu_deinit_device(): the release domain (VT-d's blocking domain) is attached, the
 * driver releases the device (intel_iommu_release_device frees the info and the PASID table:
 * dev->iommu is gone), and an emptied group loses its domain and frees its default domain.
 */
function iommuDeinitDevice(k: Kernel, dev: DevId, g: GroupId): void {
  k.call('iommu_deinit_device', [{ kind: 'dev', id: dev }], () => {
    deviceBlockTranslation(k, dev); // ops->release_domain->ops->attach_dev()
    k.call('intel_iommu_release_device', [{ kind: 'dev', id: dev }], () => {
      k.setDev(dev, { info: null, pasid_table: {} });
      indexPasidDev(k, dev, false);
      return VOID;
    });
    const grp = k.group(g);
    if (grp.devices.length === 0) {
      if (grp.default_domain !== null) {
        iommuDomainFree(k, grp.default_domain);
        k.setGroup(g, { default_domain: null });
      }
      // VT-d's blocking domain is static (no ->free): the group only forgets it.
      if (grp.blocking_domain != null) k.setGroup(g, { blocking_domain: null });
      k.setGroup(g, { domain: null });
    }
    k.setDev(dev, { iommu_group: null });
    return VOID;
  });
}

export function iommuGroupGet(k: Kernel, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return NULLPTR;
  k.setGroup(g, { refcount: k.group(g).refcount + 1 });
  return ptr(grpRef(g));
}

/** iommu_group_put(): at refcount 0 the group is released: default_domain freed, id freed. */
export function iommuGroupPut(k: Kernel, g: GroupId): void {
  const grp = k.group(g);
  if (grp.released) k.warn('lib/refcount.c', `refcount_t: underflow; use-after-free (group ${grp.name})`);
  const refcount = grp.refcount - 1;
  k.setGroup(g, { refcount });
  if (refcount === 0) {
    k.call('iommu_group_release', [grpRef(g)], () => {
      // v6.12: "Domains are free'd by iommu_deinit_device()": WARN_ON(group->blocking_domain).
      if (grp.blocking_domain != null) k.warn(`${SRC}:iommu_group_release`, `WARN_ON(group->blocking_domain) (${grp.name})`);
      if (grp.default_domain !== null) iommuDomainFree(k, grp.default_domain);
      k.setGroup(g, { released: true });
      return VOID;
    });
  }
}

/** iommu_domain_alloc(bus): the mdev bus has no iommu_ops (NULL); PCI gets an UNMANAGED domain. */
export function iommuDomainAlloc(k: Kernel, bus: 'pci' | 'mdev', name: string | undefined): Value {
  if (bus !== 'pci' || !k.m.iommu.present) return NULLPTR;
  const n = name ?? `dom${k.m.next_dom}`;
  const id = k.call('intel_iommu_domain_alloc', ['IOMMU_DOMAIN_UNMANAGED'], () => {
    const dom = vtdDomainAlloc(k, 'UNMANAGED', n);
    return dom === null ? NULLPTR : ptr(domRef(dom));
  });
  if (id.t === 'ptr' && id.ref && name === undefined) k.setMachine({ next_dom: k.m.next_dom + 1 });
  return id;
}

/**
 * iommu_domain_free() → intel_iommu_domain_free() → domain_exit(): devices that have it as their
 * primary domain lose their info; aux attachments are ignored (their PASID leaks, docs/kernel-reference.md B18).
 */
export function iommuDomainFree(k: Kernel, dom: DomainId): void {
  k.call('iommu_domain_free', [domRef(dom)], () => {
    const d = k.domain(dom);
    if (d.type === 'IDENTITY' || d.type === 'BLOCKED') return VOID; // the static si_domain (v6.12: static domains, no ->free) is never freed
    if (k.rules.core === 'v6.2' && !d.freed) return domainExitV612(k, dom);
    if (d.freed) k.oops(`kernel BUG at mm/slub.c: double free of dmar_domain ${d.name}`);
    for (const dev of d.devices) dmarRemoveOneDevInfo(k, dev);
    k.setDomain(dom, { freed: true });
    return VOID;
  });
}

/**
 * v6.12 intel_iommu_domain_free() → domain_exit(): the whole range is unmapped and the page
 * table freed, then WARN_ON(!list_empty(&domain->devices)) returns before kfree: a domain still
 * primary on a device stays allocated, without a page table. Attachments by PASID are not
 * looked at (the domain is freed under them).
 */
function domainExitV612(k: Kernel, dom: DomainId): Value {
  return k.call('domain_exit', [domRef(dom)], () => {
    const d = k.domain(dom);
    if (d.devices.length) {
      if (!d.pgd_freed) k.setDomain(dom, { pt: PT_EMPTY, pgd_freed: true });
      k.warn(`${VTD}:domain_exit`, `WARN_ON(!list_empty(&domain->devices)) (${d.name} is still attached to ${d.devices.map((x) => k.dev(x).name).join(', ')})`);
      return VOID;
    }
    k.setDomain(dom, { freed: true });
    return VOID;
  });
}

/** __iommu_attach_device(): the domain's attach_dev (VT-d's blocking domain has its own). */
export function attachDeviceDriver(k: Kernel, dom: DomainId, dev: DevId): Value {
  if (k.domain(dom).type === 'BLOCKED') return blockingDomainAttachDev(k, dom, dev);
  return intelIommuAttachDevice(k, dom, dev);
}

/**
 * v6.12 __iommu_group_set_core_domain(): the domain a group goes back to when its user lets go
 * — the blocking domain while someone owns the group's DMA, else the default domain.
 */
export function coreDomain(k: Kernel, g: GroupId): DomainId | null {
  const grp = k.group(g);
  return grp.owner ? (grp.blocking_domain ?? null) : grp.default_domain;
}

/**
 * __iommu_attach_group(). v5.8: -EBUSY only when a default domain exists and is not current —
 * a group without one is silently re-attached (docs/kernel-reference.md B8). v6.2: -EBUSY over any domain that is
 * neither default nor blocking. Devices are attached in order and not rolled back (docs/kernel-reference.md B9).
 */
export function attachGroupInternal(k: Kernel, dom: DomainId, g: GroupId): Value {
  const grp = k.group(g);
  if (k.rules.core === 'v6.2') {
    if (grp.domain !== null && grp.domain !== grp.default_domain && grp.domain !== grp.blocking_domain) return err('EBUSY');
    // v6.12 __iommu_attach_group: !dev_has_iommu(iommu_group_first_dev(group)) -> -EINVAL. An
    // mdev never probed by the IOMMU stops here (v6.2's VT-d would dereference its NULL info),
    // and so does a device released by iommu_group_remove_device. A static domain (identity,
    // blocked) has no owner, so dev_iommu_ops(dev) != domain->owner: -EINVAL too.
    if (grp.devices.length && !devHasIommu(k, grp.devices[0])) return err('EINVAL');
    if (isStaticDomain(k, dom)) return err('EINVAL');
    return setGroupDomainV612(k, g, dom);
  } else if (grp.default_domain !== null && grp.domain !== grp.default_domain) {
    return err('EBUSY');
  }
  for (const dev of grp.devices) {
    const r = attachDeviceDriver(k, dom, dev);
    if (r.t === 'int' && r.v !== 0) return r;
  }
  k.setGroup(g, { domain: dom });
  return int(0);
}

/**
 * __iommu_detach_group(): the domain argument is not compared with group->domain. Without a
 * default domain every device is detached and group->domain becomes NULL; otherwise the group
 * goes back to its default domain (WARN if that fails).
 */
export function detachGroupInternal(k: Kernel, dom: DomainId, g: GroupId): void {
  const grp = k.group(g);
  if (k.rules.core === 'v6.2') {
    // v6.12 iommu_detach_group() → __iommu_group_set_core_domain() → __iommu_group_set_domain_nofail(group,
    // blocking_domain while the group's DMA is owned, else default_domain)
    setGroupDomainNofail(k, g, coreDomain(k, g));
    return;
  }
  if (grp.default_domain === null) {
    for (const dev of grp.devices) intelIommuDetachDevice(k, dom, dev);
    k.setGroup(g, { domain: null });
    return;
  }
  if (grp.domain === grp.default_domain) return;
  for (const dev of grp.devices) {
    const r = attachDeviceDriver(k, grp.default_domain, dev);
    if (r.t === 'int' && r.v !== 0) {
      k.warn(`${SRC}:__iommu_detach_group`, 'WARN_ON(ret != 0): could not re-attach the default domain');
      return;
    }
  }
  k.setGroup(g, { domain: grp.default_domain });
}

const formatErr = (v: number): string => `ret ${v}`;

/** v6.12 __iommu_group_set_domain_nofail(): WARN_ON(__iommu_group_set_domain_internal(…, MUST_SUCCEED)). */
export function setGroupDomainNofail(k: Kernel, g: GroupId, dom: DomainId | null): void {
  const r = setGroupDomainV612(k, g, dom, true);
  if (r.t === 'int' && r.v !== 0) k.warn(`${SRC}:__iommu_group_set_domain_nofail`, `WARN_ON(__iommu_group_set_domain_internal(group, new_domain, IOMMU_SET_DOMAIN_MUST_SUCCEED)) (${formatErr(r.v)})`);
}

/**
 * v6.12 __iommu_device_set_domain(): a device without dev->iommu is an OOPS; a device whose firmware asked for a 1:1 mapping
 * (dev->iommu->require_direct: here an `rmrr` device, whose RMRR is not relaxable) refuses the
 * blocking domain with -EINVAL, which keeps such a device from vfio and iommufd; then the
 * domain's attach_dev. A failure the caller needs to succeed puts the device on the group's
 * blocking domain, if it has one, "in hopes of avoiding a UAF".
 */
function deviceSetDomain(k: Kernel, g: GroupId, dev: DevId, dom: DomainId, mustSucceed: boolean): Value {
  const grp = k.group(g);
  // dev->iommu->require_direct is read unchecked: a device without dev->iommu (an mdev, or one
  // iommu_group_remove_device released and a group took back) is a NULL dereference.
  if (!devHasIommu(k, dev))
    k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: __iommu_device_set_domain (${k.dev(dev).name}->iommu is NULL)`);
  if (k.dev(dev).caps?.rmrr_locked && (k.domain(dom).type === 'BLOCKED' || dom === grp.blocking_domain)) {
    // dev_warn(), a KERN_WARNING line, not a WARN splat.
    k.err(`${k.dev(dev).name}: Firmware has requested this device have a 1:1 IOMMU mapping, rejecting configuring the device without a 1:1 mapping. Contact your platform vendor.`);
    return err('EINVAL');
  }
  const r = attachDeviceDriver(k, dom, dev);
  if (r.t === 'int' && r.v !== 0 && mustSucceed && grp.blocking_domain != null && grp.blocking_domain !== dom) attachDeviceDriver(k, grp.blocking_domain, dev);
  return r;
}

/**
 * v6.12 __iommu_group_set_domain_internal(): nothing to do when the group is already on it; a
 * NULL domain WARNs (-EINVAL). Each device is attached in turn (__iommu_device_set_domain); on a
 * failure the devices up to and including the failed one are put back on the group's current
 * domain (err_revert, WARN if that fails too), unless the caller said it must succeed, which
 * puts the failed device on the group's blocking domain if it has one, keeps going and sets
 * the domain anyway.
 */
export function setGroupDomainV612(k: Kernel, g: GroupId, dom: DomainId | null, mustSucceed = false): Value {
  const grp = k.group(g);
  if (grp.domain === dom) return int(0);
  if (dom === null) {
    k.warn(`${SRC}:__iommu_group_set_domain_internal`, 'WARN_ON(!new_domain)');
    return err('EINVAL');
  }
  let result = 0;
  for (let i = 0; i < grp.devices.length; i++) {
    const r = deviceSetDomain(k, g, grp.devices[i], dom, mustSucceed);
    if (r.t !== 'int' || r.v === 0) continue;
    result = r.v;
    if (mustSucceed) continue;
    // err_revert
    if (grp.domain !== null)
      for (let j = 0; j <= i; j++) {
        const back = attachDeviceDriver(k, grp.domain, grp.devices[j]);
        if (back.t === 'int' && back.v !== 0) k.warn(`${SRC}:__iommu_group_set_domain_internal`, `WARN_ON(__iommu_device_set_domain(group, dev, group->domain, IOMMU_SET_DOMAIN_MUST_SUCCEED)) (${k.dev(grp.devices[j]).name})`);
      }
    return r;
  }
  k.setGroup(g, { domain: dom });
  return int(result);
}

/** v6.12 IOMMU_DOMAIN_* values the sysfs `type` store accepts (0 is "auto"). */
const STORE_TYPES: Readonly<Record<number, 'IDENTITY' | 'DMA' | 'DMA_FQ' | 'auto'>> = { 4: 'IDENTITY', 3: 'DMA', 0xb: 'DMA_FQ', 0: 'auto' };

/**
 * iommu_group_store_type() (v6.12, the sysfs `type` attribute): the call stands for writing
 * "identity", "DMA", "DMA-FQ" or "auto" and returns 0 where the write returns its byte count.
 * No default domain or another word: -EINVAL. DMA-FQ over a DMA default domain changes only its
 * flush mode (not modelled). A group without devices, or one whose DMA is owned (owner_cnt: vfio's claim or a scenario's): -EPERM.
 * Then iommu_setup_default_domain(): "auto" is the group's declared default (identity with
 * `passthrough`, else DMA); the same type keeps the domain; otherwise a new default domain
 * becomes group->default_domain, the group moves to it (__iommu_group_set_domain, whatever
 * domain it was on), and the old one is freed; a failed move restores the old default.
 */
export function iommuGroupStoreType(k: Kernel, g: GroupId, type: number): Value {
  const grp = k.group(g);
  const req = STORE_TYPES[type];
  if (grp.default_domain === null || req === undefined) return err('EINVAL');
  const old = grp.default_domain;
  if (req === 'DMA_FQ' && k.domain(old).type === 'DMA') return int(0);
  if (grp.devices.length === 0 || (grp.owner_cnt ?? 0) > 0) return err('EPERM');
  const want = req === 'auto' ? (grp.devices.some((d) => k.dev(d).caps?.passthrough) ? 'IDENTITY' : 'DMA') : req === 'DMA_FQ' ? 'DMA' : req;
  if (k.domain(old).type === want) return int(0);
  const dom = vtdDomainAlloc(k, want, `dma(${grp.name})`)!;
  k.setGroup(g, { default_domain: dom });
  const r = grp.domain === null ? setGroupDomainV612(k, g, dom, true) : setGroupDomainV612(k, g, dom);
  if (r.t === 'int' && r.v !== 0) {
    // err_restore_def_domain
    k.setGroup(g, { default_domain: old });
    iommuDomainFree(k, dom);
    return r;
  }
  iommuDomainFree(k, old);
  return int(0);
}

export function iommuAttachDevice(k: Kernel, dom: DomainId, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return err('ENODEV');
  if (k.group(g).devices.length !== 1) return err('EINVAL');
  return attachGroupInternal(k, dom, g);
}

export function iommuDetachDevice(k: Kernel, dom: DomainId, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return VOID;
  // v6.2/v6.12: WARN_ON(domain != group->domain) first: detaching another domain changes nothing.
  if (k.rules.core === 'v6.2' && k.group(g).domain !== dom) {
    const cur = k.group(g).domain;
    k.warn(`${SRC}:iommu_detach_device`, `WARN_ON(domain != group->domain) (${k.domain(dom).name}, but ${k.group(g).name} is on ${cur === null ? 'NULL' : k.domain(cur).name})`);
    return VOID;
  }
  if (k.group(g).devices.length !== 1) {
    k.warn(`${SRC}:iommu_detach_device`, `WARN_ON(iommu_group_device_count(group) != 1) (${k.group(g).name} has ${k.group(g).devices.length} devices)`);
    return VOID;
  }
  detachGroupInternal(k, dom, g);
  return VOID;
}

export function iommuGetDomainForDev(k: Kernel, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return NULLPTR;
  const d = k.group(g).domain;
  return d === null ? NULLPTR : ptr(domRef(d));
}
