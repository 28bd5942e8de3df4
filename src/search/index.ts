/**
 * The search for the shortest disagreement. Pure (no DOM, no clock but the one passed in):
 * it runs the same in Node (`npm run search`), in the tests and in the browser's Worker.
 *
 *   search(opts) → SearchResult
 *
 * Given two designs (or one design and its invariants), a small machine (machine.ts) and a depth
 * bound, it explores sequences of calls breadth first — portable steps and chosen raw calls,
 * the same text under both designs — with states deduplicated (canon.ts: a pair state is both
 * designs' canonical machines), and stops at the first call on which the designs differ at the
 * chosen "same" level (src/compare) or, with `invariants`, either breaks an invariant. The path
 * is then replayed as scenario text, shrunk (calls, then unused declarations) and checked with
 * `checkScenario`: the text it returns replays to the same divergence with 0 failures.
 *
 * Speed: each design's transitions are memoised on its canonical state, so a pair state whose
 * design-a half was seen before (with any design-b half) costs no call to the core for a.
 */
import { applyCall, getDesign, resolveName, SIGNATURES, formatValue, type Arg, type Call, type Design, type DesignId, type Machine, type Step } from '../core';
import { checkScenario, parseScenario, runScenario, type Run } from '../scn';
import { divergesAt, observableOf, timelineOf, DASH, type Difference, type SameLevel } from '../compare';
import { canonOf } from './canon';
import { DEFAULT_MACHINE, declLines, namesOf, setupCalls, specText, type MachineSpec } from './machine';

export { DEFAULT_MACHINE, parseSpec, specText, declLines, namesOf, setupCalls, type MachineSpec } from './machine';
export { canonOf } from './canon';

/** Parameter kinds of the calls the search makes, filled from the machine. */
type Slot = 'aux' | 'mdev' | 'mdevgroup' | 'container' | 'domain' | 'feat';

/** Every call the search knows how to make, and what it fills each argument with. */
export const ALPHABET: Readonly<Record<string, readonly Slot[]>> = {
  vfio_attach_group: ['container', 'mdevgroup'],
  vfio_detach_group: ['container', 'mdevgroup'],
  driver_get_domain: ['mdev'],
  driver_get_pasid: ['mdev'],
  iommu_dev_enable_feature: ['aux', 'feat'],
  iommu_dev_disable_feature: ['aux', 'feat'],
  iommu_detach_group: ['domain', 'mdevgroup'],
  iommu_get_domain_for_dev: ['mdev'],
  iommu_aux_attach_device: ['domain', 'aux'],
  iommu_aux_detach_device: ['domain', 'aux'],
  iommu_aux_get_pasid: ['domain', 'aux'],
  iommu_aux_get_domain_for_dev: ['mdev'],
  iommu_domain_is_aux: ['domain'],
};

/** The default calls: the four portable steps and the raw calls the §c disagreements need. */
export const DEFAULT_CALLS: readonly string[] = [
  'vfio_attach_group',
  'vfio_detach_group',
  'driver_get_domain',
  'driver_get_pasid',
  'iommu_dev_enable_feature',
  'iommu_dev_disable_feature',
  'iommu_detach_group',
  'iommu_get_domain_for_dev',
];

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
}

export interface SearchResult {
  readonly designs: readonly DesignId[];
  readonly machine: MachineSpec;
  readonly level: SameLevel;
  readonly found: boolean;
  readonly cancelled: boolean;
  /** Every state within the depth bound was explored and nothing was found. */
  readonly exhausted: boolean;
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
  /** Distinct states reached (pair states for two designs). */
  readonly states: number;
  /** The deepest level fully or partly explored. */
  readonly depth: number;
  readonly ms: number;
  /** Calls made to the core (after memoisation). */
  readonly coreCalls: number;
}

interface Action {
  readonly text: string;
  readonly fn: string;
  readonly args: readonly string[];
  readonly dynamic: boolean;
}

interface Outcome {
  readonly ret: string;
  readonly warned: boolean;
  readonly invalid: boolean;
  readonly next: Machine;
  readonly key: string;
  /** Kept only when invariants are looked at (the next call checks incrementally from it). */
  readonly step: Step | undefined;
  obs?: ReadonlyMap<string, string>;
}

