/** Plain TS around d3-zoom: pan, zoom, fit. The graph canvas creates it in an effect and destroys it. */
import { select, zoom, zoomIdentity, zoomTransform, type ZoomBehavior, type ZoomTransform as D3Transform } from 'd3';
import type { Box } from '../../derive/layout';
import type { ZoomTransform } from '../../store';

/**
 * How a fit is made. The playground's default: at most MAX_FIT, TOP_RESERVE kept for the tools.
 * `minK`, a smallest scale (a text size): when the whole picture would be smaller, the view
 * stays at that scale. The presenter gives `focus` (what the step changed): the view follows it,
 * moving only when it is not already in view. Without a focus (a compare pane keeping its text
 * at 12 px) the picture's top left corner is shown first, and the pane pans.
 */
export interface FitOptions {
  readonly maxK?: number;
  readonly minK?: number;
  readonly top?: number;
  readonly focus?: Box | null;
  /** The focus with its neighbours: framed instead of `focus` on each axis where it fits. */
  readonly around?: Box | null;
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
  const fitTransform = (b: Box, maxK: number, top = TOP_RESERVE, minK = 0, focus: Box | null = null, around: Box | null = null) => {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) return null;
    const pad = 8;
    const kFit = Math.min(maxK, Math.max(0.05, Math.min((r.width - 2 * pad) / b.w, (r.height - 2 * pad - top) / b.h)));
    const k = kFit < READABLE_K && kFit >= 0.9 * READABLE_K ? READABLE_K : kFit;
    if (k >= minK) return zoomIdentity.translate(r.width / 2 - k * (b.x + b.w / 2), top / 2 + r.height / 2 - k * (b.y + b.h / 2)).scale(k);
    if (focus) return followTransform(b, minK, r.width, r.height, focus, around ?? focus);
    // Wider or taller than the pane at the smallest scale: start at that side's beginning.
    const x = minK * b.w > r.width - 2 * pad ? pad - minK * b.x : r.width / 2 - minK * (b.x + b.w / 2);
    const y = minK * b.h > r.height - 2 * pad - top ? pad + top - minK * b.y : top / 2 + r.height / 2 - minK * (b.y + b.h / 2);
    return zoomIdentity.translate(x, y).scale(minK);
  };
  /**
   * At scale k, the view that shows what the step touched (`focus`) with its neighbours
   * (`around`, on each axis where they fit the pane), kept still if it already does; never
   * beyond the picture where it can help it, and never so that `focus` leaves the pane.
   */
  const followTransform = (b: Box, k: number, w: number, h: number, focus: Box, around: Box) => {
    const cur = zoomTransform(el);
    const pad = 8;
    const axis = (t0: number, size: number, lo: number, len: number, fLo: number, fLen: number, aLo: number, aLen: number) => {
      // Frame the neighbours too when they fit, else what the step touched.
      const [tLo, tLen] = aLen * k <= size - 2 * pad ? [aLo, aLen] : [fLo, fLen];
      const shows = (t: number, a: number, l: number) => a * k + t >= 0 && (a + l) * k + t <= size;
      // The current offset if the target is in view at this scale (the audience is not shaken), else the target centred.
      let t = cur.k === k && shows(t0, tLo, tLen) ? t0 : size / 2 - k * (tLo + tLen / 2);
      // Clamp: no empty margin beyond the picture's edges when the picture is larger than the pane.
      const min = size - k * (lo + len) - pad, max = -k * lo + pad;
      t = min <= max ? Math.min(max, Math.max(min, t)) : size / 2 - k * (lo + len / 2);
      // What the step touched stays wholly in view whenever it fits (a pan, never a smaller zoom).
      if (fLen * k <= size) {
        const m = Math.min(pad, (size - fLen * k) / 2);
        t = Math.max(m - fLo * k, Math.min(size - m - (fLo + fLen) * k, t));
      }
      return t;
    };
    return zoomIdentity.translate(axis(cur.x, w, b.x, b.w, focus.x, focus.w, around.x, around.w), axis(cur.y, h, b.y, b.h, focus.y, focus.h, around.y, around.h)).scale(k);
  };
  return {
    fit(b, animate, opts) {
      const t = opts ? fitTransform(b, opts.maxK ?? MAX_FIT, opts.top ?? TOP_RESERVE, opts.minK ?? 0, opts.focus ?? null, opts.around ?? null) : fitTransform(b, MAX_FIT);
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
