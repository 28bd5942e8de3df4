/**
 * Plain text for a mail: no tabs, no line over WIDTH columns, the few non-ASCII characters
 * the playground prints spelled in ASCII. Pure.
 */

/** LKML etiquette: lines up to 72 columns, so a quoted reply still fits in 80. */
export const WIDTH = 72;

const ASCII: Record<string, string> = { '—': '-', '–': '-', '→': '->', '←': '<-', '…': '...', '✓': 'ok', '✗': 'x', '⚠': '!', '☠': 'x', '·': '-', '§': 'S', '×': 'x', '’': "'", '‘': "'", '“': '"', '”': '"' };

/** Tabs to spaces (8-column stops), known symbols to ASCII, trailing blanks removed. */
export function plain(s: string): string {
  let out = '';
  for (const ch of s.replace(/[\u2014\u2013\u2192\u2190\u2026\u2713\u2717\u26a0\u2620\u00b7\u00a7\u00d7\u2018\u2019\u201c\u201d]/g, (c) => ASCII[c])) {
    out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  }
  return out.replace(/\s+$/, '');
}

export const width = (s: string): number => [...s].length;

/** Cuts `s` to `w` columns, ending in `...` when something was cut. */
export function abbreviate(s: string, w: number): string {
  const cps = [...s];
  if (cps.length <= w) return s;
  return w <= 3 ? cps.slice(0, w).join('') : cps.slice(0, w - 3).join('') + '...';
}

/**
 * Word-wraps `text` to WIDTH: the first line starts with `first`, the others with `rest`
 * (a hanging indent). A word longer than a line is abbreviated.
 */
export function wrap(text: string, first = '', rest = first): string[] {
  const words = plain(text).split(/\s+/).filter(Boolean);
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
  if (!empty || !lines.length) lines.push(cur.replace(/\s+$/, ''));
  return lines;
}

export const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - width(s)));
export const padLeft = (s: string, w: number): string => ' '.repeat(Math.max(0, w - width(s))) + s;
