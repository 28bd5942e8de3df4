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
import { applyCall, checkReturn, constantsOf, unsupportedCall, formatValue, getDesign, SIGNATURES, writesOf, type Arg, type Call, type Design, type DesignId, type Machine, type Step, type Violation } from '../core';
import { checkScenario } from '../scn';
import { divergesAt, observableOf, timelineOf, type Difference, type SameLevel } from '../compare';
import { callsFor, dynamicActions, FEAT, staticActions, staticNames, type Action } from './alphabet';
import { forgetReplaced, keyOf, lanesAfter, lanesOf, type Lanes } from './fingerprint';
import { Canon, Stabiliser, symmetryOf, symmetryText, type SortState } from './symmetry';
import { DEFAULT_MACHINE, declLines, setupCalls, specText, type MachineSpec } from './machine';
import { emit, findingAtEnd, replay, shrink, tally } from './replay';

export const DEFAULT_DEPTH = 7;
export const DEFAULT_MAX_STATES = 300_000;

export interface SearchProgress {
  readonly states: number;
  readonly depth: number;
  readonly ms: number;
  /** States per second so far. */
  readonly rate: number;
}

export interface SearchOptions {
  /** Two designs to compare, or one design whose invariants are searched. */
  readonly designs: readonly DesignId[];
  readonly machine?: MachineSpec;
  readonly depth?: number;
  readonly level?: SameLevel;
  /** Function names to call (default DEFAULT_CALLS); must be keys of ALPHABET. */
  readonly calls?: readonly string[];
  /** Also stop where either design breaks an invariant (always on with one design). */
  readonly invariants?: boolean;
  readonly maxStates?: number;
  /** Milliseconds clock (performance.now). */
  readonly now?: () => number;
  readonly onProgress?: (p: SearchProgress) => void;
  /** Asked every few hundred states; true stops the search (result `cancelled`). */
  readonly shouldStop?: () => boolean;
  /** Shrink the found path (default true). */
  readonly shrink?: boolean;
  /**
   * Count a state and its renamings (interchangeable containers, mdevs of one parent) once
   * (symmetry.ts). Default true.
   */
  readonly symmetry?: boolean;
}

/** Where a search that neither found anything nor exhausted its bound stopped. */
export interface StopPoint {
  readonly reason: 'max-states' | 'cancelled';
  /** The depth being generated when it stopped (every state of depth < depth - 1 was expanded). */
  readonly depth: number;
  /** States of depth - 1 expanded before it stopped, of how many. */
  readonly expanded: number;
  readonly ofFrontier: number;
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
  const why = s.reason === 'max-states' ? `at the ${r.states}-state cap` : 'when cancelled';
  const done = s.depth > 1 ? `depths 0–${s.depth - 1} reached in full, ` : '';
  return `stopped ${why} while generating depth ${s.depth}: ${done}${s.expanded} of ${s.ofFrontier} states of depth ${s.depth - 1} expanded`;
}

interface Outcome {
  readonly ret: string;
  readonly invalid: boolean;
  readonly next: Machine;
  readonly lanes: Lanes;
  readonly key: number;
  readonly step: Step;
  obs?: ReadonlyMap<string, string>;
}

interface Node {
  /** The machines (one per design); dropped once the node is expanded. */
  ms: readonly Machine[];
  readonly lanes: readonly Lanes[];
  readonly keys: readonly number[];
  /** Its key in the visited set (canonical under the symmetry). */
  readonly seen: number | string;
  /** With symmetry: where its sort stood, for its successors' (symmetry.ts `chooseAfter`). */
  readonly sort: SortState | null;
  /** With symmetry: its machines' lanes under the renaming chosen (null: the identity, `lanes`). */
  readonly renamed: readonly Lanes[] | null;
  /** The invariant codes each design's machine breaks here (empty unless invariants matter). */
  readonly codes: readonly ReadonlySet<string>[];
  readonly parent: Node | null;
  readonly action: string | null;
}

