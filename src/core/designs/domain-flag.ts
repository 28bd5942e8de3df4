/**
 * domain-flag: Alex Williamson's proposal (29–31 Jul 2020): the aux flag lives on the domain.
 *
 * @models iommu_attach_subdev_group / iommu_detach_subdev_group (the lookup attach),
 *   iommu_domain_is_aux (A-literal: true while the domain has at least one aux attachment)
 *
 * The vendor driver asks iommu_get_domain_for_dev(m) and keeps the answer only if
 * iommu_domain_is_aux() says so. Breadcrumb: the flag on the domain — one boolean for a domain
 * that type1's reuse can make primary on one device and aux on another (S6, S7).
 */
import type { Design, DesignOption, OptionValues } from '../design';
import { invoke } from '../kernel/invoke';
import type { Kernel } from '../kernel/kernel';
import type { Machine } from '../model';
import type { Violation } from '../step';
import { bool, NULLPTR, type Value } from '../value';
import { AUX_FUNCTIONS } from './aux';
import { CORE_FUNCTIONS, deref, devRef, FEATURE_FUNCTIONS } from './common';
import { pasidViaDomain, portableSteps } from './portable';
import { LOOKUP_FAIL_OPTION, subdevGroupFunctions, subdevVfioOps } from './subdev-group';
import { withDefaults } from './variants';

const isAux = (m: Machine, dom: number): boolean => m.domains.get(dom).auxd_refcnt > 0;

function getDomain(k: Kernel, mdev: number): Value {
  const d = invoke(k, 'iommu_get_domain_for_dev', [devRef(mdev)]);
  if (d.t !== 'ptr' || d.ref === null) return NULLPTR;
  const aux = invoke(k, 'iommu_domain_is_aux', [d.ref]);
  return aux.t === 'bool' && aux.v ? d : NULLPTR;
}

/**
 * The flag answers "aux" for an mdev whose domain is only the primary domain of its lookup
 * device (the weakness A-literal cannot avoid).
 */
function flagLies(m: Machine): Violation[] {
  const out: Violation[] = [];
  for (const g of m.groups.toArray()) {
    if (g.domain === null || g.default_domain !== null || !isAux(m, g.domain)) continue;
    for (const dev of g.devices) {
      const md = m.devs.get(dev);
      const p = md.iommu_device === null ? null : m.devs.get(md.iommu_device);
      if (p && p.info?.domain === g.domain && !p.pasid_table[m.domains.get(g.domain).default_pasid]) {
        out.push({
          code: 'domain-flag-wrong',
          message: `${m.domains.get(g.domain).name} is_aux=true, but for ${md.name} it is only the primary domain of ${p.name}`,
          objects: [{ kind: 'domain', id: g.domain }, { kind: 'dev', id: dev }],
        });
      }
    }
  }
  return out;
}

const OPTIONS: readonly DesignOption[] = [LOOKUP_FAIL_OPTION];

const make = (values: OptionValues): Design<'domain-flag'> => build(withDefaults(OPTIONS, values));

const build = (o: OptionValues): Design<'domain-flag'> => ({
  id: 'domain-flag',
  title: 'flag on the domain',
  summary: "Alex's proposal: a group attach with a per-device lookup, and iommu_domain_is_aux() on the domain.",
  /** Kernel trees and patches its functions come from, in order (src/kernel-src links calls to them). */
  sources: ['v5.8', 'v4-2/5', 'v3-review'],
  rules: { core: 'v5.8', aux: 'v5.8', auxFeatureCheck: false, pasidPresentCheck: false },
  options: OPTIONS,
  configure: make,
  functions: {
    ...CORE_FUNCTIONS,
    ...FEATURE_FUNCTIONS,
    ...AUX_FUNCTIONS,
    ...subdevGroupFunctions(false, o['lookup-fail']),
    iommu_domain_is_aux: (k, [d]) => bool(isAux(k.m, deref(k, d, 'iommu_domain_is_aux'))),
    ...portableSteps({ vfio: subdevVfioOps, getDomain, getPasid: (k, m) => pasidViaDomain(k, m, getDomain) }),
  },
  breadcrumbs: (m) =>
    m.domains
      .toArray()
      .filter((d) => !d.freed && d.auxd_refcnt > 0)
      .map((d) => ({ kind: 'domain-flag' as const, at: { kind: 'domain' as const, id: d.id }, to: [], label: 'is_aux=true' })),
  breadcrumbKinds: { 'domain-flag': 'iommu_domain_is_aux() true (auxd_refcnt > 0), on the domain' },
  invariants: flagLies,
  invariantCodes: {
    'domain-flag-wrong': { summary: 'is_aux true for a domain that is only primary for the mdev asked about (S6, S7)' },
  },
});

export const domainFlag = make({});
