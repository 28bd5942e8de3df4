/**
 * Arguments (`D`, `0x1000`, `IOMMU_READ|IOMMU_WRITE`, `dma(G_P1)`, `NULL`, `pci`) and
 * expectations (`=> NULL @upstream-5.8 | C.d0`, `=> 0 +WARN`).
 */
import { baseOf, CONSTANTS, DESIGN_IDS, ERRNO, resolveDesign, type DesignId } from '../core';
import type { Alternative, ArgExpr, ExpectValue, NameExpr } from './ast';
import { describe, Lexer, LineError, numberValue, type Token } from './lexer';
import { didYouMean } from './suggest';

/** What looks like a kernel constant: an unknown one is a typo, not an object name. */
const CONSTANT_LIKE = /^IOMMU_[A-Z0-9_]*$/;

/** Own keys only: `constructor` must not look like a constant or an errno. */
const has = (o: object, k: string): boolean => Object.hasOwn(o, k);
const isConstant = (t: Token): boolean =>
  t.kind === 'ident' && (has(CONSTANTS, t.text) || CONSTANT_LIKE.test(t.text));

/** A constant's name, checked against every kernel version's iommu.h (valued at run time). */
function constant(t: Token): string {
  if (has(CONSTANTS, t.text)) return t.text;
  throw new LineError(
    t.col,
    `unknown constant '${t.text}'${didYouMean(t.text, Object.keys(CONSTANTS))}`,
  );
}

function number(t: Token): number {
  const v = numberValue(t.text);
  if (v === null) {
    throw new LineError(t.col, `expected a number (decimal or 0x hex), found '${t.text}'`);
  }
  return v;
}

/** After a `-`: a number or an errno name, negated (`-1`, `-0x10`, `-EBUSY`). */
function negative(lx: Lexer): number {
  const t = lx.next();
  if (t.kind === 'number') return -number(t);
  if (t.kind === 'ident' && has(ERRNO, t.text)) return -ERRNO[t.text as keyof typeof ERRNO];
  if (t.kind === 'ident' && /^E[A-Z0-9]+$/.test(t.text)) {
    throw new LineError(
      t.col,
      `unknown errno '${t.text}'${didYouMean(t.text, Object.keys(ERRNO))}`,
    );
  }
  throw new LineError(t.col, `expected a number or an errno after '-', found ${describe(t)}`);
}

/** `dma` `(` GROUP `)`, the `dma` token already consumed. */
function dma(lx: Lexer, at: Token): NameExpr {
  lx.expect('(', "after 'dma'");
  const g = lx.next();
  if (g.kind !== 'ident') {
    throw new LineError(g.col, `expected a group name in 'dma(…)', found ${describe(g)}`);
  }
  lx.expect(')', 'after the group name');
  return { kind: 'dma', group: g.text, col: at.col, groupCol: g.col };
}

/** Bitwise OR of two non-negative integers up to 2^53 (JS `|` truncates to 32 bits). */
export function or53(a: number, b: number): number {
  if (a < 0 || b < 0) return a | b;
  const hi = (x: number) => Math.floor(x / 2 ** 32);
  const lo = (x: number) => x % 2 ** 32;
  return (hi(a) | hi(b)) * 2 ** 32 + ((lo(a) | lo(b)) >>> 0);
}

/** A constant or a number, then more of them joined by `|`: the numbers OR-ed, the constants listed. */
function orChain(lx: Lexer, first: number | string): { value: number; consts?: string[] } {
  let v = typeof first === 'number' ? first : 0;
  const consts = typeof first === 'string' ? [first] : [];
  while (lx.eat('|')) {
    const t = lx.next();
    if (isConstant(t)) consts.push(constant(t));
    else if (t.kind === 'number') v = or53(v, number(t));
    else {
      throw new LineError(t.col, `expected a constant or a number after '|', found ${describe(t)}`);
    }
  }
  return consts.length ? { value: v, consts } : { value: v };
}

/** One call argument. */
export function parseArg(lx: Lexer): ArgExpr {
  const t = lx.next();
  const col = t.col;
  if (t.kind === 'punct' && t.text === '-') return { kind: 'int', value: negative(lx), col };
  if (t.kind === 'number') return { kind: 'int', ...orChain(lx, number(t)), col };
  if (t.kind !== 'ident') throw new LineError(col, `expected an argument, found ${describe(t)}`);
  if (isConstant(t)) return { kind: 'int', ...orChain(lx, constant(t)), col };
  if (t.text === 'NULL') return { kind: 'null', col };
  if (t.text === 'pci' || t.text === 'mdev') return { kind: 'bus', bus: t.text, col };
  if (t.text === 'dma') return dma(lx, t);
  const p = lx.peek();
  if (p.kind === 'punct' && p.text === '|') {
    throw new LineError(col, `expected a constant before '|', found '${t.text}'`);
  }
  return { kind: 'name', name: t.text, col };
}

