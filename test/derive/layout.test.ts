import { describe, expect, it } from 'vitest';
import { toGraph } from '../../src/derive/graph';
import { layoutRun, placeMissing, type Box } from '../../src/derive/layout';
import { fakeDesign, machine, type Spec } from './machine-fixture';

const frames: Spec[] = [
  { pci: ['P1', 'P2'], mdev: { m1: 'P1', m2: 'P1', m3: 'P2' }, containers: ['C'] },
  { pci: ['P1', 'P2'], mdev: { m1: 'P1', m2: 'P1', m3: 'P2' }, containers: ['C'], domains: { 'C.d0': 'UNMANAGED' } },
  {
    pci: ['P1', 'P2'], mdev: { m1: 'P1', m2: 'P1', m3: 'P2' }, containers: ['C'], domains: { 'C.d0': 'UNMANAGED' },
    attach: { G_m3: 'C.d0' }, aux: { P2: [[1, 'C.d0']] }, vfio: { C: [['C.d0', ['G_m3']]] }, pasids: { 1: 'C.d0' },
  },
];
const graphs = frames.map((f) => toGraph(machine(f), fakeDesign));
const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('layoutRun', () => {
  it('is deterministic', () => {
    expect([...layoutRun(graphs).pos]).toEqual([...layoutRun(graphs.map((g) => ({ ...g }))).pos]);
  });

  it('places every node of every frame, so nothing moves while stepping', () => {
    const l = layoutRun(graphs);
    for (const g of graphs) for (const n of g.nodes) expect(l.pos.has(n.id), n.id).toBe(true);
  });

  it('puts rows in order top to bottom: containers, groups, domains, PASIDs', () => {
    const p = layoutRun(graphs).pos;
    expect(p.get('C')!.y + p.get('C')!.h).toBeLessThan(p.get('G_P1')!.y);
    expect(p.get('G_m3')!.y + p.get('G_m3')!.h).toBeLessThan(p.get('C.d0')!.y);
    expect(p.get('C.d0')!.y + p.get('C.d0')!.h).toBeLessThan(p.get('pasid:1')!.y);
  });

  it('draws devices inside their group and mdev groups beside their parent', () => {
    const p = layoutRun(graphs).pos;
    const g = p.get('G_m1')!;
    const m = p.get('m1')!;
    expect(m.x >= g.x && m.x + m.w <= g.x + g.w && m.y >= g.y && m.y + m.h <= g.y + g.h).toBe(true);
    expect(p.get('G_m1')!.y).toBe(p.get('G_P1')!.y);
    expect(p.get('G_P2')!.y).toBeGreaterThan(p.get('G_P1')!.y);
  });

  it('puts a new domain under its first relative and nothing overlaps', () => {
    const p = layoutRun(graphs).pos;
    const d = p.get('C.d0')!;
    const g = p.get('G_m3')!;
    expect(Math.abs(d.x + d.w / 2 - (g.x + g.w / 2))).toBeLessThan(200);
    const tops = ['G_P1', 'G_m1', 'G_m2', 'G_P2', 'G_m3', 'C', 'C.d0', 'dma(G_P1)', 'dma(G_P2)', 'pasid:1'];
    for (const a of tops) for (const b of tops) if (a < b) expect(overlap(p.get(a)!, p.get(b)!), `${a}/${b}`).toBe(false);
  });

  it('placeMissing keeps known places and adds the rest', () => {
    const l = layoutRun(graphs.slice(0, 2));
    const l2 = placeMissing(l, graphs[2]);
    for (const [id, b] of l.pos) expect(l2.pos.get(id)).toEqual(b);
    expect(l2.pos.has('pasid:1')).toBe(true);
  });

  // Its time is a figure of `npm run bench` (layout.ms_1024), not a unit-test assertion.
  it('lays out a 64-parent, 1,024-mdev machine', () => {
    const pci = Array.from({ length: 64 }, (_, i) => `P${i}`);
    const mdev = Object.fromEntries(Array.from({ length: 1024 }, (_, i) => [`m${i}`, `P${i % 64}`]));
    const g = toGraph(machine({ pci, mdev }), fakeDesign);
    const l = layoutRun([g]);
    expect(l.pos.size).toBe(g.nodes.length);
  });
});
