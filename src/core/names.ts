/** Object names as the scenario writes them, and the kernel-named fields the inspector shows. */
import type { Container, Device, Domain, Group, Machine, Ref } from './model';
import { KeyIndex } from './table-index';
import { ptEntries } from './ptmap';

/** The scenario name of an object (`P1`, `G_m1`, `D`, `C.d0`, `dma(G_P1)`). */
export function nameOf(m: Machine, ref: Ref): string {
  switch (ref.kind) {
    case 'dev':
      return m.devs.has(ref.id) ? m.devs.get(ref.id).name : `dev${ref.id}?`;
    case 'group':
      return m.groups.has(ref.id) ? m.groups.get(ref.id).name : `grp${ref.id}?`;
    case 'domain':
      return m.domains.has(ref.id) ? m.domains.get(ref.id).name : `dom${ref.id}?`;
    case 'container':
      return m.containers.has(ref.id) ? m.containers.get(ref.id).name : `C${ref.id}?`;
  }
}

/** Name → ids, kept beside each table (a scan per lookup made declarations O(n²)). */
const byName = <T extends { readonly name: string }>() => new KeyIndex<T>((v) => v.name);
const DEV_NAMES = byName<Device>();
const GROUP_NAMES = byName<Group>();
const CONTAINER_NAMES = byName<Container>();
const DOMAIN_NAMES = byName<Domain>();
const first = (ids: readonly number[]): number | undefined => ids[0];

const DMA_RE = /^dma\(\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\)$/;

/**
 * Resolves a name to an object: devices, groups, containers, then domains (a later, live
 * domain wins over an earlier or freed one of the same name), `dma(G)` (G's default domain)
 * and `identity` (the static identity domain).
 */
export function resolveName(m: Machine, name: string): Ref | null {
  const dma = DMA_RE.exec(name);
  if (dma) {
    const g = resolveName(m, dma[1]);
    if (!g || g.kind !== 'group') return null;
    const d = m.groups.get(g.id).default_domain;
    return d === null ? null : { kind: 'domain', id: d };
  }
  const dev = DEV_NAMES.find(m.devs, name, first);
  if (dev !== undefined) return { kind: 'dev', id: dev };
  const grp = GROUP_NAMES.find(m.groups, name, first);
  if (grp !== undefined) return { kind: 'group', id: grp };
  const c = CONTAINER_NAMES.find(m.containers, name, first);
  if (c !== undefined) return { kind: 'container', id: c };
  const best = DOMAIN_NAMES.find(m.domains, name, (ids) => {
    for (let i = ids.length - 1; i >= 0; i--) if (!m.domains.get(ids[i]).freed) return ids[i];
    return ids[0];
  });
  if (best !== undefined) return { kind: 'domain', id: best };
  if (name === 'identity' && m.identity !== null) return { kind: 'domain', id: m.identity };
  return null;
}

const refName = (m: Machine, kind: Ref['kind'], id: number | null): string | null =>
  id === null ? null : nameOf(m, { kind, id } as Ref);

/**
 * The object's fields as the kernel names them, with references printed as names. This is
 * what `show NAME` prints and what the inspector lists.
 */
