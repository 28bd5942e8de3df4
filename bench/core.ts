/**
 * Core and scenario-language benchmarks (bench/run.ts prints them):
 *   core.calls_per_s          median over 5 runs (after 2 untimed ones: JIT warm-up) of the
 *                             loop below on a 64-parent, 1,024-mdev machine, run through the
 *                             runner's path: the loop as a .scn text, parsed, planned and run by
 *                             the functions the run Worker's host calls (runner/pure/job.ts
 *                             planJob with runner/scn-engine.ts, so scn's runScenarioSteps and
 *                             the core's applyCall), reusing the declarations' entries from a
 *                             first run of them, as an edit after them does; every RunEntry kept
 *                             with its Step and machine (docs/architecture.md, "One model of a run")
 *   core.checked_calls_per_s  the same, then reading every step's invariant violations (the
 *                             Worker reads them all, to send them)
 *   core.quiet_calls_per_s    quiet calls (no call tree at all), every Step object kept in an
 *                             array with its machine: the search's way of using the core
 *   core.*_per_cpu_s          the same three per CPU-second of this process (steadier than wall
 *                             time on a shared machine; GC threads count)
 *   core.bytes_per_step       heap retained by the Run of 10,000 such calls, per call (after full
 *                             GCs): what the run host keeps (its reuse cache holds the Run)
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
import { applyCall, declare, getDesign, newMachine, resolveName, type Arg, type Call, type Machine, type Step } from '../src/core/index';
import { checkScenario, type Run } from '../src/scn/index';
import { planJob, type ReuseCache } from '../src/runner/pure/job';
import { scnEngine } from '../src/runner/scn-engine';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (): number => performance.now();

export const PARENTS = 64;
export const MDEVS_PER_PARENT = 16;
/** Calls per run, the same for every core figure: 2,048 turns of 6 calls (every mdev twice). */
export const CALLS = 12_288;
/** Calls of the run whose heap is measured. */
const MEASURED = 10_000;

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

/** What a run keeps: its steps, by index. */
export interface Kept {
  readonly length: number;
  at(i: number): Step;
}

