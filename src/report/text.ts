/**
 * Plain text for a mail: printable ASCII only, no line over WIDTH columns. The few non-ASCII
 * characters the playground prints are spelled in ASCII; any other character outside
 * 0x20-0x7e (a control character, U+202E, an emoji) is written `<U+XXXX>`, so nothing the
 * scenario holds can reorder or hide text in the reader's mail client. Pure.
 */

/** LKML etiquette: lines up to 72 columns, so a quoted reply still fits in 80. */
export const WIDTH = 72;

const ASCII: Record<string, string> = { '—': '-', '–': '-', '→': '->', '←': '<-', '…': '...', '✓': 'ok', '✗': 'x', '⚠': '!', '☠': 'x', '·': '-', '§': 'S', '×': 'x', '’': "'", '‘': "'", '“': '"', '”': '"' };

/** `<U+202E>`: how a character outside printable ASCII is written. */
export const codePoint = (cp: number): string => `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;

/**
 * Tabs to spaces (8-column stops), known symbols to ASCII, every other character outside
 * printable ASCII as `<U+XXXX>`, trailing blanks removed. One pass, no regex backtracking.
 */
export function plain(s: string): string {
  const parts: string[] = [];
  let col = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    let t: string;
    if (cp >= 0x20 && cp <= 0x7e) t = ch;
    else if (ch === '\t') t = ' '.repeat(8 - (col % 8));
    else t = ASCII[ch] ?? codePoint(cp);
    parts.push(t);
    col += t.length;
  }
  return parts.join('').trimEnd();
}

/** Columns of a plain (ASCII) string; of any other string, its code points. */
export const width = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Any text as mail lines: split at line breaks, plain, each cut to WIDTH. */
export function mailLines(s: string): string[] {
  return s.split(/\r\n?|\n/).map((l) => abbreviate(plain(l), WIDTH));
}

/** Cuts `s` to `w` columns, ending in `...` when something was cut. */
export function abbreviate(s: string, w: number): string {
  if (width(s) <= w) return s;
  const cps = Array.from(s);
  return w <= 3 ? cps.slice(0, w).join('') : cps.slice(0, w - 3).join('') + '...';
}

/**
 * Word-wraps `text` to WIDTH: the first line starts with `first`, the others with `rest`
 * (a hanging indent). A word longer than a line is abbreviated.
 */
export function wrap(text: string, first = '', rest = first): string[] {
  const words = text.split(/\s+/).filter(Boolean).map(plain);
  const lines: string[] = [];
  let cur = first;
  let empty = true;
  for (const w of words) {
    const lead = lines.length ? rest : first;
    const room = WIDTH - width(lead);
    const word = abbreviate(w, room);
    if (!empty && width(cur) + 1 + width(word) > WIDTH) {
      lines.push(cur);
      cur = rest + word;
    } else cur = empty ? lead + word : `${cur} ${word}`;
    empty = false;
  }
  if (!empty || !lines.length) lines.push(cur.trimEnd());
  return lines;
}

export const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));
export const padLeft = (s: string, w: number): string => ' '.repeat(Math.max(0, w - width(s))) + s;
