/**
 * A family opened from the overview (a large machine: one tile per parent, a click opens that
 * parent's family) keeps every object where it was while stepping: objects appearing in later
 * frames get places of their own, none of the others moves (the rule the detailed graph keeps
 * with one layout per run).
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../src/store';
import { stepsOf } from '../../../src/store/cursor';
import { selectRun } from '../../../src/store/shown';
import { engine } from '../../../src/ui/engine';
import { sceneOfState } from '../../../src/ui/graph/use-scene';

function bigScenario(): string {
  const l = ['design: upstream-5.8'];
  for (let p = 0; p < 24; p++) l.push(`pci P${p} pasids=1048576 siov`);
  for (let m = 0; m < 192; m++) l.push(`mdev m${m} parent=P${m % 24}`);
  l.push('container C');
  l.push('iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)');
  // P1's family grows: a domain, an aux attach (a PASID), its mdevs' groups into the container.
  l.push('D = iommu_domain_alloc(pci)', 'iommu_aux_attach_device(D, P1)');
  for (const m of [1, 25, 49]) l.push(`vfio_attach_group(C, G_m${m})`);
  l.push('E = iommu_domain_alloc(pci)', 'iommu_aux_attach_device(E, P1)', 'iommu_aux_detach_device(D, P1)');
  return `${l.join('\n')}\n`;
}

describe('the family view', () => {
  it('keeps every object in place from step to step, forwards and backwards', () => {
    const s = createAppStore(engine);
    s.getState().load(bigScenario());
    const run = selectRun(s.getState())!;
    const n = stepsOf(run).length;
    s.getState().seek(n);
    const tiles = sceneOfState(s.getState())!.tiles ?? [];
    const p1 = tiles.find((t) => t.lines[0] === 'P1');
    expect(p1).toBeDefined(); // the overview is shown: the machine is large
    s.getState().setFocus(p1!.id);
    const seen = new Map<string, string>();
    const moved: string[] = [];
    const visit = (c: number) => {
      s.getState().seek(c);
      const scene = sceneOfState(s.getState())!;
      for (const x of [...scene.nodes, ...scene.groups]) {
        const at = `${x.box.x},${x.box.y}`;
        const was = seen.get(x.node.id);
        if (was !== undefined && was !== at) moved.push(`${x.node.id} at step ${c}: ${was} -> ${at}`);
        seen.set(x.node.id, at);
      }
    };
    for (let c = 0; c <= n; c++) visit(c);
    for (let c = n; c >= 0; c--) visit(c);
    expect(seen.size).toBeGreaterThan(5);
    expect(moved).toEqual([]);
  });

  it('places every object the same whatever order the frames were viewed in', () => {
    // Objects that come and go: each aux attach shows a PASID and a domain for a step or two.
    const l = bigScenario().trimEnd().split('\n');
    for (let k = 0; k < 6; k++) l.push(`X${k} = iommu_domain_alloc(pci)`, `iommu_aux_attach_device(X${k}, P1)`, `iommu_aux_detach_device(X${k}, P1)`, `iommu_domain_free(X${k})`);
    const text = `${l.join('\n')}\n`;
    /** Positions of every object of P1's family at each frame, the frames viewed in `order`. */
    const positions = (order: (n: number) => number[]) => {
      const s = createAppStore(engine);
      s.getState().load(text);
      const n = stepsOf(selectRun(s.getState())!).length;
      s.getState().seek(n);
      const p1 = (sceneOfState(s.getState())!.tiles ?? []).find((t) => t.lines[0] === 'P1');
      s.getState().setFocus(p1!.id);
      const at = new Map<number, string[]>();
      for (const c of order(n)) {
        s.getState().seek(c);
        const scene = sceneOfState(s.getState())!;
        at.set(c, [...scene.nodes, ...scene.groups].map((x) => `${x.node.id}@${x.box.x},${x.box.y}`).sort());
      }
      return [...at.entries()].sort((a, b) => a[0] - b[0]);
    };
    const forwards = positions((n) => Array.from({ length: n + 1 }, (_, i) => i));
    const backwards = positions((n) => Array.from({ length: n + 1 }, (_, i) => n - i));
    const strided = positions((n) => Array.from({ length: n + 1 }, (_, i) => (i * 7) % (n + 1)));
    expect(forwards.length).toBeGreaterThan(20);
    expect(backwards).toEqual(forwards);
    expect(strided).toEqual(forwards);
  });
});