/** The search's way of using the core: quiet applyCall calls (no call tree), every Step kept in an array. */
export function runLoop(m0: Machine, calls: readonly Call[], checked: boolean): Kept {
  const d = getDesign('upstream-5.8')!;
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

/** bigMachine's declarations and calls as a .scn text (no header: the request names the design). */
export function setupText(): string {
  const lines: string[] = ['iommu vtd'];
  for (let p = 0; p < PARENTS; p++) lines.push(`pci P${p} pasids=1048576${p % 2 === 0 ? ' siov' : ''}`);
  for (let i = 0; i < PARENTS * MDEVS_PER_PARENT; i++) lines.push(`mdev m${i} parent=P${i % PARENTS}`);
  lines.push('container C');
  for (let p = 0; p < PARENTS; p++) {
    if (p % 2 === 0) lines.push(`iommu_dev_enable_feature(P${p}, IOMMU_DEV_FEAT_AUX)`);
    lines.push(`D${p} = iommu_domain_alloc(pci)`);
  }
  return lines.join('\n') + '\n';
}

/** The loop's calls as .scn statements, in order (the same calls as loopCalls). */
export function loopLines(n = CALLS): string[] {
  const turns = PARENTS * MDEVS_PER_PARENT;
  const out: string[] = [];
  for (let t = 0; out.length < n; t++) {
    const p = (t % turns) % PARENTS;
    const mdev = `m${p + PARENTS * (Math.floor((t % turns) / PARENTS) % MDEVS_PER_PARENT)}`;
    const iova = 0x100000 + p * 0x1000;
    const aux = p % 2 === 0 ? 'aux_' : '';
    for (const l of [
      `iommu_${aux}attach_device(D${p}, P${p})`,
      `iommu_map(D${p}, ${iova}, ${0x80000000 + iova}, 4096, 3)`,
      `iommu_unmap(D${p}, ${iova}, 4096)`,
      `iommu_${aux}detach_device(D${p}, P${p})`,
      `vfio_attach_group(C, G_${mdev})`,
      `vfio_detach_group(C, G_${mdev})`,
    ])
      if (out.length < n) out.push(l);
  }
  return out;
}

/** A request of the loop through the runner, and the reuse cache a first run of the declarations left. */
export interface RunnerLoop {
  readonly text: string;
  readonly cache: ReuseCache;
  readonly calls: number;
}

const REQUEST = { wanted: 'upstream-5.8', extra: [], lastGood: false } as const;

/** Drains one job of the run host (what host.ts does in its slices), returns the design's run. */
function drain(text: string, cache: ReuseCache): Run {
  const job = planJob(scnEngine, scnEngine.parse(text), { text, ...REQUEST }, cache);
  for (;;) {
    const n = job.steps.next();
    if (n.done) {
      const run = n.value.runs['upstream-5.8'];
      if (!run || n.value.errors.length) throw new Error(`bench: the loop did not run: ${n.value.errors[0]?.message}`);
      return run;
    }
  }
}

export function runnerLoop(n = CALLS): RunnerLoop {
  const setup = setupText();
  const cache: ReuseCache = new Map();
  drain(setup, cache);
  return { text: setup + loopLines(n).join('\n') + '\n', cache, calls: n };
}

/**
 * One run of the loop through the runner's path: parse, plan against the declarations' run
 * (a copy of the cache: every run starts from the same one), run. `checked` then reads every
 * step's violations. Returns the run's call entries' steps.
 */
export function runThroughRunner(r: RunnerLoop, checked: boolean): Kept {
  const run = drain(r.text, new Map(r.cache));
  const steps = run.entries.slice(run.entries.length - r.calls).map((e) => e.step!);
  if (checked) for (const s of steps) void s.violations;
  return { length: steps.length, at: (i) => steps[i] };
}

/** calls/s of `run` (wall, CPU): medians of 5 runs after 2 untimed ones (the first runs of a loop are the JIT's, 5–10× slower). */
function callsPerSecond(run: () => Kept): [number, number] {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  for (let i = 0; i < 2; i++) run();
  for (let i = 0; i < 5; i++) {
    const t = now();
    const c = process.cpuUsage();
    const kept = run();
    const cpu = process.cpuUsage(c);
    rates.push(kept.length / ((now() - t) / 1000));
    cpuRates.push(kept.length / ((cpu.user + cpu.system) / 1e6));
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

/** Heap growth of the runner's Run of 10,000 loop calls ÷ 10,000, after full collections. */
export function bytesPerStep(r: RunnerLoop = runnerLoop(MEASURED)): number {
  const gc = collect();
  const sizes: number[] = [];
  // One run per call of `measure`: once it returns, its run is unreachable, so the next
  // run's baseline does not include it.
  const measure = (): number => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = runThroughRunner(r, false);
    gc();
    const after = process.memoryUsage().heapUsed;
    if (kept.length !== r.calls) throw new Error('short run');
    return (after - before) / kept.length;
  };
  for (let run = 0; run < 3; run++) sizes.push(measure());
  return Math.round(median(sizes));
}

export function benchCore(): Record<string, number> {
  const m0 = bigMachine();
  const calls = loopCalls(m0);
  const counts: Record<string, number> = {};
  for (const c of calls) counts[`core.count.${c.fn}`] = (counts[`core.count.${c.fn}`] ?? 0) + 1;
  const loop = runnerLoop();
  const kept = runThroughRunner(loop, false);
  let okCount = 0;
  for (let i = 0; i < kept.length; i++) if (ok(kept.at(i))) okCount++;
  // The runner's steps are the quiet chain's: the same calls on the same machine.
  const quietRun = runLoop(m0, calls, false);
  for (let i = 0; i < kept.length; i++) if (ok(quietRun.at(i)) !== ok(kept.at(i))) throw new Error(`bench: the runner's step ${i} differs from the core loop's`);
  const [loud, loudCpu] = callsPerSecond(() => runThroughRunner(loop, false));
  const [checked, checkedCpu] = callsPerSecond(() => runThroughRunner(loop, true));
  const [quiet, quietCpu] = callsPerSecond(() => runLoop(m0, calls, false));
  return {
    'core.calls_per_s': loud,
    'core.checked_calls_per_s': checked,
    'core.quiet_calls_per_s': quiet,
    // Per CPU-second of this process (GC threads included): steadier than wall time on a shared machine.
    'core.calls_per_cpu_s': loudCpu,
    'core.checked_calls_per_cpu_s': checkedCpu,
    'core.quiet_calls_per_cpu_s': quietCpu,
    'core.bytes_per_step': bytesPerStep(),
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
