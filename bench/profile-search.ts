/**
 * The search of bench/search.ts, alone, for profiling and A/B runs:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-search.ts [depth] [nosym] [workers=N] [runs=N] [chunk=N] [split=N]
 * (`nosym`: every state counted, no symmetry reduction; `workers=2`: the parallel search with a
 * worker_threads expander, alternating with the one-thread search run by run, and where the
 * coordinator's time went: its own expansion, merging, waiting for the worker).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { nodePool } from '../src/cli/expander-pool';
import { parseSpec, search, searchParallel, type ParallelStats, type SearchOptions } from '../src/search/index';

const args = process.argv.slice(2);
const opt = (k: string, d: number) => Number(args.find((a) => a.startsWith(`${k}=`))?.slice(k.length + 1) ?? d);
const depth = Number(args[0] ?? 4);
const symmetry = args[1] !== 'nosym';
const workers = opt('workers', 1);
const runs = opt('runs', 2);
const chunk = opt('chunk', 0) || undefined;
const splitAt = opt('split', 0) || undefined;
const opts: SearchOptions = { designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth, maxStates: 1_000_000, symmetry };
const pool = workers > 1 ? nodePool(workers) : null;
await pool?.ready;
/**
 * CPU ms of each thread of this process (/proc, 10 ms ticks): the main thread (the coordinator)
 * and the others (the worker thread, V8's collector and compiler helpers), by thread id.
 */
const threadCpu = (): Map<string, number> => {
  const out = new Map<string, number>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const st = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(t, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return out;
};
/** Per thread, the CPU ms used since `before`, largest first; the main thread first of all. */
const threadsSince = (before: Map<string, number>): string => {
  const d = [...threadCpu()].map(([t, ms]) => [t, ms - (before.get(t) ?? 0)] as const).filter(([, ms]) => ms > 0);
  const main = d.find(([t]) => t === String(process.pid));
  const rest = d.filter(([t]) => t !== String(process.pid)).sort((a, b) => b[1] - a[1]);
  return `threads' cpu ms: main ${main?.[1] ?? 0}, others ${rest.map(([, ms]) => ms).join(' / ')}`;
};
const line = (what: string, states: number, calls: number, ms: number, cpuMs: number, exhausted: boolean) =>
  console.log(`${what}: states ${states}, core calls ${calls}, wall ${ms} ms, cpu ${cpuMs.toFixed(0)} ms, ${Math.round(states / (ms / 1000))} states/s, ${Math.round(states / (cpuMs / 1000))} states per cpu-second, exhausted ${exhausted}`);
for (let r = 0; r < runs; r++) {
  let t0 = threadCpu();
  let c0 = process.cpuUsage();
  const res = search(opts);
  let cpu = process.cpuUsage(c0);
  line('1 thread', res.states, res.coreCalls, res.ms, (cpu.user + cpu.system) / 1000, res.exhausted);
  console.log(`  ${threadsSince(t0)}`);
  if (!pool) continue;
  const stats: ParallelStats = { work: 0, merge: 0, wait: 0, peerCalls: 0, redundantNodes: 0, entries: 0, chunks: 0 };
  t0 = threadCpu();
  c0 = process.cpuUsage();
  const par = await searchParallel(opts, pool, { stats, chunk, splitAt });
  cpu = process.cpuUsage(c0);
  line(`${workers} threads`, par.states, par.coreCalls, par.ms, (cpu.user + cpu.system) / 1000, par.exhausted);
  console.log(`  ${threadsSince(t0)}`);
  console.log(`  coordinator: work ${stats.work.toFixed(0)} ms, merge ${stats.merge.toFixed(0)} ms, wait ${stats.wait.toFixed(0)} ms; worker calls ${stats.peerCalls}, redundant nodes ${stats.redundantNodes}, entries merged ${stats.entries}, chunks from the worker ${stats.chunks}`);
}
await pool?.close();
