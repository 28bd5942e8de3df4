/**
 * Runs a parsed scenario under one design: declarations build the machine, calls go through
 * the core's applyCall, expectations are checked. The result keeps every intermediate
 * machine and binding table so the timeline, trace and graph never re-run anything.
 */
import {
  applyCall,
  constantsOf,
  declare,
  DESIGN_IDS,
  formatValue,
  getDesign,
  inspect,
  newMachine,
  SIGNATURES,
  type Arg,
  type Design,
  type DesignId,
  type Machine,
  type Step,
  type Value,
} from '../core';
import type { CallStmt, CheckStmt, DeclStmt, ScnError, Script, ShowStmt, Stmt } from './ast';
import { pickAlternative, valueMatches } from './expect';
import { argOf, expectedValue, RunError, valueOfName, type Env } from './resolve';
import { Bindings } from './bindings';

/** One executed statement (notes are not executed and have no entry). */
export interface RunEntry {
  readonly line: number;
  readonly col: number;
  /** The statement as written (comment stripped). */
  readonly text: string;
  readonly kind: 'call' | 'check' | 'show' | 'decl';
  /** The core's step; absent for non-calls and for calls skipped (error, unsupported argument). */
  readonly step?: Step;
  /** The machine after this statement. */
  readonly machine: Machine;
  /** The bindings after this statement. */
  readonly env: Env;
  /** What the call returned or the name holds, printed for reading (`0`, `-EBUSY +WARN`, `C.d0`). */
  readonly got?: string;
  /** The same value without the WARN mark (`-EBUSY`): what comparisons compare. */
  readonly value?: string;
  /** The call logged a kernel WARN (data: nobody parses `+WARN` back out of `got`). */
  readonly warned?: boolean;
  /** The expectation that applied under this design, as written; absent when none did. */
  readonly expected?: string;
  /** true/false when an expectation applied or an error occurred (false); else absent. */
  readonly ok?: boolean;
  readonly error?: ScnError;
  /** `show NAME`: the object's kernel fields. */
  readonly shown?: Record<string, unknown>;
}

export interface Run {
  readonly design: DesignId;
  /** The machine the declarations before the first call built (the timeline's start). */
  readonly initial: Machine;
  /** Every statement but notes, in order, declarations included. */
  readonly entries: readonly RunEntry[];
  /** Runtime errors (unknown names, arguments of the wrong kind, failed declarations). */
  readonly errors: readonly ScnError[];
  /** Expectations met. */
  readonly passed: number;
  /** Expectations not met plus statements that failed with an error (plus one when stopped). */
  readonly failed: number;
  /** The run hit its budget before this statement (also in `errors`); the entries are those done. */
  readonly stopped?: ScnError;
  /**
   * Set by the runner (src/runner/index.ts) on a run made for an edit of the text whose run of
   * this design the page showed: the first run of that chain of edits, whose layout a large
   * edited run keeps (store/selectors.ts layoutOf). Never set by a scenario run itself.
   */
  readonly base?: Run;
}

/**
 * What a run may spend. Statements are counted here; time and memory are the caller's to
 * measure (the core reads no clock): `stop` is asked every STOP_EVERY statements and a reason
 * it returns stops the run. Numbers and reasons: docs/performance.md, "Budget".
 */
export interface Budget {
  readonly maxStatements?: number;
  readonly stop?: () => string | null;
}

/** Statements one run executes at most, declarations and calls alike (any caller, any page). */
export const MAX_STATEMENTS = 200_000;
const STOP_EVERY = 256;

function budgetStop(s: Stmt, why: string): ScnError {
  return { line: s.line, col: 1, message: `stopped before line ${s.line}: ${why}; the results above are those of the lines before it` };
}

/** The designs a script runs under: its header's, else `fallback` alone. */
export function designsFor(script: Script, fallback: DesignId = DESIGN_IDS[0]): DesignId[] {
  return script.header ? [...script.header.designs] : [fallback];
}

