/**
 * pasid-6.x: what replaced aux domains (v6.2 core rules, v6.12 PASID checks, VT-d paging
 * domains on a PASID as of v6.6).
 *
 * @models iommu_alloc_global_pasid, iommu_free_global_pasid, iommu_attach_device_pasid,
 *   iommu_detach_device_pasid, iommu_get_domain_for_dev_pasid, group->pasid_array
 *
 * No mdev in the IOMMU API: vfio allocates a PASID on the parent and attaches the domain to
 * (parent, pasid); the vfio device object remembers (parent, pasid) for the mdev. A parent
 * without PASID support (a VF-backed mdev) is attached by RID instead (decision recorded in
 * docs/designs.md). Breadcrumb: the (device, PASID) key, drawn as the group's pasid_array.
 */
import type { Design, DesignOption, OptionValues } from '../design';
import { invoke } from '../kernel/invoke';
import type { Kernel } from '../kernel/kernel';
import * as api from '../kernel/pasid-api';
import { iommuGroupStoreType } from '../kernel/iommu-core';
import * as owner from '../kernel/dma-owner';
import type { Machine } from '../model';
import type { Violation } from '../step';
import { err, int, NULLPTR, type Value } from '../value';
import { CORE_FUNCTIONS, deref, devRef, domRef, FEATURE_FUNCTIONS_V612, num, retInt } from './common';
import { portableSteps } from './portable';
import { withDefaults } from './variants';

/** RID attach marker in the remembered (parent, pasid): IOMMU_NO_PASID. */
const RID = 0;

function remember(k: Kernel, c: number, m: number, v: { pdev: number; pasid: number } | null): void {
  const next = { ...k.container(c).mdev_pasids };
  if (v) next[m] = v;
  else delete next[m];
  k.setContainer(c, { mdev_pasids: next });
}

/** A PASID `dom` is already attached with on some device (its group's pasid_array), or null. */
function domainPasid(k: Kernel, dom: number): number | null {
  const t = k.m.groups;
  for (let i = 0; i < t.size; i++) for (const [p, d] of Object.entries(t.get(i).pasid_array)) if (d === dom) return Number(p);
  return null;
}

/** Does a vfio device other than `m` still use `pasid`? (Asked only with `reuse=domain-pasid`.) */
function pasidShared(k: Kernel, m: number, pasid: number): boolean {
  const t = k.m.containers;
  for (let i = 0; i < t.size; i++) for (const [x, v] of Object.entries(t.get(i).mdev_pasids)) if (Number(x) !== m && v.pasid === pasid) return true;
  return false;
}

/**
 * vfio: each mdev of the group gets (parent, pasid) attached to dom; the PASID is reused when
 * moving. `sharePasid` (`reuse=domain-pasid`): an mdev attached to a domain that already has a
 * PASID gives its own back and uses the domain's, one PASID per domain as aux domains had.
 */
function attachMdevs(k: Kernel, c: number, dom: number, g: number, sharePasid: boolean): Value {
  for (const m of k.group(g).devices) {
    const p = k.dev(m).iommu_device!;
    let known = k.container(c).mdev_pasids[m];
    const shared = sharePasid && known?.pasid !== RID ? domainPasid(k, dom) : null;
    if (shared !== null && known?.pasid !== shared) {
      if (known && !pasidShared(k, m, known.pasid)) invoke(k, 'iommu_free_global_pasid', [known.pasid]);
      known = { pdev: p, pasid: shared };
      remember(k, c, m, known);
    }
    if (!known) {
      const a = invoke(k, 'iommu_alloc_global_pasid', [devRef(p)]);
      known = { pdev: p, pasid: a.t === 'int' && a.v > 0 ? a.v : RID };
      remember(k, c, m, known);
    }
    const r =
      known.pasid === RID
        ? invoke(k, 'iommu_attach_device', [domRef(dom), devRef(p)])
        : invoke(k, 'iommu_attach_device_pasid', [domRef(dom), devRef(p), known.pasid]);
    if (retInt(r)) {
      if (known.pasid !== RID && !(sharePasid && pasidShared(k, m, known.pasid))) invoke(k, 'iommu_free_global_pasid', [known.pasid]);
      remember(k, c, m, null);
      return r;
    }
  }
  return int(0);
}

