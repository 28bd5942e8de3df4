/**
 * The invariant checker: what must hold on a healthy machine, named, with the objects involved.
 * Runs after every step. The v5.8 VT-d bugs the designs reproduce each trip one of these.
 *
 * A function of the machine alone: no carried-forward answers (the order in which a history's
 * steps are read must not change what any step shows). One pass over devices, domains and
 * groups, leaf by leaf, allocating only for what it reports, keeps the full check cheap even on
 * the 1,024-mdev machine (docs/performance.md, "Invariants and fingerprint, round five").
 */
import type { Design } from './design';
import type { Device, Domain, Group, Machine } from './model';
import { nameOf } from './names';
import { devRef as dev, domRef as dom, grpRef as grp } from './refs';
import { leafMemo, newLeafSlot } from './table';
import type { Call, Violation } from './step';
import type { Value } from './value';

/** Aux-era designs keep PASIDs per domain (default_pasid); pasid-6.x per (device, pasid). */
const auxEra = (d: Design): boolean => d.rules.core === 'v5.8';

function ownerName(m: Machine, owner: string): string {
  const [kind, id] = owner.split(':');
  return nameOf(m, { kind: kind as 'domain' | 'dev', id: Number(id) });
}

/** Domain key for the set of (domain, PASID) pairs programmed somewhere. */
const pairKey = (domain: number, pasid: number): number => domain * 0x200000 + pasid;

/**
 * What the device records say on their own: the checks that read nothing but the record (and
 * domain names, which never change), the devices with PASID entries (checked against the rest
 * of the machine every time), and the domains driver records name. One check's scratch
 * (`scratch`, filled up to its counts, emptied by resetting them) or one leaf's own answer.
 */
class DevScan {
  local: Violation[] = [];
  readonly withEntries: Device[] = [];
  nWith = 0;
  /** Their PASIDs (but 0), in the table's order; device j's end at keyEnd[j]: one walk of each PASID table, not two. */
  readonly keys: number[] = [];
  nKeys = 0;
  readonly keyEnd: number[] = [];
  readonly recorded: number[] = [];
  nRec = 0;
}

function scanDevs(m: Machine, leaf: readonly Device[], aux: boolean, s: DevScan): void {
  for (let j = 0; j < leaf.length; j++) {
    const d = leaf[j];
    if (d.bus !== 'pci') continue;
    const from = s.nKeys;
    for (const ps in d.pasid_table) if (ps !== '0') s.keys[s.nKeys++] = Number(ps);
    const entries = s.nKeys > from;
    if (entries) {
      s.withEntries[s.nWith] = d;
      s.keyEnd[s.nWith++] = s.nKeys;
    }
    const info = d.info;
    if (info) for (const r of info.subdevices) s.recorded[s.nRec++] = r.domain;
    if (!aux) continue;
    const auxState = entries || !!info?.auxiliary_domains.length || !!info?.subdevices.length;
    if (auxState && !info?.auxd_enabled)
      s.local.push({
        code: 'aux-without-feature',
        message: `${d.name}: aux domains still attached while IOMMU_DEV_FEAT_AUX is off`,
        objects: [dev(d.id)],
      });
    if (info?.auxiliary_corrupt)
      s.local.push({
        code: 'list-corrupt',
        message: `${d.name}: auxiliary_domains list corrupted around ${info.auxiliary_domains.map((x) => m.domains.get(x).name).join(', ') || 'its head'} (a dmar_domain's single auxd node was linked twice)`,
        objects: [dev(d.id)],
      });
  }
}

/**
 * A table of several leaves keeps each leaf's answer on the leaf itself (`Table.rememberLeaf`,
 * one slot per era): a leaf of a sealed table never changes, and every later machine that did
 * not write into it shares it, so a step re-examines only the leaves it wrote (the 1,024-mdev
 * machine: 68 device leaves, one written per call). No WeakMap: a leaf's memo dies with it. A
 * one-leaf table (the search's machines) is read again each time: its leaf is new in most
 * states, and a memo would cost more than the ≤ 16 records it saves.
 */
