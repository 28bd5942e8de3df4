/**
 * scn.ms_per_line_{1k,10k,100k}: how a script's cost grows with its length. The workload: half
 * the lines declare PCI devices (`pci Q<i> pasids=8 siov`, one group and one DMA domain each),
 * the other half map 4 KiB pages one after another on one UNMANAGED domain
 * (`iommu_map(D, …) => 0`). Each line adds state, so a per-step copy or a per-step walk of a
 * table shows as a ms-per-line that grows with N; linear cost keeps it flat.
 * `npx tsx bench/scn-growth.ts [maxLines]` prints the figures alone.
 */
import { checkScenario } from '../src/scn';

/** The generated script of `n` statements (plus the header and three set-up lines). */
export function growthScript(n: number): string {
  const out = ['design: upstream-5.8', 'iommu vtd', 'pci P1 pasids=1048576 siov', 'D = iommu_domain_alloc(pci)'];
  const decls = Math.floor(n / 2);
  for (let i = 0; i < decls; i++) out.push(`pci Q${i} pasids=8 siov`);
  for (let i = 0; i < n - decls; i++) {
    const a = `0x${((i + 1) * 0x1000).toString(16)}`;
    out.push(`iommu_map(D, ${a}, ${a}, 0x1000, IOMMU_READ|IOMMU_WRITE) => 0`);
  }
  return out.join('\n') + '\n';
}

const SIZES: readonly [string, number][] = [
  ['1k', 1_000],
  ['10k', 10_000],
  ['100k', 100_000],
];

/** ms per line, the best of a few runs at 1k and 10k (one at 100k). Throws if a run fails. */
export function benchScnGrowth(maxLines = Infinity): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [label, n] of SIZES) {
    if (n > maxLines) continue;
    const text = growthScript(n);
    let best = Infinity;
    for (let run = 0; run < (n >= 100_000 ? 1 : 3); run++) {
      const t = performance.now();
      const r = checkScenario(`growth-${label}.scn`, text);
      best = Math.min(best, performance.now() - t);
      const passed = r.runs.reduce((s, x) => s + x.passed, 0);
      if (r.errors.length || passed !== n - Math.floor(n / 2)) throw new Error(`bench: growth-${label} did not pass (${passed} passed, ${r.errors[0]?.message ?? ''})`);
    }
    out[`scn.ms_per_line_${label}`] = Math.round((best / n) * 1000) / 1000;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const max = Number(process.argv[2] ?? Infinity);
  for (const [k, v] of Object.entries(benchScnGrowth(max))) console.log(`${k}: ${v} ms`);
}
