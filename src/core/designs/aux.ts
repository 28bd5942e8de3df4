/**
 * The aux-domain API (iommu_aux_attach_device / iommu_aux_detach_device / iommu_aux_get_pasid,
 * v5.1 … v5.17) as the core dispatches it to VT-d. v3 1/4's feature check is `rules.auxFeatureCheck`.
 */
import type { KernelFn } from '../design';
import { FEAT_AUX, iommuDevFeatureEnabled } from '../kernel/features';
import type { Kernel } from '../kernel/kernel';
import { intelAuxAttach, intelAuxDetach, intelAuxGetPasid } from '../kernel/vtd-aux';
import { err, VOID, type Value } from '../value';
import { deref, devRef, domRef } from './common';

/** v3 1/4: -ENODEV unless AUX is enabled on dev (checked before the domain is touched). */
function featureGate(k: Kernel, dev: number): Value | null {
  if (!k.rules.auxFeatureCheck) return null;
  const on = iommuDevFeatureEnabled(k, dev, FEAT_AUX);
  return on.t === 'bool' && on.v ? null : err('ENODEV');
}

/** Aux attach of `dom` to `dev`, with the subdevice the caller acts for (records designs). */
export function auxAttach(k: Kernel, dom: number, dev: number, subdev: number | null): Value {
  const args = subdev === null ? [domRef(dom), devRef(dev)] : [domRef(dom), devRef(dev), devRef(subdev)];
  return k.call('intel_iommu_aux_attach_device', args, () => intelAuxAttach(k, dom, dev, subdev));
}

export function auxDetach(k: Kernel, dom: number, dev: number, subdev: number | null): void {
  const args = subdev === null ? [domRef(dom), devRef(dev)] : [domRef(dom), devRef(dev), devRef(subdev)];
  k.call('intel_iommu_aux_detach_device', args, () => intelAuxDetach(k, dom, dev, subdev));
}

export const AUX_FUNCTIONS: Readonly<Record<string, KernelFn>> = {
  iommu_aux_attach_device: (k, [d, dev]) => {
    const dv = deref(k, dev, 'iommu_aux_attach_device');
    return featureGate(k, dv) ?? auxAttach(k, deref(k, d, 'iommu_aux_attach_device'), dv, null);
  },
  iommu_aux_detach_device: (k, [d, dev]) => {
    const dv = deref(k, dev, 'iommu_aux_detach_device');
    auxDetach(k, deref(k, d, 'iommu_aux_detach_device'), dv, null);
    return VOID;
  },
  iommu_aux_get_pasid: (k, [d, dev]) => {
    const dv = deref(k, dev, 'iommu_aux_get_pasid');
    const gate = featureGate(k, dv);
    if (gate) return gate;
    const dom = deref(k, d, 'iommu_aux_get_pasid');
    return k.call('intel_iommu_aux_get_pasid', [domRef(dom), devRef(dv)], () => intelAuxGetPasid(k, dom, dv));
  },
};
