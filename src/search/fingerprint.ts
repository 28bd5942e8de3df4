/**
 * A 53-bit fingerprint of a machine for the search's visited set: what canonOf (canon.ts)
 * says as a string, hashed, without building the string for the whole machine each time.
 *
 * - Each record (device, group, live domain, container) is written as a short canonical text
 *   naming what it points at (domains by name, as canonOf does), hashed into two 32-bit lanes,
 *   and cached by the record's identity: records never change, and a step replaces only what it
 *   wrote, so a new state hashes only its new records.
 * - The machine's fingerprint is the lane-wise sum of its records' hashes plus the machine-wide
 *   fields (allocator, counters, domain-ids). A sum can be kept up to date: the search takes
 *   out the shares of the records a call replaced and adds their successors' (`lanesAfter`). The sum does not depend on where a live domain
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

/** Two 32-bit lanes; the fingerprint is made of them (`keyOf`). */
export type Lanes = readonly [number, number];

/** The machine-wide part, cached per machine object. */
const globalHash = new WeakMap<Machine, [number, number]>();

function globalLanes(m: Machine): [number, number] {
  let h = globalHash.get(m);
  if (!h) globalHash.set(m, (h = hash2(globalText(m))));
  return h;
}

const TABLES = ['devs', 'groups', 'domains', 'containers'] as const;
const KIND_NAMES = ['dev', 'group', 'domain', 'container'] as const;
type AnyRec = Device | Group | Domain | Container;

/** A record's share of the sum: its hash, or nothing for a freed domain. */
function share(m: Machine, kind: Kind, rec: AnyRec): [number, number] | null {
  return kind === 2 && (rec as Domain).freed ? null : recHash(m, kind, rec);
}

const record = (m: Machine, kind: Kind, id: number): AnyRec => (m[TABLES[kind]] as { get(id: number): AnyRec }).get(id);

/** The lanes of a machine, from all its records. */
export function lanesOf(m: Machine): Lanes {
  let [a, b] = globalLanes(m);
  for (let kind = 0; kind < 4; kind++)
    for (const leaf of (m[TABLES[kind]] as { chunkList(): readonly (readonly AnyRec[])[] }).chunkList()) {
      const h = leafSum(m, kind as Kind, leaf);
      a = (a + h[0]) >>> 0;
      b = (b + h[1]) >>> 0;
    }
  return [a, b];
}

/**
 * The lanes of `next`, from those of `prev` and what the call changed (`writes`: the flat
 * journal of records it replaced, see the core's writesOf; `created`: what it added): the
 * replaced records' shares come out, their successors' go in. Equal to `lanesOf(next)`.
 */
export function lanesAfter(prevLanes: Lanes, prev: Machine, next: Machine, writes: readonly unknown[], created: readonly { kind: string; id: number }[]): Lanes {
  const g0 = globalLanes(prev);
  const g1 = globalLanes(next);
  let a = (prevLanes[0] - g0[0] + g1[0]) >>> 0;
  let b = (prevLanes[1] - g0[1] + g1[1]) >>> 0;
  const isNew = (kind: number, id: number) => created.some((r) => r.id === id && r.kind === KIND_NAMES[kind]);
  for (let i = 0; i < writes.length; i += 3) {
    const kind = writes[i] as Kind;
    const id = writes[i + 1] as number;
    // A record the call created was not in `prev`: it goes in below, with the created ones.
    if (isNew(kind, id)) continue;
    const old = share(prev, kind, writes[i + 2] as AnyRec);
    if (old) {
      a = (a - old[0]) >>> 0;
      b = (b - old[1]) >>> 0;
    }
    const now = share(next, kind, record(next, kind, id));
    if (now) {
      a = (a + now[0]) >>> 0;
      b = (b + now[1]) >>> 0;
    }
  }
  for (const r of created) {
    const kind = KIND_NAMES.indexOf(r.kind as (typeof KIND_NAMES)[number]) as Kind;
    const now = share(next, kind, record(next, kind, r.id));
    if (now) {
      a = (a + now[0]) >>> 0;
      b = (b + now[1]) >>> 0;
    }
  }
  return [a, b];
}

/** The fingerprint made of two lanes: an integer below 2⁵³. */
export const keyOf = (l: Lanes): number => l[0] * 0x200000 + (l[1] >>> 11);

/** The machine's fingerprint: an integer below 2⁵³. */
export function fingerprint(m: Machine): number {
  return keyOf(lanesOf(m));
}
