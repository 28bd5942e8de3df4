/** Helpers for the runner tests: a run as plain data (to compare two runs with toEqual), and draining a generator. */
import { Table, type Machine, type Step } from '../../src/core';
import type { Run } from '../../src/scn';

/** A machine as data: each table as its entries (a Table's internal tree shape is not the point). */
export const plainMachine = (m: Machine) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v instanceof Table ? v.toArray() : v]));

export const plainStep = (s: Step | undefined) =>
  s && { call: s.call, ret: s.ret, machine: plainMachine(s.machine), log: s.log, warned: s.warned, created: s.created, violations: s.violations, changes: s.changes, trace: s.trace };

/**
 * Everything a view can read of a run. `lastFirst` reads the entries last to first (a trace read
 * long after its step is rebuilt then), and gives them back in order.
 */
export function plainRun(r: Run, lastFirst = false) {
  const plain = ({ machine, env, step, ...thin }: Run['entries'][number]) => ({ ...thin, machine: plainMachine(machine), env: [...env], step: plainStep(step) });
  return {
    design: r.design,
    initial: plainMachine(r.initial),
    errors: r.errors,
    passed: r.passed,
    failed: r.failed,
    entries: lastFirst ? [...r.entries].reverse().map(plain).reverse() : r.entries.map(plain),
  };
}

/** Runs a job or a run's generator to its end, at once (what the scheduler does over many tasks). */
export function drain<T>(g: Generator<unknown, T>): T {
  for (;;) {
    const n = g.next();
    if (n.done) return n.value;
  }
}
