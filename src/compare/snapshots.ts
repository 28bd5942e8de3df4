/**
 * What "the same" means, as data: snapshots of a machine at each level and the differences
 * between designs' snapshots. Pure; shared by the comparison, the matrix and the search.
 */
import { inspect, nameOf, ptEntries, type DesignId, type Machine, type Violation } from '../core';

export type SameLevel = 'returns' | 'observable' | 'internals';
export const SAME_LEVELS: readonly SameLevel[] = ['returns', 'observable', 'internals'];
/**
 * The one level every view uses unless the user picks another: the compare view, the matrix
 * (and the compare view a cell opens), the mail report and links without `l=` (docs/compare.md,
 * "One level of the same"). Return values alone miss a design that returns the same and leaves
 * the machine in another state; internals differ on nearly every step (each design keeps its
 * records elsewhere), which says nothing to a reader.
 */
export const DEFAULT_LEVEL: SameLevel = 'observable';
/** The short form shown next to every result that depends on the level. */
export const LEVEL_SHORT: Record<SameLevel, string> = { returns: 'return values', observable: 'observable state', internals: 'internals' };
export const LEVEL_TEXT: Record<SameLevel, string> = {
  returns: 'return values only',
  observable: '+ observable state (domain of each device, groups, mappings)',
  internals: "+ the design's internals (kernel fields, invariants)",
};

/** A key → printed value map of one machine at one level (absent key = the object does not exist). */
export type Snapshot = ReadonlyMap<string, string>;

export interface Difference {
  readonly kind: 'return' | 'observable' | 'internal' | 'violation';
  /** What differs: `return value`, `iommu_get_domain_for_dev(m1)`, `G_m1.aux_domain_attached`, `invariant group-flag-stale`. */
  readonly what: string;
  /** The printed value under each compared design (`—` where the thing does not exist). */
  readonly values: Readonly<Partial<Record<DesignId, string>>>;
  /** One sentence a reviewer reads. */
  readonly explain: string;
}

export const DASH = '—';

/**
 * The return-value rule: designs that return `unsupported` (they lack the function) are left
 * out; among the rest, any two printed values that differ make a difference.
 */
export function diffValues(what: string, values: Partial<Record<DesignId, string>>): Difference | null {
  const offered = Object.entries(values).filter(([, v]) => v !== 'unsupported' && v !== DASH);
  if (new Set(offered.map(([, v]) => v)).size <= 1) return null;
  const parts = offered.map(([d, v]) => `${v} under ${d}`).join(', ');
  return { kind: 'return', what, values, explain: `${what} differs: ${parts}.` };
}

/** What a user of the API can observe on a machine. */
export function observableOf(m: Machine): Snapshot {
  const out = new Map<string, string>();
  for (const d of m.devs) {
    const g = d.iommu_group === null ? null : m.groups.get(d.iommu_group);
    out.set(`iommu_get_domain_for_dev(${d.name})`, g && g.domain !== null ? nameOf(m, { kind: 'domain', id: g.domain }) : 'NULL');
    out.set(`iommu_group of ${d.name}`, g ? g.name : 'NULL');
  }
  for (const g of m.groups) if (!g.released) out.set(`devices of ${g.name}`, g.devices.map((x) => m.devs.get(x).name).join(', ') || '(none)');
  for (const d of m.domains) {
    if (d.freed) continue;
    const maps = ptEntries(d.pt)
      .filter((e) => e.paddr !== null)
      .map((e) => `${e.level}:${e.index.toString(16)}→0x${(e.paddr as number).toString(16)}`)
      .sort();
    if (maps.length) out.set(`mappings of ${d.name}`, maps.join(' '));
  }
  return out;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Every kernel field (`show`) of every object, plus the codes of broken invariants. */
export function internalsOf(m: Machine, violations: readonly Violation[]): Snapshot {
  const out = new Map<string, string>();
  const put = (name: string, rec: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(rec)) if (k !== 'name') out.set(`${name}.${k}`, show(v));
  };
  for (const d of m.devs) put(d.name, inspect(m, { kind: 'dev', id: d.id }));
  for (const g of m.groups) put(g.name, inspect(m, { kind: 'group', id: g.id }));
  for (const d of m.domains) put(d.name, inspect(m, { kind: 'domain', id: d.id }));
  for (const c of m.containers) put(c.name, inspect(m, { kind: 'container', id: c.id }));
  const pasids = Object.entries(m.pasids).map(([p, who]) => `${p}:${who}`);
  out.set('pasids allocated', pasids.join(', ') || '(none)');
  for (const v of violations) out.set(`invariant ${v.code}`, v.message);
  out.set('tainted', String(m.tainted));
  return out;
}

/** Differences between snapshots of the same kind under several designs. */
export function diffSnapshots(kind: Difference['kind'], snaps: ReadonlyMap<DesignId, Snapshot>): Difference[] {
  const keys = new Set<string>();
  for (const s of snaps.values()) for (const k of s.keys()) keys.add(k);
  const out: Difference[] = [];
  for (const key of keys) {
    const values: Partial<Record<DesignId, string>> = {};
    for (const [d, s] of snaps) values[d] = s.get(key) ?? DASH;
    const distinct = new Set(Object.values(values));
    if (distinct.size <= 1) continue;
    const isInv = key.startsWith('invariant ');
    const k: Difference['kind'] = isInv ? 'violation' : kind;
    const parts = Object.entries(values).map(([d, v]) => `${d}: ${v}`).join('; ');
    const explain = isInv
      ? `${key} is broken under ${Object.entries(values).filter(([, v]) => v !== DASH).map(([d]) => d).join(', ')} only (${[...distinct].find((v) => v !== DASH)}).`
      : `${kind === 'observable' ? 'What a user sees' : 'Kernel field'} ${key} differs — ${parts}.`;
    out.push({ kind: k, what: key, values, explain });
  }
  return out;
}

