/**
 * Core and scenario-language benchmarks (bench/run.ts prints them):
 *   core.calls_per_s  median over 5 runs of a loop of attach / aux-attach / map / unmap / detach
 *                     calls on a 64-parent, 1,024-mdev machine, every Step kept (history)
 *   core.checked_calls_per_s  the same, reading each step's invariant violations as it goes
 *   core.quiet_calls_per_s    the same without the kernel call tree (what the search uses)
 *   scn.check_ms      median over 5 runs: parse and run every file under test/scenarios
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCall, declare, getDesign, newMachine, resolveName, type Arg, type Call, type Machine, type Step } from '../src/core/index';
import { checkScenario } from '../src/scn/index';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = (): number => performance.now();

/** 64 parents (32 with AUX, 32 without), 16 mdevs each, one UNMANAGED domain per parent. */
export function bigMachine(): Machine {
  let m = newMachine();
  const put = (d: Parameters<typeof declare>[1]) => {
    const r = declare(m, d);
    if (r.error) throw new Error(r.error);
    m = r.machine;
  };
  for (let p = 0; p < 64; p++) put({ kind: 'pci', name: `P${p}`, pasids: 1 << 20, siov: p % 2 === 0, rmrr: false, passthrough: false, ats: false, pri: false });
  for (let i = 0; i < 1024; i++) put({ kind: 'mdev', name: `m${i}`, parent: `P${i % 64}`, iommu: true });
  put({ kind: 'container', name: 'C' });
  const d = getDesign('upstream-5.8')!;
  for (let p = 0; p < 64; p++) {
    if (p % 2 === 0) m = applyCall(d, m, call(m, 'iommu_dev_enable_feature', [`P${p}`, 0])).machine;
    m = applyCall(d, m, call(m, 'iommu_domain_alloc', ['bus:pci'], `D${p}`)).machine;
  }
  return m;
}

function call(m: Machine, fn: string, args: (string | number)[], bind?: string): Call {
  const a: Arg[] = args.map((x) =>
    typeof x === 'number' ? { t: 'int', v: x } : x.startsWith('bus:') ? { t: 'bus', bus: 'pci' } : { t: 'ref', ref: resolveName(m, x)! },
  );
  return bind ? { fn, args: a, bind } : { fn, args: a };
}

/** The calls of one loop turn for parent p, with arguments resolved once (the engine is measured, not name lookup). */
function turn(m: Machine, p: number): Call[] {
  const D = `D${p}`;
  const P = `P${p}`;
  const iova = 0x100000 + p * 0x1000;
  const attach: [string, (string | number)[]][] =
    p % 2 === 0 ? [['iommu_aux_attach_device', [D, P]]] : [['iommu_attach_device', [D, P]]];
  const detach: [string, (string | number)[]][] =
    p % 2 === 0 ? [['iommu_aux_detach_device', [D, P]]] : [['iommu_detach_device', [D, P]]];
  return [...attach, ['iommu_map', [D, iova, 0x80000000 + iova, 0x1000, 3]], ['iommu_unmap', [D, iova, 0x1000]], ...detach].map(([fn, a]) => call(m, fn as string, a as (string | number)[]));
}

/**
 * `checked`: read every step's violations as it is made (the incremental invariant check runs on
 * every call); otherwise they stay lazy, as in a history nobody has looked at yet.
 */
function callsPerSecond(checked: boolean, quiet: boolean, calls: number): number {
  const m0 = bigMachine();
  const turns = Array.from({ length: 64 }, (_, p) => turn(m0, p));
  const d = getDesign('upstream-5.8')!;
  const rates: number[] = [];
  for (let run = 0; run < 5; run++) {
    const history: Step[] = [];
    let m = m0;
    let prev: Step = applyCall(d, m, call(m, 'iommu_get_domain_for_dev', ['P0']));
    void prev.violations;
    const t = now();
    while (history.length < calls) {
      for (const c of turns[history.length % 64]) {
        const s = applyCall(d, m, c, prev, { quiet });
        if (checked) void s.violations;
        history.push(s);
        m = s.machine;
        prev = s;
      }
    }
    rates.push(history.length / ((now() - t) / 1000));
  }
  return Math.round(median(rates));
}

export function benchCore(): Record<string, number> {
  return {
    'core.calls_per_s': callsPerSecond(false, false, 40_000),
    'core.checked_calls_per_s': callsPerSecond(true, false, 10_000),
    'core.quiet_calls_per_s': callsPerSecond(false, true, 40_000),
  };
}

export function benchScn(): Record<string, number> {
  const dir = join(import.meta.dirname ?? '.', '..', 'test', 'scenarios');
  const files = readdirSync(dir).filter((f) => f.endsWith('.scn')).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t = now();
    for (const [f, text] of files) checkScenario(f, text);
    times.push(now() - t);
  }
  return { 'scn.check_ms': Math.round(median(times)), 'scn.files': files.length };
}
