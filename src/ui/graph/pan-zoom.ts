/** Plain TS around d3-zoom: pan, zoom, fit. The graph view creates it in an effect and destroys it. */
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform as D3Transform } from 'd3';
import type { Box } from '../../derive/layout';
import type { ZoomTransform } from '../../store';

export interface PanZoom {
  fit: (bounds: Box, animate: boolean) => void;
  set: (t: ZoomTransform) => void;
  zoomBy: (k: number) => void;
  destroy: () => void;
}

export function createPanZoom(el: Element, onTransform: (t: ZoomTransform) => void, onEnd: (t: ZoomTransform) => void): PanZoom {
  const sel = select(el as SVGSVGElement);
  const z: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.05, 4])
    // Clicks on nodes select them; only drags on the background pan, wheel zooms anywhere.
    .filter((ev: Event) => (ev.type === 'wheel' || !(ev.target as Element).closest?.('.g-node, .g-group')) && !(ev as MouseEvent).button)
    .on('zoom', (ev: { transform: D3Transform }) => onTransform({ k: ev.transform.k, x: ev.transform.x, y: ev.transform.y }))
    .on('end', (ev: { transform: D3Transform }) => onEnd({ k: ev.transform.k, x: ev.transform.x, y: ev.transform.y }));
  sel.call(z).on('dblclick.zoom', null);
  const reduced = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  return {
    fit(b, animate) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height) return;
      const pad = 16;
      const k = Math.min(1.6, Math.max(0.05, Math.min((r.width - 2 * pad) / b.w, (r.height - 2 * pad - 40) / b.h)));
      const t = zoomIdentity.translate(r.width / 2 - k * (b.x + b.w / 2), r.height / 2 + 10 - k * (b.y + b.h / 2)).scale(k);
      if (animate && !reduced()) sel.transition().duration(300).call(z.transform, t);
      else sel.call(z.transform, t);
    },
    set(t) {
      sel.call(z.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
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
