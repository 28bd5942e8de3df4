/**
 * The search of bench/search.ts, alone, for profiling:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-search.ts [depth] [nosym]
 * (`nosym`: every state counted, no symmetry reduction).
 */
import { parseSpec, search } from '../src/search/index';

const depth = Number(process.argv[2] ?? 4);
const symmetry = process.argv[3] !== 'nosym';
for (let r = 0; r < 2; r++) {
  const c0 = process.cpuUsage();
  const res = search({ designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth, maxStates: 1_000_000, symmetry });
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`states ${res.states}, core calls ${res.coreCalls}, wall ${res.ms} ms, cpu ${cpuMs.toFixed(0)} ms, ${Math.round(res.states / (cpuMs / 1000))} states per cpu-second, exhausted ${res.exhausted}`);
}