const DEV_SLOT = [newLeafSlot(), newLeafSlot()];
const DOM_SLOT = newLeafSlot();
const NONE: readonly never[] = [];

/**
 * The check's scratch, emptied at its start by resetting counts: the check does not call
 * itself, and nothing in it outlives the check but references to records (overwritten by the
 * next check). Reusing it keeps a check that finds nothing — most of them — from allocating
 * anything but its answer.
 */
const scratch = new DevScan();
const NOTHING = new DevScan();
const domains: Domain[] = [];
let nDomains = 0;
const recorded = new Set<number>();
const programmed = new Set<number>();

function deviceLeaves(m: Machine, aux: boolean, out: Violation[]): void {
  scratch.local = out;
  scratch.nWith = 0;
  scratch.nKeys = 0;
  scratch.nRec = 0;
  const n = m.devs.leafCount();
  if (n === 1) return scanDevs(m, m.devs.leaf(0), aux, scratch);
  const slot = DEV_SLOT[aux ? 1 : 0];
  for (let i = 0; i < n; i++) {
    const leaf = m.devs.leaf(i);
    let c = leafMemo(leaf, slot) as DevScan | undefined;
    if (!c) {
      c = new DevScan();
      scanDevs(m, leaf, aux, c);
      // Most leaves say nothing: one shared answer for them, not five empty arrays each.
      if (!c.local.length && !c.nWith && !c.nRec) c = NOTHING;
      m.devs.rememberLeaf(leaf, slot, c);
    }
    for (let j = 0; j < c.local.length; j++) out.push(c.local[j]);
    for (let j = 0, k = 0; j < c.nWith; j++) {
      for (; k < c.keyEnd[j]; k++) scratch.keys[scratch.nKeys++] = c.keys[k];
      scratch.keyEnd[scratch.nWith] = scratch.nKeys;
      scratch.withEntries[scratch.nWith++] = c.withEntries[j];
    }
    for (let j = 0; j < c.nRec; j++) scratch.recorded[scratch.nRec++] = c.recorded[j];
  }
}

/** The live domains with a default_pasid (the only ones the per-domain PASID checks concern), into `domains`. */
function pasidDomains(m: Machine): void {
  nDomains = 0;
  const n = m.domains.leafCount();
  for (let i = 0; i < n; i++) {
    const leaf = m.domains.leaf(i);
    let c = n > 1 ? (leafMemo(leaf, DOM_SLOT) as readonly Domain[] | undefined) : undefined;
    if (!c) {
      let found: Domain[] | null = null;
      for (let j = 0; j < leaf.length; j++) {
        const d = leaf[j];
        if (!d.freed && d.default_pasid > 0) (found ??= []).push(d);
      }
      c = found ?? NONE;
      if (n > 1) m.domains.rememberLeaf(leaf, DOM_SLOT, c);
    }
    for (let j = 0; j < c.length; j++) domains[nDomains++] = c[j];
  }
}

/**
 * A domain's `default-pasid-stale` violation, the same object for as long as its record and
 * message are: a run keeps every step's violations, and a design with this bug (v5.8) reports
 * it on every step for every aux domain ever detached (the 1,024-mdev bench: 32 per step,
 * ~7.5 kB of a step's 11 kB before). A memo keyed by the immutable record, its value a function
 * of it and the message.
 */
const staleMemo = new WeakMap<Domain, Violation>();
function staleOf(d: Domain, message: string): Violation {
  const v = staleMemo.get(d);
  if (v && v.message === message) return v;
  const fresh: Violation = { code: 'default-pasid-stale', message, objects: [dom(d.id)] };
  staleMemo.set(d, fresh);
  return fresh;
}

/**
 * Per-domain PASID checks over the live domains that have a default_pasid, then over the
 * allocated PASIDs. `recorded`: domains a driver-map record names (alive for pasid-shared even
 * with auxd_refcnt 0).
 */
