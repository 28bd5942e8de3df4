/**
 * Core and scenario-language benchmarks (bench/run.ts prints them):
 *   core.calls_per_s          median over 5 runs (after 2 untimed ones: JIT warm-up) of the
 *                             loop below on a 64-parent, 1,024-mdev machine, run the way the app
 *                             runs it (the run host, through scn's runScenarioSteps): a chain of
 *                             applyCall, every Step kept with its machine and call tree
 *                             (docs/architecture.md, "One model of a run")
 *   core.checked_calls_per_s  the same, reading each step's invariant violations as it goes
 *   core.quiet_calls_per_s    quiet calls (no call tree at all), every Step object kept in an
 *                             array with its machine: the search's way of using the core
 *   core.*_per_cpu_s          the same three per CPU-second of this process (steadier than wall
 *                             time on a shared machine; GC threads count)
 *   core.bytes_per_step       heap retained by 10,000 such steps, per step (after full GCs)
 *   core.history_read_*_us    the measured alternative, a History (src/core/history.ts: checkpoints,
 *                             steps rebuilt by replay): µs per step read in order, at random, and
 *                             per trace read at random (see historyReads; bench/run-model.ts
 *                             compares the two models' calls/s and bytes/step)
 *   core.count.<fn>           how many calls of each function one run makes (the same for every
 *                             core figure), and core.count.ok: how many returned 0 / a value
 *   scn.check_ms              median over 5 runs: parse and run every file under src/scenarios
 *   scn.check_cpu_ms          the same in CPU time of this process (steadier on a shared machine)
 *   scn.files                 how many files that is
 *
 * The loop: turn t works on parent p = t mod 64 and its mdev number (t div 64) mod 16, so
 * 1,024 turns touch every parent 16 times and every mdev once. Each turn makes six calls:
 * attach D_p to P_p (iommu_aux_attach_device on the 32 AUX parents, iommu_attach_device on the
 * 32 plain ones), iommu_map and iommu_unmap on D_p, the matching detach, then
 * vfio_attach_group(C, G_m) and vfio_detach_group(C, G_m) for the mdev (type1 allocates a
 * container domain and attaches it — aux under an AUX parent, plain under a plain one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { applyCall, declare, getDesign, History, newMachine, resolveName, type Arg, type Call, type Machine, type Step } from '../src/core/index';
import { checkScenario } from '../src/scn/index';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (): number => performance.now();

export const PARENTS = 64;
export const MDEVS_PER_PARENT = 16;
/** Calls per run, the same for every core figure: 2,048 turns of 6 calls (every mdev twice). */
export const CALLS = 12_288;
const HISTORY = 10_000;

/** 64 parents (32 with AUX, 32 without), 16 mdevs each, one UNMANAGED domain per parent. */
export function bigMachine(): Machine {
  let m = newMachine();
  const put = (d: Parameters<typeof declare>[1]) => {
    const r = declare(m, d);
    if (r.error) throw new Error(r.error);
    m = r.machine;
  };
  for (let p = 0; p < PARENTS; p++) put({ kind: 'pci', name: `P${p}`, pasids: 1 << 20, siov: p % 2 === 0, rmrr: false, passthrough: false, ats: false, pri: false });
  for (let i = 0; i < PARENTS * MDEVS_PER_PARENT; i++) put({ kind: 'mdev', name: `m${i}`, parent: `P${i % PARENTS}`, iommu: true });
  put({ kind: 'container', name: 'C' });
  const d = getDesign('upstream-5.8')!;
  for (let p = 0; p < PARENTS; p++) {
    if (p % 2 === 0) m = applyCall(d, m, call(m, 'iommu_dev_enable_feature', [`P${p}`, 0])).machine;
    m = applyCall(d, m, call(m, 'iommu_domain_alloc', ['bus:pci'], `D${p}`)).machine;
  }
  return m;
}

function call(m: Machine, fn: string, args: (string | number)[], bind?: string): Call {
  const a: Arg[] = args.map((x) =>
    typeof x === 'number' ? { t: 'int', v: x } : x.startsWith('bus:') ? { t: 'bus', bus: 'pci' } : { t: 'ref', ref: resolveName(m, x)! },
  );
  return bind ? { fn, args: a, bind } : { fn, args: a };
}