interface Node {
  readonly ms: readonly Machine[];
  readonly keys: readonly string[];
  readonly steps: readonly (Step | undefined)[];
  readonly parent: Node | null;
  readonly action: string | null;
  readonly depth: number;
}

const FEAT = 'IOMMU_DEV_FEAT_AUX';

function toArg(m: Machine, a: string): Arg | null {
  if (a === FEAT) return { t: 'int', v: 0 };
  const r = resolveName(m, a);
  return r ? { t: 'ref', ref: r } : null;
}

const isDomainSlot = (fn: string) => ALPHABET[fn].includes('domain');

function staticActions(spec: MachineSpec, calls: readonly string[]): Action[] {
  const n = namesOf(spec);
  const fill: Record<Exclude<Slot, 'domain'>, readonly string[]> = {
    aux: n.auxParents,
    mdev: n.mdevs,
    mdevgroup: n.mdevGroups,
    container: n.containers,
    feat: [FEAT],
  };
  const out: Action[] = [];
  for (const fn of calls) {
    if (isDomainSlot(fn)) continue;
    let combos: string[][] = [[]];
    for (const slot of ALPHABET[fn] as Exclude<Slot, 'domain'>[]) combos = combos.flatMap((c) => fill[slot].map((v) => [...c, v]));
    for (const args of combos) out.push({ text: `${fn}(${args.join(', ')})`, fn, args, dynamic: false });
  }
  return out;
}

/** Live domains a raw call may name: not a default domain, and the name means a domain under every design. */
function domainNames(ms: readonly Machine[]): string[] {
  const out: string[] = [];
  for (const d of ms[0].domains.toArray()) {
    if (d.freed || d.type !== 'UNMANAGED' || out.includes(d.name)) continue;
    if (ms.every((m) => resolveName(m, d.name)?.kind === 'domain')) out.push(d.name);
  }
  return out;
}

function dynamicActions(spec: MachineSpec, calls: readonly string[], ms: readonly Machine[]): Action[] {
  const doms = domainNames(ms);
  if (!doms.length) return [];
  const n = namesOf(spec);
  const out: Action[] = [];
  for (const fn of calls) {
    if (!isDomainSlot(fn)) continue;
    let combos: string[][] = [[]];
    for (const slot of ALPHABET[fn]) {
      const vals = slot === 'domain' ? doms : slot === 'aux' ? n.auxParents : slot === 'mdevgroup' ? n.mdevGroups : slot === 'mdev' ? n.mdevs : slot === 'container' ? n.containers : [FEAT];
      combos = combos.flatMap((c) => vals.map((v) => [...c, v]));
    }
    for (const args of combos) out.push({ text: `${fn}(${args.join(', ')})`, fn, args, dynamic: true });
  }
  return out;
}

/** The scenario text of a path: header, declarations, then each call with what it returned. */
function pathText(designs: readonly DesignId[], decls: readonly string[], calls: readonly string[], comment: readonly string[] = []): string {
  return [...comment, `design: ${designs.join(', ')}`, '', ...decls, '', ...calls, ''].join('\n');
}

/** Runs a path under each design through the scenario runner (as `npm run check` will). */
function replay(designs: readonly DesignId[], decls: readonly string[], calls: readonly string[]): Run[] | null {
  const { script, errors } = parseScenario(pathText(designs, decls, calls));
  if (errors.length) return null;
  const runs = designs.map((d) => runScenario(script, d));
  return runs.some((r) => r.errors.length) ? null : runs;
}

/** What makes the last call of the runs a finding, or [] if it is not one. */
function findingAtEnd(runs: readonly Run[], level: SameLevel, invariants: boolean): Difference[] {
  const lines = runs.map(timelineOf);
  if (lines.some((t) => t.length === 0)) return [];
  const sides = lines.map((t, i) => {
    const last = t.at(-1)!;
    // Without a step of its own the last statement keeps the latest step's violations, none new.
    const carried = [...t].reverse().find((e) => e.step)?.step?.violations ?? [];
    const before = last.step ? (t.at(-2)?.step?.violations ?? []) : carried;
    return { design: runs[i].design, value: last.value ?? DASH, machine: last.machine, violations: carried, before };
  });
  return divergesAt(sides, level, { call: lines[0].at(-1)!.kind === 'call', invariants });
}

