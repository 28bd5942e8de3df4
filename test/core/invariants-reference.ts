/**
 * THE REFERENCE CHECK for test/core/invariants-fast.test.ts: src/core/invariants.ts as it was
 * before round five (docs/performance.md), by chunk lists and WeakMaps, kept verbatim but for
 * its imports and the design's own checks (pasid-6.x's as they were, below). The fast check
 * must answer exactly as this one does. Original header:
 *
 * The invariant checker: what must hold on a healthy machine, named, with the objects involved.
 * Runs after every step. The v5.8 VT-d bugs the designs reproduce each trip one of these.
 *
 * A function of the machine alone: no carried-forward answers (the order in which a history's
 * steps are read must not change what any step shows). One pass over devices, domains and
 * groups, allocating only for what it reports, keeps the full check cheap even on the
 * 1,024-mdev machine (docs/performance.md).
 */
import type { Design } from '../../src/core/design';
import type { Device, Domain, Group, Machine } from '../../src/core/model';
import { nameOf } from '../../src/core/names';
import { devRef as dev, domRef as dom, grpRef as grp } from '../../src/core/refs';
import type { Violation } from '../../src/core/step';

/** Aux-era designs keep PASIDs per domain (default_pasid); pasid-6.x per (device, pasid). */
const auxEra = (d: Design): boolean => d.rules.core === 'v5.8';

function ownerName(m: Machine, owner: string): string {
  const [kind, id] = owner.split(':');
  return nameOf(m, { kind: kind as 'domain' | 'dev', id: Number(id) });
}

/** Domain key for the set of (domain, PASID) pairs programmed somewhere. */
const pairKey = (domain: number, pasid: number): number => domain * 0x200000 + pasid;

/**
 * What one chunk of the device table contributes on its own: the checks that read nothing but
 * the device record (and domain names, which never change), the devices with PASID entries
 * (checked against the rest of the machine every time), and the domains driver records name.
 * Cached by the chunk's identity: a chunk never changes, and every later machine that did not
 * write into it shares it, so a step re-examines only the chunks it wrote.
 */
interface DevChunk {
  readonly local: readonly Violation[];
  readonly withEntries: readonly Device[];
  readonly recorded: readonly number[];
}
const devChunks = [new WeakMap<readonly Device[], DevChunk>(), new WeakMap<readonly Device[], DevChunk>()];

function devChunk(m: Machine, chunk: readonly Device[], aux: boolean): DevChunk {
  const cache = devChunks[aux ? 1 : 0];
  let c = cache.get(chunk);
  if (c) return c;
  const local: Violation[] = [];
  const withEntries: Device[] = [];
  const recorded: number[] = [];
  for (const d of chunk) {
    if (d.bus !== 'pci') continue;
    let entries = false;
    for (const ps in d.pasid_table)
      if (ps !== '0') {
        entries = true;
        break;
      }
    if (entries) withEntries.push(d);
    const info = d.info;
    if (info) for (const r of info.subdevices) recorded.push(r.domain);
    if (!aux) continue;
    const auxState = entries || !!info?.auxiliary_domains.length || !!info?.subdevices.length;
    if (auxState && !info?.auxd_enabled)
      local.push({
        code: 'aux-without-feature',
        message: `${d.name}: aux domains still attached while IOMMU_DEV_FEAT_AUX is off`,
        objects: [dev(d.id)],
      });
    if (info?.auxiliary_corrupt)
      local.push({
        code: 'list-corrupt',
        message: `${d.name}: auxiliary_domains list corrupted around ${info.auxiliary_domains.map((x) => m.domains.get(x).name).join(', ') || 'its head'} (a dmar_domain's single auxd node was linked twice)`,
        objects: [dev(d.id)],
      });
  }
  cache.set(chunk, (c = { local, withEntries, recorded }));
  return c;
}

/** The live domains of one chunk with a default_pasid: the only ones the per-domain PASID checks concern. */
const domChunks = new WeakMap<readonly Domain[], readonly Domain[]>();

function pasidDomains(m: Machine): Domain[] {
  const out: Domain[] = [];
  for (const chunk of m.domains.chunkList()) {
    let c = domChunks.get(chunk);
    if (!c) domChunks.set(chunk, (c = chunk.filter((d) => !d.freed && d.default_pasid > 0)));
    for (const d of c) out.push(d);
  }
  return out;
}

