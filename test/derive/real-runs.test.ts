/** toGraph and layoutRun over real runs of the library: every frame, every design. */
import { describe, expect, it } from 'vitest';
import { DESIGN_IDS, getDesign } from '../../src/core';
import { designsFor, parseScenario, runScenario } from '../../src/scn';
import { toGraph } from '../../src/derive/graph';
import { layoutRun } from '../../src/derive/layout';
import { libraryFiles, libraryText } from '../library';

const files = libraryFiles();

describe.each(files)('%s', (file) => {
  it('draws every frame under every design it names, and lays each run out once', () => {
    const { script, errors } = parseScenario(libraryText(file));
    expect(errors).toEqual([]);
    for (const id of designsFor(script, DESIGN_IDS[0])) {
      const run = runScenario(script, id);
      const design = getDesign(id)!;
      const graphs = [toGraph(run.initial, design), ...run.entries.map((e) => toGraph(e.machine, design, e.step))];
      const layout = layoutRun(graphs);
      for (const g of graphs) {
        for (const n of g.nodes) expect(layout.pos.has(n.id), `${id}: ${n.id}`).toBe(true);
        const ids = new Set(g.nodes.map((n) => n.id));
        for (const e of g.edges) expect(ids.has(e.source) && ids.has(e.target), `${id}: ${e.id}`).toBe(true);
      }
      expect(layoutRun(graphs)).toEqual(layout);
    }
  });
});

it('the commit-message scenario draws every kind of object under v3-group-flag', () => {
  const { script } = parseScenario(libraryText('demo-v3-usage.scn'));
  const run = runScenario(script, 'v3-group-flag');
  const g = toGraph(run.entries.at(-1)!.machine, getDesign('v3-group-flag')!);
  expect(new Set(g.nodes.map((n) => n.kind))).toEqual(new Set(['pci', 'mdev', 'group', 'domain', 'pasid', 'container']));
  expect(g.edges.some((e) => e.kind === 'breadcrumb' && e.source === 'G_m1' && e.target === 'C.d0')).toBe(true);
  expect(g.edges.some((e) => e.kind === 'pasid' && e.source === 'pasid:1' && e.target === 'C.d0')).toBe(true);
  expect(g.edges.some((e) => e.kind === 'aux' && e.source === 'C.d0' && e.target === 'P1' && e.label === 'PASID 1')).toBe(true);
});
