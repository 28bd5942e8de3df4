import { describe, expect, it } from 'vitest';
import { divergesAt, firstCallIndex, observableOf, matrixRow, sharedLayout, stepOfEntry, timelineOf, type Side } from '../../src/compare';
import { DESIGN_IDS, newMachine, type Violation } from '../../src/core';
import { toGraph } from '../../src/derive/graph';
import { checkScenario, parseScenario, runScenario } from '../../src/scn';
import { engine } from '../../src/ui/engine';
import { libraryText } from '../library';

const entries = (kinds: string[]) => kinds.map((kind) => ({ kind }));

describe('where the timeline starts', () => {
  it('at the first call; declarations before it are the start (step 0)', () => {
    const e = entries(['decl', 'decl', 'call', 'decl', 'call']);
    expect(firstCallIndex(e)).toBe(2);
    expect([0, 1, 2, 3, 4].map((i) => stepOfEntry(e, i))).toEqual([0, 0, 1, 2, 3]);
    expect(firstCallIndex(entries(['decl']))).toBe(-1);
    expect(stepOfEntry(entries(['decl']), 0)).toBe(0);
  });
  it('timelineOf is the entries from the first call on, the same array every time', () => {
    const run = runScenario(parseScenario('pci P1 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1)\ncontainer C\n').script!, 'upstream-5.8');
    expect(timelineOf(run).map((e) => e.kind)).toEqual(['call', 'decl']);
    expect(timelineOf(run)).toBe(timelineOf(run));
  });
});

describe('divergesAt: one rule for compare and search', () => {
  const m = newMachine();
  const side = (design: Side['design'], value: string, extra: Partial<Side> = {}): Side => ({ design, value, machine: m, ...extra });
  const v = (code: string): Violation => ({ code, message: code, objects: [] });

  it('return values differ unless a design lacks the function', () => {
    expect(divergesAt([side('upstream-5.8', '0'), side('driver-map', '-EBUSY')], 'returns').map((d) => d.kind)).toEqual(['return']);
    expect(divergesAt([side('upstream-5.8', '0'), side('pasid-6.x', 'unsupported')], 'returns')).toEqual([]);
    expect(divergesAt([side('upstream-5.8', '0'), side('driver-map', '-EBUSY')], 'returns', { call: false })).toEqual([]);
  });
  it('a newly broken invariant is a finding; one already broken before is not', () => {
    const one = [side('v3-group-flag', '0', { violations: [v('a'), v('b')], before: [v('a')] })];
    expect(divergesAt(one, 'returns', { invariants: true, compare: false }).map((d) => d.what)).toEqual(['invariant b']);
    expect(divergesAt(one, 'returns')).toEqual([]);
  });
  it('first stops at the first difference', () => {
    const two = [side('upstream-5.8', '0', { violations: [v('x')] }), side('driver-map', '1', { violations: [v('y')] })];
    expect(divergesAt(two, 'returns', { invariants: true })).toHaveLength(3);
    expect(divergesAt(two, 'returns', { invariants: true, first: true })).toHaveLength(1);
  });
  it('the internals level sees violations the return level does not', () => {
    const two = [side('upstream-5.8', '0', { violations: [v('x')] }), side('driver-map', '0', { violations: [] })];
    expect(divergesAt(two, 'returns')).toEqual([]);
    expect(divergesAt(two, 'internals').map((d) => d.kind)).toContain('violation');
  });
  it('state: false asks about the call only (the search, on a state already examined)', () => {
    const two = [side('upstream-5.8', '0', { violations: [v('x')] }), side('driver-map', '0', { violations: [] })];
    expect(divergesAt(two, 'internals', { state: false })).toEqual([]);
    const ret = [side('upstream-5.8', '0'), side('driver-map', '-EBUSY')];
    expect(divergesAt(ret, 'internals', { state: false }).map((d) => d.kind)).toEqual(['return']);
  });
  it('the observable level sees what a user sees differ; the return level does not, internals adds kernel fields', () => {
    // Two machines that differ in what a user sees: m2 has a second parent device (its group,
    // its domain, its device list) and nothing else.
    const m1 = runScenario(parseScenario('pci P1 siov\n').script!, 'upstream-5.8').entries.at(-1)!.machine;
    const m2 = runScenario(parseScenario('pci P1 siov\npci P2 siov\n').script!, 'upstream-5.8').entries.at(-1)!.machine;
    const two = [side('upstream-5.8', '0', { machine: m1 }), side('driver-map', '0', { machine: m2 })];
    expect(divergesAt(two, 'returns')).toEqual([]);
    const obs = divergesAt(two, 'observable');
    expect(obs.length).toBeGreaterThan(0);
    expect(obs.every((d) => d.kind === 'observable')).toBe(true);
    expect(obs.map((d) => d.what)).toContain('iommu_group of P2');
    expect(obs.find((d) => d.what === 'iommu_group of P2')!.values).toEqual({ 'upstream-5.8': '—', 'driver-map': 'G_P2' });
    // Each level includes the one before; internals adds kernel fields, not the same ones twice.
    const ints = divergesAt(two, 'internals');
    expect(ints.slice(0, obs.length)).toEqual(obs);
    expect(ints.length).toBeGreaterThan(obs.length);
    expect(new Set(ints.map((d) => d.what)).size).toBe(ints.length);
    expect(new Set(ints.slice(obs.length).map((d) => d.kind))).toEqual(new Set(['internal']));
    // state: false, or the same machine on both sides: nothing at the observable level.
    expect(divergesAt(two, 'observable', { state: false })).toEqual([]);
    expect(divergesAt([side('upstream-5.8', '0', { machine: m2 }), side('driver-map', '0', { machine: m2 })], 'observable')).toEqual([]);
    // A memoised snapshot is used instead of the machine's.
    let asked = 0;
    const memo = (m: typeof m1) => () => (asked++, observableOf(m));
    expect(divergesAt([side('upstream-5.8', '0', { machine: m2, observable: memo(m1) }), side('driver-map', '0', { machine: m2, observable: memo(m2) })], 'observable')).toEqual(obs);
    expect(asked).toBe(2);
    // first: the search's yes/no question stops after the observable level.
    expect(divergesAt(two, 'internals', { first: true })).toEqual(obs);
  });
  it('compare: false leaves differing designs alone and reports only what each newly breaks', () => {
    const two = [side('upstream-5.8', '0', { violations: [v('x')] }), side('driver-map', '-EBUSY', { machine: newMachine() })];
    expect(divergesAt(two, 'internals', { compare: false })).toEqual([]);
    expect(divergesAt(two, 'internals', { compare: false, invariants: true })).toEqual([
      { kind: 'violation', what: 'invariant x', values: { 'upstream-5.8': 'x' }, explain: 'upstream-5.8 breaks the invariant x: x' },
    ]);
    // One side alone has nothing to differ from.
    expect(divergesAt([side('upstream-5.8', '0')], 'internals')).toEqual([]);
  });
  it('names a return difference "return value", and first stops inside each level', () => {
    const [d] = divergesAt([side('upstream-5.8', '0'), side('driver-map', '-EBUSY')], 'returns');
    expect(d).toEqual({ kind: 'return', what: 'return value', values: { 'upstream-5.8': '0', 'driver-map': '-EBUSY' }, explain: 'return value differs: 0 under upstream-5.8, -EBUSY under driver-map.' });
    // Two designs that agree on the return and the observable state but not on internals.
    const two = [side('upstream-5.8', '0', { violations: [v('x'), v('y')] }), side('driver-map', '0', { violations: [] })];
    // The internals level lists both codes; newly broken invariants add both again, unless
    // first stops after the level that found something (the search's yes/no question).
    expect(divergesAt(two, 'internals', { invariants: true }).map((x) => x.what)).toEqual(['invariant x', 'invariant y', 'invariant x', 'invariant y']);
    expect(divergesAt(two, 'internals', { invariants: true, first: true }).map((x) => x.what)).toEqual(['invariant x', 'invariant y']);
    // Invariants alone, first: one.
    const one = [side('v3-group-flag', '0', { violations: [v('a'), v('b')] })];
    expect(divergesAt(one, 'returns', { compare: false, invariants: true, first: true })).toHaveLength(1);
    // A side with no violations listed breaks none.
    expect(divergesAt([side('v3-group-flag', '0')], 'returns', { compare: false, invariants: true })).toEqual([]);
  });
  it('before may be the codes already broken (the search keeps codes, not steps)', () => {
    const one = [side('v3-group-flag', '0', { violations: [v('a'), v('b')], before: new Set(['a']) })];
    expect(divergesAt(one, 'returns', { invariants: true, compare: false }).map((d) => d.what)).toEqual(['invariant b']);
  });
});

