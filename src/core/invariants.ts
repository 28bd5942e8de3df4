/**
 * The invariant checker: what must hold on a healthy machine, named, with the objects involved.
 * Runs after every step. The v5.8 VT-d bugs the designs reproduce each trip one of these.
 */
import type { Design } from './design';
import type { Machine, Ref } from './model';
import { nameOf } from './names';
import type { Call, Violation } from './step';
import type { Value } from './value';

const dom = (id: number): Ref => ({ kind: 'domain', id });
const dev = (id: number): Ref => ({ kind: 'dev', id });
const grp = (id: number): Ref => ({ kind: 'group', id });

/** Aux-era designs keep PASIDs per domain (default_pasid); pasid-6.x per (device, pasid). */
const auxEra = (d: Design): boolean => d.rules.core === 'v5.8';

function pasidChecks(design: Design, m: Machine, out: Violation[]): void {
  const byPasid = new Map<number, number[]>();
  for (const d of m.domains) {
    const p = d.default_pasid;
    if (p <= 0) continue;
    const owner = m.pasids[p];
    const mine = owner === `domain:${d.id}`;
    if (!d.freed && !mine)
      out.push({ code: 'default-pasid-stale', message: `${d.name}: default_pasid ${p} is ${owner === undefined ? 'freed' : `now allocated to ${ownerName(m, owner)}`} (never reset after free)`, objects: [dom(d.id)] });
    if (d.freed && mine)
      out.push({ code: 'pasid-leaked', message: `PASID ${p} is still allocated to ${d.name}, which was freed`, objects: [dom(d.id)] });
    const live = d.auxd_refcnt > 0 || hasRecord(m, d.id);
    if (!d.freed && live) byPasid.set(p, [...(byPasid.get(p) ?? []), d.id]);
  }
  for (const [p, ids] of byPasid)
    if (ids.length > 1)
      out.push({ code: 'pasid-shared', message: `PASID ${p} is used by ${ids.length} live aux domains: ${ids.map((i) => m.domains.get(i).name).join(', ')}`, objects: ids.map(dom) });
  for (const [p, owner] of Object.entries(m.pasids)) {
    if (!owner.startsWith('domain:')) continue;
    const d = m.domains.get(Number(owner.slice(7)));
    if (d.default_pasid !== Number(p))
      out.push({ code: 'pasid-leaked', message: `PASID ${p} is allocated to ${d.name} but no domain uses it`, objects: [dom(d.id)] });
  }
  void design;
}

function hasRecord(m: Machine, d: number): boolean {
  for (const x of m.devs) if (x.info?.subdevices.some((r) => r.domain === d)) return true;
  return false;
}

function ownerName(m: Machine, owner: string): string {
  const [kind, id] = owner.split(':');
  return nameOf(m, { kind: kind as 'domain' | 'dev', id: Number(id) });
}

function deviceChecks(design: Design, m: Machine, out: Violation[]): void {
  for (const d of m.devs) {
    for (const [ps, e] of Object.entries(d.pasid_table)) {
      const p = Number(ps);
      if (p === 0) continue;
      const target = m.domains.get(e.domain);
      const holds = auxEra(design)
        ? !target.freed && target.default_pasid === p && m.pasids[p] === `domain:${target.id}`
        : !target.freed && d.iommu_group !== null && m.groups.get(d.iommu_group).pasid_array[p] === target.id;
      if (!holds)
        out.push({ code: 'pasid-entry-stale', message: `${d.name}: PASID ${p} entry is programmed for ${target.name}, which no longer holds PASID ${p}`, objects: [dev(d.id), dom(target.id)] });
    }
    if (!auxEra(design) || d.bus !== 'pci') continue;
    const info = d.info;
    const auxState = Object.keys(d.pasid_table).some((p) => p !== '0') || !!info?.auxiliary_domains.length || !!info?.subdevices.length;
    if (auxState && !info?.auxd_enabled)
      out.push({ code: 'aux-without-feature', message: `${d.name}: aux domains still attached while IOMMU_DEV_FEAT_AUX is off`, objects: [dev(d.id)] });
    if (info?.auxiliary_corrupt)
      out.push({ code: 'list-corrupt', message: `${d.name}: auxiliary_domains list corrupted (a dmar_domain's single auxd node was linked twice)`, objects: [dev(d.id), ...info.auxiliary_domains.map(dom)] });
  }
  for (const d of m.domains) {
    if (d.freed || !auxEra(design)) continue;
    const onAny = (p: number) => m.devs.toArray().some((x) => x.pasid_table[p]?.domain === d.id);
    if (d.auxd_refcnt > 0 && d.default_pasid > 0 && !onAny(d.default_pasid))
      out.push({ code: 'aux-entry-missing', message: `${d.name}: auxd_refcnt=${d.auxd_refcnt} but PASID ${d.default_pasid} is programmed on no device (torn down under a user)`, objects: [dom(d.id)] });
  }
}

function groupChecks(m: Machine, out: Violation[]): void {
  for (const g of m.groups) {
    if (g.refcount < g.devices.length)
      out.push({ code: 'group-refcount', message: `${g.name}: refcount ${g.refcount} is below its ${g.devices.length} member(s)`, objects: [grp(g.id)] });
    for (const x of g.devices)
      if (m.devs.get(x).iommu_group !== g.id)
        out.push({ code: 'group-membership', message: `${g.name} lists ${m.devs.get(x).name}, whose iommu_group is ${m.devs.get(x).iommu_group === null ? 'NULL' : m.groups.get(m.devs.get(x).iommu_group!).name}`, objects: [grp(g.id), dev(x)] });
    for (const d of [g.domain, g.default_domain])
      if (d !== null && m.domains.get(d).freed && !g.released)
        out.push({ code: 'domain-freed-in-use', message: `${g.name} still points at ${m.domains.get(d).name}, which was freed`, objects: [grp(g.id), dom(d)] });
  }
}

/** Every invariant of the machine under this design (shared ones plus the design's own). */
export function checkInvariants(design: Design, m: Machine): Violation[] {
  const out: Violation[] = [];
  pasidChecks(design, m, out);
  deviceChecks(design, m, out);
  groupChecks(m, out);
  if (m.tainted) out.push({ code: 'tainted', message: 'kernel tainted: an OOPS happened earlier in this run', objects: [] });
  out.push(...design.invariants(m));
  return out;
}

/** Checks on what a call returned: iommu_aux_get_pasid answering for a device it isn't on (bug f.5). */
export function checkReturn(m: Machine, call: Call, ret: Value): Violation[] {
  if (call.fn !== 'iommu_aux_get_pasid' || ret.t !== 'int' || ret.v <= 0) return [];
  const [d, x] = call.args;
  if (d.t !== 'ref' || x.t !== 'ref') return [];
  const entry = m.devs.get(x.ref.id).pasid_table[ret.v];
  if (entry?.domain === d.ref.id) return [];
  return [{ code: 'get-pasid-wrong-device', message: `iommu_aux_get_pasid returned PASID ${ret.v} for ${nameOf(m, x.ref)}, which has no PASID ${ret.v} entry for ${nameOf(m, d.ref)}`, objects: [d.ref, x.ref] }];
}
