/**
 * Per-device features (iommu_dev_has/enable/disable_feature, iommu_dev_feature_enabled) as the
 * v5.8 core and VT-d answer them. The core finds the driver through dev->bus->iommu_ops, and
 * the mdev bus has none: every mdev gets the core's fallback.
 */
import type { DevId } from '../model';
import { bool, err, int, type Value } from '../value';
import type { Kernel } from './kernel';
import { copyInfo } from './records';
import { devHasIommu } from './vtd';

export const FEAT_AUX = 0;
export const FEAT_SVA = 1;
const SRC = 'drivers/iommu/intel/iommu.c';

/** The VT-d driver is reached through the bus: PCI only. */
const hasBusOps = (k: Kernel, dev: DevId): boolean => k.dev(dev).bus === 'pci' && k.m.iommu.present;

/**
 * VTD_FLAG_SVM_CAPABLE: intel_svm_check() sets it only when pasid_supported(iommu), i.e. the
 * unit is in scalable mode and has PASID support (v5.8 and v6.12 svm.c).
 */
export const svmCapable = (k: Kernel): boolean => k.m.iommu.svm && k.m.iommu.scalable && k.m.iommu.pasid;

/**
 * info->pasid_supported / pri_supported as dmar_insert_one_dev_info (v5.8) and
 * intel_iommu_probe_device (v6.12) set them: only under sm_supported(iommu), PASID only with
 * pasid_supported(iommu), PRI only with ATS.
 */
export function devCaps(k: Kernel, dev: DevId): { pasid: boolean; ats: boolean; pri: boolean } {
  const u = k.m.iommu;
  const caps = k.dev(dev).caps;
  if (!caps) return { pasid: false, ats: false, pri: false };
  return { pasid: u.scalable && u.pasid && caps.max_pasids > 0, ats: caps.ats, pri: u.scalable && caps.ats && caps.pri };
}

export function iommuDevHasFeature(k: Kernel, dev: DevId, feat: number): Value {
  if (!hasBusOps(k, dev)) return bool(false);
  const d = k.dev(dev);
  const u = k.m.iommu;
  const caps = d.caps!;
  if (feat === FEAT_AUX) return bool(u.scalable && u.pasid && caps.max_pasids > 0 && caps.siov_dvsec);
  // v5.8 intel_iommu_dev_has_feat: info && SVM_CAPABLE && pasid_supported && pri_supported && ats_supported.
  const c = devCaps(k, dev);
  if (feat === FEAT_SVA) return bool(!!d.info && svmCapable(k) && c.pasid && c.pri && c.ats);
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
      k.setDev(dev, { info: copyInfo(k.dev(dev).info!, { pasid_enabled: true, auxd_enabled: true }) });
      return int(0);
    }
    if (feat === FEAT_SVA) {
      if (!d.info) return err('EINVAL');
      return svmCapable(k) ? int(0) : err('ENODEV');
    }
    return err('ENODEV');
  });
}

/** v6.12 enum iommu_dev_features: SVA = 0, IOPF = 1. */
export const FEAT_V612_SVA = 0;
export const FEAT_V612_IOPF = 1;

/**
 * v6.12 iommu_dev_enable_feature(): -ENODEV without dev->iommu (an mdev, a removed device), else
 * intel_iommu_dev_enable_feat(): IOPF → intel_iommu_enable_iopf, SVA → intel_iommu_enable_sva.
 * pasid_enabled is set at probe when the device and unit support PASID; ats_enabled once the
 * device is attached (iommu_enable_pci_caps).
 */
export function iommuDevEnableFeatureV612(k: Kernel, dev: DevId, feat: number): Value {
  // dev_has_iommu(dev): a device released by iommu_group_remove_device has no dev->iommu.
  if (!devHasIommu(k, dev)) return err('ENODEV');
  return k.call('intel_iommu_dev_enable_feat', [{ kind: 'dev', id: dev }, feat], () => {
    const info = k.dev(dev).info;
    const c = devCaps(k, dev);
    // info->ats_enabled: set by iommu_enable_pci_caps() when a domain is attached, cleared by
    // device_block_translation() (also at the start of every attach, and for good when an
    // attach fails and nothing reverts it).
    const atsEnabled = !!info && info.domain !== null && c.ats;
    if (feat === FEAT_V612_IOPF) {
      if (!info || !atsEnabled || !c.pri) return err('ENODEV');
      if (info.pri_enabled) return err('EBUSY');
      k.setDev(dev, { info: copyInfo(info, { pri_enabled: true }) });
      return int(0);
    }
    if (feat === FEAT_V612_SVA) {
      if (!info) return err('EINVAL');
      if (!svmCapable(k)) return err('ENODEV');
      if (!c.pasid || !atsEnabled) return err('EINVAL');
      if (!c.pri) return int(0);
      return info.pri_enabled ? int(0) : err('EINVAL');
    }
    return err('ENODEV');
  });
}

/** v6.12 iommu_dev_disable_feature(): -EBUSY without dev->iommu; IOPF needs pri_enabled; SVA is 0. */
export function iommuDevDisableFeatureV612(k: Kernel, dev: DevId, feat: number): Value {
  if (!devHasIommu(k, dev)) return err('EBUSY');
  return k.call('intel_iommu_dev_disable_feat', [{ kind: 'dev', id: dev }, feat], () => {
    const info = k.dev(dev).info;
    if (feat === FEAT_V612_IOPF) {
      if (!info?.pri_enabled) return err('EINVAL');
      k.setDev(dev, { info: copyInfo(info, { pri_enabled: false }) });
      return int(0);
    }
    return feat === FEAT_V612_SVA ? int(0) : err('ENODEV');
  });
}

/**
 * intel_iommu_disable_auxd(): always 0, even with aux domains attached (docs/kernel-reference.md B6); the core's
 * own fallback (no driver op, e.g. an mdev) is -EBUSY.
 */
export function iommuDevDisableFeature(k: Kernel, dev: DevId, feat: number): Value {
  if (!hasBusOps(k, dev)) return err('EBUSY');
  return k.call('intel_iommu_dev_disable_feat', [{ kind: 'dev', id: dev }, feat], () => {
    if (feat !== FEAT_AUX) return err('ENODEV');
    const info = k.dev(dev).info;
    if (!info) k.warn(`${SRC}:intel_iommu_disable_auxd`, 'WARN_ON(!info)');
    else k.setDev(dev, { info: copyInfo(info, { auxd_enabled: false }) });
    return int(0);
  });
}

/** AUX: scalable mode and auxd_enabled. SVA: always false in v5.8. */
export function iommuDevFeatureEnabled(k: Kernel, dev: DevId, feat: number): Value {
  if (!hasBusOps(k, dev)) return bool(false);
  if (feat !== FEAT_AUX) return bool(false);
  return bool(k.m.iommu.scalable && !!k.dev(dev).info?.auxd_enabled);
}
