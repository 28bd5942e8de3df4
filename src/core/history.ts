/**
 * History: a run of calls on one machine under one design, every step readable, without
 * keeping every step's machine.
 *
 * Why: a Step keeps the Machine it produced, and a long history of them keeps ~3.3 kB per step
 * of copied table paths and records (docs/performance.md) — GC promotion of that was ~40 % of
 * the core loop. The engine is pure and deterministic, so a step can be made again from the
 * machine before it and its call. History keeps the calls, a checkpoint machine every `every`
 * steps, and for the newest segment each step's return value, log and created objects. Any
 * other part of a step (its machine, trace, changes, violations) is rebuilt when read: `at(i)`
 * replays the step's segment from its checkpoint up to step i, once, and keeps what it replayed
 * while that segment is read (reading in order, forwards or backwards, costs one call per step;
 * a random read at most `every`).
 *
 * The working machine: between checkpoints, History runs each call on a machine nobody else has
 * seen, so the call writes its tables in place (applyInPlace) instead of copying a path and the
 * Machine object per call. Reading the last step's machine (`machine`, or `.machine` of the step
 * `apply` returned while it is the last) seals it: from then on it never changes, and the next
 * call copies what it writes, as applyCall does. Nothing that was shown is ever written.
 *
 * A rebuilt step is a new object whose machine, trace, changes and violations equal the
 * original's (test/core/history.test.ts). Nothing may give meaning to machine identity; caches
 * keyed by identity are fine (they just miss).
 */
import type { Design } from './design';
import { applyCall, applyInPlace, historyStep, type InPlace } from './engine';
import type { Machine, Ref } from './model';
import type { Call, Change, LogLine, Step, TraceNode, Violation } from './step';
import type { Value } from './value';

/** Steps per segment: a rebuild replays at most this many calls (~0.3 ms on the bench machine). */
export const CHECKPOINT_EVERY = 64;

export class History {
  private readonly calls: Call[] = [];
  /** checkpoints[j]: the machine before step j·every (checkpoints[0] is the initial machine). */
  private readonly checkpoints: Machine[];
  /** The steps of the newest segment, as `apply` made them. */
  private tail: HistoryStep[] = [];
  /** The steps of one segment rebuilt so far (from its start), kept while it is read. */
  private segment = -1;
  private rebuilt: Step[] = [];
  /** The machine after the last step. */
  private w: Machine;
  /** Has `w` been shown? Then it is sealed, and the next call copies what it writes. */
  private shown = true;

  constructor(
    readonly design: Design,
    readonly initial: Machine,
    readonly every = CHECKPOINT_EVERY,
  ) {
    if (!(every >= 1 && Number.isInteger(every))) throw new RangeError(`History: checkpoint interval ${every}`);
    this.checkpoints = [initial];
    this.w = initial;
  }

  /** Number of steps. */
  get length(): number {
    return this.calls.length;
  }

  /** The machine after the last step (the initial one while empty). It never changes. */
  get machine(): Machine {
    return this.show();
  }

  /** The call of step i, without rebuilding anything. */
  callAt(i: number): Call {
    this.check(i);
    return this.calls[i];
  }

  /** Runs `call` on the last machine; the new step is step `length - 1`. */
  apply(call: Call): Step {
    const i = this.calls.length;
    if (i && i % this.every === 0) {
      this.checkpoints.push(this.show());
      this.tail = [];
    }
    if (this.tail.length) this.tail[this.tail.length - 1].retire();
    const before = this.w;
    const wasShown = this.shown;
    let r: InPlace | null = null;
    try {
      r = applyInPlace(this.design, before, call, !wasShown);
    } catch {
      // An emulator bug inside the call: the working machine may be half-written. Make it again
      // by replay; applyCall below then gives the `internal error` step on it.
      this.w = i === 0 ? this.initial : this.replayed(i - 1).machine;
      this.shown = true;
    }
    this.calls.push(call);
    let step: HistoryStep;
    if (r) {
      this.w = r.machine;
      // A call that wrote nothing returns the machine it was given: still shown if it was.
      this.shown = wasShown && r.machine === before;
      step = new HistoryStep(this, i, call, r, wasShown ? before : null);
    } else {
      // Not a call the design can run (ill-typed, not offered) or an emulator bug: the engine's
      // step, whose machine is the one given.
      step = HistoryStep.of(this, i, applyCall(this.design, this.show(), call));
    }
    this.tail.push(step);
    return step;
  }

  /** Step i (0-based): the newest segment's as `apply` returned them, older ones rebuilt. */
  at(i: number): Step {
    this.check(i);
    const seg = Math.floor(i / this.every);
    if (seg === this.checkpoints.length - 1) return this.tail[i - seg * this.every];
    return this.replayed(i);
  }

  /** The machine before step i: the initial machine for 0, step i-1's for the others. */
  machineBefore(i: number): Machine {
    if (i === 0) return this.initial;
    return this.at(i - 1).machine;
  }

