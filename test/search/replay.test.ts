/**
 * The search's replay (src/search/replay.ts) on its own: running a path, deciding whether its last
 * call is a finding, writing the scenario, counting its checks, and shrinking it. The search tests
 * (search.test.ts, known-answers.test.ts) only meet paths the BFS already found shortest, so
 * without these a shrink that removed nothing, or an emit that wrote the wrong expectation on a
 * line other than the last, went unnoticed (npm run mutate, docs/testing.md).
 */
import { describe, expect, it } from 'vitest';
import type { DesignId } from '../../src/core';
import { checkScenario } from '../../src/scn';
import { emit, findingAtEnd, pathText, replay, shrink, tally } from '../../src/search/replay';

const PAIR: DesignId[] = ['v3-group-flag', 'driver-map'];
const DECLS = ['iommu vtd', 'pci P1 pasids=1048576 siov', 'mdev m1 parent=P1', 'container C'];
/** S8 (docs/compare.md, known answers): the v3 group flag goes stale after a plain group detach. */
const S8 = ['iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)', 'vfio_attach_group(C, G_m1)', 'iommu_detach_group(C.d0, G_m1)', 'driver_get_domain(m1)'];

describe('replay', () => {
  it('runs a path under each design, in order', () => {
    const runs = replay(PAIR, DECLS, S8)!;
    expect(runs.map((r) => r.design)).toEqual(PAIR);
    expect(runs.every((r) => r.errors.length === 0)).toBe(true);
  });
  it('gives null for a path that does not parse or names what does not exist', () => {
    expect(replay(PAIR, [...DECLS, 'pci'], S8)).toBeNull();
    expect(replay(PAIR, DECLS, [...S8.slice(0, -1), 'vfio_attach_group(C9, G_m1)'])).toBeNull();
  });
  it('writes the header, the declarations and the calls, comments first', () => {
    expect(pathText(PAIR, ['container C'], ['x()'], ['# c'])).toBe('# c\ndesign: v3-group-flag, driver-map\n\ncontainer C\n\nx()\n');
  });
});

describe('findingAtEnd', () => {
  it('names the difference of the last call, and nothing for a path whose last call agrees', () => {
    const diffs = findingAtEnd(replay(PAIR, DECLS, S8)!, 'returns', false);
    expect(diffs.map((d) => d.what)).toContain('return value');
    expect(findingAtEnd(replay(PAIR, DECLS, S8.slice(0, 2))!, 'returns', false)).toEqual([]);
  });
  it('a path with no call is no finding', () => {
    expect(findingAtEnd(replay(PAIR, DECLS, [])!, 'returns', false)).toEqual([]);
  });
  it('at the observable level the divergence shows a step earlier than in return values', () => {
    // upstream-5.8 against v3: after the attach, every call returned the same, but what
    // iommu_get_domain_for_dev(m1) would answer (a thing a user sees) differs already.
    const two = replay(['upstream-5.8', 'v3-group-flag'], DECLS, S8.slice(0, 2))!;
    expect(findingAtEnd(two, 'returns', false)).toEqual([]);
    expect(findingAtEnd(two, 'observable', false).map((d) => d.what)).toEqual(['iommu_get_domain_for_dev(m1)']);
  });
  it('a path that ends on a declaration compares no return value and carries the broken invariants', () => {
    // The invariants S8's third call broke are still broken after the declaration: not new.
    const decl = replay(PAIR, DECLS, [...S8.slice(0, 3), 'container C2'])!;
    expect(findingAtEnd(decl, 'returns', true)).toEqual([]);
    expect(findingAtEnd(decl, 'observable', true)).toEqual([]);
  });
  it('counts the invariants a step breaks only when asked to', () => {
    const three = replay(PAIR, DECLS, S8.slice(0, 3))!;
    expect(findingAtEnd(three, 'returns', false)).toEqual([]);
    expect(findingAtEnd(three, 'returns', true).map((d) => d.what)).toEqual(['invariant group-flag-stale', 'invariant driver-record-stale']);
  });
});

