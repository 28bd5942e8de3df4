/** .scn syntax highlighting for CodeMirror: a stream tokenizer plus a theme-aware style. */
import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StringStream } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

interface St {
  /** At the first word of the line. */
  start: boolean;
}

const DECL = new Set(['design', 'iommu', 'pci', 'mdev', 'container', 'show']);
const VALUES = new Set(['NULL', 'true', 'false', 'void', 'unsupported', 'OOPS', 'WARN', 'ERR_PTR', 'dma', 'identity']);

export const scnLanguage = StreamLanguage.define<St>({
  name: 'scn',
  startState: () => ({ start: true }),
  token(stream: StringStream, state: St) {
    if (stream.sol()) state.start = true;
    if (stream.eatSpace()) return null;
    const first = state.start;
    state.start = false;
    if (stream.match('##')) {
      stream.skipToEnd();
      return 'docString';
    }
    if (stream.peek() === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match('=>')) return 'operator';
    if (stream.match(/^[|=,()+]/)) return 'punctuation';
    if (stream.match(/^@[A-Za-z0-9_.,-]+/)) return 'meta';
    if (stream.match(/^-E[A-Z]+/)) return 'atom';
    if (stream.match(/^-?(0x[0-9a-fA-F]+|\d+)/)) return 'number';
    if (stream.match(/^[A-Za-z_][A-Za-z0-9_.]*/)) {
      const w = stream.current();
      if (first && DECL.has(w)) return 'keyword';
      if (stream.peek() === '(' && !VALUES.has(w)) return 'function';
      if (/^IOMMU_[A-Z_]+$/.test(w)) return 'constant';
      if (VALUES.has(w)) return 'atom';
      if (stream.peek() === '=' && /^[a-z]+$/.test(w)) return 'attributeName';
      return 'variableName';
    }
    stream.next();
    return 'invalid';
  },
  tokenTable: {
    function: t.function(t.variableName),
    constant: t.constant(t.name),
  },
});

export const scnHighlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: t.comment, color: 'var(--tok-com)', fontStyle: 'italic' },
    { tag: t.docString, color: 'var(--tok-com)', fontWeight: '600' },
    { tag: t.keyword, color: 'var(--tok-kw)', fontWeight: '600' },
    { tag: t.function(t.variableName), color: 'var(--tok-fn)' },
    { tag: t.number, color: 'var(--tok-num)' },
    { tag: t.atom, color: 'var(--tok-num)', fontWeight: '600' },
    { tag: t.constant(t.name), color: 'var(--tok-const)' },
    { tag: t.meta, color: 'var(--tok-kw)' },
    { tag: t.operator, color: 'var(--tok-kw)', fontWeight: '600' },
    { tag: t.attributeName, color: 'var(--muted)' },
    { tag: t.variableName, color: 'var(--tok-name)' },
    { tag: t.invalid, color: 'var(--tok-err)' },
  ]),
);
