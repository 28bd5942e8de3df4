/**
 * The one rule for "do these designs diverge at this step", used by the lock-step comparison
 * (every row), the matrix (through it) and the search (every state it explores, and the replay
 * that confirms a finding). A side is one design's view of the step.
 */
import type { DesignId, Machine, Violation } from '../core';
import { diffSnapshots, diffValues, internalsOf, observableOf, type Difference, type SameLevel, type Snapshot } from './snapshots';

export interface Side {
  readonly design: DesignId;
  /** The printed return value without the WARN mark (`—` where there is none). */
  readonly value: string;
  readonly machine: Machine;
  /** Invariants broken after the step (read for 'internals' and for invariant findings). */
  readonly violations?: readonly Violation[];
  /** Invariants broken before the step (or their codes): an invariant finding is a newly broken one. */
  readonly before?: readonly Violation[] | ReadonlySet<string>;
  /** The observable snapshot, when the caller memoises it. */
  readonly observable?: () => Snapshot;
}

export interface DivergeOptions {
  /** Compare the return values (the step is a call). Default true. */
  readonly call?: boolean;
  /**
   * Compare the machines reached (observable state, internals) at the level. Default true; the
   * search asks about the state only on a state's first arrival (what holds of a state was
   * examined then), and about the call every time.
   */
  readonly state?: boolean;
  /** Compare the designs with each other (false: one design, invariants only). Default true. */
  readonly compare?: boolean;
  /** Also report invariants a design newly breaks at this step. */
  readonly invariants?: boolean;
  /** Stop at the first difference found (a yes/no question: the search). */
  readonly first?: boolean;
}

/** The differences between the sides at `level` (empty: they agree). */
export function divergesAt(sides: readonly Side[], level: SameLevel, opts: DivergeOptions = {}): Difference[] {
  const out: Difference[] = [];
  const enough = () => opts.first === true && out.length > 0;
  if (opts.compare !== false && sides.length > 1) {
    if (opts.call !== false) {
      const values: Partial<Record<DesignId, string>> = {};
      for (const s of sides) values[s.design] = s.value;
      const rd = diffValues('return value', values);
      if (rd) out.push(rd);
      if (enough()) return out;
    }
    if (opts.state !== false && level !== 'returns') {
      out.push(...diffSnapshots('observable', new Map(sides.map((s) => [s.design, s.observable ? s.observable() : observableOf(s.machine)] as const))));
      if (enough()) return out;
    }
    if (opts.state !== false && level === 'internals') {
      // No internals key is also an observable one (`G_m1.aux_domain_attached` against
      // `iommu_group of m1`), so each level only adds to the one before.
      const ints = new Map(sides.map((s) => [s.design, internalsOf(s.machine, s.violations ?? [])] as const));
      out.push(...diffSnapshots('internal', ints));
      if (enough()) return out;
    }
  }
  if (opts.invariants) {
    for (const s of sides) {
      const b = s.before ?? [];
      const before = 'has' in b ? b : new Set(b.map((v) => v.code));
      for (const v of s.violations ?? []) {
        if (before.has(v.code)) continue;
        out.push({ kind: 'violation', what: `invariant ${v.code}`, values: { [s.design]: v.message }, explain: `${s.design} breaks the invariant ${v.code}: ${v.message}` });
        if (enough()) return out;
      }
    }
  }
  return out;
}
