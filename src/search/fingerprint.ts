/**
 * A 53-bit fingerprint of a machine for the search's visited set: what canonOf (canon.ts)
 * says as a string, hashed, without building the string for the whole machine each time.
 *
 * - Each record (device, group, live domain, container) is written as a short canonical text
 *   naming what it points at (domains by name, as canonOf does), hashed into two 32-bit lanes,
 *   and cached by the record's identity: records never change, and a step replaces only what it
 *   wrote, so a new state hashes only its new records.
 * - The machine's fingerprint is the lane-wise sum of its records' hashes plus the machine-wide
 *   fields (allocator, counters, domain-ids). The sum does not depend on where a live domain
 *   sits in the domain table, only on its name and fields, and freed domains add nothing.
 * - Names are unique within a searched machine (container domains are `C.dN` with a counter the
 *   state keeps; the search binds no names), so naming a domain is naming it.
 *
 * Two different states share a fingerprint with probability about n²/2⁵⁴ for n states
 * (≈ 6·10⁻⁵ for a million): as TLC does, the search accepts that and says so (docs/performance.md).
 */
import type { Container, Device, Domain, Group, Machine } from '../core';

/** Two independent 32-bit string hashes (FNV-1a and a multiply-rotate variant). */
function hash2(s: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // Final avalanche, so sums of hashes do not keep the inputs' patterns.
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b ^= b >>> 16;
  b = Math.imul(b, 0xc2b2ae35);
  b ^= b >>> 16;
  return [a >>> 0, b >>> 0];
}

/** Hash per record, and summed per table leaf: both never change, so both cache by identity. */
const recordHash = new WeakMap<object, [number, number]>();
const leafHash = new WeakMap<object, [number, number]>();
const dn = (m: Machine, id: number | null): string => (id === null ? '-' : m.domains.get(id).name);

function devText(m: Machine, d: Device): string {
  let s = `d${d.id}|${d.iommu_group ?? '-'}|${d.iommu_device ?? '-'}|`;
  const i = d.info;
  if (i) {
    s += `${dn(m, i.domain)}${i.pasid_enabled ? 'p' : ''}${i.auxd_enabled ? 'a' : ''}${i.auxiliary_corrupt ? 'c' : ''}${i.pri_enabled ? 'r' : ''}[`;
    for (const x of i.auxiliary_domains) s += `${dn(m, x)},`;
    s += ']{';
    for (const r of i.subdevices) s += `${r.subdev ?? '-'}>${dn(m, r.domain)},`;
    s += '}';
  }
  s += '<';
  for (const p in d.pasid_table) {
    const e = d.pasid_table[p];
    s += `${p}>${dn(m, e.domain)}/${e.did},`;
  }
  return s;
}

function groupText(m: Machine, g: Group): string {
  if (g.released) return `g${g.id}R`;
  let s = `g${g.id}|${g.group_id}|${g.devices.join(',')}|${g.refcount}|${dn(m, g.default_domain)}|${dn(m, g.domain)}|${g.aux_domain_attached ? 1 : 0}|`;
  for (const p in g.pasid_array) s += `${p}>${dn(m, g.pasid_array[p])},`;
  return s;
}

function domainText(d: Domain): string {
  let s = `D${d.name}|${d.type}|${d.gaw}|${d.max_addr}|${d.iommu_refcnt}|${d.iommu_did}|${d.auxd_refcnt}|${d.auxd.on ?? '-'}${d.auxd.poisoned ? 'P' : ''}|${d.default_pasid}|${d.devices.join(',')}|`;
  for (const x of d.dev_pasids) s += `${x.dev}:${x.pasid},`;
  s += '|';
  for (const k in d.pt) {
    const e = d.pt[k];
    s += `${k}=${e.paddr ?? 't'}/${e.prot};`;
  }
  return `${s}|${d.container ?? '-'}`;
}

/** What type1 stored per group at attach time (v3 4/4's iommu_device, v5.8's mdev_group). */
export function keptByType1(c: Container): string {
  let s = '|';
  for (const g in c.group_iommu_device ?? {}) s += `${g}>${c.group_iommu_device![g as unknown as number]},`;
  return `${s}|${(c.mdev_groups ?? []).join(',')}`;
}

function containerText(m: Machine, c: Container): string {
  let s = `c${c.id}|${c.next_dom}|`;
  for (const v of c.domain_list) s += `${dn(m, v.domain)}:${v.groups.join(',')}/`;
  s += `|${c.external_domain === null ? '-' : c.external_domain.join(',')}|`;
  for (const k in c.mdev_pasids) {
    const x = c.mdev_pasids[k as unknown as number];
    s += `${k}>${x.pdev}/${x.pasid},`;
  }
  return s + keptByType1(c);
}

function globalText(m: Machine): string {
  let s = `${m.tainted ? 'T' : 't'}${m.next_dom}/${m.next_grp}/${dn(m, m.identity)}/${m.iommu.dids.join(',')}#`;
  for (const p in m.pasids) {
    const who = m.pasids[p];
    s += `${p}>${who.startsWith('domain:') ? dn(m, Number(who.slice(7))) : who},`;
  }
  return s;
}

type Kind = 0 | 1 | 2 | 3;

function recHash(m: Machine, kind: Kind, rec: Device | Group | Domain | Container): [number, number] {
  let h = recordHash.get(rec);
  if (!h) {
    const text =
      kind === 0 ? devText(m, rec as Device) : kind === 1 ? groupText(m, rec as Group) : kind === 2 ? domainText(rec as Domain) : containerText(m, rec as Container);
    recordHash.set(rec, (h = hash2(text)));
  }
  return h;
}

/** The lane sums of one leaf of a table (freed domains add nothing). */
function leafSum(m: Machine, kind: Kind, leaf: readonly (Device | Group | Domain | Container)[]): [number, number] {
  let h = leafHash.get(leaf);
  if (!h) {
    let a = 0;
    let b = 0;
    for (const rec of leaf) {
      if (kind === 2 && (rec as Domain).freed) continue;
      const r = recHash(m, kind, rec);
      a = (a + r[0]) >>> 0;
      b = (b + r[1]) >>> 0;
    }
    leafHash.set(leaf, (h = [a, b]));
  }
  return h;
}

/** The machine's fingerprint: an integer below 2⁵³. */
export function fingerprint(m: Machine): number {
  let [a, b] = hash2(globalText(m));
  const tables = [m.devs, m.groups, m.domains, m.containers] as const;
  for (let kind = 0; kind < 4; kind++)
    for (const leaf of (tables[kind] as { chunkList(): readonly (readonly (Device | Group | Domain | Container)[])[] }).chunkList()) {
      const h = leafSum(m, kind as Kind, leaf);
      a = (a + h[0]) >>> 0;
      b = (b + h[1]) >>> 0;
    }
  return a * 0x200000 + (b >>> 11);
}
