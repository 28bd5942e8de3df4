import { describe, expect, it } from 'vitest';
import { applyCall, declare, DESIGN_IDS, getDesign, newMachine, resolveName, writesOf, type Machine } from '../../src/core';
import { checkScenario, totals } from '../../src/scn';
import { ALPHABET, canonOf, declLines, fingerprint, parseSpec, search, setupCalls, specText, stopText } from '../../src/search';
import { forgetReplaced, keyOf, lanesAfter, lanesOf } from '../../src/search/fingerprint';
import { callArb, machineArb, resolve } from '../core/arbitraries';
import fc from 'fast-check';

describe('machine spec', () => {
  it('parses --machine over the defaults and prints it back', () => {
    const s = parseSpec('aux=1,plain=2,mdevs=2,containers=2,shared');
    expect(specText(s)).toBe('aux=1,plain=2,mdevs=2,containers=2,shared');
    expect(declLines(s)).toContain('mdev m1 parent=P1 group=G_s');
    expect(declLines(s)).toContain('mdev mV2b parent=V2');
    expect(setupCalls(parseSpec('aux=2,noaux'))).toEqual([]);
    expect(() => parseSpec('aux=x')).toThrow(/integer/);
    expect(() => parseSpec('cpus=2')).toThrow(/unknown machine key/);
  });

  it('every machine the spec can describe declares and runs', () => {
    for (const t of ['aux=0,plain=1', 'aux=3,plain=0,mdevs=2', 'aux=1,plain=1,shared,containers=2']) {
      const text = ['design: upstream-5.8', ...declLines(parseSpec(t)), 'vfio_attach_group(C, G_' + (t.includes('shared') ? 's' : t.startsWith('aux=0') ? 'mV1' : 'm1') + ')'].join('\n');
      const r = checkScenario('m.scn', text);
      expect(r.errors).toEqual([]);
      expect(totals([r]).failed).toBe(0);
    }
  });
});

describe('canonical state', () => {
  const d = getDesign('upstream-5.8')!;
  const base = () => {
    let m = newMachine();
    for (const decl of [
      { kind: 'pci', name: 'P1', pasids: 1 << 20, siov: true, rmrr: false, passthrough: false, ats: false, pri: false },
      { kind: 'container', name: 'C' },
    ] as const)
      m = declare(m, decl).machine;
    return m;
  };
  it('is the same for the same machine and ignores a freed domain', () => {
    const m = base();
    expect(canonOf(m)).toBe(canonOf(base()));
    const a = applyCall(d, m, { fn: 'iommu_domain_alloc', args: [{ t: 'bus', bus: 'pci' }], bind: 'X' }).machine;
    const b = applyCall(d, a, { fn: 'iommu_domain_free', args: [{ t: 'ref', ref: resolveName(a, 'X')! }] }).machine;
    expect(canonOf(a)).not.toBe(canonOf(m));
    // Freed X leaves no trace but the unit's domain-ids, which it gave back.
    expect(canonOf(b).replace(/^t,\d+,/, '')).toBe(canonOf(m).replace(/^t,\d+,/, ''));
  });
});

