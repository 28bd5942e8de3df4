import { describe, expect, it } from 'vitest';
import { outlineOf, type OutlineItem } from '../../src/derive/outline';
import { toGraph } from '../../src/derive/graph';
import { parseScenario, runScenario } from '../../src/scn';
import { engine } from '../../src/ui/engine';

const names = (items: readonly OutlineItem[]): unknown[] => items.map((i) => (i.children.length ? [i.node.label ?? i.node.id, names(i.children)] : (i.node.label ?? i.node.id)));

describe('outlineOf', () => {
  it('nests parent → group → device → aux domain, with containers at the top level', () => {
    const text = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\niommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)\nvfio_attach_group(C, G_m1)\n';
    const run = runScenario(parseScenario(text).script!, 'v3-group-flag');
    const last = run.entries.at(-1)!;
    const items = outlineOf(toGraph(last.machine, engine.design('v3-group-flag'), last.step));
    const top = items.map((i) => i.node.kind);
    expect(top).toContain('pci');
    expect(top).toContain('container');
    const p1 = items.find((i) => i.node.kind === 'pci')!;
    const flat = JSON.stringify(names([p1]));
    expect(flat).toContain('m1');
    // Every node appears in the tree.
    const seen = new Set<string>();
    const walk = (xs: readonly OutlineItem[]) => xs.forEach((x) => (seen.add(x.node.id), walk(x.children)));
    walk(items);
    expect(seen.size).toBeGreaterThan(3);
  });
});