type Base = Pick<RunEntry, 'line' | 'col' | 'text' | 'kind'>;

/** Mutable state of one run; each statement handler returns its entry. */
class Runner {
  m: Machine = newMachine();
  env: Bindings = Bindings.EMPTY;
  /** The last step, so the core can check invariants incrementally; unset after a declaration. */
  last: Step | undefined;

  /** The constants of the design's kernel version. */
  readonly consts: Readonly<Record<string, number>>;

  constructor(readonly design: Design<DesignId>) {
    this.consts = constantsOf(design);
  }

  entry(base: Base, extra: Partial<RunEntry> = {}): RunEntry {
    return { ...base, machine: this.m, env: this.env, ...extra };
  }

  fail(base: Base, col: number, message: string, extra: Partial<RunEntry> = {}): RunEntry {
    return this.entry(base, { ...extra, ok: false, error: { line: base.line, col, message } });
  }

  decl(s: DeclStmt, base: Base): RunEntry {
    const r = declare(this.m, s.decl);
    if (r.error !== undefined) return this.fail(base, s.col, r.error);
    this.m = r.machine;
    this.last = undefined;
    return this.entry(base);
  }

  /** Checks `value` against the line's expectation for this design. */
  judge(
    base: Base,
    s: CallStmt | CheckStmt,
    value: Value,
    warned: boolean,
    extra: Partial<RunEntry>,
  ): RunEntry {
    const alt = pickAlternative(s.expect, this.design.id);
    if (!alt) return this.entry(base, extra);
    try {
      const want = expectedValue(this.m, this.env, alt.value, this.consts);
      const ok = valueMatches(want, value) && (warned || !alt.warn);
      return this.entry(base, { ...extra, expected: alt.text, ok });
    } catch (e) {
      if (!(e instanceof RunError)) throw e;
      return this.fail(base, e.col, e.message, { ...extra, expected: alt.text });
    }
  }

  call(s: CallStmt, base: Base): RunEntry {
    const args = s.args.map((a) => argOf(this.m, this.env, a, this.consts));
    let step: Step | undefined;
    let ret: Value = { t: 'unsupported' };
    if (!args.includes('unsupported')) {
      const bind = s.bind ? { bind: s.bind.name } : {};
      const st = applyCall(this.design, this.m, { fn: s.fn, args: args as Arg[], ...bind }, this.last);
      [step, ret, this.m, this.last] = [st, st.ret, st.machine, st];
    }
    if (s.bind) this.env = this.env.with(s.bind.name, ret);
    if (ret.t === 'invalid') return this.fail(base, s.fnCol, ret.why, { step });
    // An emulator bug: the line fails (file:line in the report), the run goes on.
    if (ret.t === 'internal') return this.fail(base, s.fnCol, formatValue(this.m, ret), { step, got: 'internal error' });
    const warned = step?.warned ?? false;
    const value = formatValue(this.m, ret, SIGNATURES[s.fn].ret);
    const got = value + (warned ? ' +WARN' : '');
    return this.judge(base, s, ret, warned, { step, got, value, warned });
  }

  check(s: CheckStmt, base: Base): RunEntry {
    const v = valueOfName(this.m, this.env, s.target);
    const value = formatValue(this.m, v);
    return this.judge(base, s, v, false, { got: value, value, warned: false });
  }

  show(s: ShowStmt, base: Base): RunEntry {
    const v = valueOfName(this.m, this.env, s.target);
    const shown =
      v.t === 'ptr' && v.ref ? inspect(this.m, v.ref) : { value: formatValue(this.m, v) };
    return this.entry(base, { shown });
  }

  run(s: Exclude<Stmt, { kind: 'note' }>): RunEntry {
    const base: Base = { line: s.line, col: s.col, text: s.text, kind: s.kind };
    try {
      switch (s.kind) {
        case 'decl':
          return this.decl(s, base);
        case 'call':
          return this.call(s, base);
        case 'check':
          return this.check(s, base);
        case 'show':
          return this.show(s, base);
      }
    } catch (e) {
      if (e instanceof RunError) return this.fail(base, e.col, e.message);
      // Anything else is a bug of this program: the statement fails and the run goes on.
      const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return this.fail(base, s.col, `internal error in '${s.text}': ${why}`);
    }
  }
}

