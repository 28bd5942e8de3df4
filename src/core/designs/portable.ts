/**
 * The portable steps (vfio_attach_group, vfio_detach_group, driver_get_domain,
 * driver_get_pasid): the same scenario text under every design, each design supplying how an
 * mdev group reaches the IOMMU and how the vendor driver finds its domain and PASID.
 */
import type { KernelFn } from '../design';
import type { Kernel } from '../kernel/kernel';
import { inContainer, vfioDetachGroup, vfioGroupSetContainer, vfioReleaseDmaOwner, type VfioMdevOps } from '../kernel/vfio';
import { err, type Value } from '../value';
import { deref } from './common';
import { invoke } from '../kernel/invoke';

export interface PortableOps {
  readonly vfio: VfioMdevOps;
  /** The vendor driver's idiom for "which domain is my mdev in". A pointer or NULL. */
  readonly getDomain: (k: Kernel, mdev: number) => Value;
  /** Likewise for the PASID to program. An int (PASID or -errno). */
  readonly getPasid: (k: Kernel, mdev: number) => Value;
}

export function portableSteps(ops: PortableOps): Record<string, KernelFn> {
  return {
    // VFIO_GROUP_SET_CONTAINER: vfio.c's own checks, then type1's attach_group.
    vfio_attach_group: (k, [c, g]) =>
      vfioGroupSetContainer(k, ops.vfio, deref(k, c, 'vfio_group_set_container'), deref(k, g, 'vfio_group_set_container')),
    // VFIO_GROUP_UNSET_CONTAINER: type1's detach_group, then (v6.12) the DMA ownership released.
    vfio_detach_group: (k, [c, g]) => {
      const held = c.t === 'ref' && g.t === 'ref' && inContainer(k, c.ref.id, g.ref.id);
      const r = k.call('vfio_iommu_type1_detach_group', [c.t === 'ref' ? c.ref : null, g.t === 'ref' ? g.ref : null], () =>
        vfioDetachGroup(k, ops.vfio, deref(k, c, 'vfio_iommu_type1_detach_group'), deref(k, g, 'vfio_iommu_type1_detach_group')),
      );
      if (held && g.t === 'ref') vfioReleaseDmaOwner(k, g.ref.id);
      return r;
    },
    driver_get_domain: (k, [m]) => ops.getDomain(k, deref(k, m, 'driver_get_domain')),
    driver_get_pasid: (k, [m]) => ops.getPasid(k, deref(k, m, 'driver_get_pasid')),
  };
}

/**
 * "Domain, then iommu_aux_get_pasid(domain, mdev_get_iommu_device(m))", the idiom of the v3 3/4
 * commit message: -ENODEV when there is no domain.
 */
export function pasidViaDomain(k: Kernel, mdev: number, getDomain: (k: Kernel, m: number) => Value): Value {
  const d = getDomain(k, mdev);
  if (d.t !== 'ptr' || d.ref === null) return err('ENODEV');
  const iod = invoke(k, 'mdev_get_iommu_device', [{ kind: 'dev', id: mdev }]);
  return invoke(k, 'iommu_aux_get_pasid', [d.ref, iod.t === 'ptr' ? iod.ref : null]);
}
