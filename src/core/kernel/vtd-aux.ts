/**
 * VT-d aux domains (intel_iommu_aux_attach_device / aux_detach_device / aux_get_pasid).
 *
 * Two bookkeeping variants, chosen by `rules.aux`:
 * - 'v5.8': one `auxd` list node per dmar_domain, `auxd_refcnt`, teardown of the PASID entry on
 *   every detach, `default_pasid` never reset: B1, B2, B3 of docs/kernel-reference.md reproduced as they were.
 * - 'records': per-subdevice records on the parent's device_domain_info (v4 5/5 shape, with a
 *   subdevice pointer) and the v5.11 users count: the entry is torn down when the last record
 *   of (domain, parent) goes; the stale default_pasid (B3) and double PASID put (B4) remain.
 */
import type { DevId, DomainId, SubdevRecord } from '../model';
import { err, int, VOID, type Value } from '../value';
import { ioasidAlloc, ioasidFree, PASID_INVALID } from './ioasid';
import type { Kernel } from './kernel';
import { copyInfo } from './records';
import { pasidSetupSecondLevel, pasidTearDownEntry } from './pasid-entry';
import { domainAttachIommu, domainDetachIommu, isAuxDomain, prepareDomainAttach } from './vtd';

const SRC = 'drivers/iommu/intel/iommu.c';
const POISON = 'general protection fault, probably for non-canonical address 0xdead000000000108';

/** intel_iommu_aux_attach_device(domain, dev[, subdev]). */
export function intelAuxAttach(k: Kernel, dom: DomainId, dev: DevId, subdev: DevId | null): Value {
  if (!isAuxDomain(k, dev, dom)) return err('EPERM');
  const r = prepareDomainAttach(k, dom, dev);
  if (r) return int(r);
  return int(k.rules.aux === 'v5.8' ? auxAddDevV58(k, dom, dev) : auxAddDevRecords(k, dom, dev, subdev));
}

/** Allocates default_pasid on first use: [1, max_pasids(dev) − 1]; failure is -ENODEV. */
function ensureDefaultPasid(k: Kernel, dom: DomainId, dev: DevId): number {
  if (k.domain(dom).default_pasid > 0) return 0;
  const max = k.dev(dev).caps?.max_pasids ?? 0;
  const pasid = ioasidAlloc(k, 1, max - 1, `domain:${dom}`);
  if (pasid === PASID_INVALID) {
    k.err(`${SRC}: Can't allocate default pasid`);
    return -19;
  }
  k.setDomain(dom, { default_pasid: pasid });
  return 0;
}

/** v5.8 aux_domain_add_dev(). */
function auxAddDevV58(k: Kernel, dom: DomainId, dev: DevId): number {
  let ret = ensureDefaultPasid(k, dom, dev);
  if (ret) return ret;
  ret = domainAttachIommu(k, dom);
  if (!ret) {
    ret = pasidSetupSecondLevel(k, dom, dev, k.domain(dom).default_pasid);
    if (!ret) {
      auxiliaryLinkDevice(k, dom, dev);
      return 0;
    }
    domainDetachIommu(k, dom);
  }
  // attach_failed: the PASID is freed, default_pasid is not reset.
  const d = k.domain(dom);
  if (!d.auxd_refcnt && d.default_pasid > 0) ioasidFree(k, d.default_pasid);
  return ret;
}

/**
 * auxiliary_link_device(): list_add(&domain->auxd, &info->auxiliary_domains). The node is one
 * per domain: adding it while it sits on a list (this device's or another's) corrupts that list.
 */
function auxiliaryLinkDevice(k: Kernel, dom: DomainId, dev: DevId): void {
  const d = k.domain(dom);
  if (d.auxd.on !== null) {
    const prev = k.dev(d.auxd.on);
    if (prev.info) k.setDev(prev.id, { info: copyInfo(prev.info, { auxiliary_corrupt: true }) });
    k.err(`${SRC}: list_add: ${d.name}->auxd is still linked on ${prev.name}'s auxiliary_domains (no CONFIG_DEBUG_LIST: list corrupted)`);
  }
  const info = k.dev(dev).info!;
  k.setDev(dev, { info: copyInfo(info, { auxiliary_domains: [...info.auxiliary_domains, dom], auxiliary_corrupt: info.auxiliary_corrupt || d.auxd.on === dev }) });
  k.setDomain(dom, { auxd_refcnt: d.auxd_refcnt + 1, auxd: { on: dev, poisoned: false } });
}

