/**
 * The breadth-first search itself. Given two designs (or one design and its invariants), a
 * small machine and a depth bound, it explores sequences of calls — the same text under both
 * designs — with visited states deduplicated by fingerprint (fingerprint.ts), and stops at the
 * first call on which the designs differ at the chosen "same" level (src/compare) or, with
 * `invariants`, either breaks an invariant it did not break before. The path is then replayed as
 * scenario text, shrunk and checked (replay.ts).
 *
 * Speed (docs/performance.md):
 * - states are counted up to symmetry (symmetry.ts): interchangeable containers and mdevs of one
 *   parent make a state and its renamings one; in a state where some cannot be told apart, of
 *   the calls that differ only by renaming them one is made;
 * - with two designs, each design's transitions are memoised on its state's fingerprint;
 * - a transition into a state already visited is checked only for what depends on the call
 *   (return values, the return-value invariant): whatever holds of the state was examined when
 *   it was first reached, and BFS reaches every state first by a shortest path, so the first
 *   finding is still a shortest one.
 */
import { checkScenario } from '../scn';
import type { Difference, SameLevel } from '../compare';
import type { DesignId } from '../core';
import { symmetryText } from './symmetry';
import { specText as specTextOf, type MachineSpec } from './machine';
import { DROPPED, makeSpace, type Node, type Space, type SpaceOptions } from './space';
import { KeySet } from './keyset';
import { nodeBytes, sizeText, type Held } from './memory';
import { emit, findingAtEnd, replay, shrink, tally } from './replay';

export const DEFAULT_DEPTH = 7;
export const DEFAULT_MAX_STATES = 300_000;

export interface SearchProgress {
  readonly states: number;
  readonly depth: number;
  readonly ms: number;
  /** States per second so far. */
  readonly rate: number;
  /** Bytes held: the search's estimate, or the caller's probe where it gives one (memory.ts). */
  readonly bytes: number;
}

export interface SearchOptions extends SpaceOptions {
  readonly depth?: number;
  readonly maxStates?: number;
  /**
   * A memory budget in bytes: the search stops cleanly (result `stopped`, reason `max-memory`)
   * once what it holds reaches it — its own estimate (memory.ts), checked at every state kept,
   * or the caller's `memory` probe, asked every 64 states expanded.
   */
  readonly maxMemory?: number;
  /**
   * The bytes the caller sees held (the CLI: the process's resident size), given the search's
   * own count; the larger of it and the estimate is what the budget is compared with.
   */
  readonly memory?: (held: Held) => number;
  /** Milliseconds clock (performance.now). */
  readonly now?: () => number;
  readonly onProgress?: (p: SearchProgress) => void;
  /**
   * Asked every 64 states expanded (searchParallel: also every 25 ms while its merge waits on a
   * slower expander); true stops the search (result `cancelled`).
   */
  readonly shouldStop?: () => boolean;
  /**
   * A cheap flag asked far more often than shouldStop — before every node expanded or merged,
   * and between a few transitions of a node (searchParallel) — so that a Stop is answered within
   * a node or so, not 64 of them: true stops the search as shouldStop does (result `cancelled`).
   */
  readonly aborted?: () => boolean;
  /** Shrink the found path (default true). */
  readonly shrink?: boolean;
}

/** Where a search that neither found anything nor exhausted its bound stopped. */
export interface StopPoint {
  readonly reason: 'max-states' | 'max-memory' | 'cancelled';
  /** The depth being generated when it stopped (every state of depth < depth - 1 was expanded). */
  readonly depth: number;
  /** States of depth - 1 expanded before it stopped, of how many. */
  readonly expanded: number;
  readonly ofFrontier: number;
  /** With `max-memory`: the budget, and the bytes held when it was reached. */
  readonly budget?: number;
  readonly held?: number;
}

export interface SearchResult {
  readonly designs: readonly DesignId[];
  readonly machine: MachineSpec;
  readonly level: SameLevel;
  readonly found: boolean;
  readonly cancelled: boolean;
  /** Every state within the depth bound was explored and nothing was found. */
  readonly exhausted: boolean;
  /** Set when the search stopped early without a finding: where. */
  readonly stopped: StopPoint | null;
  /** The calls of the found scenario (after shrinking), as written. */
  readonly calls: readonly string[];
  /** Length of the shortest path BFS found (before shrinking). */
  readonly foundDepth: number;
  /** What differs on the last call. */
  readonly differences: readonly Difference[];
  /** The scenario text (header, declarations, calls with per-design expectations), or null. */
  readonly scenario: string | null;
  /** checkScenario's totals on `scenario`. */
  readonly verified: { readonly passed: number; readonly failed: number } | null;
  /** Distinct states reached (pair states for two designs), up to `symmetry`. */
  readonly states: number;
  /** The symmetry the states are counted up to (symmetry.ts's symmetryText), or null for none. */
  readonly symmetry: string | null;
  /** The deepest level fully or partly explored. */
  readonly depth: number;
  readonly ms: number;
  /** Calls made to the core (after memoisation). */
  readonly coreCalls: number;
}

