/**
 * The core loop of bench/core.ts, alone, for profiling:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts [checked] [quiet]
 * Prints wall and CPU time per run (CPU time is steadier on a shared machine).
 */
import { bigMachine, loopCalls, runLoop } from './core';

const m0 = bigMachine();
const calls = loopCalls(m0);
const checked = process.argv.includes('checked');
const quiet = process.argv.includes('quiet');
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  const h = runLoop(m0, calls, checked, quiet);
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`${h.length} calls: wall ${(performance.now() - t).toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms, ${Math.round(h.length / (cpuMs / 1000))} calls per cpu-second`);
}
