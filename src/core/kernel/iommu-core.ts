/**
 * The IOMMU core (drivers/iommu/iommu.c): groups, domain allocation, attach and detach.
 * v5.8 rules by default; `rules.core === 'v6.2'` switches to v6.2's group attach/detach rules.
 */
import type { DevId, DomainId, Group, GroupId } from '../model';
import { IdaIndex } from '../table-index';
import { err, int, NULLPTR, ptr, VOID, type Value } from '../value';
import type { Kernel } from './kernel';
import { domRef, grpRef } from '../refs';
import { intelIommuAttachDevice, intelIommuDetachDevice, vtdDomainAlloc, dmarRemoveOneDevInfo } from './vtd';

const SRC = 'drivers/iommu/iommu.c';
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
  if (grp.domain !== null) {
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
  if (g === null) k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: iommu_group_remove_device+0x1a (${k.dev(dev).name} has no group)`);
  const grp = k.group(g);
  k.info(`${k.dev(dev).name}: Removing from iommu group ${grp.group_id}`);
  if (!grp.devices.includes(dev)) return VOID;
  k.setGroup(g, { devices: grp.devices.filter((x) => x !== dev) });
  k.setDev(dev, { iommu_group: null });
  iommuGroupPut(k, g);
  return VOID;
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
    if (d.type === 'IDENTITY') return VOID; // the static si_domain is never freed
    if (d.freed) k.oops(`kernel BUG at mm/slub.c: double free of dmar_domain ${d.name}`);
    for (const dev of d.devices) dmarRemoveOneDevInfo(k, dev);
    k.setDomain(dom, { freed: true });
    return VOID;
  });
}

/** __iommu_attach_device(): the driver's attach_dev. */
export function attachDeviceDriver(k: Kernel, dom: DomainId, dev: DevId): Value {
  return intelIommuAttachDevice(k, dom, dev);
}

/**
 * __iommu_attach_group(). v5.8: -EBUSY only when a default domain exists and is not current —
 * a group without one is silently re-attached (docs/kernel-reference.md B8). v6.2: -EBUSY over any domain that is
 * neither default nor blocking. Devices are attached in order and not rolled back (docs/kernel-reference.md B9).
 */
export function attachGroupInternal(k: Kernel, dom: DomainId, g: GroupId): Value {
  const grp = k.group(g);
  if (k.rules.core === 'v6.2') {
    if (grp.domain !== null && grp.domain !== grp.default_domain) return err('EBUSY');
    // v6.12 __iommu_attach_group: !dev_has_iommu(iommu_group_first_dev(group)) -> -EINVAL. An
    // mdev never probed by the IOMMU stops here (v6.2's VT-d would dereference its NULL info).
    const first = grp.devices.length ? k.dev(grp.devices[0]) : null;
    if (first && (first.bus !== 'pci' || !k.m.iommu.present)) return err('EINVAL');
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
  if (grp.default_domain === null) {
    if (k.rules.core === 'v6.2' && grp.domain === null) return;
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

export function iommuAttachDevice(k: Kernel, dom: DomainId, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return err('ENODEV');
  if (k.group(g).devices.length !== 1) return err('EINVAL');
  return attachGroupInternal(k, dom, g);
}

export function iommuDetachDevice(k: Kernel, dom: DomainId, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return VOID;
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
