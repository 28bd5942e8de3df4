import { describe, expect, it } from 'vitest';
import { applyCall, declare, getDesign, newMachine, resolveName } from '../../src/core';
import { checkScenario, totals } from '../../src/scn';
import { ALPHABET, canonOf, declLines, parseSpec, search, setupCalls, specText } from '../../src/search';

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
    expect(canonOf(b).replace(/^t\d+/, '')).toBe(canonOf(m).replace(/^t\d+/, ''));
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
    expect(n).toBeGreaterThan(0);
  });

  it('rejects calls it does not know and the same design twice', () => {
    expect(() => search({ designs: ['upstream-5.8', 'driver-map'], calls: ['iommu_map'] })).toThrow(/cannot call/);
    expect(() => search({ designs: ['upstream-5.8', 'upstream-5.8'] })).toThrow(/different/);
    expect(Object.keys(ALPHABET)).toContain('vfio_attach_group');
  });

  it('the shortest is shortest: no shorter path of the same calls diverges', () => {
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
