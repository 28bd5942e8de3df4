/**
 * History: a run of calls on one machine under one design, every step readable, without
 * keeping every step's machine.
 *
 * Why: a Step keeps the Machine it produced, and a long history of them keeps ~3.3 kB per step
 * of copied table paths and records (docs/performance.md) — GC promotion of that was ~40 % of
 * the core loop. The engine is pure and deterministic, so a step can be made again from the
 * machine before it and its call. History keeps the calls, a checkpoint machine every `every`
 * steps, and the steps of the newest segment; `at(i)` of an older step replays its segment from
 * the checkpoint up to step i, once, and keeps what it replayed while that segment is read
 * (reading in order, forwards or backwards, costs one call per step; a random read ≤ 64).
 *
 * A rebuilt step is a new object whose machine, trace, changes and violations equal the
 * original's (test/core/history.test.ts). Nothing may give meaning to machine identity; caches
 * keyed by identity are fine (they just miss).
 */
import type { Design } from './design';
import { applyCall } from './engine';
import type { Machine } from './model';
import type { Call, Step } from './step';

/** Steps per segment: a rebuild replays at most this many calls (~0.3 ms on the bench machine). */
export const CHECKPOINT_EVERY = 64;

export class History {
  private readonly calls: Call[] = [];
  /** checkpoints[j]: the machine before step j·every (checkpoints[0] is the initial machine). */
  private readonly checkpoints: Machine[];
  /** The steps of the newest segment, as `apply` made them. */
  private tail: Step[] = [];
  /** The steps of one older segment rebuilt so far (from its start), kept while it is read. */
  private segment = -1;
  private rebuilt: Step[] = [];

  constructor(
    readonly design: Design,
    readonly initial: Machine,
    readonly every = CHECKPOINT_EVERY,
  ) {
    if (!(every >= 1 && Number.isInteger(every))) throw new RangeError(`History: checkpoint interval ${every}`);
    this.checkpoints = [initial];
  }

  /** Number of steps. */
  get length(): number {
    return this.calls.length;
  }

  /** The machine after the last step (the initial one while empty). */
  get machine(): Machine {
    return this.tail.length ? this.tail[this.tail.length - 1].machine : this.checkpoints[this.checkpoints.length - 1];
  }

  /** The call of step i, without rebuilding anything. */
  callAt(i: number): Call {
    this.check(i);
    return this.calls[i];
  }

  /** Runs `call` on the last machine; the new step is step `length - 1`. */
  apply(call: Call): Step {
    const m = this.machine;
    if (this.calls.length && this.calls.length % this.every === 0) {
      this.checkpoints.push(m);
      this.tail = [];
    }
    const prev = this.tail.length ? this.tail[this.tail.length - 1] : undefined;
    const s = applyCall(this.design, m, call, prev);
    this.calls.push(call);
    this.tail.push(s);
    return s;
  }

  /** Step i (0-based), rebuilt from its segment's checkpoint if it is not at hand. */
  at(i: number): Step {
    this.check(i);
    const seg = Math.floor(i / this.every);
    const off = i - seg * this.every;
    if (seg === this.checkpoints.length - 1) return this.tail[off];
    if (seg !== this.segment) {
      this.segment = seg;
      this.rebuilt = [];
    }
    // Replay from the checkpoint (or from the last step already rebuilt) up to step i only.
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

  /** The machine before step i: the initial machine for 0, step i-1's for the others. */
  machineBefore(i: number): Machine {
    if (i === 0) return this.initial;
    return this.at(i - 1).machine;
  }

  /** Forgets every step from `n` on (an edited scenario keeps the steps before its edit). */
  truncate(n: number): void {
    if (!(n >= 0 && n <= this.calls.length && Number.isInteger(n))) throw new RangeError(`History.truncate(${n}): ${this.calls.length} steps`);
    if (n === this.calls.length) return;
    // The segment holding the new last step becomes the newest one, its steps the tail.
    const seg = n === 0 ? 0 : Math.floor((n - 1) / this.every);
    if (n > 0) this.at(n - 1);
    // The newest segment's steps, or the older segment's, rebuilt up to step n-1 by at().
    const steps = seg === this.checkpoints.length - 1 ? this.tail : this.rebuilt;
    this.tail = steps.slice(0, n - seg * this.every);
    this.calls.length = n;
    this.checkpoints.length = seg + 1;
    this.segment = -1;
    this.rebuilt = [];
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.calls.length && Number.isInteger(i))) throw new RangeError(`History: no step ${i} (${this.calls.length} steps)`);
  }

  [Symbol.iterator](): Iterator<Step> {
    let i = 0;
    return { next: () => (i < this.length ? { value: this.at(i++), done: false } : { value: undefined, done: true }) };
  }
}
