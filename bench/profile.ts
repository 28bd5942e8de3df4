/**
 * The core loop of bench/core.ts, alone, for profiling:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts [checked] [quiet]
 * Prints wall and CPU time per run (CPU time is steadier on a shared machine).
 */
import { bigMachine, loopCalls } from './core';
import { applyCall, getDesign, type Step } from '../src/core/index';

const m0 = bigMachine();
const calls = loopCalls(m0);
const d = getDesign('upstream-5.8')!;
const checked = process.argv.includes('checked');
const quiet = process.argv.includes('quiet');
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  let m = m0;
  let prev: Step | undefined;
  const h: Step[] = [];
  for (const c of calls) {
    const s = applyCall(d, m, c, prev, { quiet });
    if (checked) void s.violations;
    h.push(s);
    m = s.machine;
    prev = s;
  }
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`${h.length} calls: wall ${(performance.now() - t).toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms, ${Math.round(h.length / (cpuMs / 1000))} calls per cpu-second`);
}
