/**
 * Search figures (bench/run.ts prints them). "The bench space": one design's invariants
 * (pasid-6.x, no violation there, so the whole space is walked) over
 * aux=2,plain=1,mdevs=2,containers=2 to depth 4, every state counted (no symmetry reduction).
 *   search.pool_start_ms                     starting the parallel search's worker thread (once, before the timed runs)
 *   search.states_per_s                      distinct states per second (wall) of the bench space with two expanders
 *                                            (the calling thread and one worker thread, src/search/parallel.ts),
 *                                            median of 5 after four warm-up runs; runs alternate with the next figure's
 *   search.states_per_s_1                    the same with one thread (`search`, the figure of earlier rounds)
 *   search.states_per_cpu_s                  the one-thread figure per CPU-second of this process
 *   search.states_per_cpu_s_2                the two-expander figure per CPU-second of this process (both threads:
 *                                            what the second core costs in duplicated work and messages)
 *   search.generated_per_s                   the one-thread run: transitions (calls tried per state) per second
 *   search.sym_states_per_s                  the same space with symmetry reduction, one thread: distinct states up to
 *                                            symmetry per second, as TLC counts with symmetry sets, median of 3 after two warm-up runs
 *   search.sym_states_per_cpu_s              the same per CPU-second
 *   search.depth4_ms / search.depth4_sym_ms  one thread: time to exhaust that space without / with symmetry (medians)
 *   search.depth6_sym_ms                     the depth-6 search of docs/performance.md with symmetry, one run, one thread
 *   search.first_divergence_ms_v3_vs_driver_map   default machine and bounds, median of 5
 *   search.first_divergence_ms_58_vs_pasid        default machine and bounds, median of 5
 *   search.bytes_per_state                   retained heap per state (after full collections), measured, not estimated: the
 *                                            bench space without symmetry to depth 6, capped at 20,000 states, the heap taken
 *                                            at the first progress report past 15,000 (mid-level: every state there a full
 *                                            node), minus the heap before the search, ÷ the states then; median of 3
 *   search.bytes_per_state_large             the same on the machine aux=8,plain=8,mdevs=8,containers=8 with
 *                                            symmetry, capped at 3,000 states, taken past 2,000; one run
 *   search.estimate_per_state / _large       the search's own estimate (src/search/memory.ts) at the same point, per state
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { DesignId } from '../src/core/index';
import { parseSpec, search, searchParallel, type ExpanderPool, type SearchOptions, type SearchResult } from '../src/search/index';
import { nodePool } from '../src/cli/expander-pool';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function firstDivergence(designs: [DesignId, DesignId]): number {
  const t: number[] = [];
  for (let i = 0; i < 5; i++) {
    const r = search({ designs });
    if (!r.found) throw new Error(`no divergence for ${designs.join(' vs ')}`);
    t.push(r.ms);
  }
  return median(t);
}

const SPACE = 'aux=2,plain=1,mdevs=2,containers=2';

interface Space {
  rate: number;
  cpuRate: number;
  gen: number;
  ms: number;
  states: number;
}

/** The bench space, with one thread or (given a pool) with the pool's expanders too. */
async function space(symmetry: boolean, depth = 4, pool?: ExpanderPool): Promise<Space> {
  const opts: SearchOptions = { designs: ['pasid-6.x'], machine: parseSpec(SPACE), depth, maxStates: 1_000_000, symmetry };
  const c = process.cpuUsage();
  const r: SearchResult = pool ? await searchParallel(opts, pool) : search(opts);
  const cpu = process.cpuUsage(c);
  if (!r.exhausted) throw new Error(`the bench space was not exhausted: ${r.states} states`);
  return { rate: (r.states / r.ms) * 1000, cpuRate: r.states / ((cpu.user + cpu.system) / 1e6), gen: (r.coreCalls / r.ms) * 1000, ms: r.ms, states: r.states };
}

