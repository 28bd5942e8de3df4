import { describe, expect, it } from 'vitest';
import { DESIGN_IDS, nameOf, type DesignId } from '../../src/core';
import { designsFor, parseScenario, runScenario, type Run, type Script } from '../../src/scn';

function script(text: string): Script {
  const { script, errors } = parseScenario(text);
  expect(errors).toEqual([]);
  return script;
}

const run = (text: string, design: DesignId): Run => runScenario(script(text), design);

/** `line: got` for each entry that is not a declaration. */
const results = (r: Run): string[] =>
  r.entries
    .filter((e) => e.kind !== 'decl')
    .map((e) => `${e.line}: ${e.error?.message ?? e.got ?? ''}`);

const USAGE = `design: upstream-5.8, v3-group-flag, domain-flag, driver-map, pasid-6.x
pci P1 pasids=1048576 siov
mdev m1 parent=P1
container C
## the vendor driver's question, answered by each design
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => unsupported @pasid-6.x | 0
vfio_attach_group(C, G_m1) => 0
driver_get_domain(m1) => NULL @upstream-5.8 | C.d0
driver_get_pasid(m1) => -ENODEV @upstream-5.8 | 1
`;

describe('runScenario on real designs', () => {
  it('runs the v3 3/4 usage scenario under every design of its header', () => {
    const s = script(USAGE);
    expect(designsFor(s)).toEqual([...DESIGN_IDS]);
    for (const d of designsFor(s)) {
      const r = runScenario(s, d);
      expect({ design: r.design, errors: r.errors, passed: r.passed, failed: r.failed }).toEqual({
        design: d,
        errors: [],
        passed: 4,
        failed: 0,
      });
    }
    const up = runScenario(s, 'upstream-5.8');
    expect(results(up)).toEqual(['6: 0', '7: 0', '8: NULL', '9: -ENODEV']);
    expect(results(runScenario(s, 'pasid-6.x'))).toEqual([
      '6: unsupported',
      '7: 0',
      '8: C.d0',
      '9: 1',
    ]);
  });

  it('builds the initial machine from the declarations before the first call', () => {
    const r = run(
      'pci P1 siov\niommu_domain_alloc(pci)\npci P2\niommu_group_get(P2) => G_P2',
      'upstream-5.8',
    );
    expect([...r.initial.devs].map((d) => d.name)).toEqual(['P1']);
    expect(r.entries.map((e) => e.kind)).toEqual(['decl', 'call', 'decl', 'call']);
    expect([...r.entries[3].machine.devs].map((d) => d.name)).toEqual(['P1', 'P2']);
    expect(r.passed).toBe(1);
  });

  it("keeps each entry's machine and bindings, and binds NULL or errors too", () => {
    const r = run(
      'D = iommu_domain_alloc(pci)\nN = iommu_domain_alloc(mdev) => NULL\nD => D\nN => NULL',
      'upstream-5.8',
    );
    const [alloc, nul] = r.entries;
    const d = alloc.env.get('D');
    expect(d?.t === 'ptr' && d.ref && nameOf(alloc.machine, d.ref)).toBe('D');
    expect(alloc.env.has('N')).toBe(false);
    expect(nul.env.get('N')).toEqual({ t: 'ptr', ref: null });
    expect(alloc.step?.call).toEqual({
      fn: 'iommu_domain_alloc',
      args: [{ t: 'bus', bus: 'pci' }],
      bind: 'D',
    });
    expect([r.passed, r.failed]).toEqual([3, 0]);
  });

  it('resolves an expected name after the call, so it can name what the call created', () => {
    const r = run(
      'iommu_domain_alloc(pci) => dom0\niommu_domain_alloc(pci) => dom0',
      'upstream-5.8',
    );
    expect(r.entries.map((e) => [e.got, e.ok])).toEqual([
      ['dom0', true],
      ['dom1', false],
    ]);
  });

  it('checks +WARN against the step, and shows a WARN in what it got', () => {
    const text = `pci P1 pasids=1048576 siov
mdev m1 parent=P1
D = iommu_domain_alloc(pci)
iommu_aux_detach_group(D, G_m1, P1) => void +WARN
iommu_aux_detach_group(D, G_m1, P1) => void
iommu_group_id(G_P1) => 0 +WARN`;
    const r = run(text, 'v3-group-flag');
    expect(r.entries.slice(3).map((e) => [e.got, e.expected, e.ok])).toEqual([
      ['void +WARN', 'void +WARN', true],
      ['void +WARN', 'void', true],
      ['0', '0 +WARN', false],
    ]);
  });

  it('expects OOPS from a crashing call and goes on', () => {
    const text = `pci P1 pasids=1048576 siov
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0
D = iommu_domain_alloc(pci)
iommu_aux_attach_device(D, P1) => 0
iommu_aux_detach_device(D, P1) => void
iommu_aux_detach_device(D, P1) => OOPS
iommu_group_id(G_P1) => 0`;
    const r = run(text, 'upstream-5.8');
    expect([r.passed, r.failed]).toEqual([5, 0]);
    expect(r.entries.at(-1)?.machine.tainted).toBe(true);
  });

  it('applies only the alternative for the design, or nothing', () => {
    const text = 'iommu_domain_alloc(pci) => NULL @pasid-6.x';
    expect(run(text, 'pasid-6.x').entries[0]).toMatchObject({
      expected: 'NULL',
      ok: false,
      got: 'dom0',
    });
    const up = run(text, 'upstream-5.8');
    expect(up.entries[0].expected).toBeUndefined();
    expect(up.entries[0].ok).toBeUndefined();
    expect([up.passed, up.failed]).toEqual([0, 0]);
  });

  it('lets unsupported spread to calls that use its result', () => {
    const text = `pci P1 pasids=1048576 siov
x = iommu_alloc_global_pasid(P1) => unsupported @upstream-5.8 | 1
iommu_free_global_pasid(x) => unsupported @upstream-5.8 | void`;
    for (const d of ['upstream-5.8', 'pasid-6.x'] as const) expect(run(text, d).failed).toBe(0);
    expect(run(text, 'upstream-5.8').entries[2].step).toBeUndefined();
  });

  it('reads dma(G) through a bound group, and shows objects and plain values', () => {
    const text = `pci P1\ng = iommu_group_get(P1)\ndma(g) => dma(G_P1)\nshow dma(g)\nn = iommu_group_id(g)\nshow n`;
    const r = run(text, 'upstream-5.8');
    expect(r.failed).toBe(0);
    expect(r.entries[3].shown).toMatchObject({ name: 'dma(G_P1)', type: 'DMA' });
    expect(r.entries[5].shown).toEqual({ value: '0' });
  });
});