/**
 * Per-domain PASID checks over the live domains that have a default_pasid, then over the
 * allocated PASIDs. `recorded`: domains a driver-map record names (alive for pasid-shared even
 * with auxd_refcnt 0).
 */
function domainChecks(m: Machine, domains: readonly Domain[], recorded: ReadonlySet<number>, out: Violation[]): void {
  /** Live aux domains per PASID, in id order. */
  const byPasid = new Map<number, Domain[]>();
  for (const d of domains) {
    if (!(d.auxd_refcnt > 0 || recorded.has(d.id))) continue;
    const list = byPasid.get(d.default_pasid);
    if (list) list.push(d);
    else byPasid.set(d.default_pasid, [d]);
  }
  for (const d of domains) {
    const p = d.default_pasid;
    const owner = m.pasids[p];
    if (owner === undefined || owner !== `domain:${d.id}`)
      out.push({
        code: 'default-pasid-stale',
        message: `${d.name}: default_pasid ${p} is ${owner === undefined ? 'freed' : `now allocated to ${ownerName(m, owner)}`} (never reset after free)`,
        objects: [dom(d.id)],
      });
    const sharing = byPasid.get(p);
    if (sharing && sharing.length > 1 && sharing[0].id === d.id)
      out.push({
        code: 'pasid-shared',
        message: `PASID ${p} is used by ${sharing.length} live aux domains: ${sharing.map((x) => x.name).join(', ')}`,
        objects: sharing.map((x) => dom(x.id)),
      });
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

/** Checks over physical devices' PASID tables and aux bookkeeping. Returns the domains driver records name. */
function deviceChecks(design: Design, m: Machine, domains: readonly Domain[], out: Violation[]): Set<number> {
  const aux = auxEra(design);
  const programmed = new Set<number>();
  const recorded = new Set<number>();
  const withEntries: Device[] = [];
  for (const chunk of m.devs.chunkList()) {
    const c = devChunk(m, chunk, aux);
    for (const v of c.local) out.push(v);
    for (const d of c.withEntries) withEntries.push(d);
    for (const id of c.recorded) recorded.add(id);
  }
  for (const d of withEntries) {
    for (const ps in d.pasid_table) {
      const p = Number(ps);
      if (p === 0) continue;
      const e = d.pasid_table[p];
      programmed.add(pairKey(e.domain, p));
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
    for (const d of domains)
      if (d.auxd_refcnt > 0 && !programmed.has(pairKey(d.id, d.default_pasid)))
        out.push({
          code: 'aux-entry-missing',
          message: `${d.name}: auxd_refcnt=${d.auxd_refcnt} but PASID ${d.default_pasid} is programmed on no device (torn down under a user)`,
          objects: [dom(d.id)],
        });
  return recorded;
}

function groupChecks(m: Machine, out: Violation[]): void {
  for (const chunk of m.groups.chunkList())
    for (const g of chunk) {
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
 * on which steps were read before.
 */
export function referenceCheck(design: Design, m: Machine): Violation[] {
  const out: Violation[] = [];
  const domains = pasidDomains(m);
  const recorded = deviceChecks(design, m, domains, out);
  domainChecks(m, domains, recorded, out);
  groupChecks(m, out);
  if (m.tainted)
    out.push({
      code: 'tainted',
      message: 'kernel tainted: an OOPS happened earlier in this run',
      objects: [],
    });
  for (const v of design.id === 'pasid-6.x' ? pasidArrayStale(m) : design.invariants(m)) out.push(v);
  if (out.length < 2) return out;
  // Two checks can word the same finding alike (a design's own and a shared one): report it once.
  const seen = new Set<string>();
  return out.filter((v) => {
    const key = `${v.code}|${v.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** pasid-6.x's own check as it was (src/core/designs/pasid-6x.ts before round five). */
function pasidArrayStale(m: Machine): Violation[] {
  const out: Violation[] = [];
  for (const g of m.groups.toArray()) {
    for (const [p, d] of Object.entries(g.pasid_array)) {
      for (const dev of g.devices) {
        if (m.devs.get(dev).pasid_table[Number(p)]?.domain !== d)
          out.push({
            code: 'pasid-array-stale',
            message: `${g.name}: pasid_array[${p}] = ${m.domains.get(d).name} but PASID ${p} is not programmed for it on ${m.devs.get(dev).name}`,
            objects: [{ kind: 'group', id: g.id }, { kind: 'domain', id: d }, { kind: 'dev', id: dev }],
          });
      }
    }
  }
  return out;
}
