/**
 * The search's core calls, alone: the quiet calls a depth-4 search of the bench space makes
 * (pasid-6.x, aux=2,plain=1,mdevs=2,containers=2, every state counted), recorded once as
 * (machine, call) pairs in the order the search makes them (one state's calls together), then
 * replayed with `applyCall(…, { quiet: true })` (or `unsupportedCall` for a constant the design
 * lacks) as the search does, reading what it reads
 * (machine, return, writesOf, created).
 *
 *   npx tsx bench/calls.ts [runs] [--by-fn]
 *
 * Prints, per run (four passes over the recorded calls): calls, wall and CPU ms, calls per CPU-second; the median at the end.
 * `--by-fn`: µs per call by function and by "changed the machine or not" (one more pass).
 * `--bytes` (NODE_OPTIONS as `bytesByFn` says): bytes allocated per call, by kind.
 * `--digest DESIGN`: a digest of every depth-3 transition's outcome under DESIGN (A/B: equal).
 * `node --cpu-prof --cpu-prof-dir=/tmp/p --import tsx bench/calls.ts 8` profiles it.
 */
import { applyCall, constantsOf, formatValue, getDesign, unsupportedCall, writesOf, type Arg, type Call, type Design, type DesignId, type Machine, type Step } from '../src/core/index';
import { parseSpec } from '../src/search/index';
import { dynamicActions, staticActions, staticNames, callsFor, FEAT } from '../src/search/alphabet';
import { fingerprint } from '../src/search/fingerprint';
import { canonOf } from '../src/search/canon';
import { declLines, setupCalls } from '../src/search/machine';
import { replay } from '../src/search/replay';
import { timelineOf } from '../src/compare/index';

const SPACE = 'aux=2,plain=1,mdevs=2,containers=2';
const DEPTH = 4;
/** `--digest DESIGN`: another design than the bench's. */
const DESIGN = (process.argv.includes('--digest') ? (process.argv[process.argv.indexOf('--digest') + 1] ?? 'pasid-6.x') : 'pasid-6.x') as DesignId;

export interface Transition {
  readonly m: Machine;
  readonly call: Call;
  /** Names a constant the design's kernel lacks: the search makes it `unsupported` (unsupportedCall). */
  readonly unsupported: boolean;
}

/** One transition as the search makes it (src/search/bfs.ts `apply`). */
const run = (design: Design, t: Transition): Step => (t.unsupported ? unsupportedCall(design, t.m, t.call) : applyCall(design, t.m, t.call, undefined, { quiet: true }));

/** Every call a BFS of depth DEPTH makes (states deduplicated by fingerprint, as the search). */
export function recordTransitions(depth = DEPTH): Transition[] {
  const design = getDesign(DESIGN)!;
  const spec = parseSpec(SPACE);
  const runs = replay([DESIGN], declLines(spec), setupCalls(spec))!;
  const m0 = timelineOf(runs[0]).at(-1)?.machine ?? runs[0].initial;
  const fns = callsFor([design], undefined);
  const names = staticNames(spec, m0);
  const lacksFeat = !Object.hasOwn(constantsOf(design), FEAT);
  const statics = staticActions(spec, fns).map((a) => ({ fn: a.fn, args: a.args.map((x) => names.get(x) ?? null), feat: a.args.includes(FEAT) }));
  const out: Transition[] = [];
  const seen = new Set<number>([fingerprint(m0)]);
  let frontier = [m0];
  for (let d = 0; d < depth; d++) {
    const next: Machine[] = [];
    for (const m of frontier) {
      const dyn = dynamicActions(spec, fns, [m], names).map((x) => ({ fn: x.action.fn, args: x.args[0], feat: x.action.args.includes(FEAT) }));
      for (const a of [...statics, ...dyn]) {
        if (a.args.includes(null)) continue;
        const call: Call = { fn: a.fn, args: a.args as Arg[] };
        const t = { m, call, unsupported: lacksFeat && a.feat };
        out.push(t);
        const step = run(design, t);
        if (step.ret.t === 'invalid' || step.machine === m) continue;
        const key = fingerprint(step.machine);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(step.machine);
      }
    }
    frontier = next;
  }
  return out;
}

/** One pass over the transitions, as the search reads each step. Returns a checksum. */
export function replayAll(ts: readonly Transition[]): number {
  const design = getDesign(DESIGN)!;
  let sum = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const step = run(design, t);
    if (step.machine !== t.m) sum += (writesOf(step)?.length ?? 0) + step.created.length;
    if (step.ret.t === 'int') sum += step.ret.v;
  }
  return sum;
}

/**
 * A digest of everything the calls produced (return value, log, warned, created, the records
 * replaced, the machine's canonical text and invariant violations, the traced call's tree), to check that a change of
 * the call path changed nothing: the same digest before and after.
 */