/** Scenario text with each call's expectation per design (`=> A @a | B` where they differ). */
function emit(runs: readonly Run[], decls: readonly string[], calls: readonly string[], diffs: readonly Difference[], comment: readonly string[], allLines: boolean): string {
  const designs = runs.map((r) => r.design);
  const lines = runs.map(timelineOf);
  const out: string[] = [];
  calls.forEach((c, i) => {
    const gots = lines.map((l) => l[i]?.got ?? 'unsupported');
    const last = i === calls.length - 1;
    if (last) for (const d of diffs.slice(0, 3)) out.push(`## ${d.explain}`);
    if (!allLines && !last) return void out.push(c);
    let expect: string;
    if (gots.every((g) => g === gots[0])) expect = gots[0];
    else {
      const [first, ...rest] = gots;
      expect = `${first} @${designs[0]}${rest.length > 1 ? rest.map((g, j) => ` | ${g} @${designs[j + 1]}`).join('') : ` | ${rest[0]}`}`;
    }
    out.push(`${c} => ${expect}`);
  });
  return pathText(designs, decls, out, comment);
}

/** The BFS. */
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
  for (const fn of opts.calls ?? []) if (!ALPHABET[fn]) throw new Error(`the search cannot call '${fn}' (known: ${Object.keys(ALPHABET).join(', ')})`);
  // A function no compared design offers would only ever return `unsupported`.
  const calls = (opts.calls ?? DEFAULT_CALLS).filter((fn) => designs.some((d) => d.functions[fn]));
  const decls = declLines(spec);
  const setup = setupCalls(spec);
  const init = replay(opts.designs, decls, setup);
  if (new Set(opts.designs).size !== opts.designs.length) throw new Error('compare two different designs');
  if (!init) throw new Error(`the machine ${specText(spec)} does not declare`);
  const m0 = init[0].initial;
  const startEntries = init.map((r) => timelineOf(r).at(-1));
  const statics = staticActions(spec, calls);
  const staticArgs = statics.map((a) => a.args.map((x) => toArg(m0, x)));

  // One design alone: every state is new, so a memo would only hold memory.
  const memo = single ? null : designs.map(() => new Map<string, Map<string, Outcome>>());
  const keepSteps = invariants || level === 'internals';
  let coreCalls = 0;
  const apply = (di: number, m: Machine, key: string, prev: Step | undefined, a: Action, args: readonly (Arg | null)[] | null): Outcome | null => {
    let byState: Map<string, Outcome> | undefined;
    if (memo) {
      byState = memo[di].get(key);
      if (!byState) memo[di].set(key, (byState = new Map()));
      const hit = byState.get(a.text);
      if (hit) return hit;
    }
    const resolved = args ?? a.args.map((x) => toArg(m, x));
    if (resolved.some((x) => x === null)) return null;
    const call: Call = { fn: a.fn, args: resolved as Arg[] };
    coreCalls++;
    // The search never shows a trace for the states it explores: skip building it.
    const step = applyCall(designs[di], m, call, prev, { quiet: !keepSteps });
    const invalid = step.ret.t === 'invalid';
    const next = step.machine;
    const o: Outcome = {
      ret: formatValue(next, step.ret, SIGNATURES[a.fn].ret),
      warned: step.warned,
      invalid,
      next,
      key: invalid ? key : next === m ? key : canonOf(next),
      step: keepSteps ? step : undefined,
    };
    byState?.set(a.text, o);
    return o;
  };

  // The same rule as the lock-step view (src/compare/diverge.ts), asked yes or no.
  const isFinding = (node: Node, outs: readonly Outcome[]): boolean =>
    divergesAt(
      outs.map((o, i) => ({
        design: opts.designs[i],
        value: o.ret,
        machine: o.next,
        violations: level === 'internals' || invariants ? o.step?.violations : undefined,
        before: invariants ? node.steps[i]?.violations : undefined,
        observable: () => (o.obs ??= observableOf(o.next)),
      })),
      level,
      { compare: !single, invariants, first: true },
    ).length > 0;

  const pathOf = (node: Node, last: string): string[] => {
    const out = [last];
    for (let n: Node | null = node; n && n.action; n = n.parent) out.push(n.action);
    return [...setup, ...out.reverse()];
  };

  const startMs = designs.map((_, i) => startEntries[i]?.machine ?? m0);
  const root: Node = { ms: startMs, keys: startMs.map(canonOf), steps: designs.map((_, i) => startEntries[i]?.step), parent: null, action: null, depth: 0 };
  const seen = new Set<string>([root.keys.join('\u0001')]);
  let frontier: Node[] = [root];
  let depth = 0;
  let cancelled = false;
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
    for (const node of frontier) {
      if ((++tick & 63) === 0) {
        if (opts.shouldStop?.()) {
          cancelled = true;
          break outer;
        }
        const t = now();
        if (t - lastReport > 100) {
          lastReport = t;
          progress();
        }
      }
      const dyn = dynamicActions(spec, calls, node.ms);
      const total = statics.length + dyn.length;
      for (let ai = 0; ai < total; ai++) {
        const a = ai < statics.length ? statics[ai] : dyn[ai - statics.length];
        const outs: Outcome[] = [];
        let ok = true;
        for (let di = 0; di < designs.length && ok; di++) {
          const o = apply(di, node.ms[di], node.keys[di], node.steps[di], a, a.dynamic ? null : staticArgs[ai]);
          if (!o || o.invalid) ok = false;
          else outs.push(o);
        }
        if (!ok) continue;
        if (isFinding(node, outs)) {
          const calls = pathOf(node, a.text);
          const runs = replay(opts.designs, decls, calls);
          // A merged state can stand for a machine whose path behaves otherwise: confirm on the real path.
          if (runs && findingAtEnd(runs, level, invariants).length) {
            found = { calls, depth };
            break outer;
          }
          continue;
        }
        const key = outs.map((o) => o.key).join('\u0001');
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ ms: outs.map((o) => o.next), keys: outs.map((o) => o.key), steps: outs.map((o) => o.step), parent: node, action: a.text, depth });
        if (seen.size >= maxStates) break outer;
      }
    }
    frontier = next;
  }
  progress();

  const base = { designs: opts.designs, machine: spec, level, states: seen.size, depth, coreCalls, cancelled };
  if (!found) {
    return { ...base, found: false, exhausted: !cancelled && frontier.length === 0 || (!cancelled && depth >= maxDepth && seen.size < maxStates), calls: [], foundDepth: 0, differences: [], scenario: null, verified: null, ms: Math.round(now() - t0) };
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
  return { ...base, found: true, exhausted: false, calls: path, foundDepth: found.depth, differences, scenario, verified, ms: Math.round(now() - t0) };
}

