/**
 * upstream-5.8: Linux v5.8/v5.9 as merged.
 *
 * @models iommu_aux_attach_device, iommu_aux_detach_device, iommu_aux_get_pasid,
 *   iommu_dev_{has,enable,disable}_feature, iommu_dev_feature_enabled (VT-d, v5.8),
 *   vfio_mdev_attach_domain / vfio_mdev_detach_domain (vfio type1, v5.8)
 *
 * There is no way from an mdev to its aux domain: iommu_get_domain_for_dev(mdev) is NULL, so
 * the vendor driver's idiom yields NULL and -ENODEV. Breadcrumb: none. The VT-d bugs of the era
 * (stale default_pasid, one auxd node per domain, teardown on every detach, aux_get_pasid
 * ignoring its device, disable returning 0 while attached) are reproduced, not fixed.
 */
import type { Design, DesignOption, OptionValues } from '../design';
import { invoke } from '../kernel/invoke';
import type { Kernel } from '../kernel/kernel';
import { VOID, int, type Value } from '../value';
import { AUX_FUNCTIONS } from './aux';
import { auxOn, CORE_FUNCTIONS, devRef, domRef, FEATURE_FUNCTIONS, grpRef, retInt } from './common';
import { pasidViaDomain, portableSteps } from './portable';

/** vfio_mdev_attach_domain(), per device of the group (iommu_group_for_each_dev). */
function mdevAttach(k: Kernel, dom: number, g: number): Value {
  return k.call('iommu_group_for_each_dev', [grpRef(g), 'vfio_mdev_attach_domain'], () => {
    for (const m of k.group(g).devices) {
      const r = k.call('vfio_mdev_attach_domain', [devRef(m), domRef(dom)], () => {
        const iod = k.dev(m).iommu_device;
        if (iod === null) return int(-22);
        return auxOn(k, iod)
          ? invoke(k, 'iommu_aux_attach_device', [domRef(dom), devRef(iod)])
          : invoke(k, 'iommu_attach_device', [domRef(dom), devRef(iod)]);
      });
      if (retInt(r)) return r;
    }
    return int(0);
  });
}

/** vfio_mdev_detach_domain(): re-tests the feature at detach time (docs/kernel-reference.md B7). */
function mdevDetach(k: Kernel, dom: number, g: number): void {
  k.call('iommu_group_for_each_dev', [grpRef(g), 'vfio_mdev_detach_domain'], () => {
    for (const m of k.group(g).devices) {
      k.call('vfio_mdev_detach_domain', [devRef(m), domRef(dom)], () => {
        const iod = k.dev(m).iommu_device;
        if (iod === null) return int(0);
        if (auxOn(k, iod)) invoke(k, 'iommu_aux_detach_device', [domRef(dom), devRef(iod)]);
        else invoke(k, 'iommu_detach_device', [domRef(dom), devRef(iod)]);
        return int(0);
      });
    }
    return int(0);
  });
}

const getDomain = (k: Kernel, m: number): Value => invoke(k, 'iommu_get_domain_for_dev', [devRef(m)]);

const OPTIONS: readonly DesignOption[] = [
  {
    name: 'present-check',
    values: ['off', 'on'],
    default: 'off',
    summary: 'on: VT-d refuses to program a present PASID entry (-EBUSY), as v5.15 does; v5.8 overwrites it',
  },
];

const make = (o: OptionValues): Design<'upstream-5.8'> => ({
  id: 'upstream-5.8',
  title: 'upstream v5.8',
  summary: 'Linux v5.8/v5.9 as merged: aux API, VT-d, vfio type1; no way from an mdev to its aux domain.',
  /** Kernel trees and patches its functions come from, in order (src/kernel-src links calls to them). */
  sources: ['v5.8'],
  rules: { core: 'v5.8', aux: 'v5.8', auxFeatureCheck: false, pasidPresentCheck: o['present-check'] === 'on' },
  options: OPTIONS,
  configure: make,
  functions: {
    ...CORE_FUNCTIONS,
    ...FEATURE_FUNCTIONS,
    ...AUX_FUNCTIONS,
    ...portableSteps({
      vfio: {
        attach: (k, _c, dom, g) => mdevAttach(k, dom, g),
        detach: (k, _c, dom, g) => {
          mdevDetach(k, dom, g);
          return VOID;
        },
      },
      getDomain,
      getPasid: (k, m) => pasidViaDomain(k, m, getDomain),
    }),
  },
  breadcrumbs: () => [],
  breadcrumbKinds: {},
  invariants: () => [],
  invariantCodes: {},
});

export const upstream58 = make({ 'present-check': 'off' });
