/**
 * The search's memory budget (issue 23): what a search holds, estimated from what it keeps, with
 * no clock and no look at the process (the core is pure and deterministic). The estimate is
 *
 *   bytes of the visited set (exact: keyset.ts)  +  nodes kept × bytes per node
 *
 * where a node is a state reached above the depth bound's last level (its machines until it is
 * expanded, then its place in the path tree; a state of the last level is its key alone), and the
 * bytes per node are measured, not derived: heap after full collections ÷ states, on searches of
 * four machine sizes (docs/performance.md, "Search, round seven"), interpolated by the machine's
 * record count. The same options give the same estimate on one thread or two (parallel.ts counts
 * the same nodes in the same order), so a budget stop is reproducible and stops both at the same
 * state. What it leaves out — the second thread's copy of the visited set, the memo of two designs
 * beyond what was measured, the collector's slack — a caller that can see its process adds with a
 * probe (`SearchOptions.memory`: the CLI's resident size).
 */
import type { MachineSpec } from './machine';

/** What the search holds at a point, for the budget and for a probe to add to. */
export interface Held {
  /** Distinct states in the visited set. */
  readonly states: number;
  /** States kept as nodes (root and every state above the last level). */
  readonly nodes: number;
  /** The estimate: visited-set bytes + nodes × bytes per node. */
  readonly estimate: number;
}

/** Records of a machine: every device (parents and mdevs), its group, the containers. */
export const recordsOf = (s: MachineSpec): number => {
  const devices = s.auxParents + s.plainParents + (s.auxParents + s.plainParents) * s.mdevsPerParent;
  return 2 * devices + s.containers;
};

/**
 * Measured bytes per state (heap after two full GCs ÷ states, one design, pasid-6.x's invariants,
 * at 6,000–8,000 states), by log₂ of the record count: aux=2,plain=1,mdevs=2,containers=2 (20
 * records), aux=4,plain=3,mdevs=3,containers=3 (59), aux=8,plain=8,mdevs=8,containers=8 (296).
 * `sym`: what symmetry reduction adds per node (its sort state and renamed lanes).
 */
const CALIBRATION: readonly (readonly [records: number, plain: number, sym: number])[] = [
  [20, 3826, 3349],
  [59, 5533, 4272],
  [296, 7271, 4781],
];

/** Two designs keep two machines per node and a memo of each design's transitions: measured 11,228 B per state against one design's 7,271 on the largest machine (upstream-5.8 against its present-check=on variant). */
const TWO_DESIGNS = 1.6;

const lerp = (x: number, pts: readonly (readonly [number, number])[]): number => {
  if (x <= pts[0][0]) return pts[0][1];
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i];
    if (x <= x1) {
      const [x0, y0] = pts[i - 1];
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  // Beyond the largest machine measured: the last step's slope carries on.
  const [x0, y0] = pts[pts.length - 2];
  const [x1, y1] = pts[pts.length - 1];
  return y1 + ((y1 - y0) * (x - x1)) / (x1 - x0);
};

/** Estimated bytes per kept node of a search over `spec` with `designs` designs. */
export function nodeBytes(spec: MachineSpec, designs: number, symmetry: boolean): number {
  const x = Math.log2(Math.max(1, recordsOf(spec)));
  const at = (k: 1 | 2) => lerp(x, CALIBRATION.map((c) => [Math.log2(c[0]), c[k]] as const));
  const one = at(1) + (symmetry ? at(2) : 0);
  return Math.round(designs > 1 ? one * TWO_DESIGNS : one);
}

const MIB = 1024 * 1024;

/** A byte count for people: `512 MiB`, `3.1 GiB`. */
export const sizeText = (n: number): string => (n >= 1024 * MIB ? `${(n / (1024 * MIB)).toFixed(1)} GiB` : n >= MIB ? `${Math.round(n / MIB)} MiB` : `${Math.round(n / 1024)} KiB`);