function tally(runs: readonly Run[], errors: number): { passed: number; failed: number } {
  let passed = 0;
  let failed = errors ? 1 : 0;
  for (const r of runs) {
    passed += r.passed;
    failed += r.failed;
  }
  return { passed, failed };
}

/** Drops calls, then declarations nothing names, while the last call still differs. */
export function shrink(designs: readonly DesignId[], decls: readonly string[], calls: readonly string[], level: SameLevel, invariants: boolean): { decls: string[]; calls: string[] } {
  const holds = (d: readonly string[], c: readonly string[]) => {
    const runs = replay(designs, d, c);
    return !!runs && findingAtEnd(runs, level, invariants).length > 0;
  };
  let c = [...calls];
  let d = [...decls];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = c.length - 2; i >= 0; i--) {
      const t = [...c.slice(0, i), ...c.slice(i + 1)];
      if (holds(d, t)) {
        c = t;
        changed = true;
      }
    }
  }
  const named = (name: string) => c.some((x) => new RegExp(`\\b${name.replace('.', '\\.')}\\b`).test(x)) || d.some((x) => new RegExp(`parent=${name}\\b`).test(x));
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = d.length - 1; i >= 1; i--) {
      const name = d[i].split(/\s+/)[1];
      const group = d[i].startsWith('mdev') || d[i].startsWith('pci') ? `G_${name}` : name;
      if (named(name) || named(group) || (d[i].includes('group=G_s') && named('G_s'))) continue;
      const t = [...d.slice(0, i), ...d.slice(i + 1)];
      if (holds(t, c)) {
        d = t;
        changed = true;
      }
    }
  }
  return { decls: d, calls: c };
}
