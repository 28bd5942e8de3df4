/**
 * The engine: one call applied to one machine under one design, producing a Step. Pure: the
 * machine it is given is never mutated, the same input gives the same Step, and a kernel
 * failure is a return value. An OOPS unwinds the emulated kernel (KernelOops) and is caught here.
 */
import type { Design } from './design';
import { checkInvariants, checkReturn, type Scope } from './invariants';
import { collectChanges } from './kernel/diff';
import { Kernel, KernelOops } from './kernel/kernel';
import type { Machine, Ref } from './model';
import { nameOf } from './names';
import { SIGNATURES, type ParamKind } from './signatures';
import type { Arg, Call, Change, LogLine, Step, Violation } from './step';
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

/** Type-checks a call against its signature: null if it can be made as written. */
export function callError(m: Machine, call: Call): string | null {
  const sig = SIGNATURES[call.fn];
  if (!sig) return `unknown function ${call.fn}`;
  if (call.args.length !== sig.params.length)
    return `${call.fn} takes ${sig.params.length} argument(s) (${sig.names.join(', ')}), got ${call.args.length}`;
  for (let i = 0; i < sig.params.length; i++) {
    const want = argError(sig.params[i], call.args[i]);
    if (want) return `argument ${i + 1} (${sig.names[i]}) of ${call.fn} must be ${want}, got ${describeArg(m, call.args[i])}`;
  }
  return null;
}

function emptyStep(design: Design, m: Machine, call: Call, ret: Value, text: string, prev: PrevViolations | undefined, log: LogLine[] = []): Step {
  const trace = { fn: call.fn, args: Kernel.fmtArgs(m, call.args), ret: text, children: [], log };
  return new LazyStep(call, ret, m, trace, log, false, [], NOTHING, () => guarded(design, () => [...(peek(prev) ?? checkInvariants(design, m))]));
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
function guarded(design: Design, check: () => Violation[]): Violation[] {
  try {
    return check();
  } catch (e) {
    return [{ code: 'internal-error', message: `internal error while checking ${design.id}'s invariants: ${describeError(e)}`, objects: [] }];
  }
}

/**
 * The previous step's violations: the list itself, or the previous Step (whose violations are
 * used only if already computed — otherwise this step checks in full, never recursing back).
 */
export type PrevViolations = readonly Violation[] | Pick<Step, 'peekViolations'>;

const peek = (prev: PrevViolations | undefined): readonly Violation[] | undefined =>
  prev === undefined ? undefined : 'peekViolations' in prev ? prev.peekViolations() : (prev as readonly Violation[]);

/**
 * A Step whose `violations` are computed on first read (then cached): a caller that keeps a long
 * history but looks at few steps pays only for what it looks at.
 */
type Before = ReadonlyMap<string, { ref: Ref; rec: unknown }>;
const NOTHING: Before = new Map();

/**
 * A Step whose `changes` and `violations` are computed on first read (then cached) from the
 * records as they were before the call, which the previous machine holds anyway: a long history
 * nobody looks at retains little more than the machines themselves.
 */
class LazyStep implements Step {
  private cache: Violation[] | undefined;
  private changeCache: Change[] | undefined;

  constructor(
    readonly call: Call,
    readonly ret: Value,
    readonly machine: Machine,
    readonly trace: Step['trace'],
    readonly log: Step['log'],
    readonly warned: boolean,
    readonly created: Step['created'],
    private readonly before: Before,
    private readonly compute: (step: LazyStep) => Violation[],
  ) {}

  get changes(): readonly Change[] {
    return (this.changeCache ??= collectChanges(this.before, this.machine));
  }

  get violations(): readonly Violation[] {
    return (this.cache ??= this.compute(this));
  }

  readonly peekViolations = (): readonly Violation[] | undefined => this.cache;

  /** The objects the call wrote or created (the invariant check's scope). */
  scope(): Scope {
    const keys = new Set(this.before.keys());
    for (const r of this.created) keys.add(`${r.kind}:${r.id}`);
    let domainFreed = false;
    for (const { ref, rec } of this.before.values())
      if (ref.kind === 'domain' && !(rec as { freed: boolean }).freed && this.machine.domains.get(ref.id).freed) domainFreed = true;
    return { keys, domainFreed };
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
   * Skip the kernel call tree (Step.trace is then only the root, without arguments): for loops
   * that never show a trace, like the search and the benchmarks. Everything else is the same.
   */
  readonly quiet?: boolean;
}

/**
 * Runs `call` on `m` under `design`. Given the previous step's violations, the invariant check
 * is incremental (only what this call touched is re-examined); without them it is complete.
 */
export function applyCall(design: Design, m: Machine, call: Call, prev?: PrevViolations, opts: ApplyOptions = {}): Step {
  const why = callError(m, call);
  if (why) return emptyStep(design, m, call, { t: 'invalid', why }, `invalid: ${why}`, prev);
  const impl = design.functions[call.fn];
  if (!impl) return emptyStep(design, m, call, UNSUPPORTED, 'unsupported', prev);
  let k: Kernel;
  let ret: Value;
  try {
    k = new Kernel(design, m, call.fn, opts.quiet ? [] : Kernel.fmtArgs(m, call.args), opts.quiet);
    k.bind = call.bind;
    try {
      ret = impl(k, call.args);
    } catch (e) {
      if (!(e instanceof KernelOops)) throw e;
      ret = { t: 'oops', why: e.why };
    }
    if (!opts.quiet) k.root.ret = formatValue(k.m, ret, SIGNATURES[call.fn].ret);
  } catch (e) {
    return internalStep(design, m, call, e, prev);
  }
  const r = ret;
  return new LazyStep(call, r, k.m, k.root, k.logs, k.warned, k.created, k.before, (step) =>
    guarded(design, () => {
      const p = peek(prev);
      return [...checkInvariants(design, step.machine, p ? step.scope() : null, p), ...checkReturn(step.machine, call, r)];
    }),
  );
}
