/**
 * Symmetry reduction (src/search/symmetry.ts) may only hide states that are renamings of states
 * it keeps: these tests hold it to that. (1) On every state within a small depth, the key it
 * computes is the same for a state and all its renamings, and different for states that are not
 * renamings of each other (the orbits, counted by trying every permutation). (2) Reduced and
 * unreduced searches agree on found or not and on the shortest depth, for every design alone and
 * every pair, on machines with interchangeable containers and mdevs.
 */
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, formatValue, getDesign, SIGNATURES, type Arg, type DesignId, type Machine } from '../../src/core';
import { timelineOf } from '../../src/compare';
import { declLines, parseSpec, search, setupCalls } from '../../src/search';
import { callsFor, dynamicActions, staticActions, staticNames, toArg } from '../../src/search/alphabet';
import { keyOf, lanesOf } from '../../src/search/fingerprint';
import { replay } from '../../src/search/replay';
import { Canon, Stabiliser, symmetryOf, symmetryText } from '../../src/search/symmetry';

const start = (design: DesignId, spec: ReturnType<typeof parseSpec>): Machine => timelineOf(replay([design], declLines(spec), setupCalls(spec))![0]).at(-1)!.machine;

const perms = (n: number): number[][] => (n <= 1 ? [[0]] : perms(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));

/** Every state within `depth` calls, unreduced (by the plain fingerprint). */
function allStates(design: DesignId, spec: ReturnType<typeof parseSpec>, depth: number): Machine[] {
  const d = getDesign(design)!;
  const m0 = start(design, spec);
  const calls = callsFor([d], undefined);
  const statics = staticActions(spec, calls);
  const names = staticNames(spec, m0);
  const seen = new Map<number, Machine>([[keyOf(lanesOf(m0)), m0]]);
  let frontier = [m0];
  for (let i = 0; i < depth; i++) {
    const next: Machine[] = [];
    for (const m of frontier) {
      const acts = [...statics.map((a) => a.args.map((x) => names.get(x) ?? null)), ...dynamicActions(spec, calls, [m], names).map((x) => x.args[0])];
      const fns = [...statics.map((a) => a.fn), ...dynamicActions(spec, calls, [m], names).map((x) => x.action.fn)];
      acts.forEach((args, k) => {
        if (args.some((x) => x === null)) return;
        const s = applyCall(d, m, { fn: fns[k], args: args as Arg[] }, undefined, { quiet: true });
        const key = keyOf(lanesOf(s.machine));
        if (s.ret.t !== 'invalid' && !seen.has(key)) {
          seen.set(key, s.machine);
          next.push(s.machine);
        }
      });
    }
    frontier = next;
  }
  return [...seen.values()];
}

describe('symmetry classes', () => {
  it('containers and the mdevs of each parent, checked on the initial machine', () => {
    const spec = parseSpec('aux=2,plain=1,mdevs=2,containers=2');
    const s = symmetryOf(spec, [start('pasid-6.x', spec)], callsFor([getDesign('pasid-6.x')!], undefined));
    expect(symmetryText(s)).toBe('containers {C, C2}, mdevs of P1 {m1, m1b}, mdevs of P2 {m2, m2b}, mdevs of V1 {mV1, mV1b}: 16 permutations');
  });

  it('none where nothing is interchangeable, or where a call tells mdevs apart', () => {
    const one = parseSpec('aux=2,plain=1');
    expect(symmetryOf(one, [start('pasid-6.x', one)], ['vfio_attach_group'])).toBeNull();
    const spec = parseSpec('aux=1,plain=0,mdevs=2,containers=1');
    const m = start('upstream-5.8', spec);
    expect(symmetryText(symmetryOf(spec, [m], ['vfio_attach_group']))).toBe('mdevs of P1 {m1, m1b}: 2 permutations');
    // iommu_group_id returns the group's number, which differs between m1's group and m1b's.
    expect(symmetryOf(spec, [m], ['vfio_attach_group', 'iommu_group_id'])).toBeNull();
  });

  it('a shared group takes its mdevs out of their class', () => {
    const spec = parseSpec('aux=1,plain=1,mdevs=2,containers=1,shared');
    const s = symmetryOf(spec, [start('upstream-5.8', spec)], ['vfio_attach_group']);
    expect(s).toBeNull();
  });
});

