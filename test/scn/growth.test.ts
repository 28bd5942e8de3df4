/**
 * Linear cost: a script 4× as long costs about 4× as much, not 16× (issue 24: 12k maps on one
 * domain took 53 s, 20k `pci` lines ran out of heap). CPU time, best of two, so a loaded machine
 * slows both sizes alike; the bound 8 sits between linear (4) and quadratic (16).
 */
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../../src/scn';

const head = 'design: upstream-5.8\niommu vtd\npci P1 pasids=1048576 siov\nD = iommu_domain_alloc(pci)\n';
const maps = (n: number) => head + Array.from({ length: n }, (_, i) => `iommu_map(D, 0x${((i + 1) * 4096).toString(16)}, 0x1000, 0x1000, IOMMU_READ) => 0`).join('\n');
const decls = (n: number) => head + Array.from({ length: n }, (_, i) => `pci Q${i} pasids=8 siov`).join('\n');
const unmaps = (n: number) =>
  maps(n) + '\n' + Array.from({ length: n }, (_, i) => `iommu_unmap(D, 0x${((i + 1) * 4096).toString(16)}, 0x1000) => 0x1000`).join('\n');

function cpuMs(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const c = process.cpuUsage();
    const r = checkScenario('g.scn', text);
    const u = process.cpuUsage(c);
    expect(r.runs[0].failed).toBe(0);
    best = Math.min(best, (u.user + u.system) / 1000);
  }
  return best;
}

describe('cost grows linearly with the script', () => {
  it.each([
    ['iommu_map on one domain', maps, 600],
    ['pci declarations', decls, 2000],
    ['iommu_map then iommu_unmap', unmaps, 600],
  ])('%s: 4× the lines, under 8× the time', (_, make, n) => {
    cpuMs(make(n / 2)); // warm-up: the JIT
    const small = cpuMs(make(n));
    const large = cpuMs(make(4 * n));
    expect(large / small).toBeLessThan(8);
  }, 120_000);
});
