/**
 * A canonical serialization of a machine for the search's state deduplication. Two machines
 * that differ only in what no later call can observe get the same string:
 * - freed domains are not written, and a reference to one is written `~` (its name is gone);
 * - live domains are referred to by name, not by their slot in the domain table;
 * - released groups are left out.
 * Counters that decide future names (a container's next `C.dN`, `dom<N>`) are kept, because
 * those names are return values a scenario compares.
 */
import type { Domain, DomainId, Machine } from '../core';
import { keptByType1 } from './fingerprint';

function domName(m: Machine, id: DomainId | null): string {
  if (id === null) return '-';
  const d = m.domains.get(id);
  return d.freed ? '~' : d.name;
}

function domainText(d: Domain): string {
  let pt = '';
  for (const k in d.pt) {
    const e = d.pt[k];
    pt += `${k}=${e.paddr ?? 't'}/${e.prot};`;
  }
  let dp = '';
  for (const x of d.dev_pasids) dp += `${x.dev}:${x.pasid},`;
  return `${d.name}|${d.type}|${d.gaw}|${d.max_addr}|${d.iommu_refcnt}|${d.iommu_did}|${d.auxd_refcnt}|${d.auxd.on ?? '-'}${d.auxd.poisoned ? 'P' : ''}|${d.default_pasid}|${d.devices.join(',')}|${dp}|${pt}|${d.container ?? '-'}`;
}

export function canonOf(m: Machine): string {
  let s = m.tainted ? 'T' : 't';
  s += `${m.next_dom}/${m.next_grp}/${m.identity === null ? '-' : domName(m, m.identity)}/${m.iommu.dids.join(',')}#`;
  for (const d of m.devs.toArray()) {
    s += `${d.iommu_group ?? '-'}|${d.iommu_device ?? '-'}|`;
    const i = d.info;
    if (i) {
      s += `${domName(m, i.domain)}${i.pasid_enabled ? 'p' : ''}${i.auxd_enabled ? 'a' : ''}${i.auxiliary_corrupt ? 'c' : ''}${i.pri_enabled ? 'r' : ''}[`;
      for (const x of i.auxiliary_domains) s += `${domName(m, x)},`;
      s += ']{';
      for (const r of i.subdevices) s += `${r.subdev ?? '-'}>${domName(m, r.domain)},`;
      s += '}';
    }
    s += '<';
    for (const p in d.pasid_table) {
      const e = d.pasid_table[p];
      s += `${p}>${domName(m, e.domain)}/${e.did},`;
    }
    s += '>;';
  }
  s += '#';
  for (const g of m.groups.toArray()) {
    if (g.released) {
      s += 'R;';
      continue;
    }
    s += `${g.group_id}|${g.devices.join(',')}|${g.refcount}|${domName(m, g.default_domain)}|${domName(m, g.domain)}|${g.aux_domain_attached ? 1 : 0}|`;
    for (const p in g.pasid_array) s += `${p}>${domName(m, g.pasid_array[p])},`;
    s += ';';
  }
  s += '#';
  for (const d of m.domains.toArray()) if (!d.freed) s += `${domainText(d)};`;
  s += '#';
  for (const c of m.containers.toArray()) {
    s += `${c.next_dom}|`;
    for (const v of c.domain_list) s += `${domName(m, v.domain)}:${v.groups.join(',')}/`;
    s += `|${c.external_domain === null ? '-' : c.external_domain.join(',')}|`;
    for (const k in c.mdev_pasids) s += `${k}>${c.mdev_pasids[k as unknown as number].pdev}/${c.mdev_pasids[k as unknown as number].pasid},`;
    s += `${keptByType1(c)};`;
  }
  s += '#';
  for (const p in m.pasids) {
    const who = m.pasids[p];
    s += `${p}>${who.startsWith('domain:') ? domName(m, Number(who.slice(7))) : who},`;
  }
  return s;
}