describe('runtime errors', () => {
  const errs = (text: string, design: DesignId = 'upstream-5.8') => {
    const r = run(text, design);
    expect(r.failed).toBe(
      r.errors.length + r.entries.filter((e) => e.ok === false && !e.error).length,
    );
    return r.errors.map((e) => `${e.line}:${e.col}: ${e.message}`);
  };

  it('reports an unknown name at its column and goes on', () => {
    expect(errs('pci P1\niommu_attach_device(D, P1) => 0\niommu_group_id(G_P1) => 0')).toEqual([
      "2:21: unknown name 'D'",
    ]);
    expect(errs('x => 1\nshow Y\niommu_domain_alloc(pci) => E')).toEqual([
      "1:1: unknown name 'x'",
      "2:6: unknown name 'Y'",
      "3:28: unknown name 'E'",
    ]);
  });

  it('reports an argument of the wrong kind at the function, as a failure', () => {
    const r = run('pci V\nD = iommu_attach_device(0, V) => 0', 'upstream-5.8');
    expect(r.errors).toEqual([
      { line: 2, col: 5, message: expect.stringContaining('must be a domain') },
    ]);
    expect([r.passed, r.failed]).toEqual([0, 1]);
    expect(errs('pci V\nD = iommu_attach_device(0, V)\niommu_domain_free(D)')).toEqual([
      expect.stringMatching(/^2:5: .*must be a domain/),
      "3:19: expected an object or an integer, found 'D' holding invalid (argument 1 (domain) of iommu_attach_device must be a domain, got integer 0)",
    ]);
  });

  it('refuses values that are not arguments, and dma() of a non-group', () => {
    expect(
      errs('pci P\nb = iommu_dev_has_feature(P, IOMMU_DEV_FEAT_AUX)\niommu_group_id(b)'),
    ).toEqual(["3:16: expected an object or an integer, found 'b' holding false"]);
    expect(errs('pci P\niommu_domain_free(dma(P))')).toEqual([
      "2:23: expected a group in 'dma(…)', found 'P' (P)",
    ]);
  });

  it('reports a declaration the core refuses at the declaration, and keeps the machine', () => {
    // dom0 only exists at run time, so the parser cannot see the clash; the core does.
    const r = run(
      'iommu_domain_alloc(pci)\n  pci dom0\niommu_domain_alloc(pci) => dom1',
      'upstream-5.8',
    );
    expect(r.errors).toEqual([{ line: 2, col: 3, message: "'dom0' is already declared" }]);
    expect(r.entries[1].machine).toBe(r.entries[0].machine);
    expect([r.passed, r.failed]).toEqual([1, 1]);
  });
});

it('is deterministic', () => {
  const s = script(USAGE);
  const a = DESIGN_IDS.map((d) => results(runScenario(s, d)));
  const b = DESIGN_IDS.map((d) => results(runScenario(s, d)));
  expect(a).toEqual(b);
});

it('designsFor falls back to the given design, then upstream-5.8', () => {
  expect(designsFor(script('pci P'))).toEqual(['upstream-5.8']);
  expect(designsFor(script('pci P'), 'driver-map')).toEqual(['driver-map']);
});

describe('iommu_group_store_type (the sysfs type store, v6.12)', () => {
  const TEXT = `pci P
pci Q passthrough
iommu_group_store_type(G_P, IOMMU_DOMAIN_IDENTITY)
iommu_get_domain_for_dev(P)
iommu_group_store_type(G_Q, 0)
iommu_group_store_type(G_P, 7)
`;
  it('moves the group to a default domain of the new type under pasid-6.x, and is unsupported before v5.11', () => {
    expect(results(run(TEXT, 'pasid-6.x'))).toEqual(['3: 0', '4: identity', '5: 0', '6: -EINVAL']);
    expect(results(run(TEXT, 'upstream-5.8'))).toEqual(['3: unsupported', '4: dma(G_P)', '5: unsupported', '6: unsupported']);
  });

  it('is parsed with its arity checked', () => {
    const { errors } = parseScenario('pci P\niommu_group_store_type(G_P)\n');
    expect(errors.map((e) => e.message).join('\n')).toMatch(/expected 2 argument\(s\) for iommu_group_store_type/);
  });
});
