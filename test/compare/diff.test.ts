/**
 * The diff of two designs' pictures (src/compare/diff.ts): one union graph, each element only
 * in A, only in B, changed (both values kept) or the same; side-by-side marks against a
 * baseline; the objects a reason names.
 */
import { describe, expect, it } from 'vitest';
import { compareRuns, diffGraphs, markObjects, markPanes, objectsOf, timelineOf } from '../../src/compare';
import { getDesign, type DesignId } from '../../src/core';
import type { Graph, GraphNode } from '../../src/derive/graph-types';
import { toGraph } from '../../src/derive/graph';
import { checkScenario } from '../../src/scn';
import { libraryText } from '../library';

const node = (id: string, over: Partial<GraphNode> = {}): GraphNode => ({
  id, kind: 'group', label: id, sub: 'group 1', ref: null, group: null, parent: null, badges: [], gone: false, changed: false, marks: [], ...over,
});
const edge = (kind: 'domain' | 'member', source: string, target: string) => ({ id: `${kind}:${source}->${target}`, kind, source, target, label: '', changed: false });

describe('diffGraphs', () => {
  const a: Graph = { nodes: [node('G_m1', { badges: ['shared'] }), node('C.d0', { kind: 'domain', sub: 'UNMANAGED · pasid 1' }), node('PASID 2', { kind: 'pasid' })], edges: [edge('domain', 'G_m1', 'C.d0')] };
  const b: Graph = { nodes: [node('G_m1', { badges: ['shared', 'aux_domain_attached=1'] }), node('C.d0', { kind: 'domain', sub: 'UNMANAGED · pasid 1' }), node('m9', { kind: 'mdev' })], edges: [edge('member', 'G_m1', 'm9')] };
  const d = diffGraphs(a, b);
  const n = (id: string) => d.nodes.find((x) => x.id === id)!;

  it('keeps every object of both, marked A only, B only, changed or the same', () => {
    expect(d.nodes.map((x) => [x.id, x.diff ?? 'same'])).toEqual([['G_m1', 'changed'], ['C.d0', 'same'], ['PASID 2', 'a'], ['m9', 'b']]);
    expect(d.counts).toEqual({ a: 2, b: 2, changed: 1, same: 1 });
    expect(n('PASID 2').sub).toMatch(/^only in A/);
    expect(n('m9').sub).toMatch(/^only in B/);
  });

  it('a changed object shows both values: the flag only B holds comes first, marked b, with the field and each side', () => {
    expect(n('G_m1').badges).toEqual(['aux_domain_attached=1 (B only)', 'shared']);
    expect(n('G_m1').diffRows).toEqual({ '⚑ aux_domain_attached=1 (B only)': 'b' });
    expect(n('G_m1').fields).toEqual([{ field: '⚑ aux_domain_attached=1', a: '—', b: 'set' }]);
    const subs = diffGraphs({ nodes: [node('D', { sub: 'DMA' })], edges: [] }, { nodes: [node('D', { sub: 'UNMANAGED' })], edges: [] });
    expect(subs.nodes[0]).toMatchObject({ diff: 'changed', sub: 'A: DMA · B: UNMANAGED', diffRows: { 'A: DMA · B: UNMANAGED': 'changed' } });
  });

  it('an edge is in one picture only, or the same', () => {
    expect(d.edges.map((e) => [e.id, e.diff ?? 'same'])).toEqual([['domain:G_m1->C.d0', 'a'], ['member:G_m1->m9', 'b']]);
    expect(diffGraphs(a, a).edges.every((e) => !e.diff)).toBe(true);
    expect(diffGraphs(a, a).nodes.every((x) => !x.diff)).toBe(true);
  });

  it('side by side: the baseline pane marks what only it has, another pane what only it has; both mark changed objects', () => {
    const [pa, pb] = markPanes([a, b], 0);
    expect(pa.nodes.map((x) => x.diff ?? 'same')).toEqual(['changed', 'same', 'a']);
    expect(pb.nodes.map((x) => x.diff ?? 'same')).toEqual(['changed', 'same', 'b']);
    expect(pb.nodes[0].diffRows).toEqual({ '⚑ aux_domain_attached=1': 'b' });
    expect(pa.edges[0].diff).toBe('a');
    expect(pb.edges[0].diff).toBe('b');
  });

  it('markObjects marks the objects a state difference names even where the picture is the same', () => {
    expect(markObjects(d, new Set(['C.d0'])).nodes.find((x) => x.id === 'C.d0')!.diff).toBe('changed');
  });
});

describe('objectsOf', () => {
  const ids = ['C', 'C.d0', 'G_m1', 'm1', 'P1', 'dma(G_P1)'];
  it('finds whole names, the longest first', () => {
    expect(objectsOf(['G_m1.aux_domain_attached'], ids)).toEqual(['G_m1']);
    expect(objectsOf(['mappings of C.d0'], ids)).toEqual(['C.d0']);
    expect(objectsOf(['iommu_get_domain_for_dev(m1)', 'NULL', 'dma(G_P1)'], ids).sort()).toEqual(['dma(G_P1)', 'm1']);
    expect(objectsOf(['vfio_attach_group(C, G_m1) => 0'], ids).sort()).toEqual(['C', 'G_m1']);
  });
});

describe('the diff on demo-v3-usage at its first divergence', () => {
  it('the picture differs by the flag on G_m1 and the attach edge, and the diff says so', () => {
    const { runs } = checkScenario('demo.scn', libraryText('demo-v3-usage.scn'));
    const pick = (d: DesignId) => runs.find((r) => r.design === d)!;
    const pair = [pick('upstream-5.8'), pick('v3-group-flag')];
    const first = compareRuns(pair, 'observable').first!;
    const [ga, gb] = pair.map((r) => {
      const e = timelineOf(r)[first - 1];
      return toGraph(e.machine, getDesign(r.design)!, e.step);
    });
    const d = diffGraphs(ga, gb);
    expect(d.nodes.find((x) => x.id === 'G_m1')!.diff).toBe('changed');
    expect(d.edges.filter((e) => e.diff === 'b').map((e) => e.id)).toContain('domain:G_m1->C.d0');
    expect(d.counts.a + d.counts.b + d.counts.changed).toBeGreaterThan(0);
  });
});