/** A run to continue: its first `keep` entries are reused as they are (same statements, same design). */
export interface Reuse {
  readonly prev: Run;
  readonly keep: number;
}

/** The runner's state just after `prev.entries[keep - 1]`, so a run can go on from there. */
function restore(r: Runner, prev: Run, keep: number): void {
  const at = prev.entries[keep - 1];
  r.m = at.machine;
  r.env = at.env instanceof Bindings ? at.env : Bindings.of(at.env);
  // `last` is the latest call's step since the latest successful declaration (see Runner).
  r.last = undefined;
  for (let i = keep - 1; i >= 0; i--) {
    const e = prev.entries[i];
    if (e.kind === 'decl' && !e.error) break;
    if (e.step) {
      r.last = e.step;
      break;
    }
  }
}

/**
 * Runs `script` under `design`, one statement per `yield` (the value is the statements done so
 * far), so a caller can spread a long run over several tasks and drop it half way. With `reuse`,
 * the first `keep` entries of an earlier run of the same statements are taken as they are and
 * the run goes on from the state after them: an edit re-runs only from the first statement
 * that changed. Never throws for anything the script does (see runScenario).
 */
export function* runScenarioSteps(script: Script, design: DesignId, reuse?: Reuse, budget: Budget = {}): Generator<number, Run> {
  const d = getDesign(design);
  // Callers resolve names first (the parser, the CLI, the URL): an unknown one here is a bug.
  if (!d) throw new Error(`runScenario: unknown design '${design}'`);
  const r = new Runner(d);
  let initial: Machine | null = null;
  const entries: RunEntry[] = [];
  const keep = reuse && reuse.prev.design === design ? Math.min(reuse.keep, reuse.prev.entries.length) : 0;
  if (reuse && keep > 0) {
    // A loop, not push(...): a spread of 125k entries overflows the stack.
    for (let j = 0; j < keep; j++) entries.push(reuse.prev.entries[j]);
    restore(r, reuse.prev, keep);
    if (entries.some((e) => e.kind === 'call')) initial = reuse.prev.initial;
  }
  const max = budget.maxStatements ?? MAX_STATEMENTS;
  let stopped: ScnError | undefined;
  let i = 0;
  for (const s of script.stmts) {
    if (s.kind === 'note') continue;
    if (i++ < keep) continue;
    if (i > max) {
      stopped = budgetStop(s, `the run reached its budget of ${String(max).replace(/\B(?=(\d{3})+$)/g, ',')} statements`);
      break;
    }
    const why = budget.stop && i % STOP_EVERY === 0 ? budget.stop() : null;
    if (why) {
      stopped = budgetStop(s, why);
      break;
    }
    if (s.kind === 'call') initial ??= r.m;
    entries.push(r.run(s));
    yield entries.length;
  }
  const errors: ScnError[] = [];
  let passed = 0;
  let failed = 0;
  for (const e of entries) {
    if (e.error) errors.push(e.error);
    if (e.ok === true) passed++;
    else if (e.ok === false) failed++;
  }
  if (stopped) errors.push(stopped);
  const run: Run = { design, initial: initial ?? r.m, entries, errors, passed, failed: failed + (stopped ? 1 : 0) };
  return stopped ? { ...run, stopped } : run;
}

/**
 * Runs `script` under `design` from a fresh machine. Never throws for anything the script
 * does: kernel failures are values, scenario mistakes are entries with an `error`.
 * Assumes the script parsed without errors.
 */
export function runScenario(script: Script, design: DesignId, budget?: Budget): Run {
  const it = runScenarioSteps(script, design, undefined, budget);
  for (;;) {
    const n = it.next();
    if (n.done) return n.value;
  }
}
