/**
 * The search of bench/search.ts, alone, for profiling and A/B runs:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile-search.ts [depth] [nosym] [workers=N] [runs=N] [chunk=N] [split=N]
 * (`nosym`: every state counted, no symmetry reduction; `workers=2`: the parallel search with a
 * worker_threads expander, alternating with the one-thread search run by run, and where the
 * coordinator's time went: its own expansion, merging, waiting for the worker).
 */
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
const line = (what: string, states: number, calls: number, ms: number, cpuMs: number, exhausted: boolean) =>
  console.log(`${what}: states ${states}, core calls ${calls}, wall ${ms} ms, cpu ${cpuMs.toFixed(0)} ms, ${Math.round(states / (ms / 1000))} states/s, ${Math.round(states / (cpuMs / 1000))} states per cpu-second, exhausted ${exhausted}`);
for (let r = 0; r < runs; r++) {
  let c0 = process.cpuUsage();
  const res = search(opts);
  let cpu = process.cpuUsage(c0);
  line('1 thread', res.states, res.coreCalls, res.ms, (cpu.user + cpu.system) / 1000, res.exhausted);
  if (!pool) continue;
  const stats: ParallelStats = { work: 0, merge: 0, wait: 0, peerCalls: 0, redundantNodes: 0, entries: 0, chunks: 0 };
  c0 = process.cpuUsage();
  const par = await searchParallel(opts, pool, { stats, chunk, splitAt });
  cpu = process.cpuUsage(c0);
  line(`${workers} threads`, par.states, par.coreCalls, par.ms, (cpu.user + cpu.system) / 1000, par.exhausted);
  console.log(`  coordinator: work ${stats.work.toFixed(0)} ms, merge ${stats.merge.toFixed(0)} ms, wait ${stats.wait.toFixed(0)} ms; worker calls ${stats.peerCalls}, redundant nodes ${stats.redundantNodes}, entries merged ${stats.entries}, chunks from the worker ${stats.chunks}`);
}
await pool?.close();
