/**
 * Scenario text inside an exported SVG, as a <metadata> element. Read back by a linear scan
 * (indexOf, no backtracking regular expression: a 6 MB SVG is read in milliseconds), so a
 * dropped SVG is never parsed as a document, let alone rendered. The export is well-formed XML
 * whatever the text holds: characters XML forbids are percent-encoded in the metadata (marked
 * `encoding="percent"`, so the text round-trips exactly) and replaced in what is drawn. Pure.
 */
import { escapeUnits, isXmlSafe, toXmlSafe, unescapeUnits } from './xml-safe';

export const SVG_NS_SCN = 'https://iommu-playground.invalid/scenario/1';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;');

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const cp = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
}

export interface Embedded {
  readonly text: string;
  readonly design: string | null;
}

/** Inserts the scenario right after the root <svg …> start tag. */
export function embedInSvg(svg: string, e: Embedded): string {
  const start = svg.indexOf('<svg');
  const end = start < 0 ? -1 : svg.indexOf('>', start) + 1;
  if (end <= 0) throw new Error('not an SVG document');
  // Plain text when it is XML-safe (readable, and what earlier versions wrote), else encoded.
  const plain = isXmlSafe(e.text) && (!e.design || isXmlSafe(e.design));
  const enc = (s: string) => escapeXml(plain ? s : escapeUnits(s));
  const design = e.design ? ` design="${enc(e.design)}"` : '';
  const meta = `<metadata><scenario xmlns="${SVG_NS_SCN}"${design}${plain ? '' : ' encoding="percent"'}>${enc(e.text)}</scenario></metadata>`;
  return toXmlSafe(svg.slice(0, end)) + meta + toXmlSafe(svg.slice(end));
}

const OPEN = `<scenario xmlns="${SVG_NS_SCN}"`;
const CLOSE = '</scenario>';

/** The value of `name="…"` in a start tag's attribute text, or null. */
function attr(tag: string, name: string): string | null {
  const at = tag.indexOf(` ${name}="`);
  if (at < 0) return null;
  const from = at + name.length + 3;
  const to = tag.indexOf('"', from);
  return to < 0 ? null : tag.slice(from, to);
}

/** The embedded scenario, or null when the SVG holds none. Linear in the SVG's length. */
export function extractFromSvg(svg: string): Embedded | null {
  const at = svg.indexOf(OPEN);
  if (at < 0) return null;
  const tagEnd = svg.indexOf('>', at + OPEN.length);
  if (tagEnd < 0) return null;
  const close = svg.indexOf(CLOSE, tagEnd + 1);
  if (close < 0) return null;
  const tag = svg.slice(at + OPEN.length, tagEnd);
  const decode = attr(tag, 'encoding') === 'percent' ? (s: string) => unescapeUnits(unescapeXml(s)) : unescapeXml;
  const design = attr(tag, 'design');
  return { text: decode(svg.slice(tagEnd + 1, close)), design: design ? decode(design) : null };
}
