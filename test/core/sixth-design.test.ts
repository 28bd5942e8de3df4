/**
 * "Adding a sixth design is one module and one registry line": a test-only design
 * (toy-design.ts) is added to the registry the way production lists its five —
 * `makeRegistry([...DESIGNS, toyDesign])` — and goes through the scenario check, the
 * comparison, the matrix and the search with no other change. Its invariant code and
 * breadcrumb kind are its own data; so is its one option (`toy-6+getter=none`).
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/core/designs/index', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/core/designs/index')>();
  const { toyDesign } = await import('./toy-design');
  return { ...real, ...real.makeRegistry([...real.DESIGNS, toyDesign]) };
});

const { DESIGN_IDS, getDesign } = await import('../../src/core');
const { checkScenario, parseScenario, runScenario } = await import('../../src/scn');
const { compareRuns } = await import('../../src/compare');
const { search } = await import('../../src/search');
const { matrixRow } = await import('../../src/compare');
const { createRunner } = await import('../../src/runner');
const { engine } = await import('../../src/ui/engine');

type Id = Parameters<typeof runScenario>[1];
const TOY = 'toy-6' as Id;

const TEXT = `design: upstream-5.8, toy-6, toy-6+getter=none
pci P1 pasids=1048576 siov
mdev m1 parent=P1
container C
vfio_attach_group(C, G_m1) => 0
driver_get_domain(m1) => C.d0 @toy-6 | NULL @upstream-5.8, toy-6+getter=none
`;

describe('a sixth design registered with one line', () => {
  it('is in the registry and resolves with its options', () => {
    expect(DESIGN_IDS).toContain('toy-6');
    expect(getDesign('toy-6+getter=none')?.id).toBe('toy-6+getter=none');
    expect(getDesign('toy-6+getter=maybe')).toBeUndefined();
  });

  it('runs through the scenario check (header, alternatives, its variant)', () => {
    const r = checkScenario('toy.scn', TEXT);
    expect(r.errors).toEqual([]);
    expect(r.runs.map((x) => [x.design, x.passed, x.failed])).toEqual([
      ['upstream-5.8', 2, 0],
      ['toy-6', 2, 0],
      ['toy-6+getter=none', 2, 0],
    ]);
    const last = r.runs[1].entries.at(-1)!;
    expect(last.step?.violations.map((v) => v.code)).toContain('toy-shared-primary');
    expect(getDesign('toy-6')!.breadcrumbs(last.machine).map((b) => b.kind)).toEqual(['toy-mark']);
  });

  it('is compared step by step with another design', () => {
    const { script } = parseScenario(TEXT);
    const c = compareRuns([runScenario(script, 'upstream-5.8'), runScenario(script, TOY)], 'returns');
    expect(c.first).toBe(2);
    expect(c.rows[1].diffs[0].values).toEqual({ 'upstream-5.8': 'NULL', 'toy-6': 'C.d0' });
  });

  it('gets a column in the matrix', () => {
    // The matrix view's path: the runner runs the scenario under every column, matrixRow judges.
    const r = createRunner(engine).runs(TEXT, DESIGN_IDS, 'upstream-5.8', () => expect.unreachable());
    if (!r?.ok || !r.header) throw new Error('no runs');
    const row = matrixRow('toy', TEXT, 'upstream-5.8', DESIGN_IDS, { header: r.header, runs: r.runs });
    const cell = row.cells.find((x) => x.design === TOY);
    // The matrix judges at the one level of "the same", observable state (docs/compare.md): the
    // toy's breadcrumb, left by the attach at step 1, is observable before any return differs.
    expect(cell).toMatchObject({ status: 'diverges', step: 1, inHeader: true });
  });

  it('is searched against another design, against its own variant, and for its invariants', () => {
    expect(search({ designs: ['upstream-5.8', TOY] }).found).toBe(true);
    const v = search({ designs: [TOY, 'toy-6+getter=none' as Id] });
    expect(v.found).toBe(true);
    expect(v.calls.at(-1)).toMatch(/^driver_get_domain\(m\w+\)$/);
    expect(v.verified?.failed).toBe(0);
    const inv = search({ designs: [TOY] });
    expect(inv.found).toBe(true);
    expect(inv.differences.map((d) => d.what)).toContain('invariant toy-shared-primary');
  });
});
