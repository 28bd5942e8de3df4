/**
 * The engine: one call applied to one machine under one design, producing a Step. Pure: the
 * machine it is given is never mutated, the same input gives the same Step, and a kernel
 * failure is a return value. An OOPS unwinds the emulated kernel (KernelOops) and is caught here.
 */
import type { Design, KernelFn } from './design';
import { checkInvariants, checkReturn } from './invariants';
import { collectChanges } from './kernel/diff';
import { beforeMap, Kernel, KernelOops } from './kernel/kernel';
import type { Machine } from './model';
import { nameOf } from './names';
import { SIGNATURES, type ParamKind } from './signatures';
import type { Arg, Call, Change, LogLine, Step, TraceNode, Violation } from './step';
import { formatValue } from './format';
import { UNSUPPORTED, type Value } from './value';

/** Why an argument does not fit its parameter, or null. */
function argError(kind: ParamKind, a: Arg): string | null {
  switch (kind) {
    case 'int':
      return a.t === 'int' ? null : 'an integer';
    case 'bus':
      return a.t === 'bus' ? null : 'a bus (pci or mdev)';
    default:
      if (a.t === 'null') return null;
      if (a.t !== 'ref' || a.ref.kind !== kind) return kind === 'dev' ? 'a device' : `a ${kind}`;
      return null;
  }
}

function describeArg(m: Machine, a: Arg): string {
  if (a.t === 'ref') return `${a.ref.kind === 'dev' ? 'device' : a.ref.kind} ${nameOf(m, a.ref)}`;
  if (a.t === 'int') return `integer ${a.v}`;
  if (a.t === 'bus') return `bus ${a.bus}`;
  return 'NULL';
}

/**
 * SIGNATURES as a Map: a lookup by a variable key in the 50-key object literal took 20–40 ns,
 * a Map's 8. (Design function tables stay objects read at each call: a test swaps an entry to
 * play an emulator bug, and a cache would hide the swap.)
 */
const SIG_MAP: ReadonlyMap<string, (typeof SIGNATURES)[string]> = new Map(Object.entries(SIGNATURES));

/** The design's implementation of `fn` (a name callError found in SIGNATURES), if it offers it. */
function implOf(design: Design, fn: string): KernelFn | undefined {
  return design.functions[fn];
}

/** Type-checks a call against its signature: null if it can be made as written. */
export function callError(m: Machine, call: Call): string | null {
  const sig = SIG_MAP.get(call.fn);
  if (!sig) return `unknown function ${call.fn}`;
  if (call.args.length !== sig.params.length)
    return `${call.fn} takes ${sig.params.length} argument(s) (${sig.names.join(', ')}), got ${call.args.length}`;
  for (let i = 0; i < sig.params.length; i++) {
    const want = argError(sig.params[i], call.args[i]);
    if (want) return `argument ${i + 1} (${sig.names[i]}) of ${call.fn} must be ${want}, got ${describeArg(m, call.args[i])}`;
  }
  return null;
}

/**
 * The step of a call that never reached the kernel (invalid, unsupported, an emulator bug): the
 * machine unchanged, its trace only a root with `text` as its return. The root is made when
 * first read (the search makes a quarter of its calls this way, with a constant its design
 * lacks, and reads none of their traces: formatting the arguments was 0.1–0.2 µs of each).
 */
function emptyStep(design: Design, m: Machine, call: Call, ret: Value, text: string, prev: PrevViolations | undefined, log: readonly LogLine[] = NONE): Step {
  return new LazyStep(design, null, call, ret, m, log, false, NONE, NONE, undefined, reusable(prev, m, m), text);
}

/** What an exception that is not a KernelOops says, for the `internal error` value. */
function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * The call boundary: an exception other than KernelOops is a bug of the emulator, not of the
 * emulated kernel. It becomes the value `internal error` naming the call; the call has no
 * effect (the machine is the one given) and the run goes on.
 */
