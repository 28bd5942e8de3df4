import { describe, expect, it } from 'vitest';
import { applyCall, DESIGNS, formatValue, getDesign } from '../../src/core/index';
import { call, container, deepFreeze, machine, mdev, pci, run } from './helpers';

const setup = () => machine([pci('P1'), pci('P2'), pci('V', { pasids: 0, siov: false }), mdev('m1', 'P1'), mdev('m3', 'P2'), container('C')]);
const SCRIPT: [string, (string | number)[], string?][] = [
  ['iommu_dev_enable_feature', ['P1', 0]],
  ['iommu_dev_enable_feature', ['P2', 0]],
  ['vfio_attach_group', ['C', 'G_m1']],
  ['vfio_attach_group', ['C', 'G_m3']],
  ['driver_get_pasid', ['m1']],
  ['vfio_detach_group', ['C', 'G_m1']],
  ['vfio_detach_group', ['C', 'G_m3']],
];

describe('engine', () => {
  it.each(DESIGNS.map((d) => d.id))('never mutates the state it is given, replayed from every earlier machine (%s)', (id) => {
    // Not frozen on purpose: a write into an earlier machine would succeed here and show up as
    // a changed serialisation (property.test.ts covers the frozen case, where a write throws).
    const start = setup();
    const steps = run(id, start, SCRIPT);
    const inputs = [start, ...steps.slice(0, -1).map((s) => s.machine)];
    const snapshots = inputs.map((m) => JSON.stringify(m));
    // Replay the rest of the script from each recorded input; none of them may change.
    for (const [i, m] of inputs.entries()) {
      run(id, m, SCRIPT.slice(i));
      expect(JSON.stringify(m)).toBe(snapshots[i]);
    }
    expect(JSON.stringify(setup())).toBe(snapshots[0]);
  });

  it.each(DESIGNS.map((d) => d.id))('never mutates the state it is given, nor any earlier step (%s)', (id) => {
    const d = getDesign(id)!;
    let m = deepFreeze(setup());
    const seen: [object, string][] = [[m, JSON.stringify(m)]];
    for (const [fn, args, bind] of SCRIPT) {
      // Frozen: any write into a machine an earlier call returned throws in strict mode.
      const s = applyCall(d, m, call(m, fn, args, bind));
      // A write into a frozen machine throws, and the engine's boundary turns that into the
      // value `internal error`: no step of this script may be one.
      expect(s.ret.t).not.toBe('internal');
      void s.trace; // the trace is rebuilt from the frozen input on first read
      m = deepFreeze(s.machine);
      seen.push([m, JSON.stringify(m)]);
    }
    for (const [machine, json] of seen) expect(JSON.stringify(machine)).toBe(json);
    expect(JSON.stringify(setup())).toBe(seen[0][1]);
  });

  it.each(DESIGNS.map((d) => d.id))('a trace read long after its step is the one its call made (%s)', (id) => {
    const early = run(id, setup(), SCRIPT).map((s) => JSON.stringify(s.trace));
    const steps = run(id, setup(), SCRIPT);
    const late = [...steps].reverse().map((s) => JSON.stringify(s.trace)).reverse();
    expect(late).toEqual(early);
    expect(steps[2].trace.children.length).toBeGreaterThan(0);
  });

  it.each(DESIGNS.map((d) => d.id))('gives the same steps for the same input (%s)', (id) => {
    const a = run(id, setup(), SCRIPT);
    const b = run(id, setup(), SCRIPT);
    expect(b.map((s) => JSON.stringify([s.ret, s.trace, s.changes, s.violations]))).toEqual(
      a.map((s) => JSON.stringify([s.ret, s.trace, s.changes, s.violations])),
    );
  });

  it('returns unsupported for a function the design lacks, and leaves the state alone', () => {
    const m = setup();
    const s = applyCall(getDesign('upstream-5.8')!, m, call(m, 'iommu_attach_device_pasid', ['dma(G_P1)', 'P1', 1]));
    expect(s.ret).toEqual({ t: 'unsupported' });
    expect(s.machine).toBe(m);
  });

  it('refuses an argument of the wrong kind as invalid, naming it', () => {
    const m = setup();
    const s = applyCall(getDesign('upstream-5.8')!, m, call(m, 'iommu_attach_device', ['G_m1', 'P1']));
    expect(s.ret.t).toBe('invalid');
    expect(s.ret.t === 'invalid' && s.ret.why).toMatch(/argument 1 \(domain\) of iommu_attach_device must be a domain, got group G_m1/);
  });

  it('turns a NULL dereference into OOPS and taints the machine', () => {
    const m = setup();
    const s = applyCall(getDesign('upstream-5.8')!, m, call(m, 'iommu_attach_device', ['NULL', 'P1']));
    expect(s.ret.t).toBe('oops');
    expect(s.machine.tainted).toBe(true);
    expect(s.log.some((l) => l.level === 'OOPS')).toBe(true);
  });

  it('records the call tree of a portable step in kernel names', () => {
    const steps = run('upstream-5.8', setup(), SCRIPT.slice(0, 3));
    const names: string[] = [];
    const walk = (n: { fn: string; children: unknown[] }) => {
      names.push(n.fn);
      (n.children as { fn: string; children: unknown[] }[]).forEach(walk);
    };
    walk(steps[2].trace);
    expect(names).toEqual(expect.arrayContaining(['vfio_attach_group', 'vfio_iommu_type1_attach_group', 'iommu_domain_alloc', 'iommu_aux_attach_device', 'intel_iommu_aux_attach_device']));
  });

  it('reports what changed, field by field', () => {
    const steps = run('upstream-5.8', setup(), SCRIPT.slice(0, 3));
    const fields = steps[2].changes.map((c) => `${c.name}.${c.field}`);
    expect(fields).toEqual(expect.arrayContaining(['C.d0.default_pasid', 'C.d0.auxd_refcnt', 'P1.pasid_table']));
    expect(steps[0].changes.map((c) => `${c.name}.${c.field}`)).toEqual(expect.arrayContaining(['P1.info.auxd_enabled']));
  });

  it('prints values the way a reviewer reads them', () => {
    const steps = run('upstream-5.8', setup(), [
      ['iommu_get_domain_for_dev', ['P1']],
      ['iommu_domain_alloc', ['bus:pci'], 'D'],
      ['iommu_attach_device', ['D', 'P1']],
      ['iommu_attach_device', ['dma(G_P2)', 'P1']],
      ['iommu_iova_to_phys', ['D', 0x1000]],
    ]);
    expect(steps.map((s) => formatValue(s.machine, s.ret))).toEqual(['dma(G_P1)', 'D', '0', '-EBUSY', '0']);
  });
});

