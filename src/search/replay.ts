/**
 * Turning a path the search found into a scenario: replaying it through the scenario runner
 * (exactly as `npm run check` will), deciding whether its last call is a finding, shrinking it,
 * and writing it with each call's expectation per design.
 */
import { baseOf, type DesignId } from '../core';
import { parseScenario, runScenario, type Run } from '../scn';
import { divergesAt, timelineOf, DASH, type Difference, type SameLevel } from '../compare';

/** The scenario text of a path: header, declarations, then each call with what it returned. */
export function pathText(designs: readonly DesignId[], decls: readonly string[], calls: readonly string[], comment: readonly string[] = []): string {
  return [...comment, `design: ${designs.join(', ')}`, '', ...decls, '', ...calls, ''].join('\n');
}

/** Runs a path under each design through the scenario runner (as `npm run check` will). */
export function replay(designs: readonly DesignId[], decls: readonly string[], calls: readonly string[]): Run[] | null {
  const { script, errors } = parseScenario(pathText(designs, decls, calls));
  if (errors.length) return null;
  const runs = designs.map((d) => runScenario(script, d));
  return runs.some((r) => r.errors.length) ? null : runs;
}

/** What makes the last call of the runs a finding, or [] if it is not one (src/compare/diverge.ts's rule). */
export function findingAtEnd(runs: readonly Run[], level: SameLevel, invariants: boolean): Difference[] {
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
export function emit(runs: readonly Run[], decls: readonly string[], calls: readonly string[], diffs: readonly Difference[], comment: readonly string[], allLines: boolean): string {
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
      // A variant falls back to its design's alternative, never to the catch-all: name it.
      const named = rest.length > 1 || baseOf(designs[1]) === baseOf(designs[0]);
      expect = `${first} @${designs[0]}${named ? rest.map((g, j) => ` | ${g} @${designs[j + 1]}`).join('') : ` | ${rest[0]}`}`;
    }
    out.push(`${c} => ${expect}`);
  });
  return pathText(designs, decls, out, comment);
}

export function tally(runs: readonly Run[], errors: number): { passed: number; failed: number } {
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
