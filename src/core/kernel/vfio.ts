/**
 * vfio type1 (drivers/vfio/vfio_iommu_type1.c, v5.8): attach and detach of a group to a
 * container, the external domain for mdevs without IOMMU backing, and type1's domain reuse.
 * How an mdev group reaches the IOMMU is the design's business (`VfioMdevOps`).
 */
import type { ContainerId, DomainId, GroupId } from '../model';
import { err, int, VOID, type Value } from '../value';
import { iommuDomainAlloc, iommuDomainFree } from './iommu-core';
import { iommuGroupClaimDmaOwner, iommuGroupReleaseDmaOwner } from './dma-owner';
import { invoke } from './invoke';
import type { Kernel } from './kernel';
import { domRef as dom, grpRef as grp } from '../refs';

/** What a design does where v5.8 calls vfio_mdev_attach_domain / vfio_mdev_detach_domain. */
export interface VfioMdevOps {
  /**
   * v3 4/4 adds `vfio_group->iommu_device`, set once at attach time (after the isolation
   * check) and read by every later attach/detach of the group: Container.group_iommu_device.
   */
  readonly keepIommuDevice?: boolean;
  attach(k: Kernel, c: ContainerId, dom: DomainId, g: GroupId): Value;
  /** `final`: the group leaves the container; false while type1 moves it to a reused domain. */
  detach(k: Kernel, c: ContainerId, dom: DomainId, g: GroupId, final: boolean): void;
}

/** vfio_mdev_iommu_device() over the group: the common iommu_device, or null (external). */
function mdevIommuDevice(k: Kernel, g: GroupId): number | null {
  let common: number | null = null;
  for (const d of k.group(g).devices) {
    const iod = k.dev(d).iommu_device;
    if (iod === null || (common !== null && common !== iod)) return null;
    common = iod;
  }
  return common;
}

function attachOne(k: Kernel, ops: VfioMdevOps, c: ContainerId, mdev: boolean, d: DomainId, g: GroupId): Value {
  return k.call('vfio_iommu_attach_group', [dom(d), grp(g)], () =>
    mdev ? ops.attach(k, c, d, g) : invoke(k, 'iommu_attach_group', [dom(d), grp(g)]),
  );
}

function detachOne(k: Kernel, ops: VfioMdevOps, c: ContainerId, mdev: boolean, d: DomainId, g: GroupId, final: boolean): void {
  k.call('vfio_iommu_detach_group', [dom(d), grp(g)], () => {
    if (mdev) ops.detach(k, c, d, g, final);
    else invoke(k, 'iommu_detach_group', [dom(d), grp(g)]);
    return VOID;
  });
}

/** Stores (or, with null, drops) vfio_group->iommu_device for g (v3 4/4 only). */
function keepIommuDevice(k: Kernel, c: ContainerId, g: GroupId, dev: number | null): void {
  const next = { ...(k.container(c).group_iommu_device ?? {}) };
  if (dev === null) delete next[g];
  else next[g] = dev;
  k.setContainer(c, { group_iommu_device: next });
}

const isMdevGroup = (k: Kernel, g: GroupId): boolean =>
  k.group(g).devices.length > 0 && k.dev(k.group(g).devices[0]).bus === 'mdev';

/** The container whose type1 holds g (a domain's group list or the external domain), or null. */
function containerOf(k: Kernel, g: GroupId): ContainerId | null {
  // By index: the call may be editing the table, and iterating it would flatten it anew.
  const t = k.m.containers;
  for (let i = 0; i < t.size; i++) {
    const c = t.get(i);
    if (c.domain_list.some((v) => v.groups.includes(g)) || c.external_domain?.includes(g)) return c.id;
  }
  return null;
}

/**
 * v6.12 vfio_container_attach_group() claims a VFIO_IOMMU group's DMA (owner: the vfio_group)
 * before type1 attaches it, and vfio_group_detach_container() releases it after type1's detach.
 * A VFIO_IOMMU group is a physical device's; an mdev's group is VFIO_EMULATED_IOMMU and never
 * claimed. A group without devices is not claimed either: vfio keeps a vfio_group only for a
 * registered device, so the kernel never gets here with one.
 */
