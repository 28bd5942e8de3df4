/**
 * Which model of a run the app should run on (issue 22): the same calls kept in a History
 * (core/history.ts: checkpoints, steps rebuilt by replay) or as the runner's path keeps them (a
 * plain applyCall chain, every Step and its machine kept: what scn's runScenarioSteps, and so
 * the run host, does). calls/s with every step's violations read (the Worker reads them all to
 * send them), and heap retained per step after full GCs.
 *   npx tsx bench/run-model.ts
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { applyCall, getDesign, History, type Call, type Machine, type Step } from '../src/core/index';
import { bigMachine, loopCalls } from './core';

const d = getDesign('upstream-5.8')!;

function chain(m0: Machine, calls: readonly Call[]): { length: number } {
  const steps: Step[] = [];
  let m = m0;
  for (const c of calls) {
    const s = applyCall(d, m, c, steps.at(-1));
    void s.violations;
    steps.push(s);
    m = s.machine;
  }
  return steps;
}

function history(m0: Machine, calls: readonly Call[]): { length: number } {
  const h = new History(d, m0);
  for (const c of calls) void h.apply(c).violations;
  return h;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

/** What a measurement keeps alive across its GCs. */
const alive: { length: number }[] = [];
const m0 = bigMachine();
const calls = loopCalls(m0, 10_000);
for (const [name, run] of [['runner path (applyCall chain)', chain], ['History', history]] as const) {
  for (let i = 0; i < 2; i++) run(m0, calls);
  const rates: number[] = [];
  for (let i = 0; i < 5; i++) {
    const c = process.cpuUsage();
    const n = run(m0, calls).length;
    const u = process.cpuUsage(c);
    rates.push(n / ((u.user + u.system) / 1e6));
  }
  const bytes: number[] = [];
  for (let i = 0; i < 3; i++) {
    gc();
    gc();
    const before = process.memoryUsage().heapUsed;
    alive.push(run(m0, calls));
    gc();
    gc();
    bytes.push((process.memoryUsage().heapUsed - before) / alive[0].length);
    alive.length = 0;
  }
  console.log(`${name}: ${Math.round(median(rates))} calls/s (CPU time), ${Math.round(median(bytes))} bytes/step retained`);
}
