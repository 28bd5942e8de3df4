import { describe, expect, it } from 'vitest';
import { marksStepOf, markNew, toGraph } from '../../src/derive/graph';
import { NODE_KINDS } from '../../src/derive/graph-types';
import { fakeDesign, machine, ref, stepOf } from './machine-fixture';

const demo = () =>
  machine({
    pci: ['P1'], mdev: { m1: 'P1', m2: 'P1' }, containers: ['C'], domains: { 'C.d0': 'UNMANAGED' },
    attach: { G_m1: 'C.d0' }, aux: { P1: [[1, 'C.d0']] }, vfio: { C: [['C.d0', ['G_m1']]] }, pasids: { 1: 'C.d0' },
  });

describe('toGraph', () => {
  it('names nodes as the scenario does and draws every kind', () => {
    const g = toGraph(demo(), fakeDesign);
    const ids = g.nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(['P1', 'm1', 'm2', 'G_P1', 'G_m1', 'C', 'C.d0', 'dma(G_P1)', 'pasid:1']));
    expect(new Set(g.nodes.map((n) => n.kind))).toEqual(new Set(NODE_KINDS));
  });

  it('draws membership, iommu_device, domain, default domain, aux, container, pasid and breadcrumb edges', () => {
    const g = toGraph(demo(), fakeDesign);
    const has = (kind: string, s: string, t: string) => g.edges.some((e) => e.kind === kind && e.source === s && e.target === t);
    expect(has('member', 'G_m1', 'm1')).toBe(true);
    expect(has('iommu_device', 'm1', 'P1')).toBe(true);
    expect(has('domain', 'G_m1', 'C.d0')).toBe(true);
    expect(has('default_domain', 'G_P1', 'dma(G_P1)')).toBe(true);
    expect(has('aux', 'C.d0', 'P1')).toBe(true);
    expect(g.edges.find((e) => e.kind === 'aux')!.label).toBe('PASID 1');
    expect(has('container', 'C', 'C.d0')).toBe(true);
    expect(has('pasid', 'pasid:1', 'C.d0')).toBe(true);
    expect(has('breadcrumb', 'G_m1', 'C.d0')).toBe(true);
    expect(g.nodes.find((n) => n.id === 'G_m1')!.badges).toEqual(['aux_domain_attached=1']);
  });

  it('is pure: same input, same output', () => {
    const m = demo();
    expect(toGraph(m, fakeDesign)).toEqual(toGraph(m, fakeDesign));
  });

  it('hides a freed domain nobody points at, keeps a dangling one', () => {
    const a = machine({ pci: ['P1'], domains: { D: 'UNMANAGED' }, freed: ['D'] });
    expect(toGraph(a, fakeDesign).nodes.some((n) => n.id === 'D')).toBe(false);
    const b = machine({ pci: ['P1'], domains: { D: 'UNMANAGED' }, freed: ['D'], aux: { P1: [[1, 'D']] } });
    const d = toGraph(b, fakeDesign).nodes.find((n) => n.id === 'D')!;
    expect(d.gone).toBe(true);
    expect(d.sub).toContain('freed');
  });

  it('marks changed objects, WARNs on the objects of the call, violations on theirs', () => {
    const m = demo();
    const step = stepOf(m, {
      changes: [{ ref: ref(m, 'group', 'G_m1'), name: 'G_m1', field: 'domain', from: null, to: 'C.d0' }],
      trace: { fn: 'vfio_attach_group', args: ['C', 'G_m1'], ret: '0', children: [{ fn: 'iommu_aux_attach_device', args: ['C.d0', 'P1'], ret: '0', children: [], log: [{ level: 'WARN', text: 'WARNING: at drivers/iommu/intel/iommu.c' }] }], log: [] },
      violations: [{ code: 'pasid-entry-stale', message: 'stale PASID entry', objects: [ref(m, 'dev', 'P1')] }],
    });
    const g = toGraph(m, fakeDesign, step);
    const n = (id: string) => g.nodes.find((x) => x.id === id)!;
    expect(n('G_m1').changed).toBe(true);
    expect(n('m2').changed).toBe(false);
    expect(n('C.d0').marks.map((x) => x.level)).toEqual(['warn']);
    expect(n('P1').marks.map((x) => x.level)).toEqual(['warn', 'violation']);
  });

  it('gives a repeated name a stable suffix', () => {
    const m = machine({ pci: ['P1'], domains: { D: 'UNMANAGED' } });
    const twice = { ...m, domains: m.domains.push({ ...m.domains.get(1), id: 2 }) };
    const ids = toGraph(twice, fakeDesign).nodes.filter((n) => n.kind === 'domain').map((n) => n.id);
    expect(ids).toEqual(['dma(G_P1)', 'D', 'D#2']);
  });

  it('markNew flags what the previous picture did not have', () => {
    const before = toGraph(machine({ pci: ['P1'], mdev: { m1: 'P1' }, domains: { 'C.d0': 'UNMANAGED' } }), fakeDesign);
    const after = markNew(toGraph(machine({ pci: ['P1'], mdev: { m1: 'P1' }, domains: { 'C.d0': 'UNMANAGED' }, attach: { G_m1: 'C.d0' } }), fakeDesign), before);
    expect(after.edges.filter((e) => e.changed).map((e) => e.kind).sort()).toEqual(['breadcrumb', 'domain']);
  });

  it('a statement without a call (show) keeps the last call\'s marks, and marks nothing changed', () => {
    const m = demo();
    const step = stepOf(m, {
      changes: [{ ref: ref(m, 'group', 'G_m1'), name: 'G_m1', field: 'domain', from: null, to: 'C.d0' }],
      violations: [{ code: 'pasid-entry-stale', message: 'stale PASID entry', objects: [ref(m, 'dev', 'P1')] }],
    });
    const entries = [{ step }, {}, {}];
    expect(marksStepOf(entries, 2)).toBe(step);
    expect(marksStepOf([{}, {}], 1)).toBeUndefined();
    const shown = toGraph(m, fakeDesign, undefined, marksStepOf(entries, 2));
    const own = toGraph(m, fakeDesign, step);
    const marks = (g: typeof own) => g.nodes.flatMap((n) => n.marks.map((k) => `${n.id}:${k.code}`));
    expect(marks(shown)).toEqual(marks(own));
    expect(marks(shown)).toContain('P1:pasid-entry-stale');
    expect(shown.nodes.filter((n) => n.changed)).toEqual([]);
  });
});
