// @vitest-environment happy-dom
/**
 * Redrawing an unchanged picture leaves its text nodes alone (draw-svg.ts `textOf`): replacing
 * them re-laid-out and repainted the whole graph on every run result while typing.
 */
import { describe, expect, it } from 'vitest';
import { getDesign } from '../../../src/core';
import { layoutRun } from '../../../src/derive/layout';
import { toGraph } from '../../../src/derive/graph';
import { parseScenario, runScenario } from '../../../src/scn';
import { drawSvg } from '../../../src/ui/graph/draw-svg';
import { buildScene } from '../../../src/ui/graph/scene';

const TEXT = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\niommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0\nvfio_attach_group(C, G_m1) => 0\n';

function sceneOf(text: string) {
  const design = getDesign('upstream-5.8')!;
  const run = runScenario(parseScenario(text).script!, 'upstream-5.8');
  const last = run.entries[run.entries.length - 1];
  const g = toGraph(last.machine, design, last.step);
  return buildScene(g, layoutRun([g]), {}, []);
}

const textNodes = (root: Element) => [...root.querySelectorAll('text, title')].map((e) => e.firstChild);

describe('drawSvg', () => {
  it('keeps every text node of a redraw of the same picture, and updates text that changed', () => {
    const root = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    document.body.append(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
    document.querySelector('svg')!.append(root);
    const h = { onClick: () => {} };
    drawSvg(root, sceneOf(TEXT), h);
    const before = textNodes(root);
    expect(before.length).toBeGreaterThan(10);
    drawSvg(root, sceneOf(TEXT), h);
    const after = textNodes(root);
    expect(after.length).toBe(before.length);
    after.forEach((n, i) => expect(n).toBe(before[i]));
    // A picture whose container has another name: its title text changes in place.
    drawSvg(root, sceneOf(TEXT.replaceAll('C', 'C9')), h);
    expect(root.textContent).toContain('C9');
  });
});