/** The six calls of turn t, arguments resolved once (the engine is measured, not name lookup). */
function turn(m: Machine, t: number): Call[] {
  const p = t % PARENTS;
  const mdev = `m${p + PARENTS * (Math.floor(t / PARENTS) % MDEVS_PER_PARENT)}`;
  const D = `D${p}`;
  const P = `P${p}`;
  const iova = 0x100000 + p * 0x1000;
  const aux = p % 2 === 0;
  const calls: [string, (string | number)[]][] = [
    [aux ? 'iommu_aux_attach_device' : 'iommu_attach_device', [D, P]],
    ['iommu_map', [D, iova, 0x80000000 + iova, 0x1000, 3]],
    ['iommu_unmap', [D, iova, 0x1000]],
    [aux ? 'iommu_aux_detach_device' : 'iommu_detach_device', [D, P]],
    ['vfio_attach_group', ['C', `G_${mdev}`]],
    ['vfio_detach_group', ['C', `G_${mdev}`]],
  ];
  return calls.map(([fn, a]) => call(m, fn, a));
}

/** Every call of one run, in order. */
export function loopCalls(m0: Machine, n = CALLS): Call[] {
  const turns = PARENTS * MDEVS_PER_PARENT;
  const byTurn = Array.from({ length: turns }, (_, t) => turn(m0, t));
  const out: Call[] = [];
  for (let t = 0; out.length < n; t++) for (const c of byTurn[t % turns]) if (out.length < n) out.push(c);
  return out;
}

const ok = (s: Step): boolean => (s.ret.t === 'int' && s.ret.v >= 0) || s.ret.t === 'void' || s.ret.t === 'ptr';

/**
 * One run as the app runs it: a chain of applyCall, every Step kept with its machine and call
 * tree (the run host's path, through scn's runScenarioSteps). `checked` reads each step's
 * violations as it is made (the run Worker reads them all, to send them). `quiet` is the
 * search's way instead: quiet applyCall calls (no call tree at all).
 */
/** What a run keeps: its steps, by index. */
export interface Kept {
  readonly length: number;
  at(i: number): Step;
}

export function runLoop(m0: Machine, calls: readonly Call[], checked: boolean, quiet: boolean): Kept {
  const d = getDesign('upstream-5.8')!;
  if (quiet) {
    const steps: Step[] = [];
    let m = m0;
    for (const c of calls) {
      const s = applyCall(d, m, c, steps.length ? steps[steps.length - 1] : undefined, { quiet: true });
      if (checked) void s.violations;
      steps.push(s);
      m = s.machine;
    }
    return { length: steps.length, at: (i) => steps[i] };
  }
  // The app's path: what runScenarioSteps does per statement.
  const steps: Step[] = [];
  let m = m0;
  for (const c of calls) {
    const s = applyCall(d, m, c, steps.length ? steps[steps.length - 1] : undefined);
    if (checked) void s.violations;
    steps.push(s);
    m = s.machine;
  }
  return { length: steps.length, at: (i) => steps[i] };
}

/**
 * `checked`: read every step's violations as it is made; otherwise they stay lazy, as in a
 * history nobody has looked at yet.
 */
function callsPerSecond(m0: Machine, calls: readonly Call[], checked: boolean, quiet: boolean): [number, number] {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  // Two untimed runs first: the first runs of a loop are the JIT's (5–10× slower), not the core's.
  for (let run = 0; run < 2; run++) runLoop(m0, calls, checked, quiet);
  for (let run = 0; run < 5; run++) {
    const t = now();
    const c = process.cpuUsage();
    const history = runLoop(m0, calls, checked, quiet);
    const cpu = process.cpuUsage(c);
    rates.push(history.length / ((now() - t) / 1000));
    cpuRates.push(history.length / ((cpu.user + cpu.system) / 1e6));
  }
  return [Math.round(median(rates)), Math.round(median(cpuRates))];
}

