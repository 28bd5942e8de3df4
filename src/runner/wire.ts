/**
 * How runs cross from the run Worker to the page cheaply. Structured clone copies everything a
 * message holds and keeps sharing only inside one message, so whole machines per entry would
 * cost megabytes per result and lose the sharing between steps. Instead, per design, the
 * worker sends only what changed since the page's copy of that design's previous run:
 *   - `keep`: how many leading entries the page already holds (the very same objects the new
 *     run reused, src/scn/runner.ts `Reuse`);
 *   - each new entry thin (its printed results) plus a PATCH of its machine against the entry
 *     before it: the records that differ (found by walking the two persistent tables and
 *     skipping the leaves they share) and the machine-wide fields that differ;
 *   - each step's call, return, log, WARN, created objects and violations (computed in the
 *     worker, so the page never checks invariants).
 * The page applies the patches with the core's Table.set/push onto its previous machine, so its
 * machines share structure (and unchanged records keep their identity) exactly as the worker's.
 * A page-side step rebuilds `trace` and `changes` on first read by making the one call again on
 * the machine before it (the engine is pure and deterministic: it is the call the worker made).
 * Both sides keep "the last run sent per design" and messages arrive in order: the page decodes
 * every message, shown or dropped, so the two copies never drift.
 */
import { applyCall, DidSet, getDesign, newMachine, Table, type DesignId, type Machine, type Step, type Value, type Violation } from '../core';
import type { Graph } from '../derive/graph-types';
import { Bindings } from '../scn/bindings';
import type { Run, RunEntry } from './pure/engine';

type Env = RunEntry['env'];

/** Records that differ: per table field, flat `[id, record, id, record, …]` in ascending id order. */
export interface MachinePatch {
  readonly t: Record<string, unknown[]>;
  /** Machine-wide fields (not tables) whose value is another object or value. */
  readonly f: Record<string, unknown>;
}

export interface WireStep {
  readonly call: Step['call'];
  readonly ret: Value;
  readonly log?: Step['log'];
  readonly warned: boolean;
  readonly created?: Step['created'];
  readonly violations?: readonly Violation[];
  /**
   * The violations equal the previous step's (a broken invariant stays broken for thousands of
   * steps; cloning them per step made one design's message 7 MB): the page reuses that array.
   */
  readonly vPrev?: true;
  /** The step's machine when it is not its entry's (never, for scenario runs): a patch against the entry's previous machine. */
  readonly m?: MachinePatch;
}

export interface WireEntry {
  /** Everything of the entry but its machine, bindings and step. */
  readonly e: Omit<RunEntry, 'machine' | 'env' | 'step'>;
  /** Absent: the same machine as the entry before. */
  readonly m?: MachinePatch;
  /** Bindings that differ from the entry before (absent: the same table). */
  readonly env?: readonly (readonly [string, Value])[];
  /** The bindings lost some names: `env` is the whole table. */
  readonly envFull?: true;
  readonly s?: WireStep;
}

export interface WireRun {
  readonly design: DesignId;
  /** Leading entries of the page's copy of this design's previous run to keep. */
  readonly keep: number;
  readonly entries: readonly WireEntry[];
  /** `initial` is the machine of entry n (counting kept ones), or a patch against the empty machine. */
  readonly initial: number | MachinePatch;
  readonly errors: Run['errors'];
  readonly passed: number;
  readonly failed: number;
  /** Parts (see splitWire): more parts of this run follow / this part continues the one before. */
  readonly more?: true;
  readonly cont?: true;
  /**
   * Graphs of entries (derive's toGraph of the machine and step; `at` counts kept entries), made
   * in the Worker for the shown design's last frames: the page would otherwise build them
   * (20–35 ms each for 1,100 objects) when the result lands. Only on the last part.
   */
  readonly graphs?: readonly { readonly at: number; readonly graph: Graph }[];
}

/**
 * One run as several messages of at most `size` entries: the page deserialises and rebuilds
 * each in a task of its own (a whole re-run of 3,000 entries was one ~50 ms task).
 */
export function splitWire(w: WireRun, size: number): WireRun[] {
  if (w.entries.length <= size) return [w];
  const out: WireRun[] = [];
  for (let i = 0; i < w.entries.length; i += size) {
    const last = i + size >= w.entries.length;
    const { graphs, ...rest } = w;
    out.push({ ...rest, entries: w.entries.slice(i, i + size), ...(last ? { ...(graphs ? { graphs } : {}) } : { more: true as const }), ...(i > 0 ? { cont: true as const } : {}) });
  }
  return out;
}

const NONE: readonly never[] = Object.freeze([]);
const EMPTY_ENV: Env = Bindings.EMPTY;

type Fields = Record<string, unknown>;

