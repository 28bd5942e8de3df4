/**
 * Names → values at run time. A name is looked up in the scenario's bindings first (what
 * `NAME = call(…)` returned), then among the machine's objects (`P1`, `G_m1`, `C.d0`,
 * `dom0`, `identity`), so a binding always means what the scenario bound, whatever the core
 * named the object.
 */
import { formatValue, resolveName, type Arg, type Machine, type Value } from '../core';
import type { ArgExpr, ExpectValue, NameExpr } from './ast';
import { literalValue } from './expect';

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
export function expectedValue(m: Machine, env: Env, v: ExpectValue): Value {
  return literalValue(v) ?? valueOfName(m, env, v as NameExpr);
}

/**
 * One call argument. Returns `'unsupported'` for a name bound to `unsupported`: a design
 * that lacks the function which produced it cannot make the dependent call either, so the
 * runner skips it and the call yields `unsupported` too.
 */
export function argOf(m: Machine, env: Env, a: ArgExpr): Arg | 'unsupported' {
  switch (a.kind) {
    case 'int':
      return { t: 'int', v: a.value };
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
