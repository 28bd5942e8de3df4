/**
 * Per-device features (iommu_dev_has/enable/disable_feature, iommu_dev_feature_enabled) as the
 * v5.8 core and VT-d answer them. The core finds the driver through dev->bus->iommu_ops, and
 * the mdev bus has none: every mdev gets the core's fallback.
 */
import type { DevId } from '../model';
import { bool, err, int, type Value } from '../value';
import type { Kernel } from './kernel';

export const FEAT_AUX = 0;
export const FEAT_SVA = 1;
const SRC = 'drivers/iommu/intel/iommu.c';

/** The VT-d driver is reached through the bus: PCI only. */
const hasBusOps = (k: Kernel, dev: DevId): boolean => k.dev(dev).bus === 'pci' && k.m.iommu.present;

export function iommuDevHasFeature(k: Kernel, dev: DevId, feat: number): Value {
  if (!hasBusOps(k, dev)) return bool(false);
  const d = k.dev(dev);
  const u = k.m.iommu;
  const caps = d.caps!;
  if (feat === FEAT_AUX) return bool(u.scalable && u.pasid && caps.max_pasids > 0 && caps.siov_dvsec);
  if (feat === FEAT_SVA) return bool(!!d.info && u.svm && caps.max_pasids > 0 && caps.pri && caps.ats);
  return bool(false);
}

/**
 * intel_iommu_enable_auxd(): needs scalable mode and PASID on the unit (-EINVAL), then enabling
 * PASID on the device, which needs a primary domain and the capability (-ENODEV). Idempotent;
 * the SIOV DVSEC is not checked.
 */
export function iommuDevEnableFeature(k: Kernel, dev: DevId, feat: number): Value {
  if (!hasBusOps(k, dev)) return err('ENODEV');
  return k.call('intel_iommu_dev_enable_feat', [{ kind: 'dev', id: dev }, feat], () => {
    const d = k.dev(dev);
    if (feat === FEAT_AUX) {
      if (!k.m.iommu.scalable || !k.m.iommu.pasid) return err('EINVAL');
      const ok = k.call('intel_iommu_enable_pasid', [{ kind: 'dev', id: dev }], () =>
        int(d.info && d.caps!.max_pasids > 0 ? 0 : -22),
      );
      if (ok.t === 'int' && ok.v !== 0) return err('ENODEV');
      k.setDev(dev, { info: { ...k.dev(dev).info!, pasid_enabled: true, auxd_enabled: true } });
      return int(0);
    }
    if (feat === FEAT_SVA) {
      if (!d.info) return err('EINVAL');
      return k.m.iommu.svm ? int(0) : err('ENODEV');
    }
    return err('ENODEV');
  });
}

/**
 * intel_iommu_disable_auxd(): always 0, even with aux domains attached (bug f.6); the core's
 * own fallback (no driver op, e.g. an mdev) is -EBUSY.
 */
export function iommuDevDisableFeature(k: Kernel, dev: DevId, feat: number): Value {
  if (!hasBusOps(k, dev)) return err('EBUSY');
  return k.call('intel_iommu_dev_disable_feat', [{ kind: 'dev', id: dev }, feat], () => {
    if (feat !== FEAT_AUX) return err('ENODEV');
    const info = k.dev(dev).info;
    if (!info) k.warn(`${SRC}:intel_iommu_disable_auxd`, 'WARN_ON(!info)');
    else k.setDev(dev, { info: { ...info, auxd_enabled: false } });
    return int(0);
  });
}

/** AUX: scalable mode and auxd_enabled. SVA: always false in v5.8. */
export function iommuDevFeatureEnabled(k: Kernel, dev: DevId, feat: number): Value {
  if (!hasBusOps(k, dev)) return bool(false);
  if (feat !== FEAT_AUX) return bool(false);
  return bool(k.m.iommu.scalable && !!k.dev(dev).info?.auxd_enabled);
}
