/**
 * Scenario text inside an exported SVG, as a <metadata> element; read back with a regular
 * expression, so a dropped SVG is never parsed as a document, let alone rendered. Pure.
 */
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
  const m = /<svg\b[^>]*>/.exec(svg);
  if (!m) throw new Error('not an SVG document');
  const design = e.design ? ` design="${escapeXml(e.design)}"` : '';
  const meta = `<metadata><scenario xmlns="${SVG_NS_SCN}"${design}>${escapeXml(e.text)}</scenario></metadata>`;
  const end = m.index + m[0].length;
  return svg.slice(0, end) + meta + svg.slice(end);
}

/** The embedded scenario, or null when the SVG holds none. */
export function extractFromSvg(svg: string): Embedded | null {
  const m = /<scenario xmlns="https:\/\/iommu-playground\.invalid\/scenario\/1"(?: design="([^"]*)")?>([\s\S]*?)<\/scenario>/.exec(svg);
  if (!m) return null;
  return { text: unescapeXml(m[2]), design: m[1] ? unescapeXml(m[1]) : null };
}
