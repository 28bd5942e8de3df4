/**
 * A step's violations are a function of the step alone (its machine, call and return), whatever
 * was read before (issue 11 §1): for random histories under every design, reading the steps'
 * violations forwards, backwards or in a random order, with the previous step handed to the
 * engine or not, gives the same answer, and that answer is the full check's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCall, checkReturn, DESIGN_IDS, getDesign, type Step } from '../../src/core/index';
import { checkInvariants } from '../../src/core/invariants';
import { callArb, machineArb, resolve, type PickedCall } from './arbitraries';
import { machine } from './helpers';
import type { Decl } from '../../src/core/index';

/**
 * A fresh history: with `linked`, each call is given the previous step (the engine may then
 * reuse what it knows); with `asItGoes`, each step's violations are read as soon as it is made.
 */
function history(design: string, decls: Decl[], calls: PickedCall[], linked: boolean, asItGoes = false): Step[] {
  const d = getDesign(design)!;
  let m = machine(decls);
  const steps: Step[] = [];
  for (const c of calls) {
    const s = applyCall(d, m, resolve(m, c), linked ? steps.at(-1) : undefined);
    if (asItGoes) void s.violations;
    steps.push(s);
    m = s.machine;
  }
  return steps;
}

/** Reads every step's violations in the given order; returns them in step order. */
function readIn(steps: Step[], order: number[]): string[] {
  const out: string[] = new Array(steps.length);
  for (const i of order) out[i] = JSON.stringify(steps[i].violations);
  return out;
}

describe('violations do not depend on reading order', () => {
  it.each(DESIGN_IDS)('forwards, backwards, random, linked or not, and the full check agree (%s)', (design) => {
    fc.assert(
      fc.property(machineArb, fc.array(callArb, { minLength: 1, maxLength: 20 }), fc.integer(), (decls, calls, seed) => {
        const n = calls.length;
        const forwards = [...Array(n).keys()];
        const backwards = [...forwards].reverse();
        // A random order from the seed (fast-check shrinks it like any other input).
        const random = [...forwards].sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
        const d = getDesign(design)!;
        const reference = history(design, decls, calls, false).map((s) =>
          JSON.stringify([...checkInvariants(d, s.machine), ...checkReturn(s.machine, s.call, s.ret)]),
        );
        for (const linked of [true, false])
          for (const order of [forwards, backwards, random]) expect(readIn(history(design, decls, calls, linked), order)).toEqual(reference);
        expect(readIn(history(design, decls, calls, true, true), backwards)).toEqual(reference);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: Number(process.env.PROP_SEED ?? 20200714) },
    );
  }, 120_000);

  it('the S11 history that used to differ: get-pasid-wrong-device stays on its own step', () => {
    const d = getDesign('upstream-5.8')!;
    const decls = machineArbExample();
    const run = (order: number[]) => {
      let m = machine(decls);
      const steps: Step[] = [];
      for (const c of S11) {
        const s = applyCall(d, m, resolve(m, c), steps.at(-1));
        if (order[0] === 0) void s.violations; // forwards: read as the run goes
        steps.push(s);
        m = s.machine;
      }
      return readIn(steps, order);
    };
    const fwd = run([0, 1, 2, 3, 4]);
    expect(fwd).toEqual(run([4, 3, 2, 1, 0]));
    expect(fwd[3]).toContain('get-pasid-wrong-device');
    expect(fwd[4]).not.toContain('get-pasid-wrong-device');
  });
});

function machineArbExample(): Decl[] {
  return [
    { kind: 'pci', name: 'P0', pasids: 1 << 20, siov: true, rmrr: false, passthrough: false, ats: false, pri: false },
    { kind: 'pci', name: 'P1', pasids: 1 << 20, siov: true, rmrr: false, passthrough: false, ats: false, pri: false },
    { kind: 'container', name: 'C' },
  ];
}

/** enable AUX on P0, D = domain_alloc, aux_attach(D, P0), aux_get_pasid(D, P1), a harmless lookup. */
const S11: PickedCall[] = [
  { fn: 'iommu_dev_enable_feature', picks: [0, 0], nulls: [1, 1] },
  { fn: 'iommu_domain_alloc', picks: [1], nulls: [1] },
  { fn: 'iommu_aux_attach_device', picks: [2, 0], nulls: [1, 1] },
  { fn: 'iommu_aux_get_pasid', picks: [2, 1], nulls: [1, 1] },
  { fn: 'iommu_get_domain_for_dev', picks: [0], nulls: [1] },
];
