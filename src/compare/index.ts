/**
 * Lock-step comparison of one scenario run under several designs. Pure (no DOM): the compare
 * view, the matrix, the search and the tests share it.
 *
 *   compareRuns(runs, level)     → Comparison   one row per timeline step, differences explained
 *   observableOf(m)              → Snapshot     what a user of the API can see (level 'observable')
 *   internalsOf(m, violations)   → Snapshot     every kernel field plus invariant codes ('internals')
 *   diffValues(...)              → Difference   the return-value rule, shared with the search
 *
 * "The same" has three levels, each including the one before:
 *   'returns'     the values the calls return (and OOPS); a WARN is shown but never a difference
 *   'observable'  + per device iommu_get_domain_for_dev, group membership, each domain's mappings
 *   'internals'   + every kernel field `show` prints, and which invariants are broken
 *
 * A call one design lacks (`unsupported`) is not a difference by itself: a row where some
 * designs return `unsupported` compares only the designs that offer the function.
 */
import { inspect, nameOf, type DesignId, type Machine, type Violation } from '../core';
import type { Run, RunEntry } from '../scn';

export type SameLevel = 'returns' | 'observable' | 'internals';
export const SAME_LEVELS: readonly SameLevel[] = ['returns', 'observable', 'internals'];
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

export interface Cell {
  readonly design: DesignId;
  /** Printed result (`0`, `C.d0`, `OOPS`, `unsupported`), `+WARN` separate. */
  readonly got: string;
  readonly warned: boolean;
  /** The scenario's expectation for this design failed (or the line had an error). */
  readonly failed: boolean;
  readonly differs: boolean;
}

export interface Row {
  /** Timeline index: 1 is the first call. */
  readonly index: number;
  readonly line: number;
  readonly text: string;
  readonly cells: readonly Cell[];
  readonly diffs: readonly Difference[];
}

export interface Comparison {
  readonly designs: readonly DesignId[];
  readonly level: SameLevel;
  readonly rows: readonly Row[];
  /** Index (1-based timeline step) of the first row with a difference, or null. */
  readonly first: number | null;
  /** Every row index with a difference. */
  readonly divergent: readonly number[];
}

const DASH = '—';

/** The statements a timeline steps through: from the first call on (as the playground's). */
export function timelineOf(run: Run): readonly RunEntry[] {
  const i = run.entries.findIndex((e) => e.kind === 'call');
  return i < 0 ? [] : run.entries.slice(i);
}

function splitGot(got: string | undefined): { value: string; warned: boolean } {
  if (got === undefined) return { value: DASH, warned: false };
  const warned = got.endsWith(' +WARN');
  return { value: warned ? got.slice(0, -6) : got, warned };
}

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
    const maps = Object.values(d.pt)
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

const entryViolations = (e: RunEntry): readonly Violation[] => e.step?.violations ?? [];

/**
 * Compares runs of one script under several designs, step by step. The runs must come from the
 * same parsed script (same statements), as `checkScenario` or `runScenario` make them.
 */
export function compareRuns(runs: readonly Run[], level: SameLevel): Comparison {
  const designs = runs.map((r) => r.design);
  const lines = runs.map(timelineOf);
  const n = Math.min(...lines.map((l) => l.length));
  const rows: Row[] = [];
  const divergent: number[] = [];
  let lastViol = runs.map(() => [] as readonly Violation[]);
  for (let i = 0; i < n; i++) {
    const entries = lines.map((l) => l[i]);
    const values: Partial<Record<DesignId, string>> = {};
    const cells: Cell[] = entries.map((e, j) => {
      const { value, warned } = splitGot(e.got);
      values[designs[j]] = value;
      return { design: designs[j], got: value, warned, failed: e.ok === false, differs: false };
    });
    const diffs: Difference[] = [];
    const rd = entries[0].kind === 'call' ? diffValues('return value', values) : null;
    if (rd) diffs.push(rd);
    if (level !== 'returns') {
      const obs = new Map(entries.map((e, j) => [designs[j], observableOf(e.machine)] as const));
      diffs.push(...diffSnapshots('observable', obs));
    }
    if (level === 'internals') {
      const viol = entries.map((e, j) => (e.step ? entryViolations(e) : lastViol[j]));
      lastViol = viol;
      const ints = new Map(entries.map((e, j) => [designs[j], internalsOf(e.machine, viol[j])] as const));
      const seen = new Set(diffs.map((d) => d.what));
      diffs.push(...diffSnapshots('internal', ints).filter((d) => !seen.has(d.what)));
    }
    const marked = rd
      ? cells.map((c) => ({ ...c, differs: c.got !== 'unsupported' && cells.some((o) => o.got !== 'unsupported' && o.got !== c.got) }))
      : cells;
    if (diffs.length) divergent.push(i + 1);
    rows.push({ index: i + 1, line: entries[0].line, text: entries[0].text, cells: marked, diffs });
  }
  return { designs, level, rows, first: divergent[0] ?? null, divergent };
}
