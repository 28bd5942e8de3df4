/**
 * The completion list's info box for a function: its one-line doc, then a link to its
 * definition in each design's version (src/kernel-src), one per distinct target. Built with
 * DOM calls (no HTML strings); links open in a new tab and fetch nothing.
 */
import { DESIGN_IDS } from '../../core';
import { sourceLink, type SourceLink } from '../../kernel-src';

export function sourceLinksInfo(fn: string, doc: string): Node {
  const box = document.createElement('div');
  box.className = 'cm-src-links';
  box.append(doc);
  // One row per distinct target, naming the designs that model the function with it; a
  // function no design offers itself (none here today) still gets its one link.
  const seen = new Map<string, string[]>();
  const links = new Map<string, SourceLink>();
  const all = DESIGN_IDS.map((d) => [d, sourceLink(fn, d)] as const);
  const own = all.filter(([, l]) => l?.own);
  for (const [d, l] of own.length ? own : all.slice(0, 1)) {
    if (!l) continue;
    seen.set(l.href, [...(seen.get(l.href) ?? []), own.length ? d : 'none of the designs']);
    links.set(l.href, l);
  }
  for (const [href, designs] of seen) {
    const l = links.get(href)!;
    const row = document.createElement('div');
    const a = document.createElement('a');
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.className = 'src-link';
    a.dataset.srcLink = fn;
    a.title = `${l.title} — opens in a new tab`;
    a.textContent = l.label;
    row.append(a, ` (${designs.join(', ')})`);
    box.append(row);
  }
  return box;
}