const KEYWORD_VALUES: Readonly<Record<string, ExpectValue>> = {
  NULL: { kind: 'null' },
  true: { kind: 'bool', value: true },
  false: { kind: 'bool', value: false },
  void: { kind: 'void' },
  unsupported: { kind: 'unsupported' },
  OOPS: { kind: 'oops' },
};

function expectValue(lx: Lexer): ExpectValue {
  const t = lx.next();
  if (t.kind === 'punct' && t.text === '-') return { kind: 'int', value: negative(lx) };
  if (t.kind === 'number') return { kind: 'int', value: number(t) };
  if (t.kind !== 'ident') {
    throw new LineError(t.col, `expected a value after '=>', found ${describe(t)}`);
  }
  if (has(KEYWORD_VALUES, t.text)) return KEYWORD_VALUES[t.text];
  if (t.text === 'ERR_PTR') {
    lx.expect('(', "after 'ERR_PTR'");
    lx.expect('-', "before the errno in 'ERR_PTR(…)'");
    const errno = negative(lx);
    lx.expect(')', "after the errno in 'ERR_PTR(…)'");
    return { kind: 'errptr', errno };
  }
  if (t.text === 'dma') return dma(lx, t);
  if (isConstant(t)) return { kind: 'int', value: 0, consts: [constant(t)] };
  return { kind: 'name', name: t.text, col: t.col };
}

/** `@id[,id…]`, the `@` already consumed; checks each id is a design and not named twice. */
function designList(lx: Lexer, seen: Map<DesignId, number>): DesignId[] {
  const ids: DesignId[] = [];
  do {
    const t = lx.designId();
    if (t.kind !== 'ident') {
      throw new LineError(t.col, `expected a design id after '@', found ${describe(t)}`);
    }
    const id = checkDesignId(t);
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new LineError(t.col, `design '${id}' already has an alternative (column ${prev})`);
    }
    seen.set(id, t.col);
    ids.push(id);
  } while (lx.eat(','));
  return ids;
}

/**
 * A design id or variant token → its canonical id (`driver-map+present-check=on` is
 * `driver-map`), or an error naming the known ids, or the design's options and their values.
 */
export function checkDesignId(t: Token): DesignId {
  const r = resolveDesign(t.text);
  if (r.ok) return r.id as DesignId;
  const base = baseOf(t.text);
  if ((DESIGN_IDS as readonly string[]).includes(base)) throw new LineError(t.col, r.error);
  const hint = didYouMean(base, DESIGN_IDS) || ` (known: ${DESIGN_IDS.join(', ')})`;
  throw new LineError(t.col, `unknown design '${base}'${hint}`);
}

/**
 * The alternatives after `=>`: `VALUE [+WARN] [@id,…]` separated by `|`. At most one may
 * leave out `@` (it covers the designs not named elsewhere on the line).
 */
export function parseExpectation(lx: Lexer): Alternative[] {
  const alts: Alternative[] = [];
  const seen = new Map<DesignId, number>();
  let catchAll: number | null = null;
  for (;;) {
    const col = lx.peek().col;
    const value = expectValue(lx);
    let warn = false;
    if (lx.eat('+')) {
      const w = lx.next();
      if (w.kind !== 'ident' || w.text !== 'WARN') {
        throw new LineError(w.col, `expected 'WARN' after '+', found ${describe(w)}`);
      }
      warn = true;
    }
    const text = lx.src.slice(col - 1, lx.end);
    let designs: DesignId[] | null = null;
    if (lx.eat('@')) designs = designList(lx, seen);
    else if (catchAll !== null) {
      throw new LineError(
        lx.peek().col,
        `expected '@design' after '${text}': only one alternative may leave it out (the one at column ${catchAll})`,
      );
    } else catchAll = col;
    alts.push({ value, warn, designs, text, col });
    if (lx.eat('|')) continue;
    const end = lx.peek();
    if (end.kind === 'eol') return alts;
    const what = designs ? ["','"] : warn ? ["'@design'"] : ["'+WARN'", "'@design'"];
    throw new LineError(
      end.col,
      `expected ${[...what, "'|'"].join(', ')} or end of line after '${text}', found ${describe(end)}`,
    );
  }
}
