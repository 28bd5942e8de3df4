/** What a step did (the "What changed" panel) and which lines touched an object (linking), on real runs. */
import { describe, expect, it } from 'vitest';
import { DESIGN_IDS, getDesign, type DesignId } from '../../src/core';
import { designsFor, parseScenario, runScenario } from '../../src/scn';
import { toGraph } from '../../src/derive/graph';
import { stepChangesOf } from '../../src/derive/step-changes';
import { linesTouching, namedIn, touchedBy } from '../../src/derive/touch';
import { libraryFiles, libraryText } from '../library';

const TEXT = [
  'pci P1 pasids=1048576 siov', // 1
  'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0', // 2
  'D = iommu_domain_alloc(pci)', // 3
  'iommu_aux_attach_device(D, P1) => 0', // 4
  'show D', // 5
  'iommu_aux_detach_device(D, P1) => void', // 6
  'iommu_domain_free(D) => void', // 7
  '',
].join('\n');

function walk(text: string, designId: DesignId = 'upstream-5.8') {
  const design = getDesign(designId)!;
  const run = runScenario(parseScenario(text).script!, designId);
  const frames = run.entries.map((e) => ({ e, graph: toGraph(e.machine, design, e.step), machine: e.machine }));
  const changesAt = (i: number) => stepChangesOf(i > 0 ? frames[i - 1] : { graph: toGraph(run.initial, design), machine: run.initial }, { ...frames[i], step: frames[i].e.step ?? null });
  return { run, frames, changesAt };
}

describe('stepChangesOf', () => {
  it('says what each step created, changed, freed and which edges it added and removed', () => {
    const { changesAt } = walk(TEXT);
    const alloc = changesAt(2);
    expect(alloc.created.map((o) => o.id)).toEqual(['D']);
    const attach = changesAt(3);
    expect(attach.created.map((o) => o.id)).toContain('pasid:1');
    expect(attach.edgesAdded.map((e) => e.id)).toContain('aux:D->P1:PASID 1');
    const d = attach.changed.find((o) => o.id === 'D')!;
    expect(d.fields).toContainEqual({ field: 'default_pasid', from: '0', to: '1' });
    const show = changesAt(4);
    expect([show.created, show.freed, show.changed, show.edgesAdded, show.edgesRemoved].every((l) => l.length === 0)).toBe(true);
    const detach = changesAt(5);
    expect(detach.edgesRemoved.map((e) => e.id)).toContain('aux:D->P1:PASID 1');
    expect(changesAt(6).freed.map((o) => o.id)).toEqual(['D']);
  });

  it('names every object any library step creates (first design of each scenario)', () => {
    for (const file of libraryFiles()) {
      const { script } = parseScenario(libraryText(file));
      if (!script || !script.stmts.some((s) => s.kind === 'call')) continue;
      const design = designsFor(script, DESIGN_IDS[0])[0]!;
      const { frames, changesAt } = walk(libraryText(file), design);
      for (let i = 1; i < frames.length; i++) {
        const before = new Set(frames[i - 1].graph.nodes.map((n) => n.id));
        const named = new Set(changesAt(i).created.map((o) => o.id));
        for (const n of frames[i].graph.nodes) if (!before.has(n.id) && !n.gone) expect(named.has(n.id), `${file} line ${frames[i].e.line}: ${n.id}`).toBe(true);
      }
    }
  });
});

describe('linking', () => {
  it('a call touches the objects it names and changes; a show the object it shows', () => {
    const { run } = walk(TEXT);
    const at = (line: number) => run.entries.findIndex((e) => e.line === line);
    const prev = (i: number) => (i > 0 ? run.entries[i - 1].machine : null);
    expect(touchedBy(run.entries[at(4)], prev(at(4))).sort()).toEqual(expect.arrayContaining(['D', 'P1']));
    expect(touchedBy(run.entries[at(5)], prev(at(5)))).toEqual(['D']);
    expect(touchedBy(run.entries[at(1)], null)).toContain('P1');
    const lines = linesTouching(run.entries);
    expect(lines.get('D')).toEqual([3, 4, 5, 6, 7]);
    expect(lines.get('P1')).toEqual(expect.arrayContaining([1, 2, 4, 6]));
    expect(namedIn(['D', 'P1', '0x1000'], run.entries[at(4)].machine)).toEqual(['D', 'P1']);
  });
});