function domainChecks(m: Machine, out: Violation[]): void {
  if (nDomains) {
    recorded.clear();
    for (let j = 0; j < scratch.nRec; j++) recorded.add(scratch.recorded[j]);
    /** Live aux domains per PASID, in id order. */
    const byPasid = new Map<number, Domain[]>();
    for (let j = 0; j < nDomains; j++) {
      const d = domains[j];
      if (!(d.auxd_refcnt > 0 || recorded.has(d.id))) continue;
      const list = byPasid.get(d.default_pasid);
      if (list) list.push(d);
      else byPasid.set(d.default_pasid, [d]);
    }
    for (let j = 0; j < nDomains; j++) {
      const d = domains[j];
      const p = d.default_pasid;
      const owner = m.pasids[p];
      if (owner === undefined || owner !== `domain:${d.id}`) out.push(staleOf(d, `${d.name}: default_pasid ${p} is ${owner === undefined ? 'freed' : `now allocated to ${ownerName(m, owner)}`} (never reset after free)`));
      const sharing = byPasid.get(p);
      if (sharing && sharing.length > 1 && sharing[0].id === d.id)
        out.push({
          code: 'pasid-shared',
          message: `PASID ${p} is used by ${sharing.length} live aux domains: ${sharing.map((x) => x.name).join(', ')}`,
          objects: sharing.map((x) => dom(x.id)),
        });
    }
  }
  for (const ps in m.pasids) {
    const owner = m.pasids[ps as unknown as number];
    if (!owner.startsWith('domain:')) continue;
    const id = Number(owner.slice(7));
    const d = m.domains.has(id) ? m.domains.get(id) : undefined;
    if (!d) continue;
    if (d.default_pasid !== Number(ps))
      out.push({
        code: 'pasid-leaked',
        message: `PASID ${ps} is allocated to ${d.name} but no domain uses it`,
        objects: [dom(d.id)],
      });
    else if (d.freed)
      out.push({
        code: 'pasid-leaked',
        message: `PASID ${ps} is still allocated to ${d.name}, which was freed`,
        objects: [dom(d.id)],
      });
  }
}

/** Checks over physical devices' PASID tables and aux bookkeeping (leaves the domains driver records name in the scratch). */
function deviceChecks(aux: boolean, m: Machine, out: Violation[]): void {
  deviceLeaves(m, aux, out);
  if (aux) programmed.clear();
  for (let j = 0, k = 0; j < scratch.nWith; j++) {
    const d = scratch.withEntries[j];
    for (; k < scratch.keyEnd[j]; k++) {
      const p = scratch.keys[k];
      const e = d.pasid_table[p];
      if (aux) programmed.add(pairKey(e.domain, p));
      const target = m.domains.get(e.domain);
      const holds = aux
        ? !target.freed && target.default_pasid === p && m.pasids[p] === `domain:${target.id}`
        : !target.freed && d.iommu_group !== null && m.groups.get(d.iommu_group).pasid_array[p] === target.id;
      if (!holds)
        out.push({
          code: 'pasid-entry-stale',
          message: `${d.name}: PASID ${p} entry is programmed for ${target.name}, which no longer holds PASID ${p}`,
          objects: [dev(d.id), dom(target.id)],
        });
    }
  }
  if (aux)
    for (let j = 0; j < nDomains; j++) {
      const d = domains[j];
      if (d.auxd_refcnt > 0 && !programmed.has(pairKey(d.id, d.default_pasid)))
        out.push({
          code: 'aux-entry-missing',
          message: `${d.name}: auxd_refcnt=${d.auxd_refcnt} but PASID ${d.default_pasid} is programmed on no device (torn down under a user)`,
          objects: [dom(d.id)],
        });
    }
}

