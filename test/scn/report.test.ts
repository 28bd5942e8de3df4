import { afterEach, describe, expect, it } from 'vitest';
import { getDesign, type KernelFn } from '../../src/core';
import { checkScenario, formatReport, totals } from '../../src/scn';

const PASSING = `design: upstream-5.8, pasid-6.x
pci P1 pasids=1048576 siov
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => unsupported @pasid-6.x | 0
iommu_group_id(G_P1) => 0
`;

describe('checkScenario', () => {
  it('runs every design of the header, or only the one asked for', () => {
    expect(checkScenario('a.scn', PASSING).runs.map((r) => r.design)).toEqual([
      'upstream-5.8',
      'pasid-6.x',
    ]);
    expect(checkScenario('a.scn', PASSING, 'pasid-6.x').runs.map((r) => r.design)).toEqual([
      'pasid-6.x',
    ]);
    expect(checkScenario('b.scn', 'pci P', 'driver-map').runs.map((r) => r.design)).toEqual([
      'driver-map',
    ]);
    expect(checkScenario('b.scn', 'pci P').runs.map((r) => r.design)).toEqual(['upstream-5.8']);
  });
  it('skips a file whose header leaves out the --design asked for, saying so at the header', () => {
    const r = checkScenario('a.scn', `pci P\n${PASSING}`, 'driver-map');
    expect(r.runs).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual({ line: 2, col: 9, message: 'skipped: the header lists upstream-5.8, pasid-6.x, not driver-map' });
    expect(formatReport([r, checkScenario('b.scn', PASSING, 'pasid-6.x')]).split('\n')).toEqual([
      'a.scn:2: skipped: the header lists upstream-5.8, pasid-6.x, not driver-map',
      '2 passed, 0 failed, 1 skipped',
    ]);
  });
  it('runs nothing when the text has a syntax error', () => {
    const r = checkScenario(
      't.scn',
      'pci P1\niommu_group_id(G_P1) => 0\niommu_grup_id(G_P1)\npci P1',
    );
    expect(r.runs).toEqual([]);
    expect(r.errors.map((e) => e.line)).toEqual([3, 4]);
  });
});

describe('formatReport', () => {
  it('prints syntax errors as file:line:col and counts the file as one failure', () => {
    const r = checkScenario('t.scn', 'pci P1\niommu_grup_id(G_P1)\npci P1');
    expect(formatReport([r]).split('\n')).toEqual([
      "t.scn:2:1: unknown function 'iommu_grup_id', did you mean 'iommu_group_id'?",
      "t.scn:3:5: 'P1' is already declared as a pci device at line 1",
      '0 passed, 1 failed',
    ]);
  });
  it('prints failed expectations, runtime errors and shown objects per design', () => {
    const text = `design: upstream-5.8, v3-group-flag
pci P1
iommu_group_id(G_P1) => 1 @v3-group-flag | 0
iommu_domain_free(D)
show G_P1`;
    expect(formatReport([checkScenario('x.scn', text)]).split('\n')).toEqual([
      "x.scn:4:19: [upstream-5.8] unknown name 'D'",
      'x.scn:5: [upstream-5.8] show G_P1: name=G_P1, id=0, devices=["P1"], refcount=1, default_domain=dma(G_P1), domain=dma(G_P1), aux_domain_attached=false, pasid_array=[]',
      'x.scn:3: [v3-group-flag] expected 1, got 0',
      "x.scn:4:19: [v3-group-flag] unknown name 'D'",
      'x.scn:5: [v3-group-flag] show G_P1: name=G_P1, id=0, devices=["P1"], refcount=1, default_domain=dma(G_P1), domain=dma(G_P1), aux_domain_attached=false, pasid_array=[]',
      '1 passed, 3 failed',
    ]);
  });
  it('adds up expectations once per design run over all files', () => {
    const reports = [
      checkScenario('a.scn', PASSING),
      checkScenario('b.scn', 'bad'),
      checkScenario('c.scn', ''),
    ];
    expect(totals(reports)).toEqual({ passed: 4, failed: 1, skipped: 0 });
    expect(formatReport(reports).split('\n').at(-1)).toBe('4 passed, 1 failed');
    expect(formatReport([])).toBe('0 passed, 0 failed');
  });
});

describe('an emulator bug inside one call', () => {
  const fns = getDesign('upstream-5.8')!.functions as Record<string, KernelFn>;
  const original = fns.iommu_group_id;
  afterEach(() => {
    fns.iommu_group_id = original;
  });

  it('fails that line as an internal error at file:line, and every other line and file still runs', () => {
    fns.iommu_group_id = () => {
      throw new RangeError('Table.get: no entry null');
    };
    const text = 'pci P1\niommu_group_id(G_P1) => 0\niommu_get_domain_for_dev(P1) => dma(G_P1)\n';
    const reports = [checkScenario('bug.scn', text), checkScenario('ok.scn', 'pci V\niommu_get_domain_for_dev(V) => dma(G_V)\n')];
    expect(formatReport(reports).split('\n')).toEqual([
      'bug.scn:2:1: [upstream-5.8] internal error in iommu_group_id: RangeError: Table.get: no entry null',
      '2 passed, 1 failed',
    ]);
    const step = reports[0].runs[0].entries[1].step!;
    expect(step.ret).toEqual({ t: 'internal', fn: 'iommu_group_id', why: 'RangeError: Table.get: no entry null' });
    expect(step.machine).toBe(reports[0].runs[0].entries[0].machine);
  });
});
