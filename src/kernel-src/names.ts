/**
 * Every kernel function name the playground shows: the signatures (completion list) and every
 * function any trace of any scenario reaches under any design. The table builder asks the
 * kernel sources for exactly these, and the coverage test checks each has an entry.
 */
import { DESIGN_IDS, SIGNATURES, type TraceNode } from '../core';
import { parseScenario, runScenario } from '../scn';

/**
 * The function a WARN or OOPS line names: `WARNING: at <file>:<fn>: …`, `… RIP: <fn> …`,
 * `kernel BUG at <file>: <fn>: …`. The inspector links it like a trace frame.
 */
export function loggedFunction(text: string): string | null {
  const m = /^WARNING: at [\w/.-]+:(\w+)/.exec(text) ?? /RIP: (\w+)/.exec(text) ?? /kernel BUG at [\w/.-]+: (\w+):/.exec(text);
  return m ? m[1] : null;
}

function walk(t: TraceNode, into: Set<string>): void {
  into.add(t.fn);
  for (const l of t.log) {
    const fn = l.level === 'WARN' || l.level === 'OOPS' ? loggedFunction(l.text) : null;
    if (fn) into.add(fn);
  }
  for (const c of t.children) walk(c, into);
}

/**
 * Function names in the traces of these scenario texts, run under every design: every frame,
 * and every function a WARN or OOPS line of a frame names.
 */
export function traceFunctions(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    const { script } = parseScenario(text);
    if (!script) continue;
    for (const d of DESIGN_IDS) for (const e of runScenario(script, d).entries) if (e.step) walk(e.step.trace, out);
  }
  return out;
}

export function signatureFunctions(): Set<string> {
  return new Set(Object.keys(SIGNATURES));
}

/**
 * Every function a WARN or OOPS text of the emulator can name, read from the emulator's own
 * source texts (src/core/**), so a WARN no library scenario reaches still has its link:
 * `k.warn('<file>:<fn>'…)`, `RIP: <fn>`, `kernel BUG at <file>: <fn>:`, and the page-table
 * walks that OOPS on a freed pgd (`pgdOops(k, d, '<fn>'…)`).
 */
export function emittedLogFunctions(sourceTexts: readonly string[]): Set<string> {
  const out = new Set<string>();
  const patterns = [/\.warn\(\s*[`'][^`']*?:(\w+)[`']/g, /RIP: (\w+)/g, /kernel BUG at [^:`'\s]*: (\w+):/g, /pgdOops\(k, \w+, '(\w+)'/g];
  for (const text of sourceTexts) for (const re of patterns) for (const m of text.matchAll(re)) out.add(m[1]);
  return out;
}
