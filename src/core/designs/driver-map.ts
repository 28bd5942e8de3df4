/**
 * driver-map: Kevin Tian's alternative (31 Jul 2020), in the shape v4 5/5 gave it, with the
 * v5.11 users count.
 *
 * @models per-parent records {pdev, subdev, domain} in device_domain_info (v4 5/5
 *   `subdev_info`), iommu_attach_subdev_group / iommu_detach_subdev_group passing the
 *   subdevice, iommu_aux_get_domain_for_dev asking the driver, iommu_aux_get_pasid answered
 *   from the records (-EINVAL without one, S11), PASID-entry present check (v5.15)
 *
 * The PASID entry of (domain, parent) is torn down when its last record goes (the v5.11 fix).
 * Still there: the stale default_pasid (S3) and the double PASID put of a redundant detach (S3c).
 * Breadcrumb: the records inside the parent.
 */
import type { Design, DesignOption, OptionValues } from '../design';
import { invoke } from '../kernel/invoke';
import type { Kernel } from '../kernel/kernel';
import type { Machine } from '../model';
import type { Violation } from '../step';
import { err, NULLPTR, ptr, type Value } from '../value';
import { AUX_FUNCTIONS } from './aux';
import { CORE_FUNCTIONS, deref, devRef, domRef, FEATURE_FUNCTIONS } from './common';
import { portableSteps } from './portable';
import { LOOKUP_FAIL_OPTION, subdevGroupFunctions, subdevVfioOps } from './subdev-group';
import { withDefaults } from './variants';

/** The driver's answer: the record whose subdevice is dev, on its iommu_device's info. */
function auxGetDomainForDev(k: Kernel, dev: number): Value {
  const d = k.dev(dev);
  if (d.bus !== 'mdev' || d.iommu_device === null) return NULLPTR;
  const rec = k.dev(d.iommu_device).info?.subdevices.find((r) => r.subdev === dev);
  return rec ? ptr(domRef(rec.domain)) : NULLPTR;
}

const getDomain = (k: Kernel, m: number): Value => invoke(k, 'iommu_aux_get_domain_for_dev', [devRef(m)]);

function getPasid(k: Kernel, m: number): Value {
  const d = getDomain(k, m);
  if (d.t !== 'ptr' || d.ref === null) return err('EINVAL');
  const iod = k.dev(m).iommu_device;
  return invoke(k, 'iommu_aux_get_pasid', [d.ref, iod === null ? null : devRef(iod)]);
}

/** A record whose subdevice has left its parent's group or whose domain is gone. */
function recordsStale(m: Machine): Violation[] {
  const out: Violation[] = [];
  // Records exist only on parents with a programmed PASID or a failed first user; both are indexed.
  for (const id of m.pasid_devs) {
    const p = m.devs.get(id);
    if (!p.info?.subdevices.length) continue;
    for (const r of p.info.subdevices) {
      const d = m.domains.get(r.domain);
      const sub = r.subdev === null ? null : m.devs.get(r.subdev);
      const subGroup = sub?.iommu_group == null ? null : m.groups.get(sub.iommu_group);
      const why = d.freed
        ? `${d.name} was freed`
        : sub && (!subGroup || subGroup.domain !== r.domain)
          ? `${sub.name}'s group is no longer on ${d.name}`
          : null;
      if (why)
        out.push({
          code: 'driver-record-stale',
          message: `${p.name}: record {${sub?.name ?? 'NULL'}, ${d.name}} but ${why}`,
          objects: [{ kind: 'dev', id: p.id }, { kind: 'domain', id: d.id }, ...(sub ? [{ kind: 'dev' as const, id: sub.id }] : [])],
        });
    }
  }
  return out;
}

const OPTIONS: readonly DesignOption[] = [
  {
    name: 'present-check',
    values: ['on', 'off'],
    default: 'on',
    summary: "off: VT-d overwrites a present PASID entry as v5.8 does, instead of v5.15's -EBUSY",
  },
  {
    name: 'get-pasid',
    values: ['records', 'domain'],
    default: 'records',
    summary: "domain: iommu_aux_get_pasid answers default_pasid whatever the records say, as VT-d v5.11 does",
  },
  LOOKUP_FAIL_OPTION,
];

const make = (values: OptionValues): Design<'driver-map'> => build(withDefaults(OPTIONS, values));

const build = (o: OptionValues): Design<'driver-map'> => ({
  id: 'driver-map',
  title: 'driver keeps mdev → domain',
  summary: "Kevin's alternative: the IOMMU driver keeps {parent, subdevice, domain} records; iommu_aux_get_domain_for_dev asks it.",
  /** Kernel trees and patches its functions come from, in order (src/kernel-src links calls to them). */
  sources: ['v5.8', 'v4-2/5', 'v4-3/5', 'ioasid-refs'],
  rules: {
    core: 'v5.8',
    aux: 'records',
    auxFeatureCheck: false,
    pasidPresentCheck: o['present-check'] === 'on',
    auxGetPasid: o['get-pasid'] === 'domain' ? 'domain' : 'records',
  },
  options: OPTIONS,
  configure: make,
  functions: {
    ...CORE_FUNCTIONS,
    ...FEATURE_FUNCTIONS,
    ...AUX_FUNCTIONS,
    ...subdevGroupFunctions(true, o['lookup-fail']),
    iommu_aux_get_domain_for_dev: (k, [dev]) => auxGetDomainForDev(k, deref(k, dev, 'iommu_aux_get_domain_for_dev')),
    ...portableSteps({ vfio: subdevVfioOps, getDomain, getPasid }),
  },
  breadcrumbs: (m) =>
    m.devs.toArray().flatMap((p) =>
      (p.info?.subdevices ?? []).map((r) => ({
        kind: 'driver-record' as const,
        at: { kind: 'dev' as const, id: p.id },
        to: [...(r.subdev === null ? [] : [{ kind: 'dev' as const, id: r.subdev }]), { kind: 'domain' as const, id: r.domain }],
        label: `{${r.subdev === null ? 'NULL' : m.devs.get(r.subdev).name}, ${m.domains.get(r.domain).name}}`,
      })),
    ),
  breadcrumbKinds: { 'driver-record': "a {subdevice, domain} record in the parent's device_domain_info" },
  invariants: recordsStale,
  invariantCodes: {
    'driver-record-stale': { summary: 'a record whose subdevice left the domain or whose domain was freed' },
  },
});

export const driverMap = make({});
