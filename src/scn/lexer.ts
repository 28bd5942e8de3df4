/**
 * Tokens of one scenario line. The language is line based and has no strings, so a line is
 * lexed on its own, after its comment has been cut off.
 *
 * The lexer is pulled by the parser rather than run ahead of it because one token class is
 * context dependent: design ids (`upstream-5.8`, `pasid-6.x`) contain `-` and `.`, which
 * elsewhere are an operator and part of a name. The parser asks for `designId()` exactly where
 * the grammar expects one (the header and after `@`).
 */

export type TokenKind = 'ident' | 'number' | 'punct' | 'eol' | 'bad';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based column of the first character. */
  readonly col: number;
}

/** Thrown while parsing one line; the parser turns it into a ScnError and goes on with the next line. */
export class LineError extends Error {
  constructor(
    readonly col: number,
    message: string,
  ) {
    super(message);
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_.]/;
/** Numbers are scanned greedily with trailing letters so `12ab` is one bad number, not two tokens. */
const NUMBER_PART = /[A-Za-z0-9_]/;
/** A design id or variant: `upstream-5.8`, `driver-map+present-check=off`. */
const DESIGN_PART = /[A-Za-z0-9_.+=-]/;
const PUNCT = ['=>', '(', ')', ',', '=', '|', '@', '+', '-', ':'];

/** How an error message names a token: `'=>'`, or `end of line`. */
export function describe(t: Token): string {
  return t.kind === 'eol' ? 'end of line' : `'${t.text}'`;
}

export class Lexer {
  private pos = 0;
  private peeked: Token | null = null;
  /** Offset just past the last consumed token (for slicing out the text of a value). */
  end = 0;

  /** `src` is the code part of the line; columns are counted from its first character. */
  constructor(readonly src: string) {}

  /** The next token without consuming it. */
  peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  next(): Token {
    const t = this.peek();
    this.peeked = null;
    if (t.kind !== 'eol') this.end = t.col - 1 + t.text.length;
    return t;
  }

  /** Pushes back the token just read (one token of look-back is all the grammar needs). */
  unread(t: Token): void {
    this.peeked = t;
  }

  /** Consumes the next token if it is the punctuation `p`. */
  eat(p: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) return false;
    this.next();
    return true;
  }

  /** Consumes the punctuation `p` or throws `expected 'p' <what>, found …`. */
  expect(p: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) {
      throw new LineError(t.col, `expected '${p}' ${what}, found ${describe(t)}`);
    }
    return this.next();
  }

  /** Reads a design id (`upstream-5.8`); an empty result is an `eol`/`bad` token. */
  designId(): Token {
    if (this.peeked) {
      // Re-read a token already peeked with the wider alphabet (`upstream` → `upstream-5.8`).
      this.pos = this.peeked.col - 1;
      this.peeked = null;
    }
    this.skipSpace();
    const start = this.pos;
    while (this.pos < this.src.length && DESIGN_PART.test(this.src[this.pos])) this.pos++;
    if (this.pos === start) return this.next();
    this.end = this.pos;
    return { kind: 'ident', text: this.src.slice(start, this.pos), col: start + 1 };
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private scan(): Token {
    this.skipSpace();
    const start = this.pos;
    const col = start + 1;
    if (start >= this.src.length) return { kind: 'eol', text: '', col };
    const c = this.src[start];
    if (IDENT_START.test(c)) {
      while (this.pos < this.src.length && IDENT_PART.test(this.src[this.pos])) this.pos++;
      return { kind: 'ident', text: this.src.slice(start, this.pos), col };
    }
    if (/[0-9]/.test(c)) {
      while (this.pos < this.src.length && NUMBER_PART.test(this.src[this.pos])) this.pos++;
      return { kind: 'number', text: this.src.slice(start, this.pos), col };
    }
    for (const p of PUNCT) {
      if (this.src.startsWith(p, start)) {
        this.pos += p.length;
        return { kind: 'punct', text: p, col };
      }
    }
    this.pos++;
    return { kind: 'bad', text: c, col };
  }
}

/** Parses a number token (`42`, `0x1000`); null when it is not a valid integer. */
export function numberValue(text: string): number | null {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) v = Number.parseInt(text.slice(2), 16);
  else if (/^[0-9]+$/.test(text)) v = Number.parseInt(text, 10);
  else return null;
  return Number.isSafeInteger(v) ? v : null;
}