describe('calls made in a state whose members are interchangeable', () => {
  const spec = parseSpec('aux=1,plain=0,mdevs=3,containers=2');
  const m0 = start('pasid-6.x', spec);
  const sym = symmetryOf(spec, [m0], ['vfio_attach_group', 'mdev_set_iommu_device'])!;
  const canon = new Canon(sym, m0);
  const stab = new Stabiliser(sym);

  it('in the initial machine: the first member of each class, and pairs in block order', () => {
    canon.choose(m0);
    const blocks = canon.blocks([m0])!;
    expect(blocks.map((b) => [...b])).toEqual([[0, 0], [0, 0, 0]]);
    const keep = (...args: string[]) => stab.keep(args, blocks);
    expect(keep('C', 'G_m1')).toBe(true);
    expect(keep('C2', 'G_m1')).toBe(false);
    expect(keep('C', 'G_m1b')).toBe(false);
    expect(keep('P1', 'm1')).toBe(true);
    expect(keep('m1', 'm1')).toBe(true);
    expect(keep('m1', 'm1b')).toBe(true);
    expect(keep('m1b', 'm1')).toBe(false);
    expect(keep('m1', 'm1c')).toBe(false);
    expect(keep('C.d0', 'G_m1')).toBe(true);
    expect(keep('C2.d0', 'G_m1')).toBe(false);
  });

  it('once m1 is in C, m1 and C stand alone; m1b and m1c are still one block', () => {
    const d = getDesign('pasid-6.x')!;
    const [c, g] = [m0.containers.toArray()[0], m0.devs.toArray().find((x) => x.name === 'm1')!.iommu_group!];
    const m = applyCall(d, m0, { fn: 'vfio_attach_group', args: [{ t: 'ref', ref: { kind: 'container', id: c.id } }, { t: 'ref', ref: { kind: 'group', id: g } }] }).machine;
    canon.choose(m);
    const blocks = canon.blocks([m])!;
    expect(blocks.map((b) => [...b])).toEqual([[0, 1], [0, 1, 1]]);
    expect(stab.keep(['C2', 'G_m1'], blocks)).toBe(true);
    expect(stab.keep(['C', 'G_m1b'], blocks)).toBe(true);
    expect(stab.keep(['C', 'G_m1c'], blocks)).toBe(false);
  });
});

describe('canonical keys', () => {
  it.each(['pasid-6.x', 'upstream-5.8', 'driver-map'] as DesignId[])('one key per orbit on every state within depth 3 (%s)', (design) => {
    const spec = parseSpec('aux=2,plain=0,mdevs=2,containers=2');
    const m0 = start(design, spec);
    const sym = symmetryOf(spec, [m0], callsFor([getDesign(design)!], undefined))!;
    expect(sym.order).toBe(8);
    const canon = new Canon(sym, m0);
    let all: number[][][] = [[]];
    for (const c of sym.classes) all = all.flatMap((o) => perms(c.ids.length).map((p) => [...o, p]));
    const orbit = new Map<number, number>();
    const byKey = new Map<number, number>();
    const states = allStates(design, spec, 3);
    for (const m of states) {
      // The orbit's name: the least fingerprint over every renaming.
      let least = Infinity;
      for (const o of all) least = Math.min(least, keyOf(canon.lanesWith(m, o)));
      const id = canon.choose(m);
      const key = keyOf(canon.lanes(m, lanesOf(m), id));
      if (byKey.has(key)) expect(byKey.get(key)).toBe(least); // sound: one key, one orbit
      if (orbit.has(least)) expect(orbit.get(least)).toBe(key); // complete: one orbit, one key
      byKey.set(key, least);
      orbit.set(least, key);
    }
    expect(states.length).toBeGreaterThan(4 * orbit.size);
    // The search, whose sort and renamed fingerprints are kept up to date call by call, counts
    // exactly the orbits (pasid-6.x breaks no invariant there, so it walks the whole space).
    if (design === 'pasid-6.x') expect(search({ designs: [design], machine: spec, depth: 3 }).states).toBe(orbit.size);
  });
});

