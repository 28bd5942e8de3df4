/**
 * Names → values at run time. A name is looked up in the scenario's bindings first (what
 * `NAME = call(…)` returned), then among the machine's objects (`P1`, `G_m1`, `C.d0`,
 * `dom0`, `identity`), so a binding always means what the scenario bound, whatever the core
 * named the object.
 */
import { formatValue, resolveName, type Arg, type Machine, type Value } from '../core';
import type { ArgExpr, ExpectValue, NameExpr } from './ast';
import { literalValue } from './expect';
import { or53 } from './parse-value';

/** The constants of the design a run is under (its kernel version's iommu.h). */
export type Constants = Readonly<Record<string, number>>;

/**
 * An integer as written (numbers OR-ed with constants) under one kernel version, or null when
 * the version does not define one of its constants.
 */
export function intValue(e: { readonly value: number; readonly consts?: readonly string[] }, consts: Constants): number | null {
  let v = e.value;
  for (const c of e.consts ?? []) {
    if (!Object.hasOwn(consts, c)) return null;
    v = or53(v, consts[c]);
  }
  return v;
}

/** The scenario's bindings: NAME → the value its call returned. Replaced, never mutated. */
export type Env = ReadonlyMap<string, Value>;

/** A problem found while running a statement, at a column of its line. */
export class RunError extends Error {
  constructor(
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

/** The value a name or `dma(G)` stands for now. Throws RunError for an unknown name. */
export function valueOfName(m: Machine, env: Env, e: NameExpr): Value {
  if (e.kind === 'dma') {
    const g = valueOfName(m, env, { kind: 'name', name: e.group, col: e.groupCol });
    if (g.t !== 'ptr' || g.ref?.kind !== 'group') {
      throw new RunError(
        e.groupCol,
        `expected a group in 'dma(…)', found '${e.group}' (${formatValue(m, g)})`,
      );
    }
    // A group without a default domain (an mdev group) has dma(G) == NULL, as the kernel's
    // group->default_domain would say.
    const d = m.groups.get(g.ref.id).default_domain;
    return { t: 'ptr', ref: d === null ? null : { kind: 'domain', id: d } };
  }
  const bound = env.get(e.name);
  if (bound) return bound;
  const ref = resolveName(m, e.name);
  if (!ref) throw new RunError(e.col, `unknown name '${e.name}'`);
  return { t: 'ptr', ref };
}

/** What an expectation's VALUE stands for on machine `m` (names resolved after the call). */
export function expectedValue(m: Machine, env: Env, v: ExpectValue, consts: Constants): Value {
  if (v.kind === 'int' && v.consts) {
    const n = intValue(v, consts);
    return n === null ? { t: 'invalid', why: `${v.consts.join('|')} is not defined in this design's kernel` } : { t: 'int', v: n };
  }
  return literalValue(v) ?? valueOfName(m, env, v as NameExpr);
}

/**
 * One call argument. Returns `'unsupported'` for a name bound to `unsupported`, or a constant
 * the design's kernel lacks: a design that lacks the function which produced it (or the
 * constant) cannot make the dependent call either, so the runner skips it and the call yields
 * `unsupported` too.
 */
export function argOf(m: Machine, env: Env, a: ArgExpr, consts: Constants): Arg | 'unsupported' {
  switch (a.kind) {
    case 'int': {
      // A constant the design's kernel does not define (IOMMU_DEV_FEAT_AUX after v5.17): the
      // call cannot be written for that kernel, so it is `unsupported` like a missing function.
      const v = intValue(a, consts);
      return v === null ? 'unsupported' : { t: 'int', v };
    }
    case 'bus':
      return { t: 'bus', bus: a.bus };
    case 'null':
      return { t: 'null' };
    case 'name':
    case 'dma': {
      const v = valueOfName(m, env, a);
      if (v.t === 'ptr') return v.ref === null ? { t: 'null' } : { t: 'ref', ref: v.ref };
      if (v.t === 'int') return { t: 'int', v: v.v };
      if (v.t === 'unsupported') return 'unsupported';
      const what = a.kind === 'name' ? a.name : `dma(${a.group})`;
      throw new RunError(
        a.col,
        `expected an object or an integer, found '${what}' holding ${formatValue(m, v)}`,
      );
    }
  }
}