describe('fingerprint', () => {
  const d = getDesign('upstream-5.8')!;
  const m = () => {
    let x = newMachine();
    for (const decl of [
      { kind: 'pci', name: 'P1', pasids: 1 << 20, siov: true, rmrr: false, passthrough: false, ats: false, pri: false },
      { kind: 'mdev', name: 'm1', parent: 'P1', iommu: true },
      { kind: 'container', name: 'C' },
    ] as const)
      x = declare(x, decl).machine;
    return x;
  };
  const call = (x: ReturnType<typeof m>, fn: string, ...names: string[]) =>
    applyCall(d, x, { fn, args: names.map((n) => ({ t: 'ref' as const, ref: resolveName(x, n)! })) }).machine;

  it('is the same for equal machines built apart, and changes with any field', () => {
    expect(fingerprint(m())).toBe(fingerprint(m()));
    const attached = call(m(), 'vfio_attach_group', 'C', 'G_m1');
    expect(fingerprint(attached)).not.toBe(fingerprint(m()));
    // Detaching leaves a freed C.d0 behind and bumps C's domain counter: a different state.
    const back = call(attached, 'vfio_detach_group', 'C', 'G_m1');
    expect(fingerprint(back)).not.toBe(fingerprint(m()));
    expect(fingerprint(back)).not.toBe(fingerprint(attached));
    // …but the same as the same path taken again (records built apart, cached by identity).
    expect(fingerprint(back)).toBe(fingerprint(call(call(m(), 'vfio_attach_group', 'C', 'G_m1'), 'vfio_detach_group', 'C', 'G_m1')));
  });

  it('tells apart states that differ only in what type1 stored at attach time, or in PRI', () => {
    const attached = call(m(), 'vfio_attach_group', 'C', 'G_m1');
    const c = attached.containers.get(0);
    const g = attached.devs.get(resolveName(attached, 'm1')!.id as number).iommu_group!;
    const variants = [
      { ...attached, containers: attached.containers.set(0, { ...c, group_iommu_device: { [g]: 0 } }) },
      { ...attached, containers: attached.containers.set(0, { ...c, mdev_groups: [...(c.mdev_groups ?? []), 99] }) },
    ];
    const p1 = attached.devs.get(0);
    if (p1.info) variants.push({ ...attached, devs: attached.devs.set(0, { ...p1, info: { ...p1.info, pri_enabled: !p1.info.pri_enabled } }) });
    expect(variants).toHaveLength(3);
    for (const v of variants) {
      expect(fingerprint(v)).not.toBe(fingerprint(attached));
      expect(canonOf(v)).not.toBe(canonOf(attached));
    }
  });

  it('agrees with canonOf on a random walk: equal canonical forms, equal fingerprints, and the reverse', () => {
    const byCanon = new Map<string, number>();
    const byFp = new Map<number, string>();
    let x = m();
    const fns = [['vfio_attach_group', 'C', 'G_m1'], ['vfio_detach_group', 'C', 'G_m1'], ['iommu_dev_enable_feature'], ['iommu_dev_disable_feature']] as const;
    for (let i = 0; i < 40; i++) {
      const [fn, ...names] = fns[(i * 7 + (i >> 2)) % fns.length];
      x = fn.startsWith('iommu_dev') ? applyCall(d, x, { fn, args: [{ t: 'ref', ref: resolveName(x, 'P1')! }, { t: 'int', v: 0 }] }).machine : call(x, fn, ...names);
      const c = canonOf(x);
      const f = fingerprint(x);
      if (byCanon.has(c)) expect(byCanon.get(c)).toBe(f);
      if (byFp.has(f)) expect(byFp.get(f)).toBe(c);
      byCanon.set(c, f);
      byFp.set(f, c);
    }
    expect(byCanon.size).toBeGreaterThan(3);
  });
});

describe('incremental fingerprint', () => {
  it.each(DESIGN_IDS)('from what each call replaced equals the full one, on random histories (%s)', (id) => {
    const d = getDesign(id)!;
    fc.assert(
      fc.property(machineArb, fc.array(callArb, { minLength: 1, maxLength: 20 }), (decls, calls) => {
        let m: Machine = newMachine();
        for (const x of decls) m = declare(m, x).machine;
        let lanes = lanesOf(m);
        for (const c of calls) {
          const s = applyCall(d, m, resolve(m, c), undefined, { quiet: true });
          lanes = lanesAfter(lanes, m, s.machine, writesOf(s)!, s.created);
          expect(keyOf(lanes)).toBe(fingerprint(s.machine));
          m = s.machine;
        }
      }),
      { numRuns: 40, seed: 20200714 },
    );
  });

  it.each(DESIGN_IDS)('the search\'s way, uncached, equals the full one when every call is tried from each state (%s)', (id) => {
    const d = getDesign(id)!;
    fc.assert(
      fc.property(machineArb, fc.array(callArb, { minLength: 1, maxLength: 12 }), (decls, calls) => {
        let m: Machine = newMachine();
        for (const x of decls) m = declare(m, x).machine;
        let lanes = lanesOf(m);
        // As the search expands a state: every call from the same machine (the later ones read
        // the hashes of the replaced records and machine-wide part the earlier ones kept),
        // then on to the next state.
        for (const c of calls) {
          forgetReplaced();
          let next: { m: Machine; lanes: readonly [number, number] } | null = null;
          for (const c2 of calls) {
            const s = applyCall(d, m, resolve(m, c2), undefined, { quiet: true });
            if (s.machine === m) continue;
            const after = lanesAfter(lanes, m, s.machine, writesOf(s)!, s.created, false, true);
            expect(keyOf(after)).toBe(fingerprint(s.machine));
            if (c2 === c) next = { m: s.machine, lanes: after };
          }
          if (next) ({ m, lanes } = next);
        }
      }),
      { numRuns: 40, seed: 20200714 },
    );
  });
});

