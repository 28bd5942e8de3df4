/**
 * Search figures (bench/run.ts prints them):
 *   search.states_per_s                      distinct states per second, median of 3 after one warm-up run: one design's
 *                                            invariants over aux=2,plain=1,mdevs=2,containers=2 to depth 4
 *                                            (no violation there under pasid-6.x, so the whole space is walked),
 *                                            every state counted (no symmetry reduction: the figure of earlier rounds)
 *   search.states_per_cpu_s                  the same per CPU-second of this process
 *   search.generated_per_s                   the same run: transitions (calls tried per state) per second
 *   search.sym_states_per_s                  the same space with symmetry reduction: distinct states up to
 *                                            symmetry per second, as TLC counts with symmetry sets, median of 3
 *   search.sym_states_per_cpu_s              the same per CPU-second
 *   search.depth4_ms / search.depth4_sym_ms  time to exhaust that space without / with symmetry (medians)
 *   search.depth6_sym_ms                     the depth-6 search of docs/performance.md with symmetry, one run
 *   search.first_divergence_ms_v3_vs_driver_map   default machine and bounds, median of 5
 *   search.first_divergence_ms_58_vs_pasid        default machine and bounds, median of 5
 */
import type { DesignId } from '../src/core/index';
import { parseSpec, search } from '../src/search/index';

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

function space(symmetry: boolean, depth = 4): { rate: number; cpuRate: number; gen: number; ms: number; states: number } {
  const c = process.cpuUsage();
  const r = search({ designs: ['pasid-6.x'], machine: parseSpec(SPACE), depth, maxStates: 1_000_000, symmetry });
  const cpu = process.cpuUsage(c);
  if (!r.exhausted) throw new Error(`the bench space was not exhausted: ${r.states} states`);
  return { rate: (r.states / r.ms) * 1000, cpuRate: r.states / ((cpu.user + cpu.system) / 1e6), gen: (r.coreCalls / r.ms) * 1000, ms: r.ms, states: r.states };
}

export async function benchSearch(): Promise<Record<string, number>> {
  // One unmeasured run first: a 1-second search is otherwise half JIT warm-up (the figures of
  // earlier rounds were taken cold).
  space(false);
  const plain = [0, 1, 2].map(() => space(false));
  const sym = [0, 1, 2].map(() => space(true));
  const med = (xs: ReturnType<typeof space>[], k: 'rate' | 'cpuRate' | 'gen' | 'ms') => Math.round(median(xs.map((x) => x[k])));
  return {
    'search.states_per_s': med(plain, 'rate'),
    'search.states_per_cpu_s': med(plain, 'cpuRate'),
    'search.generated_per_s': med(plain, 'gen'),
    'search.sym_states_per_s': med(sym, 'rate'),
    'search.sym_states_per_cpu_s': med(sym, 'cpuRate'),
    'search.depth4_ms': med(plain, 'ms'),
    'search.depth4_sym_ms': med(sym, 'ms'),
    'search.depth6_sym_ms': space(true, 6).ms,
    'search.first_divergence_ms_v3_vs_driver_map': firstDivergence(['v3-group-flag', 'driver-map']),
    'search.first_divergence_ms_58_vs_pasid': firstDivergence(['upstream-5.8', 'pasid-6.x']),
  };
}

if (process.argv[1]?.endsWith('search.ts')) {
  void benchSearch().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
  });
}