function internalStep(design: Design, m: Machine, call: Call, e: unknown, prev: PrevViolations | undefined): Step {
  const ret: Value = { t: 'internal', fn: call.fn, why: describeError(e) };
  const text = formatValue(m, ret);
  return emptyStep(design, m, call, ret, text, prev, [{ level: 'ERR', text: `${text} (emulator bug: the call had no effect)` }]);
}

/** An invariant check that throws is reported as a violation, never as an exception. */
function guarded(design: Design, check: () => readonly Violation[]): readonly Violation[] {
  try {
    return check();
  } catch (e) {
    return [{ code: 'internal-error', message: `internal error while checking ${design.id}'s invariants: ${describeError(e)}`, objects: [] }];
  }
}

/**
 * The previous step, or its violations: when the call changed nothing (the machine is the
 * same object) and the previous step's state violations are already known, they are this
 * step's too. Anything else is checked in full, so the answer never depends on what was read.
 */
export type PrevViolations = readonly Violation[] | Pick<Step, 'peekViolations'>;

/** The previous step's state violations, if known and valid for this machine. */
function reusable(prev: PrevViolations | undefined, before: Machine, after: Machine): readonly Violation[] | undefined {
  if (prev === undefined || before !== after || !(prev instanceof LazyStep)) return undefined;
  return prev.peekState();
}

const NONE: readonly never[] = Object.freeze([]);

/** A quiet call's Step.trace: its root alone, made when first read (most never are). */
const QUIET = 'quiet';

/**
 * A Step whose `trace`, `changes` and `violations` are computed on first read (then cached).
 * The trace is rebuilt by running the same call again on the same machine with the call tree
 * on: the engine is pure and deterministic, so it is the trace the call made. A long history
 * nobody looks at thus retains little more than the machines themselves.
 */
class LazyStep implements Step {
  private stateCache: readonly Violation[] | undefined;
  private cache: readonly Violation[] | undefined;
  private changeCache: Change[] | undefined;
  private traceCache: TraceNode | undefined;
  private readonly quiet: boolean = false;

  constructor(
    private readonly design: Design,
    /** The machine the call was made on (the previous step's); null once the trace is known. */
    private input: Machine | null,
    readonly call: Call,
    readonly ret: Value,
    readonly machine: Machine,
    readonly log: Step['log'],
    readonly warned: boolean,
    readonly created: Step['created'],
    /** Kernel.written: the records as they were before the call wrote them. */
    private readonly journal: readonly unknown[],
    trace: TraceNode | typeof QUIET | undefined,
    state: readonly Violation[] | undefined,
    /** A step that never reached the kernel (emptyStep): its trace root's return text. */
    private readonly emptyText?: string,
  ) {
    this.stateCache = state;
    if (trace === QUIET) this.quiet = true;
    else this.traceCache = trace;
    if (trace) this.input = null;
  }

  get trace(): TraceNode {
    if (!this.traceCache && this.emptyText !== undefined)
      this.traceCache = { fn: this.call.fn, args: Kernel.fmtArgs(this.machine, this.call.args), ret: this.emptyText, children: [], log: this.log.slice() };
    if (!this.traceCache && this.quiet) this.traceCache = { fn: this.call.fn, args: NONE, ret: '', children: [], log: this.log.slice() };
    if (!this.traceCache) {
      this.traceCache = traceOf(this.design, this.input!, this.call);
      this.input = null;
    }
    return this.traceCache;
  }

  get changes(): readonly Change[] {
    return (this.changeCache ??= this.journal.length ? collectChanges(beforeMap(this.journal), this.machine) : []);
  }

  /** The invariants the machine breaks (a function of the machine alone). */
  state(): readonly Violation[] {
    return (this.stateCache ??= guarded(this.design, () => checkInvariants(this.design, this.machine)));
  }

  peekState(): readonly Violation[] | undefined {
    return this.stateCache;
  }

  get violations(): readonly Violation[] {
    if (this.cache) return this.cache;
    const ret = guarded(this.design, () => checkReturn(this.machine, this.call, this.ret));
    return (this.cache = ret.length ? [...this.state(), ...ret] : this.state());
  }

