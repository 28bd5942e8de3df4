/**
 * iommu_attach_subdev_group / iommu_detach_subdev_group (v4 2/5, the realisation of Alex
 * Williamson's iommu_attach_group_with_lookup), shared by domain-flag and driver-map.
 *
 * The lookup is mdev_get_iommu_device. A lookup device with AUX enabled gets an aux attach,
 * any other a plain iommu_attach_device — as v5.8's vfio_mdev_attach_domain does, so its own
 * group changes domain too. With `passSubdev` (driver-map) the driver is told the subdevice.
 */
import type { KernelFn } from '../design';
import { invoke } from '../kernel/invoke';
import type { Kernel } from '../kernel/kernel';
import { err, int, VOID, type Value } from '../value';
import { auxAttach, auxDetach } from './aux';
import { auxOn, deref, devRef, domRef, retInt } from './common';

function lookup(k: Kernel, m: number): number | null {
  const v = invoke(k, 'mdev_get_iommu_device', [devRef(m)]);
  return v.t === 'ptr' && v.ref ? v.ref.id : null;
}

function attachOne(k: Kernel, dom: number, phys: number, subdev: number, passSubdev: boolean): Value {
  if (!auxOn(k, phys)) return invoke(k, 'iommu_attach_device', [domRef(dom), devRef(phys)]);
  if (!passSubdev) return invoke(k, 'iommu_aux_attach_device', [domRef(dom), devRef(phys)]);
  return k.call('__iommu_aux_attach_device', [domRef(dom), devRef(phys), devRef(subdev)], () => auxAttach(k, dom, phys, subdev));
}

function detachOne(k: Kernel, dom: number, phys: number, subdev: number, passSubdev: boolean): void {
  if (!auxOn(k, phys)) invoke(k, 'iommu_detach_device', [domRef(dom), devRef(phys)]);
  else if (!passSubdev) invoke(k, 'iommu_aux_detach_device', [domRef(dom), devRef(phys)]);
  else
    k.call('__iommu_aux_detach_device', [domRef(dom), devRef(phys), devRef(subdev)], () => {
      auxDetach(k, dom, phys, subdev);
      return VOID;
    });
}

export function attachSubdevGroup(k: Kernel, dom: number, g: number, passSubdev: boolean): Value {
  if (k.group(g).domain !== null) return err('EBUSY');
  const done: [number, number][] = [];
  for (const m of k.group(g).devices) {
    const phys = lookup(k, m);
    const r = phys === null ? err('ENODEV') : attachOne(k, dom, phys, m, passSubdev);
    if (retInt(r)) {
      // On error the devices already attached are detached again.
      for (const [p, s] of done.reverse()) detachOne(k, dom, p, s, passSubdev);
      return r;
    }
    done.push([phys!, m]);
  }
  k.setGroup(g, { domain: dom });
  return int(0);
}

/**
 * Nothing when group->domain is NULL; the domain argument is not compared (as in v4).
 * `stopOnLookupFail`: v4 2/5 as posted (`break`) instead of Alex's review (`continue`).
 */
export function detachSubdevGroup(k: Kernel, dom: number, g: number, passSubdev: boolean, stopOnLookupFail = false): void {
  if (k.group(g).domain === null) return;
  for (const m of k.group(g).devices) {
    const phys = lookup(k, m);
    // Alex's review of v4: a device whose lookup fails is skipped, not the rest of the group.
    if (phys === null && stopOnLookupFail) break;
    if (phys !== null) detachOne(k, dom, phys, m, passSubdev);
  }
  k.setGroup(g, { domain: null });
}

/** The `lookup-fail` option of the designs that use these calls (docs/designs.md, "Variants"). */
export const LOOKUP_FAIL_OPTION = {
  name: 'lookup-fail',
  values: ['continue', 'stop'],
  default: 'continue',
  summary: 'what iommu_detach_subdev_group does with a device whose lookup fails: skip it (Alex on v4) or stop there (v4 2/5 as posted)',
} as const;

export function subdevGroupFunctions(passSubdev: boolean, lookupFail = 'continue'): Record<string, KernelFn> {
  const stop = lookupFail === 'stop';
  return {
    iommu_attach_subdev_group: (k, [d, g]) =>
      attachSubdevGroup(k, deref(k, d, 'iommu_attach_subdev_group'), deref(k, g, 'iommu_attach_subdev_group'), passSubdev),
    iommu_detach_subdev_group: (k, [d, g]) => {
      detachSubdevGroup(k, deref(k, d, 'iommu_detach_subdev_group'), deref(k, g, 'iommu_detach_subdev_group'), passSubdev, stop);
      return VOID;
    },
  };
}

/** vfio type1 through the lookup attach: the same for both designs. */
export const subdevVfioOps = {
  attach: (k: Kernel, _c: number, dom: number, g: number): Value =>
    invoke(k, 'iommu_attach_subdev_group', [domRef(dom), { kind: 'group', id: g }]),
  detach: (k: Kernel, _c: number, dom: number, g: number): void => {
    invoke(k, 'iommu_detach_subdev_group', [domRef(dom), { kind: 'group', id: g }]);
  },
};
