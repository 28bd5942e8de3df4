/**
 * What every design offers (designs.md, "Which functions a design offers"): the core of
 * iommu.c (groups, domains, attach/detach, map/unmap/iova_to_phys), the mdev calls and the
 * feature calls, as function tables that design modules spread into their own.
 */
import type { KernelFn } from '../design';
import { devRef, grpRef } from '../refs';
import type { Arg } from '../step';
import { int, NULLPTR, ptr, VOID, type Value } from '../value';
import { invoke } from '../kernel/invoke';
import * as core from '../kernel/iommu-core';
import {
  iommuDevDisableFeature,
  iommuDevDisableFeatureV612,
  iommuDevEnableFeature,
  iommuDevEnableFeatureV612,
  iommuDevFeatureEnabled,
  iommuDevHasFeature,
  FEAT_AUX,
} from '../kernel/features';
import { iommuIovaToPhys, iommuMap, iommuUnmap } from '../kernel/iommu-map';
import type { Kernel } from '../kernel/kernel';

/** The id behind a pointer argument; NULL is dereferenced as the kernel would: an OOPS. */
export function deref(k: Kernel, a: Arg, fn: string): number {
  if (a.t !== 'ref') k.oops(`BUG: kernel NULL pointer dereference, address: 0000000000000000 — RIP: ${fn}`);
  return a.ref.id;
}
export const num = (a: Arg): number => (a.t === 'int' ? a.v : 0);
export const busOf = (a: Arg): 'pci' | 'mdev' => (a.t === 'bus' ? a.bus : 'pci');
export { domRef, devRef, grpRef } from '../refs';

/** The core of iommu.c and the mdev helpers, v5.8 or v6.2 rules by `k.rules.core`. */
export const CORE_FUNCTIONS: Readonly<Record<string, KernelFn>> = {
  iommu_group_alloc: (k) => ptr(grpRef(core.iommuGroupAlloc(k, k.topBind()))),
  iommu_group_add_device: (k, [g, d]) =>
    core.iommuGroupAddDevice(k, deref(k, g, 'iommu_group_add_device'), deref(k, d, 'iommu_group_add_device')),
  iommu_group_remove_device: (k, [d]) => core.iommuGroupRemoveDevice(k, deref(k, d, 'iommu_group_remove_device')),
  iommu_group_get: (k, [d]) => core.iommuGroupGet(k, deref(k, d, 'iommu_group_get')),
  iommu_group_put: (k, [g]) => {
    if (g.t === 'ref') core.iommuGroupPut(k, g.ref.id); // NULL-safe
    return VOID;
  },
  iommu_group_id: (k, [g]) => int(k.group(deref(k, g, 'iommu_group_id')).group_id),
  iommu_domain_alloc: (k, [b]) => core.iommuDomainAlloc(k, busOf(b), k.topBind()),
  iommu_domain_free: (k, [d]) => {
    core.iommuDomainFree(k, deref(k, d, 'iommu_domain_free'));
    return VOID;
  },
  iommu_attach_device: (k, [d, dev]) => {
    const dv = deref(k, dev, 'iommu_attach_device');
    if (k.dev(dv).iommu_group === null) return int(-19);
    return core.iommuAttachDevice(k, deref(k, d, '__iommu_attach_device'), dv);
  },
  iommu_detach_device: (k, [d, dev]) => {
    const dv = deref(k, dev, 'iommu_detach_device');
    if (k.dev(dv).iommu_group === null) return VOID;
    return core.iommuDetachDevice(k, deref(k, d, '__iommu_detach_device'), dv);
  },
  iommu_attach_group: (k, [d, g]) =>
    core.attachGroupInternal(k, deref(k, d, '__iommu_attach_group'), deref(k, g, 'iommu_attach_group')),
  iommu_detach_group: (k, [d, g]) => {
    const gid = deref(k, g, 'iommu_detach_group');
    core.detachGroupInternal(k, deref(k, d, '__iommu_detach_group'), gid);
    return VOID;
  },
  iommu_get_domain_for_dev: (k, [d]) => core.iommuGetDomainForDev(k, deref(k, d, 'iommu_get_domain_for_dev')),
  iommu_map: (k, [d, iova, pa, size, prot]) =>
    iommuMap(k, deref(k, d, 'iommu_map'), num(iova), num(pa), num(size), num(prot)),
  iommu_unmap: (k, [d, iova, size]) => iommuUnmap(k, deref(k, d, 'iommu_unmap'), num(iova), num(size)),
  iommu_iova_to_phys: (k, [d, iova]) => iommuIovaToPhys(k, deref(k, d, 'iommu_iova_to_phys'), num(iova)),
  mdev_set_iommu_device: (k, [m, p]) => {
    const id = deref(k, m, 'mdev_set_iommu_device');
    if (k.dev(id).bus !== 'mdev') {
      k.err(`mdev_set_iommu_device: ${k.dev(id).name} is not an mdev (to_mdev_device() of a PCI device)`);
      return int(0);
    }
    k.setDev(id, { iommu_device: p.t === 'ref' ? p.ref.id : null });
    return int(0);
  },
  mdev_get_iommu_device: (k, [m]) => {
    const d = k.dev(deref(k, m, 'mdev_get_iommu_device'));
    return d.bus === 'mdev' && d.iommu_device !== null ? ptr(devRef(d.iommu_device)) : NULLPTR;
  },
};

/** The v5.8 feature calls. */
export const FEATURE_FUNCTIONS: Readonly<Record<string, KernelFn>> = {
  iommu_dev_has_feature: (k, [d, f]) => iommuDevHasFeature(k, deref(k, d, 'iommu_dev_has_feature'), num(f)),
  iommu_dev_enable_feature: (k, [d, f]) => iommuDevEnableFeature(k, deref(k, d, 'iommu_dev_enable_feature'), num(f)),
  iommu_dev_disable_feature: (k, [d, f]) => iommuDevDisableFeature(k, deref(k, d, 'iommu_dev_disable_feature'), num(f)),
  iommu_dev_feature_enabled: (k, [d, f]) => iommuDevFeatureEnabled(k, deref(k, d, 'iommu_dev_feature_enabled'), num(f)),
};

/**
 * The v6.12 feature calls: only enable and disable exist (iommu_dev_has_feature and
 * iommu_dev_feature_enabled are gone), and the features are SVA (0) and IOPF (1);
 * IOMMU_DEV_FEAT_AUX no longer exists, so a scenario naming it gets `unsupported`.
 */
export const FEATURE_FUNCTIONS_V612: Readonly<Record<string, KernelFn>> = {
  iommu_dev_enable_feature: (k, [d, f]) => iommuDevEnableFeatureV612(k, deref(k, d, 'iommu_dev_enable_feature'), num(f)),
  iommu_dev_disable_feature: (k, [d, f]) => iommuDevDisableFeatureV612(k, deref(k, d, 'iommu_dev_disable_feature'), num(f)),
};

/** Is AUX enabled on dev, asked the way vfio asks it: a nested, traced call. */
export function auxOn(k: Kernel, dev: number): boolean {
  const v = invoke(k, 'iommu_dev_feature_enabled', [devRef(dev), FEAT_AUX]);
  return v.t === 'bool' && v.v;
}

/** The int a nested call returned (0 for void). */
export const retInt = (v: Value): number => (v.t === 'int' ? v.v : 0);
