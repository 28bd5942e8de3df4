/**
 * v3-group-flag: Lu Baolu's "iommu aux-domain APIs extensions" v3 (14 Jul 2020) on v5.8.
 *
 * @models iommu_aux_attach_group, iommu_aux_detach_group (2/4), iommu_aux_get_domain_for_dev
 *   (3/4), the IOMMU_DEV_FEAT_AUX check in iommu_aux_attach_device / iommu_aux_get_pasid (1/4),
 *   vfio type1 using the group calls (4/4)
 *
 * Breadcrumb: group->aux_domain_attached plus group->domain. The plain iommu_attach_group /
 * iommu_detach_group neither check nor clear the flag (S8), the group attach looks at one
 * device only (S7), and 4/4 sends VF-backed mdevs down the aux path (S6).
 */
import type { Design, DesignOption, KernelFn, OptionValues } from '../design';
import { invoke } from '../kernel/invoke';
import type { Kernel } from '../kernel/kernel';
import type { Machine } from '../model';
import type { Violation } from '../step';
import { err, int, NULLPTR, ptr, VOID, type Value } from '../value';
import { AUX_FUNCTIONS } from './aux';
import { withDefaults } from './variants';
import { CORE_FUNCTIONS, deref, devRef, domRef, FEATURE_FUNCTIONS, grpRef, retInt } from './common';
import { pasidViaDomain, portableSteps } from './portable';

const SRC = 'drivers/iommu/iommu.c';

function auxAttachGroup(k: Kernel, dom: number, g: number, dev: number): Value {
  if (k.group(g).domain !== null) return err('EBUSY');
  const r = invoke(k, 'iommu_aux_attach_device', [domRef(dom), devRef(dev)]);
  if (retInt(r)) return r;
  k.setGroup(g, { domain: dom, aux_domain_attached: true });
  return int(0);
}

function auxDetachGroup(k: Kernel, dom: number, g: number, dev: number): void {
  const grp = k.group(g);
  if (!grp.aux_domain_attached || grp.domain !== dom) {
    k.warn(`${SRC}:iommu_aux_detach_group`, `WARN_ON(!group->aux_domain_attached || group->domain != domain) (${grp.name})`);
    return;
  }
  invoke(k, 'iommu_aux_detach_device', [domRef(dom), devRef(dev)]);
  k.setGroup(g, { aux_domain_attached: false, domain: null });
}

function auxGetDomainForDev(k: Kernel, dev: number): Value {
  const g = k.dev(dev).iommu_group;
  if (g === null) return NULLPTR;
  const grp = k.group(g);
  return grp.aux_domain_attached && grp.domain !== null ? ptr(domRef(grp.domain)) : NULLPTR;
}

/**
 * 4/4: `group->iommu_device`, which vfio_iommu_type1_attach_group stored after the isolation
 * check, so a later mdev_set_iommu_device() (to NULL or another device) does not change what
 * the group's detach names.
 */
const storedIommuDevice = (k: Kernel, c: number, g: number) => {
  const d = k.container(c).group_iommu_device?.[g];
  // Never missing after an attach; were it, the kernel would pass NULL on (and OOPS there).
  return d === undefined ? null : devRef(d);
};

const getDomain = (k: Kernel, m: number): Value => invoke(k, 'iommu_aux_get_domain_for_dev', [devRef(m)]);

/** A flag set on a group with no aux attachment behind it, or whose domain is gone. */
function staleFlags(m: Machine): Violation[] {
  const out: Violation[] = [];
  for (const g of m.groups.toArray()) {
    if (!g.aux_domain_attached) continue;
    const d = g.domain === null ? null : m.domains.get(g.domain);
    if (!d || d.freed || d.auxd_refcnt <= 0) {
      out.push({
        code: 'group-flag-stale',
        message: `${g.name}: aux_domain_attached=1 but ${d ? `${d.name} has no aux attachment` : 'group->domain is NULL'}`,
        objects: [{ kind: 'group', id: g.id }, ...(d ? [{ kind: 'domain' as const, id: d.id }] : [])],
      });
    }
  }
  return out;
}

