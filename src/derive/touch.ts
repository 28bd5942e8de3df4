/**
 * Linking, as Compiler Explorer links source and assembly: which objects a statement touched
 * (the objects its call named and the ones it changed or created), and which lines touched an
 * object. Pure; the editor, the trace, the timeline and the graph highlight from these.
 */
import type { Machine, Ref } from '../core';
import type { RunEntry } from '../scn';
import { nodeIds, refKey } from './graph';

const idsByMachine = new WeakMap<Machine, Map<string, string>>();
function idsOf(m: Machine): Map<string, string> {
  let ids = idsByMachine.get(m);
  if (!ids) idsByMachine.set(m, (ids = nodeIds(m)));
  return ids;
}

/**
 * The node ids a statement touched: a call's named arguments, the objects it changed and
 * created; a declaration's new objects; `show NAME` the object it shows. `prev` is the
 * machine before the statement.
 */
export function touchedBy(e: RunEntry, prev: Machine | null): string[] {
  const ids = idsOf(e.machine);
  const idOf = (r: Ref) => ids.get(refKey(r));
  const out = new Set<string>();
  const add = (id: string | undefined) => id !== undefined && out.add(id);
  if (e.step) {
    for (const a of e.step.call.args) if (a.t === 'ref') add(idOf(a.ref));
    for (const c of e.step.changes) add(idOf(c.ref));
    for (const r of e.step.created) add(idOf(r));
  } else if (e.kind === 'decl') {
    const before = prev ? idsOf(prev) : new Map<string, string>();
    for (const [k, id] of ids) if (!before.has(k)) add(id);
  } else if (e.kind === 'show') {
    const name = /^show\s+(\S+)/.exec(e.text)?.[1];
    const names = new Set(ids.values());
    if (name && names.has(name)) add(name);
  }
  return [...out];
}

/** The names a kernel trace frame's arguments give that are objects of the machine. */
export function namedIn(args: readonly string[], m: Machine): string[] {
  const names = new Set(idsOf(m).values());
  return args.filter((a) => names.has(a));
}

const byRun = new WeakMap<readonly RunEntry[], Map<string, number[]>>();

/** Per node id, the source lines of the statements that touched it (in order, each once). */
export function linesTouching(entries: readonly RunEntry[], initial: Machine | null = null): Map<string, number[]> {
  let index = byRun.get(entries);
  if (index) return index;
  index = new Map();
  let prev = initial;
  for (const e of entries) {
    for (const id of touchedBy(e, prev)) {
      const lines = index.get(id) ?? [];
      if (lines.at(-1) !== e.line) lines.push(e.line);
      index.set(id, lines);
    }
    prev = e.machine;
  }
  byRun.set(entries, index);
  return index;
}
