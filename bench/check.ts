/**
 * The two per-state costs of the search, alone (docs/performance.md, "Invariants and
 * fingerprint, round five"):
 *   node --expose-gc --import tsx bench/check.ts [depth]
 * Walks the bench's search space (bench/search.ts: pasid-6.x, aux=2,plain=1,mdevs=2,
 * containers=2; the static actions only) breadth-first to `depth` (default 4), as the search
 * does, then times, on machines made afresh each round (no cache warm from an earlier round):
 *   check.us_per_state   the invariant check (checkInvariants) of each distinct state
 *   check.ns_per_trans   the fingerprint of each transition from what it replaced (lanesAfter)
 * Medians of 7 rounds, per state / transition, CPU time of this process.
 */
import { applyCall, getDesign, writesOf, type Machine } from '../src/core/index';
import { checkInvariants } from '../src/core/invariants';
import { staticActions, staticNames } from '../src/search/alphabet';
import { forgetReplaced, keyOf, lanesAfter, lanesOf, type Lanes } from '../src/search/fingerprint';
import { declLines, parseSpec, setupCalls } from '../src/search/machine';
import { replay } from '../src/search/replay';

const depth = Number(process.argv[2] ?? 4);
const REPS = Number(process.env.CHECK_REPS ?? 5);
const design = getDesign('pasid-6.x')!;
const spec = parseSpec('aux=2,plain=1,mdevs=2,containers=2');
const m0 = replay(['pasid-6.x'], declLines(spec), setupCalls(spec))![0].initial;
const names = staticNames(spec, m0);
const calls = staticActions(spec, ['vfio_attach_group', 'vfio_detach_group', 'driver_get_domain', 'driver_get_pasid', 'iommu_dev_enable_feature', 'iommu_dev_disable_feature', 'iommu_detach_group', 'iommu_get_domain_for_dev'])
  .map((a) => ({ fn: a.fn, args: a.args.map((x) => names.get(x)!) }))
  .filter((c) => c.args.every((x) => x));

interface Trans {
  prev: Machine;
  lanes: Lanes;
  next: Machine;
  writes: readonly unknown[];
  created: readonly { kind: string; id: number }[];
}

/** The distinct states in BFS order and every transition tried, made afresh. */
function walk(): { states: Machine[]; trans: Trans[]; sum: number } {
  // Lanes kept up to date from each transition, as the search does (no per-record cache).
  const l0 = lanesOf(m0);
  const seen = new Set<number>([keyOf(l0)]);
  const states: Machine[] = [m0];
  const trans: Trans[] = [];
  let sum = 0;
  let level: [Machine, Lanes][] = [[m0, l0]];
  for (let d = 0; d < depth; d++) {
    const next: [Machine, Lanes][] = [];
    for (const [m, lanes] of level) {
      forgetReplaced();
      for (const c of calls) {
        const s = applyCall(design, m, c, undefined, { quiet: true });
        const w = writesOf(s);
        if (s.machine === m || !w) continue;
        trans.push({ prev: m, lanes, next: s.machine, writes: w, created: s.created });
        const l = lanesAfter(lanes, m, s.machine, w, s.created, false, true);
        const k = keyOf(l);
        if (seen.has(k)) continue;
        seen.add(k);
        sum = (sum + (k % 0x100000000)) >>> 0;
        states.push(s.machine);
        next.push([s.machine, l]);
      }
    }
    level = next;
  }
  return { states, trans, sum };
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const checkUs: number[] = [];
const transNs: number[] = [];
let found = 0;
let sizes = '';
for (let r = 0; r < 8; r++) {
  const { states, trans, sum } = walk();
  sizes = `${states.length} states, ${trans.length} transitions, fingerprints' sum ${sum}`;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  let t = cpu();
  for (const m of states) found += checkInvariants(design, m).length;
  if (r) checkUs.push(((cpu() - t) * 1000) / states.length);
  gc?.();
  t = cpu();
  // Five passes: a pass is short (≈ 10 ms), and the lanes keep nothing between passes.
  for (let k = 0; k < REPS; k++) {
    let last: Machine | null = null;
    for (const x of trans) {
      if (x.prev !== last) {
        forgetReplaced();
        last = x.prev;
      }
      lanesAfter(x.lanes, x.prev, x.next, x.writes, x.created, false, true);
    }
  }
  if (r) transNs.push(((cpu() - t) * 1e6) / trans.length / REPS);
}
console.log(`# ${sizes}, depth ${depth}, ${found} violations`);
console.log(`check.us_per_state: ${median(checkUs).toFixed(2)}`);
console.log(`check.ns_per_trans: ${median(transNs).toFixed(0)}`);
