/**
 * What each record of a machine is made of, written once for both readers of a state: the
 * canonical text (canon.ts, for people and tests) and the fingerprint (fingerprint.ts, hashed
 * field by field, without building text). A writer says, in order, each field's value and each
 * reference to another object; the sink decides how a reference is written. The two sinks differ
 * in one thing only: a reference to a freed domain is `~` in the text and the domain's name in
 * the fingerprint (a record's hash is cached by identity, and it must not change when a domain it
 * names is freed later; the freed domain's own record no longer counts, so the states still merge).
 *
 * Maps keyed by an object (a container's `mdev_pasids` by mdev, `group_iommu_device` by group)
 * are written as entries: the fingerprint hashes each entry on its own and sums them, so their
 * order (the key's id order) does not count — what symmetry reduction needs (symmetry.ts).
 */
import { DidSet, ptEntries, type Container, type Device, type Domain, type Group, type Machine } from '../core';

export interface Sink {
  /** A value: kept as it is (counters, domain-ids, PASIDs, flags, types). */
  v(x: string | number): void;
  dev(id: number | null): void;
  group(id: number | null): void;
  container(id: number | null): void;
  /** A domain, by name (its slot in the table is not part of the state). */
  domain(id: number | null): void;
  /** An entry of a map keyed by an object, written between entry() and end(). */
  entry(): void;
  end(): void;
}

export function writeDevice(w: Sink, d: Device): void {
  w.v('d');
  w.dev(d.id);
  w.group(d.iommu_group);
  w.dev(d.iommu_device);
  const i = d.info;
  if (i) {
    w.domain(i.domain);
    w.v((i.pasid_enabled ? 1 : 0) | (i.auxd_enabled ? 2 : 0) | (i.auxiliary_corrupt ? 4 : 0) | (i.pri_enabled ? 8 : 0));
    w.v('[');
    for (const x of i.auxiliary_domains) w.domain(x);
    w.v('{');
    for (const r of i.subdevices) {
      w.dev(r.subdev);
      w.domain(r.domain);
    }
  } else w.v('-');
  w.v('<');
  for (const p in d.pasid_table) {
    const e = d.pasid_table[p];
    w.v(Number(p));
    w.domain(e.domain);
    w.v(e.did);
  }
}

/**
 * A group's `group_id` is not written: within a search it is a constant of the group (only
 * declarations and iommu_group_alloc, which the search never calls, allocate one), so the
 * group's reference says it. Writing the number would make two mdevs of one parent
 * distinguishable by their declaration order, which no call can observe but iommu_group_id.
 */
export function writeGroup(w: Sink, g: Group): void {
  w.v('g');
  w.group(g.id);
  if (g.released) return void w.v('R');
  for (const x of g.devices) w.dev(x);
  w.v('|');
  w.v(g.refcount);
  w.domain(g.default_domain);
  w.domain(g.domain);
  w.v(g.aux_domain_attached ? 1 : 0);
  for (const p in g.pasid_array) {
    w.v(Number(p));
    w.domain(g.pasid_array[p]);
  }
  // v6.12 DMA ownership (pasid-6.x's vfio claims a PCI group): who owns it, and its blocking domain.
  if (g.owner_cnt !== undefined) {
    w.v('o');
    w.v(g.owner_cnt);
    w.v(g.owner ?? '-');
    w.domain(g.blocking_domain ?? null);
  }
}

/** A live domain (freed ones are not written). Its name is its identity: the sink writes it. */
export function writeDomain(w: Sink, d: Domain): void {
  w.v('D');
  w.domain(d.id);
  w.v(d.type);
  w.v(d.gaw);
  w.v(d.max_addr);
  w.v(d.iommu_refcnt);
  w.v(d.iommu_did);
  w.v(d.auxd_refcnt);
  w.dev(d.auxd.on);
  w.v(d.auxd.poisoned ? 1 : 0);
  w.v(d.default_pasid);
  for (const x of d.devices) w.dev(x);
  w.v('|');
  for (const x of d.dev_pasids) {
    w.dev(x.dev);
    w.v(x.pasid);
  }
  w.v('|');
  for (const e of ptEntries(d.pt)) {
    w.v(`${e.level}:${e.index}`);
    w.v(e.paddr ?? -1);
    w.v(e.prot);
  }
  w.container(d.container);
}

export function writeContainer(w: Sink, c: Container): void {
  w.v('c');
  w.container(c.id);
  w.v(c.next_dom);
  for (const v of c.domain_list) {
    w.domain(v.domain);
    for (const g of v.groups) w.group(g);
    w.v('/');
  }
  w.v('|');
  if (c.external_domain === null) w.v('-');
  else for (const g of c.external_domain) w.group(g);
  w.v('|');
  const mg = c.mdev_groups;
  if (mg) for (let i = 0; i < mg.length; i++) w.group(mg[i]);
  // Keyed maps: one entry each, tied to their container.
  for (const k in c.mdev_pasids) {
    const x = c.mdev_pasids[k as unknown as number];
    w.entry();
    w.v('mp');
    w.container(c.id);
    w.dev(Number(k));
    w.dev(x.pdev);
    w.v(x.pasid);
    w.end();
  }
  // What type1 stored per group at attach time (v3 4/4's iommu_device).
  const gi = c.group_iommu_device;
  if (gi)
    for (const g in gi) {
      w.entry();
      w.v('gi');
      w.container(c.id);
      w.group(Number(g));
      w.dev(gi[g as unknown as number]);
      w.end();
    }
}

/** The machine-wide fields: taint, name counters, the identity domain, domain-ids, PASID owners. */
export function writeGlobal(w: Sink, m: Machine): void {
  w.v(m.tainted ? 'T' : 't');
  w.v(m.next_dom);
  w.v(m.next_grp);
  w.domain(m.identity);
  w.v('#');
  // Indexed, not iterated: a DidSet's iterator is a list made for it plus an iterator object.
  const dids = DidSet.from(m.iommu.dids).toArray();
  for (let i = 0; i < dids.length; i++) w.v(dids[i]);
  w.v('#');
  for (const p in m.pasids) {
    const who = m.pasids[p];
    w.v(Number(p));
    if (who.startsWith('domain:')) w.domain(idAt(who, 7));
    else if (who.startsWith('dev:')) w.dev(idAt(who, 4));
    else w.v(who);
  }
}

/** `Number(s.slice(from))` for an owner's id (`domain:12`), without making the slice. */
function idAt(s: string, from: number): number {
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    // Not a plain decimal id (never written by the kernel layer): what Number() says.
    if (c < 0 || c > 9 || s.length - from > 9) return Number(s.slice(from));
    n = n * 10 + c;
  }
  return s.length > from ? n : Number(s.slice(from));
}