export function inspect(m: Machine, ref: Ref): Record<string, unknown> {
  switch (ref.kind) {
    case 'dev': {
      const d = m.devs.get(ref.id);
      const base: Record<string, unknown> = {
        name: d.name,
        bus: d.bus,
        iommu_group: refName(m, 'group', d.iommu_group),
      };
      if (d.bus === 'mdev') {
        base.parent = refName(m, 'dev', d.parent);
        base.iommu_device = refName(m, 'dev', d.iommu_device);
        return base;
      }
      Object.assign(base, d.caps);
      const pt = Object.entries(d.pasid_table).map(([p, e]) => `${p}→${nameOf(m, { kind: 'domain', id: e.domain })} (did ${e.did})`);
      base.pasid_table = pt;
      if (d.info) {
        const i = d.info;
        base['info.domain'] = refName(m, 'domain', i.domain);
        base['info.pasid_enabled'] = i.pasid_enabled;
        base['info.auxd_enabled'] = i.auxd_enabled;
        base['info.auxiliary_domains'] = i.auxiliary_domains.map((x) => refName(m, 'domain', x));
        if (i.pri_enabled !== undefined) base['info.pri_enabled'] = i.pri_enabled;
        if (i.auxiliary_corrupt) base['info.auxiliary_domains.corrupt'] = true;
        if (i.subdevices.length)
          base['info.subdevices'] = i.subdevices.map(
            (r) => `{subdev ${r.subdev === null ? 'NULL' : refName(m, 'dev', r.subdev)}, domain ${refName(m, 'domain', r.domain)}}`,
          );
      } else base.info = null;
      return base;
    }
    case 'group': {
      const g = m.groups.get(ref.id);
      const out: Record<string, unknown> = {
        name: g.name,
        id: g.group_id,
        devices: g.devices.map((x) => refName(m, 'dev', x)),
        refcount: g.refcount,
        default_domain: refName(m, 'domain', g.default_domain),
        domain: refName(m, 'domain', g.domain),
        aux_domain_attached: g.aux_domain_attached,
        pasid_array: Object.entries(g.pasid_array).map(([p, d]) => `${p}→${refName(m, 'domain', d)}`),
      };
      // v6.12 DMA ownership: shown once the group was ever claimed (pasid-6.x).
      if (g.owner_cnt !== undefined) out.owner_cnt = g.owner_cnt;
      if (g.owner !== undefined) out.owner = g.owner;
      if (g.blocking_domain !== undefined) out.blocking_domain = refName(m, 'domain', g.blocking_domain);
      if (g.released) out.released = true;
      return out;
    }
    case 'domain': {
      const d = m.domains.get(ref.id);
      const leaves = ptEntries(d.pt).filter((e) => e.paddr !== null).length;
      return {
        name: d.name,
        type: d.type,
        freed: d.freed,
        pgsize_bitmap: `0x${d.pgsize_bitmap.toString(16)}`,
        gaw: d.gaw,
        iommu_refcnt: d.iommu_refcnt,
        iommu_did: d.iommu_did,
        default_pasid: d.default_pasid,
        auxd_refcnt: d.auxd_refcnt,
        auxd: d.auxd.on !== null ? `linked on ${refName(m, 'dev', d.auxd.on)}` : d.auxd.poisoned ? 'LIST_POISON' : 'unlinked',
        devices: d.devices.map((x) => refName(m, 'dev', x)),
        dev_pasids: d.dev_pasids.map((x) => `${refName(m, 'dev', x.dev)}:${x.pasid}`),
        mappings: leaves,
        ...(d.pgd_freed ? { pgd: 'NULL (domain_exit freed it while attached)' } : {}),
      };
    }
    case 'container': {
      const c = m.containers.get(ref.id);
      const kept = Object.entries(c.group_iommu_device ?? {});
      const v3 = kept.length
        ? { group_iommu_device: kept.map(([g, d]) => `${refName(m, 'group', Number(g))}→${refName(m, 'dev', d)}`) }
        : {};
      return {
        ...v3,
        name: c.name,
        domain_list: c.domain_list.map(
          (v) => `${refName(m, 'domain', v.domain)}: [${v.groups.map((g) => refName(m, 'group', g)).join(', ')}]`,
        ),
        external_domain:
          c.external_domain === null ? null : c.external_domain.map((g) => refName(m, 'group', g)),
        mdev_pasids: Object.entries(c.mdev_pasids).map(
          ([dev, x]) => `${refName(m, 'dev', Number(dev))}→(${refName(m, 'dev', x.pdev)}, ${x.pasid})`,
        ),
      };
    }
  }
}
