/** The overview's tiles (issue 20 item 8): counts that agree with their tooltip, violations shown, the find box's family. */
import { describe, expect, it } from 'vitest';
import { toGraph } from '../../src/derive/graph';
import { familyOfObject, overviewOf, parentsOf } from '../../src/derive/overview';
import { countOutline, filterOutline, outlineOf } from '../../src/derive/outline';
import { fakeDesign, machine, ref, stepOf } from './machine-fixture';

const m = machine({
  pci: ['P1', 'P2'], mdev: { m1: 'P1', m2: 'P1', m3: 'P2' }, containers: ['C'], domains: { 'C.d0': 'UNMANAGED' },
  attach: { G_m1: 'C.d0' }, aux: { P1: [[1, 'C.d0']] }, vfio: { C: [['C.d0', ['G_m1']]] }, pasids: { 1: 'C.d0' },
});

describe('overviewOf', () => {
  it('a tile\'s "n→domain" is the number its tooltip gives for that domain', () => {
    const g = toGraph(m, fakeDesign);
    const tiles = overviewOf(g, parentsOf(g));
    for (const t of tiles) {
      const shown = /^(\d+)→(.+)$/.exec(t.lines[2])!;
      const [, n, where] = shown;
      if (where === 'dma') expect(t.text).toContain(`${n} groups attached`);
      else expect(t.text).toContain(`${n} to ${where}`);
    }
    expect(tiles.find((t) => t.id === 'P1')!.lines[2]).toBe('1→C.d0');
  });

  it('counts the invariant violations of a family on its tile, a domain\'s on the family it is drawn with', () => {
    const step = stepOf(m, { violations: [
      { code: 'pasid-entry-stale', message: 'stale', objects: [ref(m, 'dev', 'm1')] },
      { code: 'list-corrupt', message: 'corrupt', objects: [ref(m, 'domain', 'C.d0')] },
    ] });
    const g = toGraph(m, fakeDesign, step);
    const tiles = overviewOf(g, parentsOf(g));
    const p1 = tiles.find((t) => t.id === 'P1')!;
    expect(p1.violations).toBe(2);
    expect(p1.text).toContain('2 invariant violations');
    expect(tiles.find((t) => t.id === 'P2')!.violations).toBe(0);
  });

  it('the find box opens the tile that holds an object', () => {
    const g = toGraph(m, fakeDesign);
    expect(familyOfObject(g, 'm3')).toBe('P2');
    expect(familyOfObject(g, 'G_m1')).toBe('P1');
    expect(familyOfObject(g, 'C.d0')).toBe('P1');
    expect(familyOfObject(g, 'nothing')).toBeNull();
  });
});

describe('filterOutline', () => {
  it('keeps the objects whose name matches and the items that lead to them', () => {
    const items = outlineOf(toGraph(m, fakeDesign));
    const only = filterOutline(items, 'm3');
    expect(only.map((i) => i.node.id)).toEqual(['P2']);
    expect(JSON.stringify(only)).toContain('"m3"');
    expect(JSON.stringify(only)).not.toContain('"m1"');
    expect(countOutline(filterOutline(items, ''))).toBe(countOutline(items));
    expect(filterOutline(items, 'zzz')).toEqual([]);
  });
});