  /** Forgets every step from `n` on (an edited scenario keeps the steps before its edit). */
  truncate(n: number): void {
    if (!(n >= 0 && n <= this.calls.length && Number.isInteger(n))) throw new RangeError(`History.truncate(${n}): ${this.calls.length} steps`);
    if (n === this.calls.length) return;
    const w = n === 0 ? this.initial : this.at(n - 1).machine;
    // The segment holding the new last step becomes the newest one.
    const seg = n === 0 ? 0 : Math.floor((n - 1) / this.every);
    const keep = n - seg * this.every;
    if (n === 0) this.tail = [];
    else if (seg === this.checkpoints.length - 1) this.tail = this.tail.slice(0, keep);
    else {
      this.replayed(n - 1);
      this.tail = this.rebuilt.slice(0, keep).map((s, j) => HistoryStep.of(this, seg * this.every + j, s));
    }
    this.calls.length = n;
    this.checkpoints.length = seg + 1;
    this.segment = -1;
    this.rebuilt = [];
    this.w = w;
    this.shown = true;
  }

  /** The last machine, sealed: from here on it never changes (the next call copies). */
  private show(): Machine {
    if (!this.shown) {
      const w = this.w;
      if (w.devs.isOpen()) w.devs.seal();
      if (w.groups.isOpen()) w.groups.seal();
      if (w.domains.isOpen()) w.domains.seal();
      if (w.containers.isOpen()) w.containers.seal();
      this.shown = true;
    }
    return this.w;
  }

  /** Step i made again by replaying its segment from the checkpoint (kept while read). */
  private replayed(i: number): Step {
    const seg = Math.floor(i / this.every);
    const off = i - seg * this.every;
    if (seg !== this.segment) {
      this.segment = seg;
      this.rebuilt = [];
    }
    const steps = this.rebuilt;
    const base = seg * this.every;
    let m = steps.length ? steps[steps.length - 1].machine : this.checkpoints[seg];
    while (steps.length <= off) {
      const s = applyCall(this.design, m, this.calls[base + steps.length], steps.length ? steps[steps.length - 1] : undefined);
      steps.push(s);
      m = s.machine;
    }
    return steps[off];
  }

  /** For HistoryStep: the machine after step i. */
  machineAfter(i: number): Machine {
    return i === this.calls.length - 1 ? this.show() : this.replayed(i).machine;
  }

  /** For HistoryStep: step i as the engine makes it (rebuilt by replay). */
  rebuiltStep(i: number): Step {
    return this.replayed(i);
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.calls.length && Number.isInteger(i))) throw new RangeError(`History: no step ${i} (${this.calls.length} steps)`);
  }

  [Symbol.iterator](): Iterator<Step> {
    let i = 0;
    return { next: () => (i < this.length ? { value: this.at(i++), done: false } : { value: undefined, done: true }) };
  }
}

/**
 * A step of the newest segment. It keeps what the call returned and logged; its machine is the
 * working machine sealed (while it is the last step) or a replay, and its trace, changes and
 * violations are the engine's Step for it, made on first read.
 */
class HistoryStep implements Step {
  readonly ret: Value;
  readonly log: readonly LogLine[];
  readonly warned: boolean;
  readonly created: readonly Ref[];
  private m: Machine | undefined;
  private full: Step | undefined;

  constructor(
    private readonly h: History,
    private readonly index: number,
    readonly call: Call,
    /** What the call made, while this is the last step (its journal gives the changes). */
    private made: InPlace | null,
    /** The machine before the call, if it was sealed then (else the trace replays it). */
    private before: Machine | null,
  ) {
    this.ret = made ? made.ret : { t: 'void' };
    this.log = made ? made.log : [];
    this.warned = made ? made.warned : false;
    this.created = made ? made.created : [];
  }

  /** A HistoryStep around a Step the engine made. */
  static of(h: History, index: number, s: Step): HistoryStep {
    const x = new HistoryStep(h, index, s.call, null, null);
    Object.assign(x, { ret: s.ret, log: s.log, warned: s.warned, created: s.created });
    x.full = s;
    return x;
  }

  /** No longer the last step: its machine, if not read yet, can only be replayed. */
  retire(): void {
    if (this.m === undefined && this.full === undefined) {
      this.made = null;
      this.before = null;
    }
  }

  get machine(): Machine {
    return (this.m ??= this.full ? this.full.machine : this.h.machineAfter(this.index));
  }

  private step(): Step {
    if (!this.full) {
      const made = this.made;
      if (made) {
        const i = this.index;
        this.full = historyStep(this.h.design, this.before ?? (() => this.h.machineBefore(i)), this.call, made, this.machine);
      } else this.full = this.h.rebuiltStep(this.index);
      this.made = null;
      this.before = null;
    }
    return this.full;
  }

  get trace(): TraceNode {
    return this.step().trace;
  }

  get changes(): readonly Change[] {
    return this.step().changes;
  }

  get violations(): readonly Violation[] {
    return this.step().violations;
  }

  peekViolations(): readonly Violation[] | undefined {
    return this.full?.peekViolations();
  }

  toJSON(): unknown {
    return this.step();
  }
}