function detachMdevs(k: Kernel, c: number, dom: number, g: number, final: boolean, sharePasid: boolean): void {
  for (const m of k.group(g).devices) {
    const known = k.container(c).mdev_pasids[m];
    if (!known) continue;
    if (known.pasid === RID) invoke(k, 'iommu_detach_device', [domRef(dom), devRef(known.pdev)]);
    else invoke(k, 'iommu_detach_device_pasid', [domRef(dom), devRef(known.pdev), known.pasid]);
    if (!final) continue;
    // A PASID shared by `reuse=domain-pasid` is freed by the last mdev that uses it.
    if (known.pasid !== RID && !(sharePasid && pasidShared(k, m, known.pasid))) invoke(k, 'iommu_free_global_pasid', [known.pasid]);
    remember(k, c, m, null);
  }
}

/**
 * The (parent, pasid) a container remembers for mdev `m`. The tables are read by index, here and
 * above: iterating one flattens it and caches the flat copy in a WeakMap, once per machine —
 * and the search asks this of a new machine for most of its driver_get_* calls.
 */
function remembered(k: Kernel, m: number): { pdev: number; pasid: number } | null {
  const t = k.m.containers;
  for (let i = 0; i < t.size; i++) {
    const v = t.get(i).mdev_pasids[m];
    if (v) return v;
  }
  return null;
}

function getDomain(k: Kernel, m: number): Value {
  const r = remembered(k, m);
  if (!r) return NULLPTR;
  if (r.pasid === RID) return invoke(k, 'iommu_get_domain_for_dev', [devRef(r.pdev)]);
  return invoke(k, 'iommu_get_domain_for_dev_pasid', [devRef(r.pdev), r.pasid, 0]);
}

/** A pasid_array entry whose PASID is not programmed on every device of the group. */
function pasidArrayStale(m: Machine): Violation[] {
  let out: Violation[] | null = null;
  // Leaf by leaf and key by key (runs on every new state of a search): no flattened group
  // table, no entry pairs, no answer array unless something is found.
  const n = m.groups.leafCount();
  for (let i = 0; i < n; i++) {
    const leaf = m.groups.leaf(i);
    for (let j = 0; j < leaf.length; j++) {
      const g = leaf[j];
      for (const p in g.pasid_array) {
        const d = g.pasid_array[p];
        for (const dev of g.devices) {
          if (m.devs.get(dev).pasid_table[Number(p)]?.domain !== d)
            (out ??= []).push({
              code: 'pasid-array-stale',
              message: `${g.name}: pasid_array[${p}] = ${m.domains.get(d).name} but PASID ${p} is not programmed for it on ${m.devs.get(dev).name}`,
              objects: [{ kind: 'group', id: g.id }, { kind: 'domain', id: d }, { kind: 'dev', id: dev }],
            });
        }
      }
    }
  }
  return out ?? [];
}

const OPTIONS: readonly DesignOption[] = [
  {
    name: 'reuse',
    values: ['move', 'domain-pasid'],
    default: 'move',
    summary: "what type1's domain reuse does with the mdev's (P, pasid): move it as is, or switch to the PASID the reused domain already has",
  },
];

const make = (values: OptionValues): Design<'pasid-6.x'> => build(withDefaults(OPTIONS, values));