describe('matrixRow', () => {
  const ran = (text: string) => {
    const { script, errors } = parseScenario(text);
    if (errors.length) return null;
    return { header: engine.designsFor(script, 'upstream-5.8'), runs: new Map(DESIGN_IDS.map((d) => [d, runScenario(script, d)] as const)) };
  };
  it('passes, diverges from the baseline at a step, and fails with the first failed step', () => {
    const text = libraryText('demo-stale-group-flag.scn');
    const row = matrixRow('demo', text, 'upstream-5.8', DESIGN_IDS, ran(text));
    const cell = (d: string) => row.cells.find((c) => c.design === d)!;
    expect(cell('upstream-5.8').status).toBe('pass');
    expect(cell('v3-group-flag')).toMatchObject({ status: 'diverges' });
    expect(cell('v3-group-flag').step).toBeGreaterThan(0);
    const failing = 'design: upstream-5.8\npci P1 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1) => NULL\niommu_get_domain_for_dev(m1) => 0\n';
    expect(matrixRow('f', failing, 'upstream-5.8', DESIGN_IDS, ran(failing)).cells[0]).toMatchObject({ status: 'fail', step: 2, failed: 1 });
  });
  it('a text that does not parse is an error row', () => {
    expect(matrixRow('bad', 'pci', 'upstream-5.8', DESIGN_IDS, ran('pci')).cells.every((c) => c.status === 'error')).toBe(true);
  });
});

describe('sharedLayout', () => {
  it('places every object of every design, shared objects once', () => {
    const { runs } = checkScenario('d.scn', libraryText('demo-stale-group-flag.scn'));
    const graphAt = (r: (typeof runs)[number], i: number) => {
      const t = timelineOf(r);
      return toGraph(i === 0 ? r.initial : t[i - 1].machine, engine.design(r.design), i === 0 ? undefined : t[i - 1].step);
    };
    const layout = sharedLayout(runs.slice(0, 2), graphAt);
    const ids = new Set(runs.slice(0, 2).flatMap((r) => [graphAt(r, 0), graphAt(r, timelineOf(r).length)].flatMap((g) => g.nodes.map((n) => n.id))));
    for (const id of ids) expect(layout.pos.get(id), id).toBeDefined();
  });
});
