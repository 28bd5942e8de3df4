/**
 * The space a search explores, built once per search from its options: the designs, the small
 * machine and its start state, the calls tried (alphabet.ts), how a state's successors are
 * made and keyed (fingerprint.ts, symmetry.ts) and the two halves of the finding rule. Shared by
 * the sequential search (bfs.ts) and each expander of the parallel one (expander.ts): both walk
 * a node's transitions with `transitions`, in the same order, so both see the same keys.
 *
 * Speed notes (docs/performance.md):
 * - with two designs, each design's transitions are memoised on its state's fingerprint;
 * - a transition into a state already visited is checked only for what depends on the call
 *   (return values, the return-value invariant): whatever holds of the state was examined when
 *   it was first reached, and BFS reaches every state first by a shortest path, so the first
 *   finding is still a shortest one.
 */
import { applyCall, checkReturn, constantsOf, unsupportedCall, formatValue, getDesign, SIGNATURES, writesOf, type Arg, type Call, type Design, type DesignId, type Machine, type Step, type Violation } from '../core';
import { divergesAt, observableOf, timelineOf, type SameLevel } from '../compare';
import { callsFor, dynamicActions, FEAT, staticActions, staticNames, type Action } from './alphabet';
import { forgetReplaced, keyOf, lanesAfter, lanesOf, type Lanes } from './fingerprint';
import { Canon, Stabiliser, symmetryOf, type Symmetry, type SortState } from './symmetry';
import { DEFAULT_MACHINE, declLines, setupCalls, specText, type MachineSpec } from './machine';
import { replay } from './replay';

/** What defines the space (the part of SearchOptions an expander in a Worker needs: all plain data). */
export interface SpaceOptions {
  /** Two designs to compare, or one design whose invariants are searched. */
  readonly designs: readonly DesignId[];
  readonly machine?: MachineSpec;
  readonly level?: SameLevel;
  /** Function names to call (default DEFAULT_CALLS); must be keys of ALPHABET. */
  readonly calls?: readonly string[];
  /** Also stop where either design breaks an invariant (always on with one design). */
  readonly invariants?: boolean;
  /**
   * Count a state and its renamings (interchangeable containers, mdevs of one parent) once
   * (symmetry.ts). Default true.
   */
  readonly symmetry?: boolean;
}

export interface Outcome {
  readonly ret: string;
  readonly invalid: boolean;
  readonly next: Machine;
  readonly lanes: Lanes;
  readonly key: number;
  readonly step: Step;
  obs?: ReadonlyMap<string, string>;
}

/** A visited-set key: the fingerprint, or the designs' fingerprints joined by commas. */
export type Key = number | string;

export interface Node {
  /** The machines (one per design); dropped once the node is expanded. */
  ms: readonly Machine[];
  readonly lanes: readonly Lanes[];
  readonly keys: readonly number[];
  /** Its key in the visited set (canonical under the symmetry). */
  readonly seen: Key;
  /** With symmetry: where its sort stood, for its successors' (symmetry.ts `chooseAfter`). */
  readonly sort: SortState | null;
  /** With symmetry: its machines' lanes under the renaming chosen (null: the identity, `lanes`). */
  readonly renamed: readonly Lanes[] | null;
  /** The invariant codes each design's machine breaks here (empty unless invariants matter). */
  readonly codes: readonly ReadonlySet<string>[];
  /** The sequential search's path back (the parallel one keeps its tree on the coordinator). */
  readonly parent: Node | null;
  readonly action: string | null;
}

/**
 * What a state of the last level is kept as: nothing. It is never expanded, so its machines,
 * lanes and codes would only be garbage the collector has to carry to the end of the search
 * (at depth 4 of the bench space, 4,778 of 5,704 states).
 */
export const LEAF: Node = Object.freeze({ ms: [], lanes: [], keys: [], seen: '', sort: null, renamed: null, codes: [], parent: null, action: null });

/** A successor's key and, with symmetry, its sort and renamed lanes (null without). */
export interface After {
  readonly key: Key;
  readonly sort: SortState | null;
  readonly renamed: Lanes[] | null;
}

/**
 * Called per valid transition of a node, in action order: the action, its outcomes (one per
 * design; the array is reused, copy what is kept), the successor's key data (`after` null where
 * it is the key alone) and its key. True stops the walk.
 */
