/**
 * Parsing in a Web Worker: a long scenario's parse (tens of ms for 3,000 lines) never blocks
 * typing. The Script is plain data, but cloning all of it to the page costs tens of ms too, so
 * only what changed crosses: the count of leading statements equal to the previous answer's,
 * and the statements after them (the page keeps the previous answer; see worker-parser.ts).
 *   in:  { id, text }      out: { id, same, tail, header, errors }
 */
import { parseScenario, type Script, type Stmt } from '../scn';

let last: readonly Stmt[] = [];

const equal = (a: Stmt, b: Stmt) => a.kind === b.kind && a.line === b.line && a.text === b.text && (a.kind === 'note' || (b.kind !== 'note' && a.col === b.col));

self.onmessage = (ev: MessageEvent<{ id: number; text: string }>) => {
  const { id, text } = ev.data;
  try {
    const { script, errors } = parseScenario(text);
    const stmts: Script['stmts'] = script?.stmts ?? [];
    let same = 0;
    const n = Math.min(last.length, stmts.length);
    while (same < n && equal(last[same], stmts[same])) same++;
    last = stmts;
    self.postMessage({ id, ok: script !== null, same, tail: stmts.slice(same), header: script?.header ?? null, errors });
  } catch (e) {
    last = [];
    self.postMessage({ id, ok: false, same: 0, tail: [], header: null, errors: [{ line: 1, col: 1, message: `parser crashed: ${String(e)}` }] });
  }
};
