/**
 * Property tests: random call sequences (valid and invalid arguments) on random small machines
 * never throw, always return a value of the function's kind, and replay identically.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, getDesign, SIGNATURES, type Decl, type RetKind, type Step } from '../../src/core/index';
import { callArb, machineArb, resolve, type PickedCall } from './arbitraries';
import { machine } from './helpers';

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