export type Visit = (a: Action, outs: readonly Outcome[], after: After | null, key: Key) => boolean;

export const DROPPED: readonly never[] = [];
const NO_CODES: ReadonlySet<string> = new Set();

/** The call of an action with these arguments, or null where one of them names nothing. */
const toCall = (a: Action, args: readonly (Arg | null)[]): Call | null => (args.includes(null) ? null : { fn: a.fn, args: args as Arg[] });

const codes = (vs: readonly Violation[] | undefined): ReadonlySet<string> => (vs?.length ? new Set(vs.map((v) => v.code)) : NO_CODES);

export const pairKey = (keys: readonly number[]): Key => (keys.length === 1 ? keys[0] : keys.join(','));

export interface Space {
  readonly designs: readonly DesignId[];
  readonly spec: MachineSpec;
  readonly level: SameLevel;
  readonly single: boolean;
  readonly invariants: boolean;
  readonly decls: readonly string[];
  readonly setup: readonly string[];
  readonly sym: Symmetry | null;
  readonly root: Node;
  /** Calls made to the core so far (after memoisation). */
  coreCalls(): number;
  /** Walks a node's valid transitions in action order (see Visit); true if a visit stopped it. */
  transitions(node: Node, visit: Visit): boolean;
  /** Differences that depend on the call: return values and the return-value invariant. */
  callFinding(node: Node, outs: readonly Outcome[]): boolean;
  /** Differences that are a property of the state reached (examined on first arrival only). */
  stateFinding(node: Node, outs: readonly Outcome[]): boolean;
  /** The successor node (it copies what it keeps of `outs`). */
  child(node: Node, a: Action, outs: readonly Outcome[], after: After | null, key: Key, withPath: boolean): Node;
}

export function makeSpace(opts: SpaceOptions): Space {
  const spec = opts.machine ?? DEFAULT_MACHINE;
  const level = opts.level ?? 'returns';
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
  const callFinding = (node: Node, outs: readonly Outcome[]): boolean => {
    if (!single) {
      let same = true;
      for (let i = 1; i < outs.length; i++) if (outs[i].ret !== outs[0].ret) same = false;
      if (!same && divergesAt(outs.map((o, i) => ({ design: opts.designs[i], value: o.ret, machine: o.next })), level, { state: false, first: true }).length > 0) return true;
    }
    if (invariants) for (let i = 0; i < outs.length; i++) if (newCode(checkReturn(outs[i].next, outs[i].step.call, outs[i].step.ret), node.codes[i])) return true;
    return false;
  };

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
  const keyOfLanes = (cl: readonly Lanes[] | null, keys: readonly number[]): Key => (cl ? pairKey(cl.map(keyOf)) : pairKey(keys));
  /**
   * The key of a node's successor. With symmetry, the sort and the renamed lanes are kept up to
   * date from the node's (symmetry.ts `chooseAfter`, `Canon.lanesAfter`).
   */
  const keyAfter = (node: Node, outs: readonly Outcome[]): After => {
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

  // One array for every transition: nothing keeps it (a kept state copies what it needs).
  const outs: Outcome[] = [];
  const transitions = (node: Node, visit: Visit): boolean => {
    forgetReplaced();
    const dyn = dynamicFor(node.ms);
    const total = statics.length + dyn.actions.length;
    // Members this state cannot tell apart: of calls that differ only by renaming them, one.
    let blocks: Int32Array[] | null = null;
    if (canon) {
      canon.restore(node.sort!, node.ms[0]);
      blocks = canon.blocks(node.ms);
    }
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
      if (visit(a, outs, after, key)) return true;
    }
    return false;
  };

  const child = (node: Node, a: Action, os: readonly Outcome[], after: After | null, key: Key, withPath: boolean): Node => ({
    ms: os.map((o) => o.next),
    lanes: os.map((o) => o.lanes),
    keys: os.map((o) => o.key),
    seen: key,
    sort: after ? after.sort : null,
    renamed: after ? after.renamed : null,
    codes: os.map((o) => (invariants ? codes(o.step.violations) : NO_CODES)),
    parent: withPath ? node : null,
    action: withPath ? a.text : null,
  });

  return { designs: opts.designs, spec, level, single, invariants, decls, setup, sym, root, coreCalls: () => coreCalls, transitions, callFinding, stateFinding, child };
}
