/**
 * Search figures (bench/run.ts prints them):
 *   search.states_per_s                      distinct states per second, median of 3: one design's
 *                                            invariants over aux=2,plain=1,mdevs=2,containers=2 to depth 4
 *                                            (no violation there under pasid-6.x, so the whole space is walked)
 *   search.states_per_cpu_s                  the same per CPU-second of this process
 *   search.generated_per_s                   the same run: transitions (calls tried per state) per second
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

export async function benchSearch(): Promise<Record<string, number>> {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const gen: number[] = [];
  for (let i = 0; i < 3; i++) {
    const c = process.cpuUsage();
    const r = search({ designs: ['pasid-6.x'], machine: parseSpec('aux=2,plain=1,mdevs=2,containers=2'), depth: 4, maxStates: 1_000_000 });
    const cpu = process.cpuUsage(c);
    rates.push((r.states / r.ms) * 1000);
    cpuRates.push(r.states / ((cpu.user + cpu.system) / 1e6));
    gen.push((r.coreCalls / r.ms) * 1000);
  }
  return {
    'search.states_per_s': Math.round(median(rates)),
    'search.states_per_cpu_s': Math.round(median(cpuRates)),
    'search.generated_per_s': Math.round(median(gen)),
    'search.first_divergence_ms_v3_vs_driver_map': firstDivergence(['v3-group-flag', 'driver-map']),
    'search.first_divergence_ms_58_vs_pasid': firstDivergence(['upstream-5.8', 'pasid-6.x']),
  };
}

if (process.argv[1]?.endsWith('search.ts')) {
  void benchSearch().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
  });
}
