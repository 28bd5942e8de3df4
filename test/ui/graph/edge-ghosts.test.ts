// @vitest-environment happy-dom
/**
 * An edge the step removed stays one step as a ghost (data-ghost-of = its id), as a freed
 * object does; the step after, it goes; an edge that comes back is an edge again.
 */
import { describe, expect, it } from 'vitest';
import { getDesign } from '../../../src/core';
import { layoutRun } from '../../../src/derive/layout';
import { toGraph } from '../../../src/derive/graph';
import { parseScenario, runScenario } from '../../../src/scn';
import { drawSvg } from '../../../src/ui/graph/draw-svg';
import { buildScene } from '../../../src/ui/graph/scene';

const TEXT = [
  'pci P1 pasids=1048576 siov', 'mdev m1 parent=P1', 'container C',
  'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0', 'vfio_attach_group(C, G_m1) => 0',
  'vfio_detach_group(C, G_m1) => void', 'vfio_attach_group(C, G_m1) => 0', '',
].join('\n');

describe('edge ghosts', () => {
  it('a removed edge leaves a ghost for one step, keyed by the edge id', () => {
    const design = getDesign('upstream-5.8')!;
    const run = runScenario(parseScenario(TEXT).script!, 'upstream-5.8');
    const graphs = run.entries.slice(3).map((e) => toGraph(e.machine, design, e.step));
    const layout = layoutRun(graphs);
    const root = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    document.body.append(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    document.querySelector('svg')!.append(root);
    const draw = (i: number) => drawSvg(root, buildScene(graphs[i], layout, {}, []), { onClick: () => {} });
    const ids = (i: number) => new Set(graphs[i].edges.map((e) => e.id));
    const ghosts = () => [...root.querySelectorAll('.g-edge[data-ghost-of]')].map((e) => e.getAttribute('data-ghost-of')).sort();
    draw(1); // attached
    draw(2); // detached: the attach's edges are gone
    const removed = [...ids(1)].filter((id) => !ids(2).has(id)).sort();
    expect(removed.length).toBeGreaterThan(0);
    expect(ghosts()).toEqual(removed);
    for (const id of removed) expect(root.querySelector(`[data-edge-id="${CSS.escape(id)}"]`)).toBeNull();
    draw(3); // attached again: those edges are edges again, no ghost left
    expect(ghosts()).toEqual([...ids(2)].filter((id) => !ids(3).has(id)).sort());
    const back = removed.filter((id) => ids(3).has(id));
    expect(back.length).toBeGreaterThan(0);
    for (const id of back) expect(root.querySelector(`.g-edge:not(.ghost)[data-edge-id="${CSS.escape(id)}"]`)).not.toBeNull();
  });
});