function tableDiff(a: Table<unknown>, b: Table<unknown>): unknown[] {
  const out: unknown[] = [];
  const la = a.size <= b.size ? a.chunkList() : [];
  const lb = b.chunkList();
  let id = 0;
  for (let i = 0; i < lb.length; i++) {
    const x = la[i];
    const y = lb[i];
    if (x !== y) for (let j = 0; j < y.length; j++) if (!x || x[j] !== y[j]) out.push(id + j, y[j]);
    id += y.length;
  }
  return out;
}

/**
 * Structured clone keeps data, not classes: the unit's domain-id bitmap (a DidSet) crosses as
 * its sorted list and is made a DidSet again on the page (fromWireIommu).
 */
const toWireIommu = (u: Machine['iommu']): Machine['iommu'] => ({ ...u, dids: [...u.dids] });
const fromWireIommu = (u: Machine['iommu']): Machine['iommu'] => ({ ...u, dids: DidSet.from(u.dids) });

/** What turns `prev` into `next`; undefined when they are the same machine. */
export function machinePatch(prev: Machine, next: Machine): MachinePatch | undefined {
  if (prev === next) return undefined;
  const t: Record<string, unknown[]> = {};
  const f: Fields = {};
  const a = prev as unknown as Fields;
  const b = next as unknown as Fields;
  for (const k of Object.keys(b)) {
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    if (y instanceof Table) {
      // A table that shrank (never, in the core) is sent whole: diffed against nothing.
      t[k] = x instanceof Table && x.size <= y.size ? tableDiff(x, y) : [-1, ...tableDiff(Table.empty(), y)];
    } else f[k] = k === 'iommu' ? toWireIommu(y as Machine['iommu']) : y;
  }
  return { t, f };
}

/** `prev` with the patch applied; tables are edited with set/push, so everything else stays shared. */
export function applyPatch(prev: Machine, p: MachinePatch | undefined): Machine {
  if (!p) return prev;
  const out: Fields = { ...(prev as unknown as Fields), ...p.f };
  if (p.f.iommu) out.iommu = fromWireIommu(p.f.iommu as Machine['iommu']);
  for (const [k, flat] of Object.entries(p.t)) {
    let i = 0;
    let t = prev[k as keyof Machine] as unknown as Table<unknown>;
    if (flat[0] === -1) {
      t = Table.empty();
      i = 1;
    }
    for (; i < flat.length; i += 2) {
      const id = flat[i] as number;
      t = id < t.size ? t.set(id, flat[i + 1]) : t.push(flat[i + 1]);
    }
    out[k] = t;
  }
  return out as unknown as Machine;
}

const sameRefs = (a: Violation['objects'], b: Violation['objects']) => a.length === b.length && a.every((r, i) => r.kind === b[i].kind && r.id === b[i].id);

/** Equal violations, by content (each step checks afresh, so equal ones are other objects). */
export function sameViolations(a: readonly Violation[], b: readonly Violation[]): boolean {
  return a === b || (a.length === b.length && a.every((v, i) => v.code === b[i].code && v.message === b[i].message && sameRefs(v.objects, b[i].objects)));
}

/** The violations of the last step among the first `n` entries (none: empty). */
function violationsBefore(entries: readonly RunEntry[], n: number): readonly Violation[] {
  for (let i = n - 1; i >= 0; i--) {
    const s = entries[i].step;
    if (s) return s.violations;
  }
  return NONE;
}

function envPatch(prev: Env, next: Env): Pick<WireEntry, 'env' | 'envFull'> {
  if (prev === next) return {};
  // One binding on top of the entry before (a run's usual case): no walk over every name, so
  // a run of n bindings crosses in O(n), not O(n²).
  if (next instanceof Bindings && next.parent === prev) return { env: [[next.name, next.value]] };
  for (const k of prev.keys()) if (!next.has(k)) return { env: [...next], envFull: true };
  const env: (readonly [string, Value])[] = [];
  for (const [k, v] of next) if (prev.get(k) !== v || !prev.has(k)) env.push([k, v]);
  return { env };
}

function applyEnv(prev: Env, w: WireEntry): Env {
  if (!w.env) return prev;
  // Persistent, as the Worker's: each binding shares the table before it (scn/bindings.ts).
  let b = w.envFull ? Bindings.EMPTY : prev instanceof Bindings ? prev : Bindings.of(prev);
  for (const [k, v] of w.env) b = b.with(k, v);
  return b;
}

/**
 * A step rebuilt on the page. `trace` and `changes` come from making the same call again on the
 * machine before it (once, on first read); everything else is what the worker's step said.
 */
export class WireBuiltStep implements Step {
  private replayed: Step | undefined;

  constructor(
    private readonly design: DesignId,
    /** The machine the call was made on; dropped once the call was made again. */
    private input: Machine | null,
    readonly call: Step['call'],
    readonly ret: Value,
    readonly machine: Machine,
    readonly log: Step['log'],
    readonly warned: boolean,
    readonly created: Step['created'],
    readonly violations: readonly Violation[],
  ) {}