  peekViolations(): readonly Violation[] | undefined {
    return this.cache;
  }

  /** Kernel.written of the call (see `writesOf`). */
  writes(): readonly unknown[] {
    return this.journal;
  }

  /** Serialises like a plain Step (the lazy values included). */
  toJSON(): Omit<Step, 'peekViolations'> {
    const { call, ret, machine, trace, log, warned, created } = this;
    return { call, ret, machine, changes: this.changes, trace, log, warned, violations: this.violations, created };
  }
}

/**
 * The step of a call that cannot be written for the design's kernel (a constant its header does
 * not define, such as IOMMU_DEV_FEAT_AUX after v5.17): `unsupported`, the machine unchanged,
 * the previous violations carried — the same as a function the design does not offer.
 */
export function unsupportedCall(design: Design, m: Machine, call: Call, prev?: PrevViolations): Step {
  return emptyStep(design, m, call, UNSUPPORTED, 'unsupported', prev);
}

export interface ApplyOptions {
  /**
   * No kernel call tree at all (Step.trace is then only the root, without arguments): for loops
   * that never show a trace, like the search. Everything else is the same. Without it the trace
   * is still built only when first read.
   */
  readonly quiet?: boolean;
}

/**
 * The records a step's call replaced, as a flat list `kind, id, record before, …` (kind 0 dev,
 * 1 group, 2 domain, 3 container; a record created by the call and then written appears with
 * its first version), or null for a step the engine did not make. With `step.created` and
 * `step.machine` it says exactly what changed, for digests kept up to date incrementally (the
 * search's fingerprint).
 */
export function writesOf(step: Step): readonly unknown[] | null {
  return step instanceof LazyStep ? step.writes() : null;
}

/** Runs the design's implementation of `call` on `m`; the Kernel holds what it did. */
function execute(design: Design, impl: KernelFn, m: Machine, call: Call, quiet: boolean): { k: Kernel; ret: Value } {
  const k = new Kernel(design, m, call.fn, quiet ? NONE : Kernel.fmtArgs(m, call.args), quiet);
  k.bind = call.bind;
  let ret: Value;
  try {
    ret = impl(k, call.args);
  } catch (e) {
    if (!(e instanceof KernelOops)) throw e;
    ret = { t: 'oops', why: e.why };
  }
  k.seal();
  if (!quiet) k.root.ret = formatValue(k.m, ret, SIGNATURES[call.fn].ret);
  return { k, ret };
}

/**
 * The call tree, by running the call again with the tree on. The first run did not throw, so
 * neither should this one; if it does anyway, the trace says so instead of throwing on read.
 */
function traceOf(design: Design, m: Machine, call: Call): TraceNode {
  try {
    return execute(design, implOf(design, call.fn)!, m, call, false).k.root;
  } catch (e) {
    const why = `internal error while rebuilding the trace: ${describeError(e)}`;
    return { fn: call.fn, args: Kernel.fmtArgs(m, call.args), ret: why, children: [], log: [{ level: 'ERR', text: why }] };
  }
}

/**
 * Runs `call` on `m` under `design`. `prev` (the previous step) only saves work: a call that
 * changes nothing reuses its known invariant violations.
 */
export function applyCall(design: Design, m: Machine, call: Call, prev?: PrevViolations, opts: ApplyOptions = {}): Step {
  const why = callError(m, call);
  if (why) return emptyStep(design, m, call, { t: 'invalid', why }, `invalid: ${why}`, prev);
  const impl = implOf(design, call.fn);
  if (!impl) return emptyStep(design, m, call, UNSUPPORTED, 'unsupported', prev);
  let done: { k: Kernel; ret: Value };
  try {
    done = execute(design, impl, m, call, true);
  } catch (e) {
    return internalStep(design, m, call, e, prev);
  }
  const { k, ret } = done;
  const log = k.logs.length ? k.logs : NONE;
  return new LazyStep(design, m, call, ret, k.m, log, k.warned, k.created.length ? k.created : NONE, k.written, opts.quiet ? QUIET : undefined, reusable(prev, m, k.m));
}
