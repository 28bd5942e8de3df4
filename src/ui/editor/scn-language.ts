/**
 * .scn syntax highlighting for CodeMirror: a per-line tokenizer and a view plugin that marks the
 * lines on screen.
 *
 * Why not a `StreamLanguage`: every .scn line stands alone (no token spans lines), so a syntax
 * tree buys nothing, yet it was re-parsed behind every key and walked by the highlighter. On
 * the 3,000-line scenario, highlighting as a whole cost about 2 ms of CPU a key, most of it the
 * spans themselves; dropping the tree saved 0.3–0.4 ms of that (bench/ui-type-ab.ts,
 * docs/performance.md, typing round three).
 */
import { RangeSetBuilder, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';

/** Token kinds, named as the CSS classes `tk-<kind>` (colours in scnColours below). */
export type TokenKind = 'docString' | 'comment' | 'operator' | 'meta' | 'atom' | 'number' | 'keyword' | 'function' | 'constant' | 'attributeName' | 'variableName' | 'invalid';
export interface Token {
  readonly from: number;
  readonly to: number;
  readonly kind: TokenKind;
}

const DECL = new Set(['design', 'iommu', 'pci', 'mdev', 'container', 'show']);
const VALUES = new Set(['NULL', 'true', 'false', 'void', 'unsupported', 'OOPS', 'WARN', 'ERR_PTR', 'dma', 'identity']);
// Sticky: each matches at `lastIndex` only.
const SPACE = /\s+/y;
const PUNCT = /[|=,()+]/y;
const META = /@[A-Za-z0-9_.,-]+/y;
const ERRNO = /-E[A-Z]+/y;
const NUMBER = /-?(0x[0-9a-fA-F]+|\d+)/y;
const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
/** A design id or variant in a `design:` header (`pasid-6.x`, `v3-group-flag+flag=domain`). */
const DESIGN_ID = /[A-Za-z0-9_.+=-]+/y;
const DESIGN_HEADER = /^\s*design\s*:/;
const CONSTANT = /^IOMMU_[A-Z_]+$/;
const ATTR = /^[a-z]+$/;

function at(re: RegExp, text: string, pos: number): number {
  re.lastIndex = pos;
  return re.test(text) ? re.lastIndex : -1;
}

/** The tokens of one line (offsets within it); punctuation and spaces carry no token. */
export function tokenizeLine(text: string): Token[] {
  if (DESIGN_HEADER.test(text)) return designHeader(text);
  const out: Token[] = [];
  let first = true;
  let pos = 0;
  while (pos < text.length) {
    const sp = at(SPACE, text, pos);
    if (sp > 0) {
      pos = sp;
      continue;
    }
    const isFirst = first;
    first = false;
    const from = pos;
    if (text.startsWith('##', pos)) {
      out.push({ from, to: text.length, kind: 'docString' });
      break;
    }
    if (text[pos] === '#') {
      out.push({ from, to: text.length, kind: 'comment' });
      break;
    }
    if (text.startsWith('=>', pos)) {
      out.push({ from, to: (pos += 2), kind: 'operator' });
      continue;
    }
    let end = at(PUNCT, text, pos);
    if (end > 0) {
      pos = end;
      continue;
    }
    if ((end = at(META, text, pos)) > 0) out.push({ from, to: end, kind: 'meta' });
    else if ((end = at(ERRNO, text, pos)) > 0) out.push({ from, to: end, kind: 'atom' });
    else if ((end = at(NUMBER, text, pos)) > 0) out.push({ from, to: end, kind: 'number' });
    else if ((end = at(WORD, text, pos)) > 0) out.push({ from, to: end, kind: wordKind(text.slice(pos, end), text[end], isFirst) });
    else out.push({ from, to: (end = pos + 1), kind: 'invalid' });
    pos = end;
  }
  return out;
}

/** `design: a, b+opt=v  # why`: the keyword, then design ids (drawn as @tags are), a comment. */
function designHeader(text: string): Token[] {
  const kw = text.indexOf('design');
  const out: Token[] = [{ from: kw, to: kw + 6, kind: 'keyword' }];
  for (let pos = text.indexOf(':') + 1; pos < text.length; ) {
    if (text[pos] === '#') {
      out.push({ from: pos, to: text.length, kind: 'comment' });
      break;
    }
    const end = at(DESIGN_ID, text, pos);
    if (end > 0) out.push({ from: pos, to: end, kind: 'meta' });
    else if (!/[\s,]/.test(text[pos])) out.push({ from: pos, to: pos + 1, kind: 'invalid' });
    pos = end > 0 ? end : pos + 1;
  }
  return out;
}

function wordKind(w: string, next: string | undefined, first: boolean): TokenKind {
  if (first && DECL.has(w)) return 'keyword';
  if (next === '(' && !VALUES.has(w)) return 'function';
  if (CONSTANT.test(w)) return 'constant';
  if (VALUES.has(w)) return 'atom';
  if (next === '=' && ATTR.test(w)) return 'attributeName';
  return 'variableName';
}

/** One decoration per kind, shared: CodeMirror sees unchanged lines as unchanged. */
const MARKS = new Map<TokenKind, Decoration>();
const markOf = (k: TokenKind) => MARKS.get(k) ?? (MARKS.set(k, Decoration.mark({ class: `tk-${k}` })), MARKS.get(k)!);
/** Names are drawn in the text's own colour (--tok-name is --fg in both themes): no span for them. */
const UNMARKED: ReadonlySet<TokenKind> = new Set(['variableName']);

function build(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  for (const { from, to } of view.visibleRanges) {
    for (let n = doc.lineAt(from).number, end = doc.lineAt(to).number; n <= end; n++) {
      const line = doc.line(n);
      for (const t of tokenizeLine(line.text)) if (!UNMARKED.has(t.kind)) b.add(line.from + t.from, line.from + t.to, markOf(t.kind));
    }
  }
  return b.finish();
}

const scnTokens = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = build(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.viewportChanged) this.decorations = build(u.view);
    }
  },
  { decorations: (p) => p.decorations },
);

/** Colours from the page's CSS variables, so light and dark follow the app's theme. */
const scnColours = EditorView.theme({
  '.tk-comment': { color: 'var(--tok-com)', fontStyle: 'italic' },
  '.tk-docString': { color: 'var(--tok-com)', fontWeight: '600' },
  '.tk-keyword': { color: 'var(--tok-kw)', fontWeight: '600' },
  '.tk-function': { color: 'var(--tok-fn)' },
  '.tk-number': { color: 'var(--tok-num)' },
  '.tk-atom': { color: 'var(--tok-num)', fontWeight: '600' },
  '.tk-constant': { color: 'var(--tok-const)' },
  '.tk-meta': { color: 'var(--tok-kw)' },
  '.tk-operator': { color: 'var(--tok-kw)', fontWeight: '600' },
  '.tk-attributeName': { color: 'var(--muted)' },
  '.tk-invalid': { color: 'var(--tok-err)' },
});

/** The .scn highlighting: the tokens of the lines on screen, coloured. */
export const scnHighlighting: Extension = [scnTokens, scnColours];