describe('search', () => {
  it('finds nothing for a design against itself-like agreement, and says so', () => {
    const r = search({ designs: ['domain-flag', 'driver-map'], machine: parseSpec('aux=1,plain=0'), calls: ['vfio_attach_group', 'vfio_detach_group'], depth: 3 });
    expect(r.found).toBe(false);
    expect(r.exhausted).toBe(true);
    expect(r.scenario).toBeNull();
  });

  it('one design: the shortest invariant violation', () => {
    const r = search({ designs: ['upstream-5.8'], machine: parseSpec('aux=2,plain=0') });
    expect(r.found).toBe(true);
    expect(r.differences.some((x) => x.kind === 'violation')).toBe(true);
    expect(r.scenario).toMatch(/^design: upstream-5\.8$/m);
    expect(r.verified).toMatchObject({ failed: 0 });
  });

  it('reports progress and can be cancelled', () => {
    let n = 0;
    const r = search({ designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 8, onProgress: () => n++, shouldStop: () => true });
    expect(r.cancelled).toBe(true);
    expect(r.found).toBe(false);
    expect(r.stopped).toMatchObject({ reason: 'cancelled' });
    expect(stopText(r)).toMatch(/^stopped when cancelled while generating depth \d+: /);
    expect(n).toBeGreaterThan(0);
  });

  it('says exhaustive, or exactly where the state cap stopped it', () => {
    const spec = parseSpec('aux=1,plain=0');
    const all = search({ designs: ['pasid-6.x'], machine: spec, calls: ['vfio_attach_group', 'vfio_detach_group'], depth: 3 });
    expect(all.exhausted).toBe(true);
    expect(stopText(all)).toBe(`exhaustive: ${all.states} states, every state within depth 3 explored`);
    const capped = search({ designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 6, maxStates: 500 });
    expect(capped.exhausted).toBe(false);
    expect(capped.states).toBe(500);
    expect(capped.stopped).toMatchObject({ reason: 'max-states' });
    const s = capped.stopped!;
    expect(s.expanded).toBeLessThan(s.ofFrontier);
    expect(stopText(capped)).toBe(`stopped at the 500-state cap while generating depth ${s.depth}: depths 0–${s.depth - 1} reached in full, ${s.expanded} of ${s.ofFrontier} states of depth ${s.depth - 1} expanded`);
  });

  it('derives its alphabet from the signatures: every parameter fillable, no design named', () => {
    expect(ALPHABET.vfio_attach_group).toEqual(['container', 'mdevgroup']);
    expect(ALPHABET.driver_get_domain).toEqual(['mdev']);
    expect(ALPHABET.iommu_dev_enable_feature).toEqual(['dev', 'feat']);
    expect(ALPHABET.iommu_map).toBeUndefined(); // integers without a small domain
    expect(ALPHABET.iommu_domain_alloc).toBeUndefined(); // a bus argument
  });

  it('rejects calls it does not know and the same design twice', () => {
    expect(() => search({ designs: ['upstream-5.8', 'driver-map'], calls: ['iommu_map'] })).toThrow(/cannot call/);
    expect(() => search({ designs: ['upstream-5.8', 'upstream-5.8'] })).toThrow(/different/);
    expect(Object.keys(ALPHABET)).toContain('vfio_attach_group');
  });

  it('the shortest is shortest: one level shallower, the whole space agrees', () => {
    const r = search({ designs: ['upstream-5.8', 'pasid-6.x'] });
    expect(r.found).toBe(true);
    expect(r.foundDepth).toBe(2);
    // One level shallower, the whole space is explored and nothing diverges.
    const shallower = search({ designs: ['upstream-5.8', 'pasid-6.x'], depth: r.foundDepth - 1 });
    expect(shallower.found).toBe(false);
    expect(shallower.exhausted).toBe(true);
    expect(shallower.states).toBeGreaterThan(1);
  });
});
