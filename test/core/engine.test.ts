import { describe, expect, it } from 'vitest';
import { applyCall, DESIGNS, formatValue, getDesign, unsupportedCall, writesOf, type Arg, type Step } from '../../src/core/index';
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

  it('a trace whose rebuild throws says so instead of throwing on read', () => {
    const base = getDesign('v3-group-flag')!;
    let calls = 0;
    const real = base.functions.iommu_group_id!;
    // Right the first time (the step), wrong when the trace is rebuilt: an emulator bug.
    const flaky = { ...base, functions: { ...base.functions, iommu_group_id: (...a: Parameters<typeof real>) => (calls++ === 0 ? real(...a) : (() => { throw new RangeError('second time'); })()) } };
    const m = setup();
    const s = applyCall(flaky, m, call(m, 'iommu_group_id', ['G_P1']));
    expect(s.ret.t).toBe('int');
    expect(s.trace).toEqual({ fn: 'iommu_group_id', args: ['G_P1'], ret: 'internal error while rebuilding the trace: RangeError: second time', children: [], log: [{ level: 'ERR', text: 'internal error while rebuilding the trace: RangeError: second time' }] });
    // A thrown non-Error is described as a string.
    const odd = { ...base, functions: { ...base.functions, iommu_group_id: () => { throw 'plain'; } } };
    expect(applyCall(odd, m, call(m, 'iommu_group_id', ['G_P1'])).ret).toEqual({ t: 'internal', fn: 'iommu_group_id', why: 'plain' });
  });

  it('reports an invariant check that throws as a violation, never as an exception', () => {
    const base = getDesign('upstream-5.8')!;
    const broken = { ...base, invariants: () => { throw new TypeError('boom'); } };
    const m = setup();
    const s = applyCall(broken, m, call(m, 'iommu_get_domain_for_dev', ['P1']));
    expect(s.violations.map((v) => v.code)).toEqual(['internal-error']);
    expect(s.violations[0].message).toBe("internal error while checking upstream-5.8's invariants: TypeError: boom");
    expect(s.violations[0].objects).toEqual([]);
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

describe('call checking: what an ill-typed call is told', () => {
  const d = getDesign('upstream-5.8')!;
  const m = setup();
  const why = (fn: string, args: Arg[]) => {
    const s = applyCall(d, m, { fn, args });
    if (s.ret.t !== 'invalid') return null;
    expect(s.machine).toBe(m); // an invalid call never reaches the kernel
    return s.ret.why;
  };
  const dev = (name: string): Arg => call(m, 'iommu_group_get', [name]).args[0];
  it('names the arity, and each parameter kind with what was given instead', () => {
    expect(why('iommu_dev_enable_feature', [dev('P1')])).toBe('iommu_dev_enable_feature takes 2 argument(s) (dev, feat), got 1');
    expect(why('iommu_dev_enable_feature', [dev('P1'), dev('P2')])).toBe('argument 2 (feat) of iommu_dev_enable_feature must be an integer, got device P2');
    expect(why('iommu_dev_enable_feature', [dev('P1'), { t: 'null' }])).toBe('argument 2 (feat) of iommu_dev_enable_feature must be an integer, got NULL');
    expect(why('iommu_domain_alloc', [{ t: 'int', v: 5 }])).toBe('argument 1 (bus) of iommu_domain_alloc must be a bus (pci or mdev), got integer 5');
    expect(why('iommu_get_domain_for_dev', [{ t: 'bus', bus: 'pci' }])).toBe('argument 1 (dev) of iommu_get_domain_for_dev must be a device, got bus pci');
    expect(why('iommu_group_id', [dev('P1')])).toBe('argument 1 (group) of iommu_group_id must be a group, got device P1');
    // The trace's root says the same, prefixed.
    expect(applyCall(d, m, { fn: 'iommu_group_id', args: [dev('P1')] }).trace.ret).toBe('invalid: argument 1 (group) of iommu_group_id must be a group, got device P1');
  });
  it('lets NULL through for a pointer, and a well-typed call through', () => {
    expect(why('iommu_get_domain_for_dev', [{ t: 'null' }])).toBeNull();
    expect(why('iommu_domain_alloc', [{ t: 'bus', bus: 'pci' }])).toBeNull();
    expect(why('iommu_dev_enable_feature', [dev('P1'), { t: 'int', v: 0 }])).toBeNull();
  });
  it('an unsupported call shows "unsupported" as its trace and carries the state unchanged', () => {
    const s = unsupportedCall(getDesign('pasid-6.x')!, m, call(m, 'iommu_dev_enable_feature', ['P1', 0]));
    expect(s.ret).toEqual({ t: 'unsupported' });
    expect(s.machine).toBe(m);
    expect(s.trace.ret).toBe('unsupported');
    expect(writesOf(s)).toEqual([]);
    expect(applyCall(getDesign('upstream-5.8')!, m, call(m, 'iommu_attach_device_pasid', ['dma(G_P1)', 'P1', 1])).trace.ret).toBe('unsupported');
  });
});

describe('steps', () => {
  const d = getDesign('v3-group-flag')!;
  it("reuse the previous step's violations only when the call changed nothing", () => {
    // S8: after the plain detach the group flag is stale; the query after it changes nothing
    // and keeps the violation, the attach before it changed the machine and had none.
    let m = setup();
    const steps: Step[] = [];
    for (const [fn, args] of [['iommu_dev_enable_feature', ['P1', 0]], ['vfio_attach_group', ['C', 'G_m1']], ['iommu_detach_group', ['C.d0', 'G_m1']], ['iommu_get_domain_for_dev', ['P1']]] as const) {
      const s = applyCall(d, m, call(m, fn, [...args]), steps.at(-1));
      steps.push(s);
      m = s.machine;
    }
    expect(steps[1].violations).toEqual([]);
    expect(steps[2].violations.map((v) => v.code)).toContain('group-flag-stale');
    expect(steps[3].machine).toBe(steps[2].machine);
    expect(steps[3].violations.map((v) => v.code)).toEqual(steps[2].violations.map((v) => v.code));
    // A call that changes the machine after a step with violations is checked afresh.
    const again = applyCall(d, steps[1].machine, call(steps[1].machine, 'vfio_detach_group', ['C', 'G_m1']), steps[2]);
    expect(again.violations.map((v) => v.code)).not.toContain('group-flag-stale');
  });
  it('serialise with their lazy parts, and a loud trace carries the formatted return', () => {
    const m = setup();
    const s = applyCall(d, m, call(m, 'iommu_dev_enable_feature', ['P1', 0]));
    const json = JSON.parse(JSON.stringify(s));
    expect(Object.keys(json).sort()).toEqual(['call', 'changes', 'created', 'log', 'machine', 'ret', 'trace', 'violations', 'warned']);
    expect(json.trace.ret).toBe('0');
    expect(json.changes.length).toBeGreaterThan(0);
    expect(writesOf(s)!.length).toBeGreaterThan(0);
    expect(writesOf({ ...json, peekViolations: () => undefined })).toBeNull();
    const q = applyCall(d, m, call(m, 'iommu_dev_enable_feature', ['P1', 0]), undefined, { quiet: true });
    expect(q.trace.args).toEqual([]);
    expect(s.trace.args.length).toBe(2);
  });
});
