/**
 * The invariant checker: what must hold on a healthy machine, named, with the objects involved.
 * Runs after every step. The v5.8 VT-d bugs the designs reproduce each trip one of these.
 *
 * Incremental by design: a step names the objects it touched (Scope), checks about objects are
 * recomputed for those only, and earlier violations about untouched objects are carried
 * forward. Checks over PCI devices' PASID tables are always recomputed (they depend on
 * domains and the allocator, and only physical devices have tables, so they stay cheap).
 */
import type { Design } from './design';
import type { Domain, Group, Machine, Ref } from './model';
import { nameOf } from './names';
import { devRef as dev, domRef as dom, grpRef as grp } from './refs';
import type { Call, Violation } from './step';
import type { Value } from './value';

const keyOf = (r: Ref): string => `${r.kind}:${r.id}`;

/** What a step touched; null means "check everything". */
export interface Scope {
  readonly keys: ReadonlySet<string>;
  /** A domain was freed: groups pointing at it may be anywhere. */
  readonly domainFreed: boolean;
}

/** Codes recomputed in full on every step; all others are per touched object. */
const ALWAYS = new Set([
  'pasid-entry-stale',
  'aux-entry-missing',
  'driver-record-stale',
  'domain-flag-wrong',
  'tainted',
]);

/** Aux-era designs keep PASIDs per domain (default_pasid); pasid-6.x per (device, pasid). */
const auxEra = (d: Design): boolean => d.rules.core === 'v5.8';

function ownerName(m: Machine, owner: string): string {
  const [kind, id] = owner.split(':');
  return nameOf(m, { kind: kind as 'domain' | 'dev', id: Number(id) });
}

/** Per-domain PASID checks for the given domains. */
function domainChecks(
  m: Machine,
  domains: readonly Domain[],
  recorded: ReadonlySet<number>,
  out: Violation[],
): void {
  const live = (d: Domain) =>
    !d.freed && d.default_pasid > 0 && (d.auxd_refcnt > 0 || recorded.has(d.id));
  for (const d of domains) {
    const p = d.default_pasid;
    if (p <= 0) continue;
    const owner = m.pasids[p];
    const mine = owner === `domain:${d.id}`;
    if (!d.freed && !mine)
      out.push({
        code: 'default-pasid-stale',
        message: `${d.name}: default_pasid ${p} is ${owner === undefined ? 'freed' : `now allocated to ${ownerName(m, owner)}`} (never reset after free)`,
        objects: [dom(d.id)],
      });
    if (d.freed && mine)
      out.push({
        code: 'pasid-leaked',
        message: `PASID ${p} is still allocated to ${d.name}, which was freed`,
        objects: [dom(d.id)],
      });
    if (live(d)) {
      const sharing = m.domains.toArray().filter((x) => x.default_pasid === p && live(x));
      if (sharing.length > 1 && sharing[0].id === d.id)
        out.push({
          code: 'pasid-shared',
          message: `PASID ${p} is used by ${sharing.length} live aux domains: ${sharing.map((x) => x.name).join(', ')}`,
          objects: sharing.map((x) => dom(x.id)),
        });
    }
  }
  for (const d of domains) {
    for (const [p, owner] of Object.entries(m.pasids))
      if (owner === `domain:${d.id}` && d.default_pasid !== Number(p))
        out.push({
          code: 'pasid-leaked',
          message: `PASID ${p} is allocated to ${d.name} but no domain uses it`,
          objects: [dom(d.id)],
        });
  }
}

