/**
 * Scenario text → Script. One statement per line; a line with an error yields one ScnError
 * and no statement, and parsing goes on with the next line so the editor can show every
 * problem at once.
 */
import { SIGNATURES, type DesignId } from '../core';
import type { CallStmt, Header, NameExpr, ScnError, Script, Stmt } from './ast';
import { describe, Lexer, LineError, type Token } from './lexer';
import { DECL_KEYWORDS, parseDecl, type DeclKeyword } from './parse-decl';
import { checkDesignId, parseArg, parseExpectation } from './parse-value';
import { Scope } from './scope';
import { didYouMean } from './suggest';

interface LineCtx {
  readonly line: number;
  readonly lx: Lexer;
  readonly scope: Scope;
  /** The code part of the line, trimmed: what a RunEntry shows. */
  readonly text: string;
}

/** `design: id[, id…]`, the `design` token already consumed. */
function header(c: LineCtx, at: Token, prev: Header | null): Header {
  c.lx.expect(':', "after 'design'");
  if (prev) {
    throw new LineError(
      at.col,
      `expected one 'design:' header, found a second one (the first is at line ${prev.line})`,
    );
  }
  if (c.scope.firstCall !== null) {
    throw new LineError(
      at.col,
      `expected the 'design:' header before the first call (line ${c.scope.firstCall})`,
    );
  }
  const designs: DesignId[] = [];
  const cols: number[] = [];
  do {
    const t = c.lx.designId();
    if (t.kind !== 'ident') {
      throw new LineError(t.col, `expected a design id, found ${describe(t)}`);
    }
    const id = checkDesignId(t);
    if (designs.includes(id)) throw new LineError(t.col, `design '${id}' is listed twice`);
    designs.push(id);
    cols.push(t.col);
  } while (c.lx.eat(','));
  const end = c.lx.designId();
  if (end.kind !== 'eol') {
    throw new LineError(
      end.col,
      `expected ',' or end of line after a design id, found ${describe(end)}`,
    );
  }
  return { designs, cols, line: c.line };
}

/** `fn(args) [=> expectation]`, the function name already consumed. */
function call(c: LineCtx, fn: Token, bind: CallStmt['bind'], col: number): CallStmt {
  const sig = SIGNATURES[fn.text];
  if (!Object.hasOwn(SIGNATURES, fn.text)) {
    throw new LineError(
      fn.col,
      `unknown function '${fn.text}'${didYouMean(fn.text, Object.keys(SIGNATURES))}`,
    );
  }
  c.lx.expect('(', `after '${fn.text}'`);
  const args = [];
  if (!c.lx.eat(')')) {
    for (;;) {
      args.push(parseArg(c.lx));
      if (c.lx.eat(',')) continue;
      c.lx.expect(')', 'after arguments');
      break;
    }
  }
  if (args.length !== sig.params.length) {
    const shape = `${fn.text}(${sig.names.join(', ')})`;
    const at = args.length > sig.params.length ? args[sig.params.length].col : c.lx.end;
    throw new LineError(
      at,
      `expected ${sig.params.length} argument(s) for ${shape}, found ${args.length}`,
    );
  }
  c.scope.firstCall ??= c.line;
  const expect = c.lx.eat('=>') ? parseExpectation(c.lx) : null;
  const end = c.lx.peek();
  if (end.kind !== 'eol') {
    throw new LineError(
      end.col,
      `expected '=>' or end of line after the call, found ${describe(end)}`,
    );
  }
  return {
    kind: 'call',
    line: c.line,
    col,
    text: c.text,
    fn: fn.text,
    fnCol: fn.col,
    args,
    bind,
    expect,
  };
}

/** A name or `dma(G)` as the subject of `show` or `=>`, its first token already consumed. */
function target(lx: Lexer, t: Token): NameExpr {
  if (t.text !== 'dma') return { kind: 'name', name: t.text, col: t.col };
  lx.unread(t);
  return parseArg(lx) as NameExpr;
}

function statement(c: LineCtx, first: Token): Stmt {
  const { lx, line, scope } = c;
  const at = { line, col: first.col, text: c.text };
  if (first.kind !== 'ident') {
    throw new LineError(
      first.col,
      `expected a declaration, a call, 'NAME => VALUE' or 'show NAME', found ${describe(first)}`,
    );
  }
  if ((DECL_KEYWORDS as readonly string[]).includes(first.text)) {
    return {
      kind: 'decl',
      ...at,
      decl: parseDecl(first.text as DeclKeyword, lx, scope, line, first.col),
    };
  }
  if (first.text === 'show') {
    const t = lx.next();
    if (t.kind !== 'ident') {
      throw new LineError(t.col, `expected a name after 'show', found ${describe(t)}`);
    }
    const shown = target(lx, t);
    const end = lx.next();
    if (end.kind !== 'eol') {
      throw new LineError(
        end.col,
        `expected end of line after 'show NAME', found ${describe(end)}`,
      );
    }
    return { kind: 'show', ...at, target: shown };
  }
  const subject = target(lx, first);
  const op = lx.next();
  if (op.kind === 'punct' && op.text === '=>') {
    const expect = parseExpectation(lx);
    const warned = expect.find((a) => a.warn);
    if (warned) {
      throw new LineError(
        warned.col,
        `expected a value without '+WARN' (only a call can WARN), found '${warned.text}'`,
      );
    }
    return { kind: 'check', ...at, target: subject, expect };
  }
  if (subject.kind === 'name' && op.kind === 'punct' && op.text === '(') {
    lx.unread(op);
    return call(c, first, null, first.col);
  }
  if (subject.kind === 'name' && op.kind === 'punct' && op.text === '=') {
    scope.claim(first.text, 'binding', line, first.col);
    const fn = lx.next();
    if (fn.kind !== 'ident') {
      throw new LineError(
        fn.col,
        `expected a function call after '${first.text} =', found ${describe(fn)}`,
      );
    }
    return call(c, fn, { name: first.text, col: first.col }, first.col);
  }
  const what = Object.hasOwn(SIGNATURES, first.text) ? "'('" : "'(', '=' or '=>'";
  throw new LineError(op.col, `expected ${what} after '${first.text}', found ${describe(op)}`);
}

/** Cuts the comment off a line; a `##` comment is narration and is returned as its text. */
function splitComment(raw: string): { code: string; note: string | null } {
  const i = raw.indexOf('#');
  if (i < 0) return { code: raw, note: null };
  const note = raw.startsWith('##', i) ? raw.slice(i + 2).trim() : null;
  return { code: raw.slice(0, i), note };
}

/**
 * Parses a whole scenario. Every error carries the 1-based line and column it was found at;
 * a script with errors must not be run (the CLI fails the file as a whole).
 */
export function parseScenario(text: string): { script: Script; errors: ScnError[] } {
  const scope = new Scope();
  const stmts: Stmt[] = [];
  const errors: ScnError[] = [];
  let head: Header | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const { code, note } = splitComment(raw);
    const lx = new Lexer(code);
    const c: LineCtx = { line, lx, scope, text: code.trim() };
    try {
      const first = lx.next();
      if (first.kind === 'ident' && first.text === 'design') head = header(c, first, head);
      else if (first.kind !== 'eol') stmts.push(statement(c, first));
    } catch (e) {
      if (!(e instanceof LineError)) throw e;
      errors.push({ line, col: e.col, message: e.message });
    }
    if (note !== null) stmts.push({ kind: 'note', text: note, line });
  });
  return { script: { header: head, stmts }, errors };
}