describe('emit', () => {
  const runs = replay(PAIR, DECLS, S8)!;
  const diffs = findingAtEnd(runs, 'returns', false);
  it('writes every call with its expectation, the designs named where they differ', () => {
    const text = emit(runs, DECLS, S8, diffs, ['# found'], true);
    const lines = text.split('\n');
    expect(lines[0]).toBe('# found');
    expect(lines).toContain('iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0');
    expect(lines).toContain('vfio_attach_group(C, G_m1) => 0');
    expect(lines).toContain('iommu_detach_group(C.d0, G_m1) => void');
    expect(lines).toContain('driver_get_domain(m1) => NULL @v3-group-flag | C.d0');
    // The explanation sits right above the last call.
    const last = lines.indexOf('driver_get_domain(m1) => NULL @v3-group-flag | C.d0');
    expect(lines[last - 1]).toMatch(/^## return value differs/);
    expect(lines.filter((l) => l.startsWith('## '))).toHaveLength(diffs.slice(0, 3).length);
  });
  it('without allLines, only the last call carries an expectation', () => {
    const lines = emit(runs, DECLS, S8, diffs, [], false).split('\n');
    expect(lines).toContain('vfio_attach_group(C, G_m1)');
    expect(lines).toContain('driver_get_domain(m1) => NULL @v3-group-flag | C.d0');
    expect(lines.filter((l) => l.includes('=>'))).toHaveLength(1);
  });
  it('at most three explanation lines', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...diffs[0], explain: `reason ${i}` }));
    const lines = emit(runs, DECLS, S8, many, [], false).split('\n');
    expect(lines.filter((l) => l.startsWith('## '))).toEqual(['## reason 0', '## reason 1', '## reason 2']);
  });
  it('names every design when three differ, and a variant against its own design', () => {
    const three: DesignId[] = ['upstream-5.8', 'v3-group-flag', 'driver-map'];
    const r3 = replay(three, DECLS, S8)!;
    const l3 = emit(r3, DECLS, S8, [], [], false).split('\n').at(-2)!;
    expect(l3).toBe('driver_get_domain(m1) => NULL @upstream-5.8 | NULL @v3-group-flag | C.d0 @driver-map');
    const VARIANT: DesignId[] = ['pasid-6.x', 'pasid-6.x+reuse=domain-pasid'];
    const decls = ['iommu vtd', 'pci P1 pasids=1048576 siov', 'pci P2 pasids=1048576 siov', 'mdev m1 parent=P1', 'mdev m2 parent=P2', 'container C'];
    const calls = ['vfio_attach_group(C, G_m1)', 'driver_get_pasid(m1)', 'vfio_attach_group(C, G_m2)', 'driver_get_pasid(m2)'];
    const rv = replay(VARIANT, decls, calls)!;
    expect(emit(rv, decls, calls, [], [], false).split('\n').at(-2)).toBe('driver_get_pasid(m2) => 2 @pasid-6.x | 1 @pasid-6.x+reuse=domain-pasid');
  });
  it('what it writes replays with every expectation met, and tally counts them', () => {
    const report = checkScenario('found.scn', emit(runs, DECLS, S8, diffs, [], true));
    expect(tally(report.runs, report.errors.length)).toEqual({ passed: 8, failed: 0 });
  });
});

describe('tally', () => {
  it('sums the checks of every run, and an error counts as one failure', () => {
    const runs = [
      { passed: 3, failed: 1 },
      { passed: 4, failed: 2 },
    ] as unknown as Parameters<typeof tally>[0];
    expect(tally(runs, 0)).toEqual({ passed: 7, failed: 3 });
    expect(tally(runs, 2)).toEqual({ passed: 7, failed: 4 });
    expect(tally([], 0)).toEqual({ passed: 0, failed: 0 });
  });
});

describe('shrink', () => {
  it('drops the calls the finding does not need, over as many passes as it takes', () => {
    // vfio_detach_group(C2, G_m1) is needed while vfio_attach_group(C2, G_m1) is there (it frees
    // m1 for C), and only then can it go: a second pass removes it.
    const calls = ['iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)', 'vfio_attach_group(C2, G_m1)', 'vfio_detach_group(C2, G_m1)', 'vfio_attach_group(C, G_m1)', 'iommu_detach_group(C.d0, G_m1)', 'driver_get_domain(m1)'];
    const r = shrink(PAIR, [...DECLS, 'container C2'], calls, 'returns', false);
    expect(r.calls).toEqual(S8);
    expect(r.decls).toEqual(DECLS);
  });
  it('drops a leading call and calls on other devices, and keeps the last call', () => {
    const calls = ['driver_get_domain(m1)', S8[0], 'vfio_attach_group(C2, G_m2)', S8[1], 'vfio_detach_group(C2, G_m2)', S8[2], S8[3]];
    const decls = ['iommu vtd', 'pci P1 pasids=1048576 siov', 'mdev m1 parent=P1', 'mdev m2 parent=P1', 'pci P2', 'container C', 'container C2'];
    expect(shrink(PAIR, decls, calls, 'returns', false)).toEqual({ decls: DECLS, calls: S8 });
  });
  it('keeps declarations that are named, as themselves, as a parent, or as a group', () => {
    // P1 is named only as m1's parent; m1 only through its group G_m1 after the first call goes.
    const calls = ['iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)', ...S8.slice(1)];
    expect(shrink(PAIR, [...DECLS, 'pci P9', 'mdev m9 parent=P9'], calls, 'returns', false).decls).toEqual(DECLS);
  });
  it('keeps a path that is already shortest as it is', () => {
    expect(shrink(PAIR, DECLS, S8, 'returns', false)).toEqual({ decls: DECLS, calls: S8 });
  });
  it('keeps the devices of a shared group while the group is named', () => {
    const decls = ['iommu vtd', 'pci P1 pasids=1048576 siov', 'mdev m1 parent=P1', 'pci Q1 group=G_s', 'pci Q2 group=G_s', 'container C'];
    const calls = [...S8.slice(0, 3), 'vfio_attach_group(C, G_s)', S8[3]];
    const r = shrink(PAIR, decls, calls, 'returns', false);
    // The call on G_s is not needed, so it goes, and then so do Q1 and Q2.
    expect(r).toEqual({ decls: DECLS, calls: S8 });
  });
});
