import { libraryText } from '../library';
import { describe, expect, it } from 'vitest';
import { compareRuns, diffValues, observableOf } from '../../src/compare';
import { checkScenario } from '../../src/scn';

const demo = libraryText('demo-stale-group-flag.scn');

describe('compareRuns', () => {
  const { runs } = checkScenario('demo.scn', demo);
  const pick = (ids: string[]) => runs.filter((r) => ids.includes(r.design));

  it('marks the first divergence and every later one at the return level', () => {
    const c = compareRuns(pick(['upstream-5.8', 'v3-group-flag']), 'returns');
    expect(c.first).not.toBeNull();
    const row = c.rows[c.first! - 1];
    expect(row.text).toMatch(/driver_get_domain\(m1\)/);
    expect(row.cells.map((x) => x.got)).toEqual(['NULL', 'C.d0']);
    expect(row.cells.every((x) => x.differs)).toBe(true);
    expect(row.diffs[0].explain).toMatch(/NULL under upstream-5.8, C.d0 under v3-group-flag/);
    expect(c.divergent.length).toBeGreaterThan(1);
  });

  it('does not count unsupported as a difference', () => {
    expect(diffValues('return value', { 'upstream-5.8': '0', 'pasid-6.x': 'unsupported' })).toBeNull();
    const c = compareRuns(pick(['upstream-5.8', 'pasid-6.x']), 'returns');
    const enable = c.rows.find((r) => r.text.startsWith('iommu_dev_enable_feature'))!;
    expect(enable.diffs).toEqual([]);
  });

  it('each level includes the one before', () => {
    const two = pick(['v3-group-flag', 'driver-map']);
    const a = compareRuns(two, 'returns');
    const b = compareRuns(two, 'observable');
    const c = compareRuns(two, 'internals');
    expect(b.divergent.length).toBeGreaterThanOrEqual(a.divergent.length);
    expect(c.divergent.length).toBeGreaterThanOrEqual(b.divergent.length);
    for (const i of a.divergent) expect(b.divergent).toContain(i);
    expect(c.rows.flatMap((r) => r.diffs).some((d) => d.what.includes('aux_domain_attached'))).toBe(true);
  });

  it('observable state names the domain of each device', () => {
    const end = runs[0].entries.at(-1)!.machine;
    expect(observableOf(end).get('iommu_get_domain_for_dev(P1)')).toBe('dma(G_P1)');
  });

  it('works for five designs at once', () => {
    const c = compareRuns(runs, 'returns');
    expect(c.designs).toHaveLength(5);
    expect(c.rows[0].cells).toHaveLength(5);
  });
});