const DROPPED: readonly never[] = [];
const NO_CODES: ReadonlySet<string> = new Set();

/** The call of an action with these arguments, or null where one of them names nothing. */
const toCall = (a: Action, args: readonly (Arg | null)[]): Call | null => (args.includes(null) ? null : { fn: a.fn, args: args as Arg[] });

const codes = (vs: readonly Violation[] | undefined): ReadonlySet<string> => (vs?.length ? new Set(vs.map((v) => v.code)) : NO_CODES);

export function search(opts: SearchOptions): SearchResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const spec = opts.machine ?? DEFAULT_MACHINE;
  const level = opts.level ?? 'returns';
  const maxDepth = opts.depth ?? DEFAULT_DEPTH;
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const single = opts.designs.length === 1;
  const invariants = single || !!opts.invariants;
  const designs: Design[] = opts.designs.map((id) => {
    const d = getDesign(id);
    if (!d) throw new Error(`unknown design '${id}'`);
    return d;
  });
  const calls = callsFor(designs, opts.calls);
  // By canonical id: `driver-map+present-check=on` is `driver-map`.
  if (new Set(designs.map((d) => d.id)).size !== designs.length) throw new Error('compare two different designs');
  const decls = declLines(spec);
  const setup = setupCalls(spec);
  const init = replay(opts.designs, decls, setup);
  if (!init) throw new Error(`the machine ${specText(spec)} does not declare`);
  const m0 = init[0].initial;
  const startEntries = init.map((r) => timelineOf(r).at(-1));
  const statics = staticActions(spec, calls);
  const names = staticNames(spec, m0);
  // The same call objects for every state: the core only reads them.
  const staticCalls = statics.map((a) => toCall(a, a.args.map((x) => names.get(x) ?? null)));

  // One design alone: every state is new, so a memo would only hold memory.
  const memo = single ? null : designs.map(() => new Map<number, Map<string, Outcome>>());
  // A constant the design's kernel lacks makes the call `unsupported`, as the scenario runner does.
  const lacksFeat = designs.map((d) => !Object.hasOwn(constantsOf(d), FEAT));
  const namesFeat = new Map<Action, boolean>();
  const withFeat = (a: Action): boolean => {
    let x = namesFeat.get(a);
    if (x === undefined) namesFeat.set(a, (x = a.args.includes(FEAT)));
    return x;
  };
  let coreCalls = 0;
  /** Symmetry reads each new record's parts: hash them once, with the parts (set below). */
  let keepParts = false;
  const apply = (di: number, m: Machine, lanes: Lanes, key: number, a: Action, call: Call | null): Outcome | null => {
    let byState: Map<string, Outcome> | undefined;
    if (memo) {
      byState = memo[di].get(key);
      if (!byState) memo[di].set(key, (byState = new Map()));
      const hit = byState.get(a.text);
      if (hit) return hit;
    }
    if (!call) return null;
    coreCalls++;
    // The search never shows a trace for the states it explores: no call tree at all.
    const step = lacksFeat[di] && withFeat(a) ? unsupportedCall(designs[di], m, call) : applyCall(designs[di], m, call, undefined, { quiet: true });
    const invalid = step.ret.t === 'invalid';
    const next = step.machine;
    let after = lanes;
    if (!invalid && next !== m) {
      // Only what the call replaced is re-hashed, and nothing is cached by identity (most
      // transitions lead to states seen before: fingerprint.ts `replaced`).
      const writes = writesOf(step);
      after = writes ? lanesAfter(lanes, m, next, writes, step.created, keepParts, !keepParts) : lanesOf(next);
    }
    const o: Outcome = {
      // Only compared between designs: one design alone never reads it.
      ret: single ? '' : formatValue(next, step.ret, SIGNATURES[a.fn].ret),
      invalid,
      next,
      lanes: after,
      key: after === lanes ? key : keyOf(after),
      step,
    };
    byState?.set(a.text, o);
    return o;
  };

  const newCode = (vs: readonly Violation[], before: ReadonlySet<string>): boolean => {
    for (const v of vs) if (!before.has(v.code)) return true;
    return false;
  };

  // The same rule as the lock-step view (src/compare/diverge.ts), asked yes or no, in two halves.
  // The common answers (equal return values, no new invariant) are decided here without it.
  /** Differences that depend on the call: return values and the return-value invariant. */
  const callFinding = (node: Node, outs: readonly Outcome[]): boolean => {
    if (!single) {
      let same = true;
      for (let i = 1; i < outs.length; i++) if (outs[i].ret !== outs[0].ret) same = false;
      if (!same && divergesAt(outs.map((o, i) => ({ design: opts.designs[i], value: o.ret, machine: o.next })), level, { state: false, first: true }).length > 0) return true;
    }
    if (invariants) for (let i = 0; i < outs.length; i++) if (newCode(checkReturn(outs[i].next, outs[i].step.call, outs[i].step.ret), node.codes[i])) return true;
    return false;
  };

  /** Differences that are a property of the state reached (examined on first arrival only). */
  const stateFinding = (node: Node, outs: readonly Outcome[]): boolean => {
    if (!single && level !== 'returns')
      return (
        divergesAt(
          outs.map((o, i) => ({
            design: opts.designs[i],
            value: o.ret,
            machine: o.next,
            violations: o.step.violations,
            before: node.codes[i],
            observable: () => (o.obs ??= observableOf(o.next)),
          })),
          level,
          { compare: !single, call: false, invariants, first: true },
        ).length > 0
      );
    if (invariants) for (let i = 0; i < outs.length; i++) if (newCode(outs[i].step.violations, node.codes[i])) return true;
    return false;
  };

  // The domain arguments depend on the live domains alone (name, id, type), which many states
  // share: one list per set of them, found by a short text of it (no per-state lists built).
  interface Dyn {
    readonly actions: readonly Action[];
    /** Per action, per design: the call, or null where a name means nothing there. */
    readonly calls: readonly (readonly (Call | null)[])[];
  }
  const NO_DYN: Dyn = { actions: [], calls: [] };
  const dynLists = new Map<string, Dyn>();
  const dynamicFor = (ms: readonly Machine[]): Dyn => {
    let sig = '';
    for (const m of ms) {
      const t = m.domains;
      for (let id = 0; id < t.size; id++) {
        const d = t.get(id);
        if (!d.freed) sig += `${id}${d.type === 'UNMANAGED' ? 'u' : 'o'}${d.name};`;
      }
      sig += '/';
    }
    let d = dynLists.get(sig);
    if (!d) {
      const got = dynamicActions(spec, calls, ms, names);
      d = got.length ? { actions: got.map((x) => x.action), calls: got.map((x) => x.args.map((args) => toCall(x.action, args))) } : NO_DYN;
      dynLists.set(sig, d);
    }
    return d;
  };

  const pathOf = (node: Node, last: string): string[] => {
    const out = [last];
    for (let n: Node | null = node; n && n.action; n = n.parent) out.push(n.action);
    return [...setup, ...out.reverse()];
  };

  const pairKey = (keys: readonly number[]): number | string => (keys.length === 1 ? keys[0] : keys.join(','));
  const startMs = designs.map((_, i) => startEntries[i]?.machine ?? m0);
  const rootLanes = startMs.map(lanesOf);
  const sym = opts.symmetry === false ? null : symmetryOf(spec, startMs, calls);
  keepParts = sym !== null;
  const canon = sym ? new Canon(sym, startMs[0]) : null;
  const stab = sym ? new Stabiliser(sym) : null;
  /**
   * The lanes of machines reached under the renaming `canon` chose (one for all designs, chosen
   * on the first design's machine), or null where it is the identity (their own lanes).
   */
  const renamedLanes = (identity: boolean, ms: readonly Machine[], lanes: readonly Lanes[]): Lanes[] | null => (identity || !canon ? null : ms.map((m, i) => canon.lanes(m, lanes[i], false)));
  const keyOfLanes = (cl: readonly Lanes[] | null, keys: readonly number[]): number | string => (cl ? pairKey(cl.map(keyOf)) : pairKey(keys));
  /**
   * The key of a node's successor. With symmetry, the sort and the renamed lanes are kept up to
   * date from the node's (symmetry.ts `chooseAfter`, `Canon.lanesAfter`).
   */
  const keyAfter = (node: Node, outs: readonly Outcome[]): { key: number | string; sort: SortState | null; renamed: Lanes[] | null } => {
    if (!canon) return { key: outs.length === 1 ? outs[0].key : pairKey(outs.map((o) => o.key)), sort: null, renamed: null };
    const ms = outs.map((o) => o.next);
    const keys = outs.map((o) => o.key);
    const step = outs[0].step;
    const writes = ms[0] === node.ms[0] ? [] : writesOf(step);
    const identity = writes && node.sort ? canon.chooseAfter(node.sort, node.ms[0], ms[0], writes, step.created) : canon.choose(ms[0]);
    const sort = canon.snapshot();
    if (identity) return { key: pairKey(keys), sort, renamed: null };
    const same = node.sort !== null && canon.sameRenaming(node.sort);
    const renamed = ms.map((m, i): Lanes => {
      const before = node.renamed ? node.renamed[i] : node.lanes[i];
      if (same && m === node.ms[i]) return before;
      const w = same ? writesOf(outs[i].step) : null;
      return w ? canon.lanesAfter(before, node.ms[i], m, w, outs[i].step.created) : canon.lanes(m, outs[i].lanes, false);
    });
    return { key: keyOfLanes(renamed, keys), sort, renamed };
  };
  const rootKeys = rootLanes.map(keyOf);
  const rootIdentity = canon ? canon.choose(startMs[0]) : true;
  const rootRenamed = renamedLanes(rootIdentity, startMs, rootLanes);
  const root: Node = { ms: startMs, lanes: rootLanes, keys: rootKeys, seen: keyOfLanes(rootRenamed, rootKeys), sort: canon ? canon.snapshot() : null, renamed: rootRenamed, codes: designs.map((_, i) => (invariants ? codes(startEntries[i]?.step?.violations) : NO_CODES)), parent: null, action: null };
  const seen = new Set<number | string>([root.seen]);
  let frontier: Node[] = [root];
  let depth = 0;
  let cancelled = false;
  let stopped: StopPoint | null = null;
  let lastReport = t0;
  let found: { calls: string[]; depth: number } | null = null;
  const progress = () => {
    const ms = now() - t0;
    opts.onProgress?.({ states: seen.size, depth, ms, rate: ms > 0 ? Math.round((seen.size / ms) * 1000) : 0 });
  };
  let tick = 0;

  outer: while (frontier.length && depth < maxDepth) {
    depth++;
    const next: Node[] = [];
    for (let ni = 0; ni < frontier.length; ni++) {
      const node = frontier[ni];
      if ((++tick & 63) === 0) {
        if (opts.shouldStop?.()) {
          cancelled = true;
          stopped = { reason: 'cancelled', depth, expanded: ni, ofFrontier: frontier.length };
          break outer;
        }
        const t = now();
        if (t - lastReport > 100) {
          lastReport = t;
          progress();
        }
      }
      forgetReplaced();
      const dyn = dynamicFor(node.ms);
      const total = statics.length + dyn.actions.length;
      // Members this state cannot tell apart: of calls that differ only by renaming them, one.
      let blocks: Int32Array[] | null = null;
      if (canon) {
        canon.restore(node.sort!, node.ms[0]);
        blocks = canon.blocks(node.ms);
      }
      // One array for every transition: nothing keeps it (a kept state copies what it needs).
      const outs: Outcome[] = [];
      for (let ai = 0; ai < total; ai++) {
        const a = ai < statics.length ? statics[ai] : dyn.actions[ai - statics.length];
        if (blocks && !stab!.keep(a.args, blocks)) continue;
        outs.length = 0;
        let ok = true;
        for (let di = 0; di < designs.length && ok; di++) {
          const o = apply(di, node.ms[di], node.lanes[di], node.keys[di], a, ai < statics.length ? staticCalls[ai] : dyn.calls[ai - statics.length][di]);
          if (!o || o.invalid) ok = false;
          else outs.push(o);
        }
        if (!ok) continue;
        let same = true;
        for (let i = 0; i < outs.length; i++) if (outs[i].next !== node.ms[i]) same = false;
        // A call that changed nothing leads back to this node's state.
        // Without symmetry the key is the fingerprint itself: no object made for it.
        const after = same || !canon ? null : keyAfter(node, outs);
        const key = same ? node.seen : after ? after.key : outs.length === 1 ? outs[0].key : pairKey(outs.map((o) => o.key));
        const fresh = !seen.has(key);
        if (callFinding(node, outs) || (fresh && stateFinding(node, outs))) {
          const path = pathOf(node, a.text);
          const runs = replay(opts.designs, decls, path);
          // A merged state can stand for a machine whose path behaves otherwise: confirm on the real path.
          if (runs && findingAtEnd(runs, level, invariants).length) {
            found = { calls: path, depth };
            break outer;
          }
          continue;
        }
        if (!fresh) continue;
        seen.add(key);
        next.push({ ms: outs.map((o) => o.next), lanes: outs.map((o) => o.lanes), keys: outs.map((o) => o.key), seen: key, sort: after ? after.sort : null, renamed: after ? after.renamed : null, codes: outs.map((o) => (invariants ? codes(o.step.violations) : NO_CODES)), parent: node, action: a.text });
        if (seen.size >= maxStates) {
          stopped = { reason: 'max-states', depth, expanded: ni, ofFrontier: frontier.length };
          break outer;
        }
      }
      // Expanded: only its action and parent are needed again (to write a found path out).
      node.ms = DROPPED;
    }
    frontier = next;
  }
  progress();

  const base = { designs: opts.designs, machine: spec, level, states: seen.size, symmetry: sym ? symmetryText(sym) : null, depth, coreCalls, cancelled };
  if (!found) {
    const exhausted = stopped === null;
    return { ...base, found: false, exhausted, stopped, calls: [], foundDepth: 0, differences: [], scenario: null, verified: null, ms: Math.round(now() - t0) };
  }
  let { calls: path } = found;
  let kept = decls;
  if (opts.shrink !== false) ({ calls: path, decls: kept } = shrink(opts.designs, decls, path, level, invariants));
  const runs = replay(opts.designs, kept, path)!;
  const differences = findingAtEnd(runs, level, invariants);
  const comment = [
    `# Found by the search: ${opts.designs.join(' vs ')}, "same" = ${level}${invariants && !single ? ' + invariants' : ''}`,
    `# machine ${specText(spec)}, shortest at depth ${found.depth}, ${seen.size} states`,
  ];
  let scenario = emit(runs, kept, path, differences, comment, true);
  let report = checkScenario('search.scn', scenario);
  let verified = tally(report.runs, report.errors.length);
  if (verified.failed) {
    scenario = emit(runs, kept, path, differences, comment, false);
    report = checkScenario('search.scn', scenario);
    verified = tally(report.runs, report.errors.length);
  }
  return { ...base, found: true, exhausted: false, stopped: null, calls: path, foundDepth: found.depth, differences, scenario, verified, ms: Math.round(now() - t0) };
}