/** One sentence for a result without a finding: exhaustive, or exactly where it stopped. */
export function stopText(r: SearchResult): string {
  if (r.exhausted) return `exhaustive: ${r.states} states${r.symmetry ? ' up to symmetry' : ''}, every state within depth ${r.depth} explored`;
  const s = r.stopped;
  if (!s) return `${r.states} states`;
  const why = s.reason === 'max-states' ? `at the ${r.states}-state cap` : s.reason === 'max-memory' ? `at the ${sizeText(s.budget ?? 0)} memory budget (${sizeText(s.held ?? 0)} held, ${r.states} states)` : 'when cancelled';
  const done = s.depth > 1 ? `depths 0–${s.depth - 1} reached in full, ` : '';
  return `stopped ${why} while generating depth ${s.depth}: ${done}${s.expanded} of ${s.ofFrontier} states of depth ${s.depth - 1} expanded`;
}

/** Asked at the start of every 64th node expanded (counted over the whole search). */
export const STOP_EVERY = 64;

/** `sp`: the space of `opts` (tests give a made-up one: test/search/parallel.test.ts). */
export function search(opts: SearchOptions, sp: Space = makeSpace(opts)): SearchResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const maxDepth = opts.depth ?? DEFAULT_DEPTH;
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const seen = new KeySet(sp.designs.length, sp.root.seen);
  const budget = new Budget(sp, opts);
  let frontier: Node[] = [sp.root];
  let depth = 0;
  let stopped: StopPoint | null = null;
  let lastReport = t0;
  let found: { calls: string[]; depth: number } | null = null;
  const progress = () => {
    const ms = now() - t0;
    opts.onProgress?.({ states: seen.size, depth, ms, rate: ms > 0 ? Math.round((seen.size / ms) * 1000) : 0, bytes: budget.bytes(seen) });
  };
  let tick = 0;

  outer: while (frontier.length && depth < maxDepth) {
    depth++;
    const next: Node[] = [];
    for (let ni = 0; ni < frontier.length; ni++) {
      const node = frontier[ni];
      if (opts.aborted?.()) {
        stopped = { reason: 'cancelled', depth, expanded: ni, ofFrontier: frontier.length };
        break outer;
      }
      if (++tick % STOP_EVERY === 0) {
        if (opts.shouldStop?.()) {
          stopped = { reason: 'cancelled', depth, expanded: ni, ofFrontier: frontier.length };
          break outer;
        }
        if (budget.probed(seen)) {
          stopped = budget.stop(depth, ni, frontier.length);
          break outer;
        }
        const t = now();
        if (t - lastReport > 100) {
          lastReport = t;
          progress();
        }
      }
      const stop = sp.transitions(node, (a, outs, after, key) => {
        // A call that changed nothing leads back to the node's own state, which is seen (most calls).
        const fresh = key !== node.seen && !seen.has(key);
        if (sp.callFinding(node, outs) || (fresh && sp.stateFinding(node, outs))) {
          const path = pathOf(sp, node, a.text);
          // A merged state can stand for a machine whose path behaves otherwise: confirm on the real path.
          if (confirmed(sp, path)) {
            found = { calls: path, depth };
            return true;
          }
          return false;
        }
        if (!fresh) return false;
        seen.add(key);
        // The last level is never expanded: its states need only their keys (space.ts `LEAF`).
        if (depth < maxDepth) {
          next.push(sp.child(node, a, outs, after, key, true));
          budget.nodes++;
        }
        if (seen.size >= maxStates) {
          stopped = { reason: 'max-states', depth, expanded: ni, ofFrontier: frontier.length };
          return true;
        }
        if (budget.reached(seen)) {
          stopped = budget.stop(depth, ni, frontier.length);
          return true;
        }
        return false;
      });
      if (stop) break outer;
      // Expanded: only its action and parent are needed again (to write a found path out).
      node.ms = DROPPED;
    }
    frontier = next;
  }
  progress();
  return finish(sp, opts, { states: seen.size, depth, coreCalls: sp.coreCalls(), stopped, found, t0, now });
}