function groupChecks(m: Machine, out: Violation[]): void {
  const n = m.groups.leafCount();
  for (let i = 0; i < n; i++) {
    const leaf = m.groups.leaf(i);
    for (let j = 0; j < leaf.length; j++) {
      const g = leaf[j];
      if (g.refcount < g.devices.length)
        out.push({
          code: 'group-refcount',
          message: `${g.name}: refcount ${g.refcount} is below its ${g.devices.length} member(s)`,
          objects: [grp(g.id)],
        });
      for (const x of g.devices) {
        const ig = m.devs.get(x).iommu_group;
        if (ig !== g.id)
          out.push({
            code: 'group-membership',
            message: `${g.name} lists ${m.devs.get(x).name}, whose iommu_group is ${ig === null ? 'NULL' : m.groups.get(ig).name}`,
            objects: [grp(g.id), dev(x)],
          });
      }
      if (g.released) continue;
      if (g.domain !== null && m.domains.get(g.domain).freed) freedInUse(m, g, g.domain, out);
      if (g.default_domain !== null && m.domains.get(g.default_domain).freed) freedInUse(m, g, g.default_domain, out);
    }
  }
}

function freedInUse(m: Machine, g: Group, d: number, out: Violation[]): void {
  out.push({
    code: 'domain-freed-in-use',
    message: `${g.name} still points at ${m.domains.get(d).name}, which was freed`,
    objects: [grp(g.id), dom(d)],
  });
}

/**
 * Every invariant of the machine under this design (the shared ones plus the design's own): a
 * function of the machine alone. The engine reuses a previous step's answer only when the
 * machine is the very same object (a call that changed nothing), so the answer never depends
 * on which steps were read before. Walks the tables leaf by leaf (`Table.leaf`): no list of
 * leaves, no flattened copy, no cache entry per table (docs/performance.md, round five).
 */
export function checkInvariants(design: Design, m: Machine): Violation[] {
  const out: Violation[] = [];
  pasidDomains(m);
  deviceChecks(auxEra(design), m, out);
  domainChecks(m, out);
  groupChecks(m, out);
  if (m.tainted)
    out.push({
      code: 'tainted',
      message: 'kernel tainted: an OOPS happened earlier in this run',
      objects: [],
    });
  const own = design.invariants(m);
  for (let i = 0; i < own.length; i++) out.push(own[i]);
  if (out.length < 2) return out;
  return once(out);
}

/**
 * Two checks can word the same finding alike (a design's own and a shared one): each code and
 * message reported once, the first kept, in order. By message (no `code|message` text made per
 * violation: the bench machine's steps carry ~30 each), and no new list unless one repeats.
 */
function once(out: Violation[]): Violation[] {
  const seen = new Map<string, string | string[]>();
  let kept: Violation[] | null = null;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    const codes = seen.get(v.message);
    let again = false;
    if (codes === undefined) seen.set(v.message, v.code);
    else if (typeof codes === 'string') {
      if (codes === v.code) again = true;
      else seen.set(v.message, [codes, v.code]);
    } else if (codes.includes(v.code)) again = true;
    else codes.push(v.code);
    if (again) kept ??= out.slice(0, i);
    else if (kept) kept.push(v);
  }
  return kept ?? out;
}

/** Checks on what a call returned: iommu_aux_get_pasid answering for a device it isn't on (docs/kernel-reference.md B5). */
export function checkReturn(m: Machine, call: Call, ret: Value): Violation[] {
  if (call.fn !== 'iommu_aux_get_pasid' || ret.t !== 'int' || ret.v <= 0) return [];
  const [d, x] = call.args;
  if (d.t !== 'ref' || x.t !== 'ref') return [];
  const entry = m.devs.get(x.ref.id).pasid_table[ret.v];
  if (entry?.domain === d.ref.id) return [];
  return [
    {
      code: 'get-pasid-wrong-device',
      message: `iommu_aux_get_pasid returned PASID ${ret.v} for ${nameOf(m, x.ref)}, which has no PASID ${ret.v} entry for ${nameOf(m, d.ref)}`,
      objects: [d.ref, x.ref],
    },
  ];
}
