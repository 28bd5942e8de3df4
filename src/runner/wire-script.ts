/**
 * The parsed script, from the run host to the page: a 3,000-line scenario's statements take tens
 * of ms to clone, and an edit changes a few, so only the statements after those equal to the
 * previous answer's cross (the page keeps the previous answer; answers arrive in order).
 * Equal statements (kind, line, column, text) parse to equal ASTs: a statement's parse depends
 * only on its own line. A script that is not a `.scn` Script (a test's fake engine) crosses whole.
 */
import type { Script, Stmt } from '../scn';

export type WireScript =
  | { readonly same: number; readonly tail: readonly Stmt[]; readonly header: Script['header'] }
  | { readonly whole: unknown };

const equal = (a: Stmt, b: Stmt) => a.kind === b.kind && a.line === b.line && a.text === b.text && (a.kind === 'note' || (b.kind !== 'note' && a.col === b.col));

const isScript = (s: unknown): s is Script => typeof s === 'object' && s !== null && Array.isArray((s as Script).stmts);

export class ScriptEncoder {
  private last: readonly Stmt[] = [];

  encode(script: Script | null): WireScript {
    if (!isScript(script)) {
      this.last = [];
      return { whole: script };
    }
    const stmts = script.stmts;
    const n = Math.min(this.last.length, stmts.length);
    let same = 0;
    while (same < n && equal(this.last[same], stmts[same])) same++;
    this.last = stmts;
    return { same, tail: stmts.slice(same), header: script.header };
  }
}

export class ScriptDecoder {
  private last: readonly Stmt[] = [];

  decode(w: WireScript): Script | null {
    if ('whole' in w) {
      this.last = [];
      return w.whole as Script | null;
    }
    const stmts = w.same === 0 ? w.tail : [...this.last.slice(0, w.same), ...w.tail];
    this.last = stmts;
    return { header: w.header, stmts };
  }
}