/** auxiliary_unlink_device(): list_del of the single node; at refcnt 0 the PASID is freed. */
function auxiliaryUnlinkDevice(k: Kernel, dom: DomainId): void {
  const d = k.domain(dom);
  if (d.auxd.poisoned) k.oops(`${POISON}: RIP: intel_iommu_aux_detach_device (list_del of ${d.name}->auxd, already deleted: LIST_POISON)`);
  if (d.auxd.on === null) k.oops(`BUG: kernel NULL pointer dereference — RIP: intel_iommu_aux_detach_device (list_del of ${d.name}->auxd, never linked)`);
  const on = k.dev(d.auxd.on);
  if (on.info) {
    const i = on.info.auxiliary_domains.indexOf(dom);
    if (i >= 0) {
      const list = [...on.info.auxiliary_domains];
      list.splice(i, 1);
      k.setDev(on.id, { info: copyInfo(on.info, { auxiliary_domains: list }) });
    }
  }
  k.setDomain(dom, { auxd: { on: null, poisoned: true }, auxd_refcnt: d.auxd_refcnt - 1 });
  const after = k.domain(dom);
  if (!after.auxd_refcnt && after.default_pasid > 0) ioasidFree(k, after.default_pasid);
}

/** Records of (dom, parent) across the parent's info. */
const usersOf = (k: Kernel, dom: DomainId, dev: DevId): number =>
  (k.dev(dev).info?.subdevices ?? []).filter((r) => r.domain === dom).length;

/** Does any parent still hold a record for dom (list_empty(&domain->subdevices) negated)? */
function domainHasRecords(k: Kernel, dom: DomainId): boolean {
  // By index: iterating the table would flatten it (and cache the copy) for every new machine.
  const t = k.m.devs;
  for (let i = 0; i < t.size; i++) if (t.get(i).info?.subdevices.some((r) => r.domain === dom)) return true;
  return false;
}

function setRecords(k: Kernel, dev: DevId, f: (rs: readonly SubdevRecord[]) => SubdevRecord[]): void {
  const info = k.dev(dev).info!;
  k.setDev(dev, { info: copyInfo(info, { subdevices: f(info.subdevices) }) });
}

/** aux_domain_add_dev() with records (v5.11 users count, v4 5/5 subdevice pointer). */
function auxAddDevRecords(k: Kernel, dom: DomainId, dev: DevId, subdev: DevId | null): number {
  let ret = ensureDefaultPasid(k, dom, dev);
  if (ret) return ret;
  const users = usersOf(k, dom, dev) + 1;
  setRecords(k, dev, (rs) => [...rs, { pdev: dev, subdev, domain: dom }]);
  // Only the first user of (domain, parent) programs the PASID entry.
  if (users > 1) return 0;
  ret = domainAttachIommu(k, dom);
  if (!ret) {
    ret = pasidSetupSecondLevel(k, dom, dev, k.domain(dom).default_pasid);
    if (!ret) return 0;
    domainDetachIommu(k, dom);
  }
  setRecords(k, dev, (rs) => rs.filter((r) => !(r.domain === dom && r.subdev === subdev)));
  const d = k.domain(dom);
  if (!domainHasRecords(k, dom) && d.default_pasid > 0) ioasidFree(k, d.default_pasid, 'ioasid_put');
  return ret;
}

/** intel_iommu_aux_detach_device(domain, dev[, subdev]). */
export function intelAuxDetach(k: Kernel, dom: DomainId, dev: DevId, subdev: DevId | null): Value {
  // Silently nothing when aux is off or the domain is not UNMANAGED (docs/kernel-reference.md B7 makes this bite).
  if (!isAuxDomain(k, dev, dom)) return VOID;
  if (k.rules.aux === 'v5.8') {
    auxiliaryUnlinkDevice(k, dom);
    // Torn down on every detach, whoever else still uses the entry (docs/kernel-reference.md B2).
    pasidTearDownEntry(k, dev, k.domain(dom).default_pasid);
    domainDetachIommu(k, dom);
    return VOID;
  }
  const rs = k.dev(dev).info!.subdevices;
  const i = rs.findIndex((r) => r.domain === dom && r.subdev === subdev);
  if (i < 0) {
    k.warn(`${SRC}:auxiliary_unlink_device`, `WARN_ON(!sinfo): no record of ${k.domain(dom).name} on ${k.dev(dev).name}${subdev === null ? '' : ` for ${k.dev(subdev).name}`}`);
  } else {
    setRecords(k, dev, (list) => list.filter((_, j) => j !== i));
    if (usersOf(k, dom, dev) === 0) {
      pasidTearDownEntry(k, dev, k.domain(dom).default_pasid);
      domainDetachIommu(k, dom);
    }
  }
  // Runs even after the WARN: a redundant detach puts the PASID again (docs/kernel-reference.md B4).
  const d = k.domain(dom);
  if (!domainHasRecords(k, dom) && d.default_pasid > 0) ioasidFree(k, d.default_pasid, 'ioasid_put');
  return VOID;
}

/**
 * intel_iommu_aux_get_pasid(). v5.8: default_pasid whatever `dev` is (docs/kernel-reference.md B5) and however
 * stale (B3). Records: only when a record ties the domain to `dev`, else -EINVAL.
 */
export function intelAuxGetPasid(k: Kernel, dom: DomainId, dev: DevId): Value {
  const d = k.domain(dom);
  if (k.rules.aux === 'records' && k.rules.auxGetPasid !== 'domain' && usersOf(k, dom, dev) === 0) return err('EINVAL');
  return d.default_pasid > 0 ? int(d.default_pasid) : err('EINVAL');
}
