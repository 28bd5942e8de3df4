/**
 * A step: one call applied to a machine. Everything the views show about a call lives here,
 * so the timeline, trace, inspector and comparison never re-run the kernel themselves.
 */
import type { Machine, Ref } from './model';
import type { Value } from './value';

/** A resolved argument of a call. */
export type Arg =
  | { readonly t: 'ref'; readonly ref: Ref }
  | { readonly t: 'null' }
  | { readonly t: 'int'; readonly v: number }
  | { readonly t: 'bus'; readonly bus: 'pci' | 'mdev' };

/** A call as the engine takes it. `bind` names the object the call creates, if any. */
export interface Call {
  readonly fn: string;
  readonly args: readonly Arg[];
  readonly bind?: string;
}

export type LogLevel = 'WARN' | 'OOPS' | 'ERR' | 'INFO';

/** One kernel log line (dmesg style). */
export interface LogLine {
  readonly level: LogLevel;
  readonly text: string;
}

/** The call's expansion into kernel calls, for the trace view. */
export interface TraceNode {
  readonly fn: string;
  /** Arguments as the kernel reviewer reads them (`D`, `P1`, `0x1000`). */
  readonly args: readonly string[];
  /** The printed return value (`0`, `-EBUSY`, `D`, `NULL`, `void`). */
  ret: string;
  readonly children: TraceNode[];
  readonly log: LogLine[];
}

/** One field of one object that differs between the state before and after a step. */
export interface Change {
  readonly ref: Ref;
  /** The object's name (`G_m1`, `D`). */
  readonly name: string;
  /** Kernel field name (`default_pasid`, `domain`, `auxd_enabled`), dotted for nested ones. */
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** An invariant the machine breaks after a step, with the objects involved. */
export interface Violation {
  /** Stable code, e.g. `pasid-entry-stale`, `list-corrupt`, `group-flag-stale`. */
  readonly code: string;
  readonly message: string;
  readonly objects: readonly Ref[];
}

export interface Step {
  readonly call: Call;
  readonly ret: Value;
  /** The state after the call. The state before is the previous step's (never mutated). */
  readonly machine: Machine;
  readonly changes: readonly Change[];
  /** Built on first read by running the call again on the same machine (see engine.ts). */
  readonly trace: TraceNode;
  /** Every log line of the trace, in order. */
  readonly log: readonly LogLine[];
  readonly warned: boolean;
  /**
   * Computed on first read (see engine.ts): the invariants the machine breaks, then what the
   * call's return breaks. A function of the step alone, whatever was read before.
   */
  readonly violations: readonly Violation[];
  /** The violations if already computed, else undefined (never computes them). */
  readonly peekViolations: () => readonly Violation[] | undefined;
  /** Objects this step created, with their names (for the runner's name table). */
  readonly created: readonly Ref[];
}
