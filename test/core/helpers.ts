/** Test helpers: small machines and calls built directly on the core API. */
import { applyCall, declare, getDesign, newMachine, resolveName, type Arg, type Call, type Decl, type Machine, type Step } from '../../src/core/index';

export const pci = (name: string, extra: Partial<Extract<Decl, { kind: 'pci' }>> = {}): Decl => ({
  kind: 'pci', name, pasids: 1 << 20, siov: true, rmrr: false, passthrough: false, ats: false, pri: false, ...extra,
});
export const mdev = (name: string, parent: string, extra: Partial<Extract<Decl, { kind: 'mdev' }>> = {}): Decl => ({
  kind: 'mdev', name, parent, iommu: true, ...extra,
});
export const container = (name: string): Decl => ({ kind: 'container', name });

export function machine(decls: Decl[]): Machine {
  let m = newMachine();
  for (const d of decls) {
    const r = declare(m, d);
    if (r.error) throw new Error(r.error);
    m = r.machine;
  }
  return m;
}

/** A call whose arguments are names (resolved on m), numbers, 'NULL' or `bus:pci`. */
export function call(m: Machine, fn: string, args: (string | number)[], bind?: string): Call {
  const a: Arg[] = args.map((x) => {
    if (typeof x === 'number') return { t: 'int', v: x };
    if (x === 'NULL') return { t: 'null' };
    if (x.startsWith('bus:')) return { t: 'bus', bus: x.slice(4) as 'pci' | 'mdev' };
    const ref = resolveName(m, x);
    if (!ref) throw new Error(`no object ${x}`);
    return { t: 'ref', ref };
  });
  return bind ? { fn, args: a, bind } : { fn, args: a };
}

/** Runs a list of [fn, args, bind?] on a machine under a design; returns every step. */
export function run(design: string, m: Machine, calls: [string, (string | number)[], string?][]): Step[] {
  const d = getDesign(design)!;
  const steps: Step[] = [];
  for (const [fn, args, bind] of calls) {
    const s = applyCall(d, m, call(m, fn, args, bind));
    steps.push(s);
    m = s.machine;
  }
  return steps;
}

/** Freezes everything reachable, so any mutation of a given state throws in strict mode. */
export function deepFreeze<T>(o: T, seen = new Set<unknown>()): T {
  if (o === null || typeof o !== 'object' || seen.has(o)) return o;
  seen.add(o);
  for (const v of Object.values(o as object)) deepFreeze(v, seen);
  return Object.freeze(o);
}