const OPTIONS: readonly DesignOption[] = [
  {
    name: 'plain-detach',
    values: ['keep', 'clear', 'refuse'],
    default: 'keep',
    summary: 'what the plain iommu_detach_group does to aux_domain_attached: keep it (v3), clear it, or WARN and refuse (v2 2/2)',
  },
  {
    name: 'feature-check',
    values: ['on', 'off'],
    default: 'on',
    summary: "off: without 1/4's IOMMU_DEV_FEAT_AUX check in aux attach and get_pasid (v5.8's core)",
  },
];

/**
 * The plain iommu_detach_group as the `plain-detach` option has it. v3 leaves the flag alone
 * (S8); v2 2/2 WARNed and returned while the flag was set.
 */
function plainDetach(mode: string): KernelFn {
  return (k, args) => {
    const g = deref(k, args[1], 'iommu_detach_group');
    const grp = k.group(g);
    if (mode === 'refuse' && grp.aux_domain_attached) {
      k.warn(`${SRC}:iommu_detach_group`, `WARN_ON(group->aux_domain_attached) (${grp.name})`);
      return VOID;
    }
    const r = CORE_FUNCTIONS.iommu_detach_group(k, args);
    if (mode === 'clear' && k.group(g).aux_domain_attached) k.setGroup(g, { aux_domain_attached: false });
    return r;
  };
}

const make = (values: OptionValues): Design<'v3-group-flag'> => build(withDefaults(OPTIONS, values));

const build = (o: OptionValues): Design<'v3-group-flag'> => ({
  id: 'v3-group-flag',
  title: 'v3: flag on the group',
  summary: "Baolu's v3: iommu_aux_attach_group sets group->domain and aux_domain_attached; iommu_aux_get_domain_for_dev reads them.",
  /** Kernel trees and patches its functions come from, in order (src/kernel-src links calls to them). */
  sources: ['v5.8', 'v3-2/4', 'v3-3/4'],
  rules: { core: 'v5.8', aux: 'v5.8', auxFeatureCheck: o['feature-check'] === 'on', pasidPresentCheck: false },
  options: OPTIONS,
  configure: make,
  functions: {
    ...CORE_FUNCTIONS,
    ...(o['plain-detach'] === 'keep' ? {} : { iommu_detach_group: plainDetach(o['plain-detach']) }),
    ...FEATURE_FUNCTIONS,
    ...AUX_FUNCTIONS,
    iommu_aux_attach_group: (k, [d, g, dev]) =>
      auxAttachGroup(k, deref(k, d, 'iommu_aux_attach_group'), deref(k, g, 'iommu_aux_attach_group'), deref(k, dev, 'iommu_aux_attach_group')),
    iommu_aux_detach_group: (k, [d, g, dev]) => {
      auxDetachGroup(k, deref(k, d, 'iommu_aux_detach_group'), deref(k, g, 'iommu_aux_detach_group'), deref(k, dev, 'iommu_aux_detach_group'));
      return VOID;
    },
    iommu_aux_get_domain_for_dev: (k, [dev]) => auxGetDomainForDev(k, deref(k, dev, 'iommu_aux_get_domain_for_dev')),
    ...portableSteps({
      vfio: {
        keepIommuDevice: true,
        attach: (k, c, dom, g) => invoke(k, 'iommu_aux_attach_group', [domRef(dom), grpRef(g), storedIommuDevice(k, c, g)]),
        detach: (k, c, dom, g) => {
          invoke(k, 'iommu_aux_detach_group', [domRef(dom), grpRef(g), storedIommuDevice(k, c, g)]);
        },
      },
      getDomain,
      getPasid: (k, m) => pasidViaDomain(k, m, getDomain),
    }),
  },
  breadcrumbs: (m) =>
    m.groups
      .toArray()
      .filter((g) => g.aux_domain_attached && !g.released)
      .map((g) => ({
        kind: 'group-flag' as const,
        at: { kind: 'group' as const, id: g.id },
        to: g.domain === null ? [] : [{ kind: 'domain' as const, id: g.domain }],
        label: 'aux_domain_attached=1',
      })),
  breadcrumbKinds: { 'group-flag': 'group->aux_domain_attached (+ group->domain), on the group' },
  invariants: staleFlags,
  invariantCodes: { 'group-flag-stale': { summary: 'aux_domain_attached set with no aux attachment behind it (S8)' } },
});

export const v3GroupFlag = make({});
