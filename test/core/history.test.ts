/**
 * History (src/core/history.ts) keeps the calls and a checkpoint machine every `every` steps,
 * and rebuilds older steps by replay. For random histories under every design, every step it
 * gives back — in any reading order, after truncation and regrowth — has the machine, return,
 * log, trace, changes and violations of the step first produced by a plain applyCall chain.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, getDesign, History, type Call, type Design, type Machine, type Step } from '../../src/core/index';
import { callArb, machineArb, resolve } from './arbitraries';
import { call, container, deepFreeze, machine, mdev, pci } from './helpers';

/** A machine as plain data: tables as arrays of records (identity does not matter). */
const plain = (m: Machine) => ({ ...m, devs: m.devs.toArray(), groups: m.groups.toArray(), domains: m.domains.toArray(), containers: m.containers.toArray() });

/** Everything a reader can see of a step. */
const seen = (s: Step) => ({
  call: s.call,
  ret: s.ret,
  machine: plain(s.machine),
  log: s.log,
  warned: s.warned,
  created: s.created,
  trace: s.trace,
  changes: s.changes,
  violations: s.violations,
});

describe('History', () => {
  it.each(DESIGN_IDS)('rebuilt steps equal the ones first produced, in any order and after truncation (%s)', (design) => {
    const d = getDesign(design)!;
    fc.assert(
      fc.property(machineArb, fc.array(callArb, { minLength: 1, maxLength: 24 }), fc.integer({ min: 1, max: 5 }), fc.nat(), fc.nat(), (decls, picked, every, cut, reads) => {
        const m0 = machine(decls);
        // The reference: a plain chain of applyCall, every step kept.
        const ref: Step[] = [];
        const calls: Call[] = [];
        let m = m0;
        for (const p of picked) {
          const c = resolve(m, p);
          const s = applyCall(d, m, c, ref.at(-1));
          calls.push(c);
          ref.push(s);
          m = s.machine;
        }
        const want = ref.map(seen);
        // The initial machine was shown to the caller: History must never write into it.
        deepFreeze(m0);
        const h = new History(d, m0, every);
        // While the run goes, read some steps as they are made (their machine, violations,
        // changes or trace, or the history's machine), freeze every machine shown: History
        // writes its working machine in place only while nobody has seen it, so a later call
        // writing into a shown one throws here.
        const shown: [number, Step][] = [];
        calls.forEach((c, i) => {
          const s = h.apply(c);
          const pick = (reads * 31 + i * 17) % 7;
          if (pick === 0) deepFreeze(s.machine);
          else if (pick === 1) void s.violations;
          else if (pick === 2) void s.changes;
          else if (pick === 3) void s.trace;
          else if (pick === 4) deepFreeze(h.machine);
          if (pick < 4) shown.push([i, s]);
        });
        for (const [i, s] of shown) expect(seen(s)).toEqual(want[i]);
        expect(h.length).toBe(calls.length);
        expect(plain(h.machine)).toEqual(plain(m));
        const n = calls.length;
        const backwards = [...Array(n).keys()].reverse();
        for (const i of backwards) expect(seen(h.at(i))).toEqual(want[i]);
        for (let i = 0; i < n; i++) expect(seen(h.at(i))).toEqual(want[i]);
        for (let i = 0; i < n; i++) expect(plain(h.machineBefore(i))).toEqual(i ? want[i - 1].machine : plain(m0));
        // Truncate, then grow again with the same calls: the same steps.
        const k = cut % (n + 1);
        h.truncate(k);
        expect(h.length).toBe(k);
        expect(plain(h.machine)).toEqual(k ? want[k - 1].machine : plain(m0));
        for (let i = k; i < n; i++) h.apply(calls[i]);
        for (let i = 0; i < n; i += 2) expect(seen(h.at(i))).toEqual(want[i]);
        for (let i = n - 1; i >= 0; i -= 3) expect(seen(h.at(i))).toEqual(want[i]);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 40), seed: Number(process.env.PROP_SEED ?? 20200714) },
    );
  }, 120_000);

  it.each(DESIGN_IDS)('after truncation, regrowing with different calls gives the new calls\' steps (%s)', (design) => {
    const d = getDesign(design)!;
    /** A plain applyCall chain from m over picked calls, every step kept. */
    const chain = (from: Machine, picked: unknown[], prev?: Step) => {
      const steps: Step[] = [];
      let m = from;
      for (const p of picked) {
        const s = applyCall(d, m, resolve(m, p as never), steps.at(-1) ?? prev);
        steps.push(s);
        m = s.machine;
      }
      return steps;
    };
    fc.assert(
      fc.property(machineArb, fc.array(callArb, { minLength: 1, maxLength: 20 }), fc.array(callArb, { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 4 }), fc.nat(), fc.nat(), (decls, first, second, every, cut, reads) => {
        const m0 = machine(decls);
        const a = chain(m0, first);
        const h = new History(d, m0, every);
        for (const s of a) h.apply(s.call);
        // Read some old steps, so a segment's replay is cached when the history is cut.
        for (let i = reads % a.length; i < a.length; i += 1 + (reads % 3)) void h.at(i).machine;
        const k = cut % (a.length + 1);
        // And the end of the segment the cut falls in: its replay then holds steps past the cut.
        void h.at(Math.min(a.length - 1, (Math.floor(Math.max(k - 1, 0) / every) + 1) * every - 1)).trace;
        h.truncate(k);
        const b = [...a.slice(0, k), ...chain(k ? a[k - 1].machine : m0, second, a[k - 1])];
        for (const s of b.slice(k)) h.apply(s.call);
        expect(h.length).toBe(b.length);
        const want = b.map(seen);
        for (let i = b.length - 1; i >= 0; i--) expect(seen(h.at(i)), `step ${i} of ${b.length}, cut at ${k}`).toEqual(want[i]);
        for (let i = 0; i < b.length; i++) expect(seen(h.at(i))).toEqual(want[i]);
        expect(plain(h.machine)).toEqual(want.at(-1)!.machine);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 25), seed: Number(process.env.PROP_SEED ?? 20261206) },
    );
  }, 120_000);

  it('keeps only checkpoints: an old step is a rebuilt object, equal to the first', () => {
    const d = getDesign('upstream-5.8')!;
    const m0 = machine([pci('P', { siov: true }), mdev('m1', 'P'), container('C')]);
    const h = new History(d, m0, 2);
    const first: Step[] = [];
    for (let r = 0; r < 3; r++) {
      first.push(h.apply(call(h.machine, 'vfio_attach_group', ['C', 'G_m1'])));
      first.push(h.apply(call(h.machine, 'vfio_detach_group', ['C', 'G_m1'])));
    }
    // Steps 0–3 are in older segments: rebuilt, so other objects with the same content.
    expect(h.at(0)).not.toBe(first[0]);
    expect(seen(h.at(0))).toEqual(seen(first[0]));
    // The newest segment's steps are the ones apply returned.
    expect(h.at(5)).toBe(first[5]);
    expect(() => h.at(6)).toThrow(RangeError);
    expect(() => new History(d, m0, 0)).toThrow(RangeError);
  });

  it('an emulator bug in the middle of a call leaves no half-written machine behind', () => {
    const base = getDesign('upstream-5.8')!;
    // Allocates a domain (written in place on the working machine), then throws.
    const broken: Design = {
      ...base,
      functions: {
        ...base.functions,
        iommu_group_id: (k, args) => {
          base.functions.iommu_domain_alloc(k, [{ t: 'bus', bus: 'pci' }]);
          void args;
          throw new RangeError('boom');
        },
      },
    };
    const m0 = machine([pci('P'), mdev('m1', 'P'), container('C')]);
    const calls = [
      call(m0, 'iommu_domain_alloc', ['bus:pci'], 'D'),
      call(m0, 'iommu_group_id', ['G_P']),
      call(m0, 'iommu_domain_alloc', ['bus:pci'], 'E'),
    ];
    const ref: Step[] = [];
    let m = m0;
    for (const c of calls) {
      const s = applyCall(broken, m, c);
      ref.push(s);
      m = s.machine;
    }
    const h = new History(broken, m0, 64);
    const got = calls.map((c) => h.apply(c));
    expect(got[1].ret).toEqual({ t: 'internal', fn: 'iommu_group_id', why: 'RangeError: boom' });
    expect(h.machine.domains.size).toBe(ref[2].machine.domains.size);
    for (let i = 0; i < calls.length; i++) expect(seen(h.at(i))).toEqual(seen(ref[i]));
  });
});
