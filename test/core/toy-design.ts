/**
 * A small design that exists only for tests: the proof that a sixth design is one module plus
 * one registry line (test/core/sixth-design.test.ts registers it with makeRegistry).
 *
 * toy-6: vfio attaches the mdev's parent as its primary domain and marks the mdev's group
 * with that domain; the driver asks iommu_get_domain_for_dev(m). Its own invariant and
 * breadcrumb kind are declared as data. One option, `getter=none`, makes the driver ask nothing.
 */
import type { Design, DesignOption, OptionValues } from '../../src/core/design';
import { CORE_FUNCTIONS, devRef, domRef, FEATURE_FUNCTIONS, retInt } from '../../src/core/designs/common';
import { portableSteps } from '../../src/core/designs/portable';
import { invoke } from '../../src/core/kernel/invoke';
import { err, int, NULLPTR, VOID } from '../../src/core/value';

const OPTIONS: readonly DesignOption[] = [
  { name: 'getter', values: ['group', 'none'], default: 'group', summary: 'none: the driver cannot find its domain' },
];

const make = (o: OptionValues): Design<'toy-6'> => ({
  id: 'toy-6',
  title: 'toy (test only)',
  summary: 'The mdev group takes its parent’s primary domain.',
  sources: ['v5.8'],
  rules: { core: 'v5.8', aux: 'v5.8', auxFeatureCheck: false, pasidPresentCheck: false },
  options: OPTIONS,
  configure: make,
  functions: {
    ...CORE_FUNCTIONS,
    ...FEATURE_FUNCTIONS,
    ...portableSteps({
      vfio: {
        attach: (k, _c, dom, g) => {
          for (const m of k.group(g).devices) {
            const r = invoke(k, 'iommu_attach_device', [domRef(dom), devRef(k.dev(m).iommu_device!)]);
            if (retInt(r)) return r;
          }
          k.setGroup(g, { domain: dom });
          return int(0);
        },
        detach: (k, _c, dom, g) => {
          for (const m of k.group(g).devices) invoke(k, 'iommu_detach_device', [domRef(dom), devRef(k.dev(m).iommu_device!)]);
          k.setGroup(g, { domain: null });
          return VOID;
        },
      },
      getDomain: (k, m) => (o.getter === 'none' ? NULLPTR : invoke(k, 'iommu_get_domain_for_dev', [devRef(m)])),
      getPasid: () => err('ENODEV'),
    }),
  },
  breadcrumbs: (m) =>
    m.groups
      .toArray()
      .filter((g) => g.domain !== null && g.default_domain === null)
      .map((g) => ({ kind: 'toy-mark', at: { kind: 'group' as const, id: g.id }, to: [{ kind: 'domain' as const, id: g.domain! }], label: 'toy' })),
  breadcrumbKinds: { 'toy-mark': 'the mdev group marked with its parent’s domain' },
  invariants: (m) =>
    m.groups
      .toArray()
      .filter((g) => g.domain !== null && g.default_domain === null)
      .map((g) => ({ code: 'toy-shared-primary', message: `${g.name} shares its parent’s primary domain`, objects: [{ kind: 'group' as const, id: g.id }] })),
  invariantCodes: { 'toy-shared-primary': { summary: 'an mdev group on its parent’s primary domain' } },
});

export const toyDesign = make({ getter: 'group' });