const claimsDmaOwner = (k: Kernel, g: GroupId): boolean => k.rules.core === 'v6.2' && k.group(g).devices.length > 0 && !isMdevGroup(k, g);
const VFIO_OWNER = 'vfio_group';

/**
 * VFIO_GROUP_SET_CONTAINER → vfio_group_set_container() (drivers/vfio/vfio.c, v5.8;
 * vfio_group_ioctl_set_container → vfio_container_attach_group in v6.12's group.c and
 * container.c): a group that already has container users — it sits in a container, this one
 * or another — is refused with -EINVAL before the IOMMU backend is asked; in v6.12 the group's
 * DMA is claimed next; then type1's attach_group runs (a failure releases the claim). (Every
 * design's portable vfio_attach_group models this whole path.)
 */
export function vfioGroupSetContainer(k: Kernel, ops: VfioMdevOps, c: ContainerId, g: GroupId): Value {
  return k.call('vfio_group_set_container', [{ kind: 'container', id: c }, grp(g)], () => {
    const held = containerOf(k, g);
    if (held !== null) {
      k.info(`vfio: ${k.group(g).name}: container_users != 0 (already in ${k.container(held).name})`);
      return err('EINVAL');
    }
    const claim = claimsDmaOwner(k, g);
    if (claim) {
      const r = k.call('iommu_group_claim_dma_owner', [grp(g), VFIO_OWNER], () => iommuGroupClaimDmaOwner(k, g, VFIO_OWNER));
      if (retFailed(r)) return r;
    }
    const r = k.call('vfio_iommu_type1_attach_group', [{ kind: 'container', id: c }, grp(g)], () => vfioAttachGroup(k, ops, c, g));
    if (claim && retFailed(r)) vfioReleaseDmaOwner(k, g);
    return r;
  });
}

/** v6.12 vfio_group_detach_container(): after type1's detach, iommu_group_release_dma_owner(). */
export function vfioReleaseDmaOwner(k: Kernel, g: GroupId): void {
  if (k.rules.core !== 'v6.2' || k.group(g).owner !== VFIO_OWNER) return;
  k.call('iommu_group_release_dma_owner', [grp(g)], () => iommuGroupReleaseDmaOwner(k, g));
}

/** Is g in container c (type1's domain list or its external domain)? */
export const inContainer = (k: Kernel, c: ContainerId, g: GroupId): boolean => containerOf(k, g) === c;

/** vfio_iommu_type1_attach_group(). */
export function vfioAttachGroup(k: Kernel, ops: VfioMdevOps, c: ContainerId, g: GroupId): Value {
  const cont = k.container(c);
  if (cont.domain_list.some((v) => v.groups.includes(g)) || cont.external_domain?.includes(g)) return err('EINVAL');
  const devs = k.group(g).devices;
  // A group mixing PCI devices and mdevs is refused (every device on the first one's bus).
  for (let i = 1; i < devs.length; i++) if (k.dev(devs[i]).bus !== k.dev(devs[0]).bus) return err('EINVAL');
  const mdev = isMdevGroup(k, g);
  const iommuDevice = mdev ? mdevIommuDevice(k, g) : null;
  if (mdev && iommuDevice === null) {
    // Vendor-defined isolation: pinning only, no IOMMU domain, and still success.
    k.info(`vfio: ${k.group(g).name}: no common iommu_device, using the external domain`);
    k.setContainer(c, { external_domain: [...(cont.external_domain ?? []), g] });
    return int(0);
  }
  if (devs.length === 0) return err('EIO');
  // group->mdev_group = true; v3 4/4 also keeps group->iommu_device. The vfio_group is freed
  // again when the attach fails.
  if (mdev) setMdevGroup(k, c, g, true);
  if (mdev && ops.keepIommuDevice) keepIommuDevice(k, c, g, iommuDevice);
  const bus = iommuDevice !== null ? k.dev(iommuDevice).bus : k.dev(devs[0]).bus;
  const ret = attachToContainer(k, ops, c, g, mdev, bus);
  if (retFailed(ret) && mdev) {
    setMdevGroup(k, c, g, false);
    if (ops.keepIommuDevice) keepIommuDevice(k, c, g, null);
  }
  return ret;
}