describe('quiet mode', () => {
  it.each(DESIGNS.map((d) => d.id))('gives the same results, log and state without the call tree (%s)', (id) => {
    const d = getDesign(id)!;
    let a = setup();
    let b = setup();
    for (const [fn, args] of SCRIPT) {
      const loud = applyCall(d, a, call(a, fn, args));
      const quiet = applyCall(d, b, call(b, fn, args), undefined, { quiet: true });
      expect(JSON.stringify([quiet.ret, quiet.log, quiet.warned, quiet.changes, quiet.violations, quiet.machine])).toBe(
        JSON.stringify([loud.ret, loud.log, loud.warned, loud.changes, loud.violations, loud.machine]),
      );
      expect(quiet.trace.children).toEqual([]);
      // The root alone, with the call's log lines.
      expect(quiet.trace).toMatchObject({ fn, ret: '', log: loud.log });
      expect(quiet.trace).toBe(quiet.trace);
      a = loud.machine;
      b = quiet.machine;
    }
  });
});

describe('the call boundary', () => {
  it('turns an exception that is not an OOPS into an internal error naming the call; the machine is unchanged', () => {
    const base = getDesign('v3-group-flag')!;
    const broken = { ...base, functions: { ...base.functions, iommu_group_id: () => { throw new RangeError('Table.get: no entry null'); } } };
    const m = setup();
    const s = applyCall(broken, m, call(m, 'iommu_group_id', ['G_P1']));
    expect(s.ret).toEqual({ t: 'internal', fn: 'iommu_group_id', why: 'RangeError: Table.get: no entry null' });
    expect(s.machine).toBe(m);
    expect(s.trace.ret).toBe('internal error in iommu_group_id: RangeError: Table.get: no entry null');
    expect(s.log.map((l) => l.level)).toEqual(['ERR']);
    expect(formatValue(m, s.ret)).toMatch(/^internal error in iommu_group_id/);
    // The run goes on from the same machine.
    const next = applyCall(broken, s.machine, call(s.machine, 'iommu_get_domain_for_dev', ['P1']), s);
    expect(next.ret.t).toBe('ptr');
  });

  it('reports an invariant check that throws as a violation, never as an exception', () => {
    const base = getDesign('upstream-5.8')!;
    const broken = { ...base, invariants: () => { throw new TypeError('boom'); } };
    const m = setup();
    const s = applyCall(broken, m, call(m, 'iommu_get_domain_for_dev', ['P1']));
    expect(s.violations.map((v) => v.code)).toEqual(['internal-error']);
  });

  it('refuses a function name that only Object.prototype has (constructor, toString) as unknown', () => {
    const m = setup();
    for (const fn of ['constructor', 'toString', '__proto__']) {
      const s = applyCall(getDesign('upstream-5.8')!, m, { fn, args: [] });
      expect(s.ret).toEqual({ t: 'invalid', why: `unknown function ${fn}` });
      expect(s.machine).toBe(m);
    }
  });
});