/** V8's full collection, exposed at run time (as bench/core.ts does). */
function collector(): () => void {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

/**
 * Retained heap per state of a search, taken once at the first progress report past `at`
 * states (onProgress: every 100 ms), and the search's own estimate then (progress.bytes).
 */
export function bytesPerState(spec: string, symmetry: boolean, cap: number, at: number): { measured: number; estimate: number } {
  const gc = collector();
  gc();
  const base = process.memoryUsage().heapUsed;
  let measured = 0;
  let estimate = 0;
  search({
    designs: ['pasid-6.x'], machine: parseSpec(spec), depth: 6, maxStates: cap, symmetry,
    onProgress: (p) => {
      if (measured || p.states < at) return;
      gc();
      measured = (process.memoryUsage().heapUsed - base) / p.states;
      // (The tree before issue 23 reported no bytes.)
      estimate = ((p as { bytes?: number }).bytes ?? 0) / p.states;
    },
  });
  if (!measured) throw new Error(`no progress report past ${at} states`);
  return { measured: Math.round(measured), estimate: Math.round(estimate) };
}

export async function benchSearch(): Promise<Record<string, number>> {
  const t0 = performance.now();
  const pool = nodePool(2);
  await pool.ready;
  const poolStart = performance.now() - t0;
  try {
    // Unmeasured runs of each first: the search is a 0.1-second loop, so the first runs are the
    // JIT's (a single warm-up left the figure 1.5x below the warm one), and the worker thread
    // warms up on its own. Then five alternated runs of each, medians.
    for (let i = 0; i < 4; i++) {
      await space(false);
      await space(false, 4, pool);
    }
    const plain: Space[] = [];
    const par: Space[] = [];
    for (let i = 0; i < 5; i++) {
      plain.push(await space(false));
      par.push(await space(false, 4, pool));
    }
    const sym: Space[] = [];
    // Its own code (canonical renaming) warms up too.
    for (let i = 0; i < 2; i++) await space(true);
    for (let i = 0; i < 3; i++) sym.push(await space(true));
    const med = (xs: Space[], k: keyof Space) => Math.round(median(xs.map((x) => x[k])));
    return {
      'search.pool_start_ms': Math.round(poolStart),
      'search.states_per_s': med(par, 'rate'),
      'search.states_per_s_1': med(plain, 'rate'),
      'search.states_per_cpu_s': med(plain, 'cpuRate'),
      'search.states_per_cpu_s_2': med(par, 'cpuRate'),
      'search.generated_per_s': med(plain, 'gen'),
      'search.sym_states_per_s': med(sym, 'rate'),
      'search.sym_states_per_cpu_s': med(sym, 'cpuRate'),
      'search.depth4_ms': med(plain, 'ms'),
      'search.depth4_sym_ms': med(sym, 'ms'),
      'search.depth6_sym_ms': (await space(true, 6)).ms,
      'search.first_divergence_ms_v3_vs_driver_map': firstDivergence(['v3-group-flag', 'driver-map']),
      'search.first_divergence_ms_58_vs_pasid': firstDivergence(['upstream-5.8', 'pasid-6.x']),
      ...memoryFigures(),
    };
  } finally {
    await pool.close();
  }
}

export function memoryFigures(): Record<string, number> {
  const runs = [0, 1, 2].map(() => bytesPerState(SPACE, false, 20_000, 15_000));
  const large = bytesPerState('aux=8,plain=8,mdevs=8,containers=8', true, 3_000, 2_000);
  return {
    'search.bytes_per_state': median(runs.map((r) => r.measured)),
    'search.estimate_per_state': median(runs.map((r) => r.estimate)),
    'search.bytes_per_state_large': large.measured,
    'search.estimate_per_state_large': large.estimate,
  };
}

if (process.argv[1]?.endsWith('search.ts') && process.argv[2] === 'memory') {
  for (const [k, v] of Object.entries(memoryFigures())) console.log(`${k}: ${v}`);
} else if (process.argv[1]?.endsWith('search.ts')) {
  void benchSearch().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
  });
}