const build = (o: OptionValues): Design<'pasid-6.x'> => ({
  id: 'pasid-6.x',
  title: 'PASID attach (v6.x)',
  summary: 'What replaced aux domains: iommu_attach_device_pasid and friends; no AUX feature, no mdev in the IOMMU API.',
  /** Kernel trees and patches its functions come from, in order (src/kernel-src links calls to them). */
  sources: ['v6.12'],
  rules: { core: 'v6.2', aux: 'records', auxFeatureCheck: false, pasidPresentCheck: true },
  options: OPTIONS,
  configure: make,
  functions: {
    ...CORE_FUNCTIONS,
    ...FEATURE_FUNCTIONS_V612,
    iommu_alloc_global_pasid: (k, [d]) => api.iommuAllocGlobalPasid(k, deref(k, d, 'iommu_alloc_global_pasid')),
    iommu_free_global_pasid: (k, [p]) => api.iommuFreeGlobalPasid(k, num(p)),
    iommu_attach_device_pasid: (k, [d, dev, p]) =>
      api.iommuAttachDevicePasid(k, deref(k, d, 'iommu_attach_device_pasid'), deref(k, dev, 'iommu_attach_device_pasid'), num(p)),
    iommu_detach_device_pasid: (k, [d, dev, p]) =>
      api.iommuDetachDevicePasid(k, deref(k, d, 'iommu_detach_device_pasid'), deref(k, dev, 'iommu_detach_device_pasid'), num(p)),
    iommu_group_store_type: (k, [g, t]) => iommuGroupStoreType(k, deref(k, g, 'iommu_group_store_type'), num(t)),
    iommu_group_claim_dma_owner: (k, [g, o]) => owner.iommuGroupClaimDmaOwner(k, deref(k, g, 'iommu_group_claim_dma_owner'), owner.ownerOf(num(o))),
    iommu_group_release_dma_owner: (k, [g]) => owner.iommuGroupReleaseDmaOwner(k, deref(k, g, 'iommu_group_release_dma_owner')),
    iommu_device_claim_dma_owner: (k, [d, o]) => owner.iommuDeviceClaimDmaOwner(k, deref(k, d, 'iommu_device_claim_dma_owner'), owner.ownerOf(num(o))),
    iommu_device_release_dma_owner: (k, [d]) => owner.iommuDeviceReleaseDmaOwner(k, deref(k, d, 'iommu_device_release_dma_owner')),
    iommu_group_dma_owner_claimed: (k, [g]) => owner.iommuGroupDmaOwnerClaimed(k, deref(k, g, 'iommu_group_dma_owner_claimed')),
    iommu_get_domain_for_dev_pasid: (k, [dev, p, t]) =>
      api.iommuGetDomainForDevPasid(k, deref(k, dev, 'iommu_get_domain_for_dev_pasid'), num(p), num(t)),
    ...portableSteps({
      vfio: {
        attach: (k, c, dom, g) => attachMdevs(k, c, dom, g, o.reuse === 'domain-pasid'),
        detach: (k, c, dom, g, final) => detachMdevs(k, c, dom, g, final, o.reuse === 'domain-pasid'),
      },
      getDomain,
      getPasid: (k, m) => {
        const r = remembered(k, m);
        return r ? { t: 'int', v: r.pasid } : err('ENODEV');
      },
    }),
  },
  breadcrumbs: (m) => [
    ...m.groups.toArray().flatMap((g) =>
      Object.entries(g.pasid_array).map(([p, d]) => ({
        kind: 'pasid-array' as const,
        at: { kind: 'group' as const, id: g.id },
        to: [{ kind: 'domain' as const, id: d }],
        label: `pasid ${p} → ${m.domains.get(d).name}`,
      })),
    ),
    ...m.containers.toArray().flatMap((c) =>
      Object.entries(c.mdev_pasids).map(([mdev, x]) => ({
        kind: 'vfio-pasid' as const,
        at: { kind: 'container' as const, id: c.id },
        to: [{ kind: 'dev' as const, id: Number(mdev) }, { kind: 'dev' as const, id: x.pdev }],
        label: `${m.devs.get(Number(mdev)).name} → (${m.devs.get(x.pdev).name}, ${x.pasid === RID ? 'RID' : x.pasid})`,
      })),
    ),
  ],
  breadcrumbKinds: {
    'pasid-array': "a group's pasid_array entry: the (device, PASID) key of an attached domain",
    'vfio-pasid': 'the (parent, PASID) the container remembers for an mdev',
  },
  invariants: pasidArrayStale,
  invariantCodes: {
    'pasid-array-stale': { summary: 'a pasid_array entry whose PASID is not programmed on every group device' },
  },
});

export const pasid6x = make({});