describe('the renamings are symmetries of the calls', () => {
  // What the reduction assumes of the core: a renamed path reaches exactly the renamed state,
  // and in it each renamed call returns the renamed value and leads to the renamed successor.
  // Checked for every state within depth 2 and every call from it, for each swap of two
  // members (neighbour swaps generate every renaming), by replaying the renamed path.
  const swaps: { cls: number; map: Record<string, string> }[] = [
    { cls: 0, map: { C: 'C2', C2: 'C' } },
    { cls: 1, map: { m1: 'm1b', m1b: 'm1', G_m1: 'G_m1b', G_m1b: 'G_m1' } },
    { cls: 2, map: { m2: 'm2b', m2b: 'm2', G_m2: 'G_m2b', G_m2b: 'G_m2' } },
  ];
  const rename = (text: string, map: Record<string, string>): string => {
    const names = Object.keys(map).sort((a, b) => b.length - a.length);
    return text.replace(new RegExp(`(?<![\\w.])(${names.join('|')})(?!\\w)`, 'g'), (x) => map[x]);
  };
  it.each(DESIGN_IDS)('%s', (design) => {
    const spec = parseSpec('aux=2,plain=0,mdevs=2,containers=2');
    const d = getDesign(design)!;
    const m0 = start(design, spec);
    const calls = callsFor([d], undefined);
    const sym = symmetryOf(spec, [m0], calls)!;
    expect(sym.classes.map((c) => c.label)).toEqual(['containers', 'mdevs of P1', 'mdevs of P2']);
    const canon = new Canon(sym, m0);
    const swapped = (m: Machine, cls: number) => canon.lanesWith(m, sym.classes.map((_, k) => (k === cls ? [1, 0] : [0, 1])));
    const statics = staticActions(spec, calls);
    const names = staticNames(spec, m0);
    const step = (m: Machine, act: readonly string[]) => {
      const args = act.slice(1).map((a) => toArg(m, a));
      if (args.some((x) => x === null)) return null;
      const st = applyCall(d, m, { fn: act[0], args: args as Arg[] }, undefined, { quiet: true });
      return { m: st.machine, ret: formatValue(st.machine, st.ret, SIGNATURES[act[0]].ret), invalid: st.ret.t === 'invalid' };
    };
    const run = (path: readonly (readonly string[])[]): Machine => path.reduce((m, act) => step(m, act)!.m, m0);
    const actions = (m: Machine) => [...statics.map((a) => [a.fn, ...a.args]), ...dynamicActions(spec, calls, [m], names).map((x) => [x.action.fn, ...x.action.args])];
    const seen = new Set<number>([keyOf(lanesOf(m0))]);
    let frontier: { m: Machine; path: string[][] }[] = [{ m: m0, path: [] }];
    let checked = 0;
    for (let depth = 0; depth <= 2; depth++) {
      const next: typeof frontier = [];
      for (const { m, path } of frontier) {
        for (const { cls, map } of swaps) {
          const r = run(path.map((c) => c.map((x) => rename(x, map))));
          expect(lanesOf(r)).toEqual(swapped(m, cls));
          for (const act of actions(m)) {
            const a = step(m, act);
            const b = step(r, act.map((x) => rename(x, map)));
            expect(b === null).toBe(a === null);
            if (!a || !b) continue;
            expect(b.ret).toBe(rename(a.ret, map));
            expect(lanesOf(b.m)).toEqual(swapped(a.m, cls));
            checked++;
          }
        }
        for (const act of actions(m)) {
          const a = step(m, act);
          if (!a || a.invalid || seen.has(keyOf(lanesOf(a.m)))) continue;
          seen.add(keyOf(lanesOf(a.m)));
          next.push({ m: a.m, path: [...path, act] });
        }
      }
      frontier = next;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('reduced and unreduced searches agree', () => {
  const spec = parseSpec('aux=2,plain=1,mdevs=2,containers=2');
  const pairs: DesignId[][] = [...DESIGN_IDS.map((d) => [d]), ...DESIGN_IDS.flatMap((a, i) => DESIGN_IDS.slice(i + 1).map((b) => [a, b]))];
  it.each(pairs.map((p) => [p.join(' vs ')] as const))('on found and the shortest depth: %s', (name) => {
    const designs = name.split(' vs ') as DesignId[];
    const opts = { designs, machine: spec, depth: 3, shrink: false };
    const plain = search({ ...opts, symmetry: false });
    const reduced = search(opts);
    expect(reduced.symmetry).toMatch(/permutations$/);
    expect(plain.symmetry).toBeNull();
    expect(reduced.found).toBe(plain.found);
    expect(reduced.foundDepth).toBe(plain.foundDepth);
    expect(reduced.exhausted).toBe(plain.exhausted);
    if (reduced.found) expect(reduced.verified?.failed).toBe(0);
    if (!plain.found) expect(reduced.states).toBeLessThan(plain.states);
  });

  it.each([
    [['pasid-6.x', 'pasid-6.x+reuse=domain-pasid'], 'returns', 3],
    [['v3-group-flag', 'v3-group-flag+plain-detach=clear'], 'internals', 3],
    [['upstream-5.8', 'driver-map'], 'observable', 3],
  ] as const)('deeper and at other levels: %s, %s', (designs, level, depth) => {
    const opts = { designs: designs as unknown as DesignId[], machine: spec, depth, level, shrink: false };
    const plain = search({ ...opts, symmetry: false });
    const reduced = search(opts);
    expect(reduced.found).toBe(plain.found);
    expect(reduced.foundDepth).toBe(plain.foundDepth);
    expect(reduced.found).toBe(true);
  });
});
