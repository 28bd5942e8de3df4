/** Plain TS around d3-zoom: pan, zoom, fit. The graph canvas creates it in an effect and destroys it. */
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform as D3Transform } from 'd3';
import type { Box } from '../../derive/layout';
import type { ZoomTransform } from '../../store';

/**
 * How a pane fits: `minK`, a smallest scale (a compare pane keeps its text at 12 px and pans
 * instead: the picture's top left corner is shown first); `top`, the room kept free at the top.
 */
export interface FitOptions {
  readonly minK?: number;
  readonly top?: number;
}

export interface PanZoom {
  /** Fits `bounds` into the pane (`top` px kept free for the tool bar). */
  fit: (bounds: Box, animate: boolean, opts?: FitOptions) => void;
  set: (t: ZoomTransform) => void;
  zoomBy: (k: number) => void;
  /** Zooms so that `bounds` fills the pane (a click on an overview tile). */
  zoomTo: (bounds: Box) => void;
  destroy: () => void;
}

/** Largest fit scale: a tiny machine is drawn large, but not absurdly so. */
export const MAX_FIT = 2.2;
/** Room kept free at the top of the pane for the legend and the tools. */
export const TOP_RESERVE = 34;
/** Text is 12 px at scale 1: a fit that would need a little less keeps scale 1 (a few px may need a pan). */
export const READABLE_K = 1;

const reduced = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** `onTransform(t, user)`: user is true when a pointer or wheel moved the view (not a fit). */
export function createPanZoom(el: Element, onTransform: (t: ZoomTransform, user: boolean) => void, onEnd: (t: ZoomTransform, user: boolean) => void): PanZoom {
  const sel = select(el as SVGSVGElement);
  const plain = (t: D3Transform): ZoomTransform => ({ k: t.k, x: t.x, y: t.y });
  const z: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.05, 6])
    // Clicks on nodes select them; only drags on the background pan, wheel zooms anywhere.
    .filter((ev: Event) => (ev.type === 'wheel' || !(ev.target as Element).closest?.('.g-node, .g-group')) && !(ev as MouseEvent).button)
    .on('zoom', (ev: { transform: D3Transform; sourceEvent: unknown }) => onTransform(plain(ev.transform), !!ev.sourceEvent))
    .on('end', (ev: { transform: D3Transform; sourceEvent: unknown }) => onEnd(plain(ev.transform), !!ev.sourceEvent));
  sel.call(z).on('dblclick.zoom', null);
  const fitTransform = (b: Box, maxK: number, opts: FitOptions = {}) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    const pad = 8;
    const top = opts.top ?? TOP_RESERVE;
    const kFit = Math.min(maxK, Math.max(0.05, Math.min((r.width - 2 * pad) / b.w, (r.height - 2 * pad - top) / b.h)));
    const k0 = kFit < READABLE_K && kFit >= 0.9 * READABLE_K ? READABLE_K : kFit;
    const k = Math.max(k0, opts.minK ?? 0);
    // Wider or taller than the pane at the smallest scale: start at that side's beginning.
    const x = k * b.w > r.width - 2 * pad ? pad - k * b.x : r.width / 2 - k * (b.x + b.w / 2);
    const y = k * b.h > r.height - 2 * pad - top ? pad + top - k * b.y : top / 2 + r.height / 2 - k * (b.y + b.h / 2);
    return zoomIdentity.translate(x, y).scale(k);
  };
  return {
    fit(b, animate, opts) {
      const t = fitTransform(b, MAX_FIT, opts);
      if (!t) return;
      if (animate && !reduced()) sel.transition().duration(250).call(z.transform, t);
      else sel.interrupt().call(z.transform, t);
    },
    zoomTo(b) {
      const t = fitTransform(b, 6);
      if (t) sel.interrupt().call(z.transform, t);
    },
    set(t) {
      sel.interrupt().call(z.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
    },
    zoomBy(k) {
      sel.call(z.scaleBy, k);
    },
    destroy() {
      sel.on('.zoom', null);
      sel.interrupt();
    },
  };
}
