/**
 * DMA ownership of a group (drivers/iommu/iommu.c, v5.19+, as in v6.12): a user that drives a
 * group's DMA itself (vfio, iommufd) claims it, which moves the group onto its blocking domain
 * until the user attaches its own domain, and makes the core put the group back on the blocking
 * domain, not the default one, whenever that domain is detached. Only pasid-6.x offers these;
 * the v5.8 designs answer `unsupported`.
 */
import type { DevId, GroupId } from '../model';
import { grpRef } from '../refs';
import { bool, err, int, VOID, type Value } from '../value';
import { setGroupDomainNofail, setGroupDomainV612 } from './iommu-core';
import type { Kernel } from './kernel';
import { devHasIommu, vtdBlockingDomain } from './vtd';

const SRC = 'drivers/iommu/iommu.c';

/**
 * The owner cookie as the group keeps it: `vfio_group` for vfio's claim, the number a scenario
 * passed for its own (a pointer stands for its owner; only equality matters). 0 is NULL.
 */
export const ownerOf = (n: number): string | null => (n === 0 ? null : String(n));

/**
 * __iommu_group_alloc_blocking_domain() → __iommu_group_domain_alloc(group, IOMMU_DOMAIN_BLOCKED)
 * → __iommu_domain_alloc(dev_iommu_ops(iommu_group_first_dev(group)), …): VT-d's static
 * blocking_domain. An empty group has no first device and an mdev no dev->iommu: the kernel
 * dereferences what is not there.
 */
function allocBlockingDomain(k: Kernel, g: GroupId): void {
  if (k.group(g).blocking_domain != null) return;
  k.call('__iommu_group_alloc_blocking_domain', [grpRef(g)], () => {
    const grp = k.group(g);
    const first = grp.devices[0];
    if (first === undefined) k.oops(`BUG: unable to handle page fault — RIP: __iommu_group_domain_alloc (iommu_group_first_dev(${grp.name}): the group has no devices)`);
    if (!devHasIommu(k, first))
      k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: __iommu_group_domain_alloc (dev_iommu_ops(${k.dev(first).name}): ${k.dev(first).name}->iommu is NULL)`);
    k.setGroup(g, { blocking_domain: vtdBlockingDomain(k) });
    return int(0);
  });
}

/**
 * __iommu_take_dma_ownership(): a group on another than its default domain, or with PASID
 * attachments, is -EBUSY; otherwise it moves onto its blocking domain (__iommu_group_set_domain:
 * a device that needs a 1:1 mapping refuses it, -EINVAL) and the owner is recorded.
 */
function takeDmaOwnership(k: Kernel, g: GroupId, owner: string): Value {
  return k.call('__iommu_take_dma_ownership', [grpRef(g)], () => {
    const grp = k.group(g);
    if ((grp.domain !== null && grp.domain !== grp.default_domain) || Object.keys(grp.pasid_array).length) return err('EBUSY');
    allocBlockingDomain(k, g);
    const r = setGroupDomainV612(k, g, k.group(g).blocking_domain ?? null);
    if (r.t === 'int' && r.v !== 0) return r;
    k.setGroup(g, { owner, owner_cnt: (k.group(g).owner_cnt ?? 0) + 1 });
    return int(0);
  });
}

/** iommu_group_claim_dma_owner(): WARN_ON(!owner) -EINVAL; an owned group (owner_cnt) -EPERM. */
export function iommuGroupClaimDmaOwner(k: Kernel, g: GroupId, owner: string | null): Value {
  if (owner === null) {
    k.warn(`${SRC}:iommu_group_claim_dma_owner`, 'WARN_ON(!owner)');
    return err('EINVAL');
  }
  if (k.group(g).owner_cnt) return err('EPERM');
  return takeDmaOwnership(k, g, owner);
}

/**
 * iommu_device_claim_dma_owner(): like the group claim, through the device's group (-ENODEV
 * without one), except that the same owner may claim again (owner_cnt counts the claims) and
 * another owner is -EPERM.
 */
export function iommuDeviceClaimDmaOwner(k: Kernel, dev: DevId, owner: string | null): Value {
  if (owner === null) {
    k.warn(`${SRC}:iommu_device_claim_dma_owner`, 'WARN_ON(!owner)');
    return err('EINVAL');
  }
  const g = k.dev(dev).iommu_group;
  if (g === null) return err('ENODEV');
  const grp = k.group(g);
  if (grp.owner_cnt) {
    if (grp.owner !== owner) return err('EPERM');
    k.setGroup(g, { owner_cnt: grp.owner_cnt + 1 });
    return int(0);
  }
  return takeDmaOwnership(k, g, owner);
}

/**
 * __iommu_release_dma_ownership(): WARNs and does nothing for a group nobody owns or with PASID
 * attachments; otherwise the owner is forgotten and the group goes back to its default domain
 * (__iommu_group_set_domain_nofail). The blocking domain stays the group's until it empties.
 */
function releaseDmaOwnership(k: Kernel, g: GroupId): void {
  k.call('__iommu_release_dma_ownership', [grpRef(g)], () => {
    const grp = k.group(g);
    if (!grp.owner_cnt || !grp.owner || Object.keys(grp.pasid_array).length) {
      k.warn(`${SRC}:__iommu_release_dma_ownership`, `WARN_ON(!group->owner_cnt || !group->owner || !xa_empty(&group->pasid_array)) (${grp.name})`);
      return VOID;
    }
    k.setGroup(g, { owner_cnt: 0, owner: null });
    setGroupDomainNofail(k, g, grp.default_domain);
    return VOID;
  });
}

/** iommu_group_release_dma_owner(). */
export function iommuGroupReleaseDmaOwner(k: Kernel, g: GroupId): Value {
  releaseDmaOwnership(k, g);
  return VOID;
}

/**
 * iommu_device_release_dma_owner(): one claim fewer; the last releases the group. A device in
 * no group is a NULL dereference (mutex_lock(&group->mutex): "Caller must be a probed driver").
 */
export function iommuDeviceReleaseDmaOwner(k: Kernel, dev: DevId): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) k.oops(`BUG: kernel NULL pointer dereference — RIP: iommu_device_release_dma_owner (${k.dev(dev).name} has no group)`);
  const n = k.group(g).owner_cnt ?? 0;
  if (n > 1) k.setGroup(g, { owner_cnt: n - 1 });
  else releaseDmaOwnership(k, g);
  return VOID;
}

/** iommu_group_dma_owner_claimed(): owner_cnt != 0. */
export const iommuGroupDmaOwnerClaimed = (k: Kernel, g: GroupId): Value => bool((k.group(g).owner_cnt ?? 0) > 0);