  private replay(): Step {
    if (!this.replayed) {
      const d = getDesign(this.design);
      if (!d) throw new Error(`WireBuiltStep: unknown design '${this.design}'`);
      this.replayed = applyCall(d, this.input!, this.call);
      this.input = null;
    }
    return this.replayed;
  }

  get trace(): Step['trace'] {
    return this.replay().trace;
  }

  get changes(): Step['changes'] {
    return this.replay().changes;
  }

  peekViolations(): readonly Violation[] {
    return this.violations;
  }

  /** Serialises like a plain Step (the rebuilt values included), as the core's steps do. */
  toJSON(): Omit<Step, 'peekViolations'> {
    const { call, ret, machine, trace, changes, log, warned, violations, created } = this;
    return { call, ret, machine, changes, trace, log, warned, violations, created };
  }
}

/** The worker's side: what it sent last per design. */
export class RunEncoder {
  private readonly sent = new Map<DesignId, Run>();
  private readonly empty = newMachine();

  encode(run: Run): WireRun {
    const prev = this.sent.get(run.design);
    const es = run.entries;
    let keep = 0;
    if (prev) {
      const n = Math.min(prev.entries.length, es.length);
      while (keep < n && prev.entries[keep] === es[keep]) keep++;
    }
    let m = keep > 0 ? es[keep - 1].machine : this.empty;
    let env = keep > 0 ? es[keep - 1].env : EMPTY_ENV;
    let viol = violationsBefore(es, keep);
    const entries: WireEntry[] = [];
    for (let i = keep; i < es.length; i++) {
      const { machine, env: e2, step, ...thin } = es[i];
      const w: { -readonly [K in keyof WireEntry]: WireEntry[K] } = { e: thin, ...envPatch(env, e2) };
      const mp = machinePatch(m, machine);
      if (mp) w.m = mp;
      if (step) {
        const v = step.violations;
        w.s = {
          call: step.call,
          ret: step.ret,
          warned: step.warned,
          ...(step.log.length ? { log: step.log } : {}),
          ...(step.created.length ? { created: step.created } : {}),
          ...(!v.length ? {} : sameViolations(v, viol) ? { vPrev: true as const } : { violations: v }),
          ...(step.machine !== machine ? { m: machinePatch(m, step.machine) } : {}),
        };
      }
      entries.push(w);
      m = machine;
      env = e2;
      if (step) viol = step.violations;
    }
    const at = es.findIndex((e) => e.machine === run.initial);
    const initial = at >= 0 ? at : machinePatch(this.empty, run.initial)!;
    this.sent.set(run.design, run);
    return { design: run.design, keep, entries, initial, errors: run.errors, passed: run.passed, failed: run.failed };
  }
}

/** The page's side: the last run received per design, which the next message builds on. */
export class RunDecoder {
  private readonly held = new Map<DesignId, Run>();
  private readonly empty = newMachine();
  /** A run whose parts are arriving. */
  private part: { design: DesignId; entries: RunEntry[]; m: Machine; env: Env; viol: readonly Violation[] } | null = null;

  /** The run, or null while more parts of it are to come (splitWire). */
  decode(w: WireRun): Run | null {
    let st = this.part;
    this.part = null;
    if (w.cont && st?.design !== w.design) throw new Error(`RunDecoder: a part of ${w.design} without its beginning`);
    if (!w.cont) {
      const prev = this.held.get(w.design);
      if (w.keep > (prev?.entries.length ?? 0)) throw new Error(`RunDecoder: ${w.design} keeps ${w.keep} entries of ${prev?.entries.length ?? 0}`);
      const entries: RunEntry[] = prev ? prev.entries.slice(0, w.keep) : [];
      st = {
        design: w.design,
        entries,
        m: w.keep > 0 ? entries[w.keep - 1].machine : this.empty,
        env: w.keep > 0 ? entries[w.keep - 1].env : EMPTY_ENV,
        viol: violationsBefore(entries, w.keep),
      };
    }
    const p = st!;
    const entries = p.entries;
    for (const x of w.entries) {
      const input = p.m;
      p.m = applyPatch(input, x.m);
      p.env = applyEnv(p.env, x);
      const s = x.s;
      if (s) p.viol = s.vPrev ? p.viol : (s.violations ?? NONE);
      const step = s ? new WireBuiltStep(w.design, input, s.call, s.ret, s.m ? applyPatch(input, s.m) : p.m, s.log ?? NONE, s.warned, s.created ?? NONE, p.viol) : undefined;
      entries.push({ ...x.e, machine: p.m, env: p.env, ...(step ? { step } : {}) });
    }
    if (w.more) {
      this.part = p;
      return null;
    }
    const initial = typeof w.initial === 'number' ? entries[w.initial].machine : applyPatch(this.empty, w.initial);
    const run: Run = { design: w.design, initial, entries, errors: w.errors, passed: w.passed, failed: w.failed };
    this.held.set(w.design, run);
    return run;
  }
}