/**
 * The memory budget of one search (memory.ts): the nodes kept, counted in the order the
 * sequential loop keeps them (the parallel merge counts the same), and the caller's probe.
 */
export class Budget {
  /** States kept as nodes so far (the root included). */
  nodes = 1;
  private readonly max: number;
  private readonly perNode: number;
  private readonly probe: ((h: Held) => number) | undefined;
  /** The bytes at the last look (what a budget stop reports). */
  private last = 0;

  constructor(sp: Space, opts: SearchOptions) {
    this.max = opts.maxMemory ?? Infinity;
    this.perNode = nodeBytes(sp.spec, sp.designs.length, sp.sym !== null);
    this.probe = opts.memory;
  }

  held(seen: KeySet): Held {
    return { states: seen.size, nodes: this.nodes, estimate: seen.bytes + this.nodes * this.perNode };
  }

  /** The estimate, or the probe's answer where larger. */
  bytes(seen: KeySet): number {
    const h = this.held(seen);
    return this.probe ? Math.max(h.estimate, this.probe(h)) : h.estimate;
  }

  /** The estimate alone has reached the budget (cheap: asked at every state kept). */
  reached(seen: KeySet): boolean {
    if (this.max === Infinity) return false;
    const e = seen.bytes + this.nodes * this.perNode;
    if (e < this.max) return false;
    this.last = e;
    return true;
  }

  /** The probe (or the estimate) has reached the budget: asked every STOP_EVERY nodes. */
  probed(seen: KeySet): boolean {
    if (this.max === Infinity || !this.probe) return false;
    const b = this.bytes(seen);
    if (b < this.max) return false;
    this.last = b;
    return true;
  }

  stop(depth: number, expanded: number, ofFrontier: number): StopPoint {
    return { reason: 'max-memory', depth, expanded, ofFrontier, budget: this.max, held: this.last };
  }
}

const pathOf = (sp: Space, node: Node, last: string): string[] => {
  const out = [last];
  for (let n: Node | null = node; n && n.action; n = n.parent) out.push(n.action);
  return [...sp.setup, ...out.reverse()];
};

/** Whether a candidate path (declarations' setup included) ends in a finding when replayed. */
export function confirmed(sp: Space, path: readonly string[]): boolean {
  const runs = replay(sp.designs, sp.decls, path);
  return !!runs && findingAtEnd(runs, sp.level, sp.invariants).length > 0;
}

export interface Explored {
  readonly states: number;
  readonly depth: number;
  readonly coreCalls: number;
  readonly stopped: StopPoint | null;
  readonly found: { readonly calls: readonly string[]; readonly depth: number } | null;
  readonly t0: number;
  readonly now: () => number;
}

/** The result of an exploration (sequential or parallel): the found path shrunk, written and verified. */
export function finish(sp: Space, opts: SearchOptions, x: Explored): SearchResult {
  const { designs, spec: machine, level, invariants, single, decls } = sp;
  const base = { designs, machine, level, states: x.states, symmetry: sp.sym ? symmetryText(sp.sym) : null, depth: x.depth, coreCalls: x.coreCalls, cancelled: x.stopped?.reason === 'cancelled' };
  const ms = () => Math.round(x.now() - x.t0);
  if (!x.found) return { ...base, found: false, exhausted: x.stopped === null, stopped: x.stopped, calls: [], foundDepth: 0, differences: [], scenario: null, verified: null, ms: ms() };
  let path = [...x.found.calls];
  let kept = [...decls];
  if (opts.shrink !== false) ({ calls: path, decls: kept } = shrink(designs, decls, path, level, invariants));
  const runs = replay(designs, kept, path)!;
  const differences = findingAtEnd(runs, level, invariants);
  const comment = [`# Found by the search: ${designs.join(' vs ')}, "same" = ${level}${invariants && !single ? ' + invariants' : ''}`, `# machine ${specTextOf(machine)}, shortest at depth ${x.found.depth}, ${x.states} states`];
  let scenario = emit(runs, kept, path, differences, comment, true);
  let report = checkScenario('search.scn', scenario);
  let verified = tally(report.runs, report.errors.length);
  if (verified.failed) {
    scenario = emit(runs, kept, path, differences, comment, false);
    report = checkScenario('search.scn', scenario);
    verified = tally(report.runs, report.errors.length);
  }
  return { ...base, found: true, exhausted: false, stopped: null, calls: path, foundDepth: x.found.depth, differences, scenario, verified, ms: ms() };
}