function digest(ts: readonly Transition[]): string {
  const design = getDesign(DESIGN)!;
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  for (const t of ts) {
    const step = run(design, t);
    mix(formatValue(step.machine, step.ret));
    mix(JSON.stringify(step.log) + step.warned + JSON.stringify(step.created));
    mix(JSON.stringify((t.unsupported ? unsupportedCall(design, t.m, t.call) : applyCall(design, t.m, t.call)).trace));
    if (step.machine === t.m) continue;
    mix(canonOf(step.machine) + JSON.stringify(step.machine.pasids) + JSON.stringify(step.machine.pasid_devs) + String(step.machine.iommu.dids));
    const w = writesOf(step) ?? [];
    for (let i = 0; i < w.length; i += 3) mix(`${w[i]}:${w[i + 1]}:${JSON.stringify(w[i + 2])}`);
    mix(JSON.stringify(step.violations.map((v) => v.code + v.message)));
    mix(JSON.stringify(step.changes));
  }
  return (h >>> 0).toString(16);
}

/** Passes over the recorded calls per timed run (one pass is ≈ 50 ms: too short to time). */
const PASSES = 4;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function byFn(ts: readonly Transition[]): void {
  const design = getDesign(DESIGN)!;
  const acc = new Map<string, { n: number; ns: number }>();
  for (let r = 0; r < 3; r++)
    for (const t of ts) {
      const t0 = process.hrtime.bigint();
      const step = run(design, t);
      const ns = Number(process.hrtime.bigint() - t0);
      if (r < 2) continue;
      const key = `${t.call.fn} ${step.machine === t.m ? 'same' : 'changed'}`;
      const a = acc.get(key) ?? { n: 0, ns: 0 };
      a.n++;
      a.ns += ns;
      acc.set(key, a);
    }
  for (const [k, a] of [...acc].sort((x, y) => y[1].ns - x[1].ns)) console.log(`${k.padEnd(40)} ${String(a.n).padStart(7)} calls ${(a.ns / a.n / 1000).toFixed(2).padStart(7)} µs  ${(a.ns / 1e6).toFixed(1).padStart(7)} ms`);
}

/**
 * Bytes allocated per call, by function and "changed or not": the young generation's growth over
 * one pass of each kind's calls (run with NODE_OPTIONS='--expose-gc --min-semi-space-size=256
 * --max-semi-space-size=256' so that no scavenge happens within a pass; a pass where the heap
 * shrank is reported as such). The Step each call returns counts (≈ 130 B).
 */
function bytesByFn(ts: readonly Transition[]): void {
  const design = getDesign(DESIGN)!;
  const kinds = new Map<string, Transition[]>();
  for (const t of ts) {
    const step = run(design, t);
    const key = `${t.call.fn} ${step.machine === t.m ? 'same' : 'changed'}`;
    let l = kinds.get(key);
    if (!l) kinds.set(key, (l = []));
    l.push(t);
  }
  const keep: unknown[] = new Array(ts.length);
  const least = new Map<string, number>();
  // Two rounds over every kind, the least of three passes each: a pass can also allocate for
  // the JIT (the first kind measured gave twice its figure in some processes).
  for (let round = 0; round < 2; round++)
    for (const [key, l] of kinds) {
      for (let r = 0; r < 2; r++) for (let i = 0; i < l.length; i++) keep[i] = run(design, l[i]);
      keep.fill(undefined);
      for (let r = 0; r < 3; r++) {
        (globalThis as { gc?: () => void }).gc?.();
        const h0 = process.memoryUsage().heapUsed;
        for (let i = 0; i < l.length; i++) keep[i] = run(design, l[i]);
        const g = process.memoryUsage().heapUsed - h0;
        if (g >= 0) least.set(key, Math.min(least.get(key) ?? Infinity, g / l.length));
        keep.fill(undefined);
      }
    }
  for (const [key, l] of kinds) {
    const b = least.get(key);
    console.log(`${key.padEnd(40)} ${String(l.length).padStart(7)} calls ${b === undefined ? '(a scavenge ran)' : `${Math.round(b)} B per call`}`);
  }
}

if (process.argv[1]?.endsWith('calls.ts') && process.argv.includes('--bytes')) {
  bytesByFn(recordTransitions());
} else if (process.argv[1]?.endsWith('calls.ts') && process.argv.includes('--digest')) {
  const ts = recordTransitions(3);
  console.log(`${DESIGN}: ${ts.length} transitions, digest ${digest(ts)}`);
} else if (process.argv[1]?.endsWith('calls.ts')) {
  const runs = Number(process.argv[2] ?? 7) || 7;
  const ts = recordTransitions();
  console.log(`${ts.length} transitions recorded`);
  for (let r = 0; r < 2; r++) replayAll(ts);
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    let sum = 0;
    for (let k = 0; k < PASSES; k++) sum += replayAll(ts);
    const cpu = process.cpuUsage(c0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    rates.push((PASSES * ts.length) / (cpuMs / 1000));
    console.log(`run ${r}: wall ${(performance.now() - t).toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms, ${Math.round(rates.at(-1)!)} calls per cpu-second (checksum ${sum})`);
  }
  console.log(`calls.quiet_per_cpu_s: ${Math.round(median(rates))} (median of ${runs})`);
  if (process.argv.includes('--by-fn')) byFn(ts);
}