/** Records (or forgets) vfio_group->mdev_group for g. */
function setMdevGroup(k: Kernel, c: ContainerId, g: GroupId, on: boolean): void {
  const now = k.container(c).mdev_groups ?? [];
  k.setContainer(c, { mdev_groups: on ? [...now, g] : now.filter((x) => x !== g) });
}

const retFailed = (v: Value): boolean => v.t !== 'int' || v.v !== 0;

/**
 * From iommu_domain_alloc() on: the new domain, then type1's domain reuse. The domain is
 * allocated on the bus of the group's devices, or for an mdev group on its iommu_device's bus;
 * a bus without IOMMU ops (an mdev set as another mdev's iommu_device) gives NULL, which type1
 * returns as -EIO (v5.8 vfio_iommu_type1_attach_group).
 */
function attachToContainer(k: Kernel, ops: VfioMdevOps, c: ContainerId, g: GroupId, mdev: boolean, bus: 'pci' | 'mdev'): Value {
  const cont = k.container(c);
  const name = `${cont.name}.d${cont.next_dom}`;
  k.setContainer(c, { next_dom: cont.next_dom + 1 });
  // iommu_domain_alloc(bus): named after the container, not dom<N>.
  const alloc = k.call('iommu_domain_alloc', [`&${bus}_bus_type`], () => iommuDomainAlloc(k, bus, name));
  if (alloc.t !== 'ptr' || alloc.ref === null) return err('EIO');
  const d = alloc.ref.id;
  k.setDomain(d, { container: c });
  let ret = attachOne(k, ops, c, mdev, d, g);
  if (ret.t !== 'int' || ret.v !== 0) {
    iommuDomainFree(k, d);
    return ret;
  }
  // Domain reuse: every domain of the container uses the same iommu_ops and prot.
  for (const v of k.container(c).domain_list) {
    detachOne(k, ops, c, mdev, d, g, false);
    const r = attachOne(k, ops, c, mdev, v.domain, g);
    if (r.t === 'int' && r.v === 0) {
      const now = k.container(c);
      k.setContainer(c, {
        domain_list: now.domain_list.map((x) => (x.domain === v.domain ? { ...x, groups: [...x.groups, g] } : x)),
      });
      iommuDomainFree(k, d);
      return int(0);
    }
    ret = attachOne(k, ops, c, mdev, d, g);
    if (ret.t !== 'int' || ret.v !== 0) {
      iommuDomainFree(k, d);
      return ret;
    }
  }
  k.setContainer(c, { domain_list: [...k.container(c).domain_list, { domain: d, groups: [g] }] });
  return int(0);
}

/** vfio_iommu_type1_detach_group(): the last group of a domain frees the domain. */
export function vfioDetachGroup(k: Kernel, ops: VfioMdevOps, c: ContainerId, g: GroupId): Value {
  const cont = k.container(c);
  if (cont.external_domain?.includes(g)) {
    const rest = cont.external_domain.filter((x) => x !== g);
    k.setContainer(c, { external_domain: rest.length ? rest : null });
    return VOID;
  }
  const v = cont.domain_list.find((x) => x.groups.includes(g));
  if (!v) return VOID;
  // vfio_iommu_detach_group tests group->mdev_group, stored at attach time.
  const mdev = (cont.mdev_groups ?? []).includes(g);
  detachOne(k, ops, c, mdev, v.domain, g, true);
  if (mdev) {
    setMdevGroup(k, c, g, false);
    if (ops.keepIommuDevice) keepIommuDevice(k, c, g, null);
  }
  const groups = v.groups.filter((x) => x !== g);
  const now = k.container(c);
  if (groups.length) {
    k.setContainer(c, { domain_list: now.domain_list.map((x) => (x.domain === v.domain ? { ...x, groups } : x)) });
    return VOID;
  }
  iommuDomainFree(k, v.domain);
  k.setContainer(c, { domain_list: k.container(c).domain_list.filter((x) => x.domain !== v.domain) });
  return VOID;
}
