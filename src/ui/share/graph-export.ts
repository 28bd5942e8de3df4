/**
 * The graph as a standalone SVG (computed styles inlined, the whole picture rather than the
 * current view) or a PNG rendered from it, both with the scenario text embedded so that
 * dropping the image on the playground reopens the scenario.
 */
import { addPngText } from '../../share/png-text';
import { embedInSvg } from '../../share/svg-embed';
import { PNG_DESIGN_KEYWORD, PNG_KEYWORD } from '../../share/open-file';

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'paint-order', 'visibility', 'display',
];
const PAD = 16;

function liveGraph(): { svg: SVGSVGElement; g: SVGGElement; canvas: HTMLCanvasElement | null } {
  const svg = document.querySelector<SVGSVGElement>('.graph-panel > svg');
  const g = svg?.querySelector<SVGGElement>('g.viewport');
  if (!svg || !g) throw new Error('no graph on the page');
  return { svg, g, canvas: document.querySelector<HTMLCanvasElement>('.graph-panel > canvas') };
}

/** The SVG text and its size in CSS pixels. */
function buildSvg(): { svg: string; width: number; height: number } {
  const { svg, g, canvas } = liveGraph();
  const bg = getComputedStyle(document.body).backgroundColor;
  if (canvas) {
    // Canvas level of detail (very large machines): the visible picture, as an image.
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const out = `<svg xmlns="${SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="100%" height="100%" fill="${bg}"/><image width="${w}" height="${h}" href="${canvas.toDataURL('image/png')}"/></svg>`;
    return { svg: out, width: w, height: h };
  }
  const box = g.getBBox();
  if (box.width === 0 || box.height === 0) throw new Error('the graph is empty');
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const live = [svg, ...svg.querySelectorAll('*')];
  const copy = [clone, ...clone.querySelectorAll('*')];
  live.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const target = copy[i] as SVGElement;
    target.removeAttribute('style');
    target.removeAttribute('tabindex');
    target.setAttribute('style', PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'));
  });
  const w = Math.ceil(box.width + 2 * PAD), h = Math.ceil(box.height + 2 * PAD);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  clone.setAttribute('viewBox', `${box.x - PAD} ${box.y - PAD} ${w} ${h}`);
  clone.removeAttribute('role');
  clone.querySelector('g.viewport')?.removeAttribute('transform');
  const rect = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x: box.x - PAD, y: box.y - PAD, width: w, height: h, fill: bg })) rect.setAttribute(k, String(v));
  clone.insertBefore(rect, clone.firstChild);
  return { svg: new XMLSerializer().serializeToString(clone), width: w, height: h };
}

export function exportSvg(text: string, design: string): string {
  return embedInSvg(buildSvg().svg, { text, design });
}

export async function exportPng(text: string, design: string): Promise<Uint8Array> {
  const { svg, width, height } = buildSvg();
  const scale = Math.min(2, 8192 / Math.max(width, height));
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = Math.round(width * scale);
    c.height = Math.round(height * scale);
    const ctx = c.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(img, 0, 0, c.width, c.height);
    const blob = await new Promise<Blob | null>((res) => c.toBlob(res, 'image/png'));
    if (!blob) throw new Error('the browser could not encode a PNG');
    const png = new Uint8Array(await blob.arrayBuffer());
    return addPngText(addPngText(png, PNG_KEYWORD, text), PNG_DESIGN_KEYWORD, design);
  } finally {
    URL.revokeObjectURL(url);
  }
}