/** Checks over physical devices' PASID tables and aux bookkeeping: those with entries, and `devs`. */
function deviceChecks(
  design: Design,
  m: Machine,
  devs: Iterable<number>,
  out: Violation[],
): Set<number> {
  const programmed = new Set<string>();
  const recorded = new Set<number>();
  for (const id of new Set([...m.pasid_devs, ...devs])) {
    const d = m.devs.get(id);
    if (d.bus !== 'pci') continue;
    for (const [ps, e] of Object.entries(d.pasid_table)) {
      const p = Number(ps);
      if (p === 0) continue;
      programmed.add(`${e.domain}:${p}`);
      const target = m.domains.get(e.domain);
      const holds = auxEra(design)
        ? !target.freed && target.default_pasid === p && m.pasids[p] === `domain:${target.id}`
        : !target.freed &&
          d.iommu_group !== null &&
          m.groups.get(d.iommu_group).pasid_array[p] === target.id;
      if (!holds)
        out.push({
          code: 'pasid-entry-stale',
          message: `${d.name}: PASID ${p} entry is programmed for ${target.name}, which no longer holds PASID ${p}`,
          objects: [dev(d.id), dom(target.id)],
        });
    }
    const info = d.info;
    if (info) for (const r of info.subdevices) recorded.add(r.domain);
    if (!auxEra(design)) continue;
    const auxState =
      Object.keys(d.pasid_table).some((p) => p !== '0') ||
      !!info?.auxiliary_domains.length ||
      !!info?.subdevices.length;
    if (auxState && !info?.auxd_enabled)
      out.push({
        code: 'aux-without-feature',
        message: `${d.name}: aux domains still attached while IOMMU_DEV_FEAT_AUX is off`,
        objects: [dev(d.id)],
      });
    if (info?.auxiliary_corrupt)
      out.push({
        code: 'list-corrupt',
        message: `${d.name}: auxiliary_domains list corrupted around ${info.auxiliary_domains.map((x) => m.domains.get(x).name).join(', ') || 'its head'} (a dmar_domain's single auxd node was linked twice)`,
        objects: [dev(d.id)],
      });
  }
  if (auxEra(design))
    for (const d of m.domains.toArray())
      if (
        !d.freed &&
        d.auxd_refcnt > 0 &&
        d.default_pasid > 0 &&
        !programmed.has(`${d.id}:${d.default_pasid}`)
      )
        out.push({
          code: 'aux-entry-missing',
          message: `${d.name}: auxd_refcnt=${d.auxd_refcnt} but PASID ${d.default_pasid} is programmed on no device (torn down under a user)`,
          objects: [dom(d.id)],
        });
  return recorded;
}

function groupChecks(m: Machine, groups: readonly Group[], out: Violation[]): void {
  for (const g of groups) {
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
    for (const d of [g.domain, g.default_domain])
      if (d !== null && m.domains.get(d).freed && !g.released)
        out.push({
          code: 'domain-freed-in-use',
          message: `${g.name} still points at ${m.domains.get(d).name}, which was freed`,
          objects: [grp(g.id), dom(d)],
        });
  }
}

/** The objects in scope, from the touched keys (plus the groups of touched devices). */
function scoped(
  m: Machine,
  scope: Scope | null,
): {
  domains: readonly Domain[];
  groups: readonly Group[];
  devs: Iterable<number>;
  keys: ReadonlySet<string> | null;
} {
  if (!scope)
    return {
      domains: m.domains.toArray(),
      groups: m.groups.toArray(),
      devs: m.devs.toArray().map((d) => d.id),
      keys: null,
    };
  const domains: Domain[] = [];
  const devs: number[] = [];
  const groupIds = new Set<number>();
  for (const k of scope.keys) {
    const [kind, s] = k.split(':');
    const id = Number(s);
    if (kind === 'domain' && m.domains.has(id)) domains.push(m.domains.get(id));
    else if (kind === 'group' && m.groups.has(id)) groupIds.add(id);
    else if (kind === 'dev' && m.devs.has(id)) {
      devs.push(id);
      if (m.devs.get(id).iommu_group !== null) groupIds.add(m.devs.get(id).iommu_group!);
    }
  }
  const groups = scope.domainFreed
    ? m.groups.toArray()
    : [...groupIds].map((id) => m.groups.get(id));
  const keys = new Set([...scope.keys, ...[...groupIds].map((g) => `group:${g}`)]);
  return {
    domains,
    groups,
    devs,
    keys: scope.domainFreed ? new Set([...keys, ...groups.map((g) => `group:${g.id}`)]) : keys,
  };
}

/**
 * Every invariant of the machine under this design (shared ones plus the design's own). With a
 * scope and the previous step's violations, only what the step can have changed is recomputed.
 */
export function checkInvariants(
  design: Design,
  m: Machine,
  scope: Scope | null = null,
  prev: readonly Violation[] = [],
): Violation[] {
  const out: Violation[] = [];
  const s = scoped(m, scope);
  if (s.keys) {
    const touched = s.keys;
    for (const v of prev)
      if (!ALWAYS.has(v.code) && !v.objects.some((o) => touched.has(keyOf(o)))) out.push(v);
  }
  const recorded = deviceChecks(design, m, s.devs, out);
  domainChecks(m, s.domains, recorded, out);
  groupChecks(m, s.groups, out);
  if (m.tainted)
    out.push({
      code: 'tainted',
      message: 'kernel tainted: an OOPS happened earlier in this run',
      objects: [],
    });
  out.push(
    ...design.invariants(m, s.keys === null ? null : { groups: s.groups, domains: s.domains }),
  );
  // A carried-forward violation and its recomputation are the same violation.
  const seen = new Set<string>();
  return out.filter((v) => {
    const key = `${v.code}|${v.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
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