/** A full garbage collection (V8's gc(), exposed at run time). */
function collect(): () => void {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

/** Heap growth of a 10,000-step history ÷ 10,000, after full collections. */
function bytesPerStep(m0: Machine, calls: readonly Call[]): number {
  const gc = collect();
  const sizes: number[] = [];
  // One history per call of `measure`: once it returns, its history is unreachable, so the
  // next run's baseline does not include it.
  const measure = (): number => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const history = runLoop(m0, calls.slice(0, HISTORY), false, false);
    gc();
    const after = process.memoryUsage().heapUsed;
    if (history.length !== HISTORY) throw new Error('short history');
    return (after - before) / history.length;
  };
  for (let run = 0; run < 3; run++) sizes.push(measure());
  return Math.round(median(sizes));
}

/**
 * What keeping only checkpoints costs a reader of the History: µs per step to read every step's
 * machine in order (each 64-step segment replayed once), and to read 256 steps picked at random
 * (up to 64 calls replayed each), and each of those steps' trace (one more call, with the tree).
 * Medians of 3.
 */
function historyReads(m0: Machine, calls: readonly Call[]): Record<string, number> {
  const h = new History(getDesign('upstream-5.8')!, m0);
  for (const c of calls) h.apply(c);
  const picks = Array.from({ length: 256 }, (_, i) => (i * 7919 + 13) % h.length);
  const time = (f: () => void, n: number): number => {
    const t: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = now();
      f();
      t.push(((now() - t0) * 1000) / n);
    }
    return Math.round(median(t) * 10) / 10;
  };
  let sink = 0;
  const seq = time(() => {
    for (let i = 0; i < h.length; i++) sink += h.at(i).machine.domains.size;
  }, h.length);
  const random = time(() => {
    for (const i of picks) sink += h.at(i).machine.domains.size;
  }, picks.length);
  const trace = time(() => {
    for (const i of picks) sink += h.at(i).trace.children.length;
  }, picks.length);
  if (sink < 0) throw new Error('unreachable');
  return { 'core.history_read_seq_us': seq, 'core.history_read_random_us': random, 'core.history_trace_random_us': trace };
}

export function benchCore(): Record<string, number> {
  const m0 = bigMachine();
  const calls = loopCalls(m0);
  const counts: Record<string, number> = {};
  for (const c of calls) counts[`core.count.${c.fn}`] = (counts[`core.count.${c.fn}`] ?? 0) + 1;
  const okRun = runLoop(m0, calls, false, true);
  let okCount = 0;
  for (let i = 0; i < okRun.length; i++) if (ok(okRun.at(i))) okCount++;
  const [loud, loudCpu] = callsPerSecond(m0, calls, false, false);
  const [checked, checkedCpu] = callsPerSecond(m0, calls, true, false);
  const [quiet, quietCpu] = callsPerSecond(m0, calls, false, true);
  return {
    'core.calls_per_s': loud,
    'core.checked_calls_per_s': checked,
    'core.quiet_calls_per_s': quiet,
    // Per CPU-second of this process (GC threads included): steadier than wall time on a shared machine.
    'core.calls_per_cpu_s': loudCpu,
    'core.checked_calls_per_cpu_s': checkedCpu,
    'core.quiet_calls_per_cpu_s': quietCpu,
    'core.bytes_per_step': bytesPerStep(m0, calls),
    ...historyReads(m0, calls),
    'core.count.calls': calls.length,
    ...counts,
    'core.count.ok': okCount,
  };
}

export function benchScn(): Record<string, number> {
  // The scenario library (test/library.ts's LIBRARY_DIR); an empty list would print a 0 that means nothing.
  const dir = join(import.meta.dirname ?? '.', '..', 'src', 'scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.scn')).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
  if (!files.length) throw new Error(`bench: no .scn file under ${dir}`);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t = now();
    const c = process.cpuUsage();
    for (const [f, text] of files) checkScenario(f, text);
    const cpu = process.cpuUsage(c);
    times.push(now() - t);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  return { 'scn.check_ms': Math.round(median(times)), 'scn.check_cpu_ms': Math.round(median(cpuTimes)), 'scn.files': files.length };
}
