/**
 * Property tests: random call sequences (valid and invalid arguments) on random small machines
 * never throw, always return a value of the function's kind, and replay identically.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, getDesign, SIGNATURES, type Arg, type Decl, type Machine, type RetKind, type Step } from '../../src/core/index';
import { container, machine, mdev, pci } from './helpers';

const FNS = Object.keys(SIGNATURES);
const INTS = [0, 1, 2, -1, 5, 16, 0x1000, 0x1800, 0x2000, 0x200000, 0x40200000, 2 ** 20, 2 ** 48, 3, 7];

const machineArb = fc
  .record({
    parents: fc.array(fc.record({ aux: fc.boolean(), pasids: fc.constantFrom(0, 16, 2 ** 20), mdevs: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 3 }),
    external: fc.boolean(),
    shared: fc.boolean(),
  })
  .map(({ parents, external, shared }) => {
    const decls: Decl[] = [];
    parents.forEach((p, i) => {
      decls.push(pci(`P${i}`, { pasids: p.pasids, siov: p.aux }));
      for (let j = 0; j < p.mdevs; j++) decls.push(mdev(`m${i}${j}`, `P${i}`));
    });
    if (external) decls.push(mdev('mX', 'P0', { iommu: false }));
    if (shared) decls.push(pci('a', { group: 'G2' }), pci('b', { group: 'G2' }));
    decls.push(container('C'));
    return decls;
  });

/** A call is picked as indices; they are resolved against the machine at the time it runs. */
const callArb = fc.record({ fn: fc.constantFrom(...FNS), picks: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), nulls: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 5, maxLength: 5 }) });
type PickedCall = { fn: string; picks: number[]; nulls: number[] };

function resolve(m: Machine, c: PickedCall): { fn: string; args: Arg[] } {
  const args = SIGNATURES[c.fn].params.map((kind, i): Arg => {
    const pick = c.picks[i];
    if (kind === 'int') return { t: 'int', v: INTS[pick % INTS.length] };
    if (kind === 'bus') return { t: 'bus', bus: pick % 4 === 0 ? 'mdev' : 'pci' };
    if (c.nulls[i] === 0) return { t: 'null' };
    const table = kind === 'dev' ? m.devs : kind === 'group' ? m.groups : kind === 'domain' ? m.domains : m.containers;
    if (table.size === 0) return { t: 'null' };
    return { t: 'ref', ref: { kind, id: pick % table.size } as Arg extends never ? never : { kind: typeof kind; id: number } } as Arg;
  });
  return { fn: c.fn, args };
}

const OK_KINDS: Record<RetKind, string[]> = {
  int: ['int'],
  size: ['int'],
  phys: ['int'],
  ptr: ['ptr', 'errptr'],
  bool: ['bool'],
  void: ['void'],
};

function play(design: string, decls: Decl[], calls: PickedCall[]): Step[] {
  const d = getDesign(design)!;
  let m = machine(decls);
  const steps: Step[] = [];
  for (const c of calls) {
    const s = applyCall(d, m, resolve(m, c));
    steps.push(s);
    m = s.machine;
  }
  return steps;
}

describe('random call sequences', () => {
  it.each(DESIGN_IDS)('never throw, return the function’s kind of value, and replay identically (%s)', (design) => {
    fc.assert(
      fc.property(machineArb, fc.array(callArb, { minLength: 1, maxLength: 25 }), (decls, calls) => {
        const steps = play(design, decls, calls);
        steps.forEach((s, i) => {
          const allowed = [...OK_KINDS[SIGNATURES[calls[i].fn].ret], 'unsupported', 'oops'];
          expect(allowed).toContain(s.ret.t);
        });
        const again = play(design, decls, calls);
        expect(again.map((s) => JSON.stringify([s.ret, s.changes, s.violations, s.trace]))).toEqual(
          steps.map((s) => JSON.stringify([s.ret, s.changes, s.violations, s.trace])),
        );
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 100), seed: Number(process.env.PROP_SEED ?? 20200714), endOnFailure: !!process.env.PROP_NO_SHRINK },
    );
  }, 120_000);
});
