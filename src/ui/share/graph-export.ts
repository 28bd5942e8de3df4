/**
 * The graph as a standalone SVG (computed styles inlined, the whole picture rather than the
 * current viewport: the view's picture — detail, a large machine's overview or its opened family —
 * drawn off screen from the store, at any size) or a PNG rendered from it, both with the scenario text embedded so that
 * dropping the image on the playground reopens the scenario.
 */
import { addPngText } from '../../share/png-text';
import { embedInSvg } from '../../share/svg-embed';
import { PNG_DESIGN_KEYWORD, PNG_KEYWORD } from '../../share/open-file';
import type { AppStore } from '../../store';
import { drawSvg } from '../graph/draw-svg';
import type { Scene } from '../graph/scene';
import { sceneOfState } from '../graph/use-scene';

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROPS = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'stroke-linecap', 'opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'paint-order', 'visibility', 'display',
];
const PAD = 16;

/** The picture the graph view shows (overview, family or detail), from the store: never read off the page. */
function sceneOf(store: AppStore): Scene {
  const scene = sceneOfState(store.getState());
  if (!scene) throw new Error('the scenario has not run');
  return scene;
}

/** The SVG text and its size in CSS pixels: the whole picture, drawn off screen as the view draws it. */
function buildSvg(store: AppStore): { svg: string; width: number; height: number } {
  const scene = sceneOf(store);
  // Off screen but laid out and styled, so the computed styles are the page's.
  const host = document.createElement('div');
  host.style.cssText = 'position:absolute;left:-100000px;top:0;width:1600px;height:1000px;overflow:hidden';
  const svg = document.createElementNS(SVG_NS, 'svg');
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'viewport');
  svg.append(g);
  host.append(svg);
  document.body.append(host);
  try {
    drawSvg(g, scene, { onClick: () => undefined });
    return serialise(svg, g);
  } finally {
    host.remove();
  }
}

function serialise(svg: SVGSVGElement, g: SVGGElement): { svg: string; width: number; height: number } {
  const bg = getComputedStyle(document.body).backgroundColor;
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

export function exportSvg(store: AppStore): string {
  const { text, design } = store.getState();
  return embedInSvg(buildSvg(store).svg, { text, design });
}

export async function exportPng(store: AppStore): Promise<Uint8Array> {
  const { text, design } = store.getState();
  const { svg, width, height } = buildSvg(store);
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
