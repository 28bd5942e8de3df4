/**
 * Every kernel function name the playground shows: the signatures (completion list) and every
 * function any trace of any scenario reaches under any design. The table builder asks the
 * kernel sources for exactly these, and the coverage test checks each has an entry.
 */
import { DESIGN_IDS, SIGNATURES, type TraceNode } from '../core';
import { parseScenario, runScenario } from '../scn';

function walk(t: TraceNode, into: Set<string>): void {
  into.add(t.fn);
  for (const c of t.children) walk(c, into);
}

/** Function names in the traces of these scenario texts, run under every design. */
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
