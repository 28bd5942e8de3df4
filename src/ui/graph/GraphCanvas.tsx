/**
 * The graph renderer as a component: an <svg> whose inside d3 draws from a Scene, with pan/zoom,
 * fit and (optionally) drag. The playground's graph and every compare pane use it; panes pass a
 * ZoomLink so that pan and zoom move all of them together.
 *
 * Fit: on mount, whenever `fitKey` changes (load, scenario or design switch, the Fit button),
 * and when the layout or the pane's size changes while the user has not zoomed or panned. Stepping changes neither,
 * so the user's own view is kept until they press Fit.
 */
import { useEffect, useImperativeHandle, useLayoutEffect, useRef, type ReactNode, type Ref } from 'react';
import { select } from 'd3';
import type { Point, ZoomTransform } from '../../store';
import { createDragPin } from './drag-pin';
import { drawSvg } from './draw-svg';
import { notifyDrawn } from './draw-signal';
import { createPanZoom, type FitOptions, type PanZoom } from './pan-zoom';
import { bindNodeKeys } from './node-keys';
import type { Scene } from './scene';
import type { Box } from '../../derive/layout';

/** Zoom scale past which the overview opens the tile in the middle of the pane. */
export const OPEN_ZOOM = 2.5;

/** Panes that pan and zoom together. */
export interface ZoomLink {
  readonly members: Set<PanZoom>;
}
export const createZoomLink = (): ZoomLink => ({ members: new Set() });

export interface GraphHandle {
  fit: (animate: boolean) => void;
  zoomBy: (k: number) => void;
  zoomTo: (b: Box) => void;
}

export interface GraphCanvasProps {
  scene: Scene | null;
  fitKey: unknown;
  ariaLabel: string;
  onSelect?: (id: string | null, additive: boolean) => void;
  onTile?: (id: string) => void;
  onPin?: (moves: Readonly<Record<string, Point>>) => void;
  onZoomEnd?: (t: ZoomTransform) => void;
  initialZoom?: ZoomTransform | null;
  link?: ZoomLink;
  handle?: Ref<GraphHandle>;
  /** How fits are made (a smallest scale, the room at the top): compare panes keep their text readable. */
  fitOptions?: FitOptions;
  children?: ReactNode;
}

export function GraphCanvas({ scene, fitKey, ariaLabel, onSelect, onTile, onPin, onZoomEnd, initialZoom, link, handle, fitOptions, children }: GraphCanvasProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const pz = useRef<PanZoom | null>(null);
  const userZoomed = useRef(false);
  const sceneRef = useRef<Scene | null>(null);
  const cb = useRef({ onSelect, onTile, onPin, onZoomEnd, fitOptions });
  useLayoutEffect(() => {
    cb.current = { onSelect, onTile, onPin, onZoomEnd, fitOptions };
  });

  useEffect(() => {
    const svg = svgRef.current!;
    let me: PanZoom | null = null;
    const apply = (t: ZoomTransform, user: boolean) => {
      gRef.current?.setAttribute('transform', `translate(${t.x},${t.y}) scale(${t.k})`);
      if (user) {
        userZoomed.current = true;
        // Linked panes follow; their own (non-user) events do not echo back.
        if (link) for (const other of link.members) if (other !== me) other.set(t);
      }
    };
    const end = (t: ZoomTransform, user: boolean) => {
      if (!user) return;
      cb.current.onZoomEnd?.(t);
      // Zooming into the overview opens the tile at the middle of the pane.
      const tiles = sceneRef.current?.tiles;
      if (!tiles?.length || t.k < OPEN_ZOOM) return;
      const r = svg.getBoundingClientRect();
      const x = (r.width / 2 - t.x) / t.k, y = (r.height / 2 - t.y) / t.k;
      // The nearest tile (the middle may fall in a gap between tiles), if it is in view.
      const dist = (b: Box) => Math.hypot(Math.max(b.x - x, 0, x - b.x - b.w), Math.max(b.y - y, 0, y - b.y - b.h));
      const hit = tiles.reduce((best, tl) => (dist(tl.box) < dist(best.box) ? tl : best));
      if (dist(hit.box) * t.k < Math.min(r.width, r.height) / 2) cb.current.onTile?.(hit.id);
    };
    me = pz.current = createPanZoom(svg, apply, end);
    link?.members.add(me);
    if (initialZoom) {
      me.set(initialZoom);
      userZoomed.current = true;
    }
    return () => {
      if (me) link?.members.delete(me);
      me?.destroy();
      pz.current = null;
    };
  }, [link]); // eslint-disable-line react-hooks/exhaustive-deps

  // Objects from the keyboard: arrows between neighbours, Enter for the calls (node-keys.ts).
  useEffect(() => bindNodeKeys(svgRef.current!, (id) => cb.current.onSelect?.(id, false)), []);

  useImperativeHandle(handle, () => ({
    fit: (animate) => {
      userZoomed.current = false;
      if (sceneRef.current) pz.current?.fit(sceneRef.current.bounds, animate, cb.current.fitOptions);
    },
    zoomBy: (k) => {
      userZoomed.current = true;
      pz.current?.zoomBy(k);
    },
    zoomTo: (b) => {
      userZoomed.current = true;
      pz.current?.zoomTo(b);
    },
  }));

  // A layout effect: the new picture is drawn before the browser paints the frame.
  useLayoutEffect(() => {
    sceneRef.current = scene;
    const g = gRef.current!;
    if (!scene) {
      select(g).selectAll('*').remove();
      notifyDrawn();
      return;
    }
    drawSvg(g, scene, { onClick: (id, add) => cb.current.onSelect?.(id, add), onTile: (id) => cb.current.onTile?.(id) });
    notifyDrawn();
    if (!cb.current.onPin) return;
    const pins = createDragPin(g, scene, (moves) => cb.current.onPin?.(moves));
    return () => pins.destroy();
  }, [scene]);

  // Fit on a new fitKey (animated after the first), and on a new layout unless the user moved the view.
  const lastKey = useRef<unknown>(Symbol('none'));
  const lastLayout = useRef<unknown>(null);
  const lastBounds = useRef<Box | null>(null);
  useEffect(() => {
    if (!scene) return;
    const keyChanged = lastKey.current !== fitKey;
    // A new layout with the very same bounds (an edited run of a large scenario) fits the same:
    // fitting again would only force a synchronous layout of the page (tens of ms on a long text).
    const b = lastBounds.current;
    const sameBox = !!b && b.x === scene.bounds.x && b.y === scene.bounds.y && b.w === scene.bounds.w && b.h === scene.bounds.h;
    const layoutChanged = lastLayout.current !== scene.layout && !sameBox;
    const first = lastLayout.current === null;
    lastKey.current = fitKey;
    lastLayout.current = scene.layout;
    lastBounds.current = scene.bounds;
    if (first && initialZoom) return;
    if (keyChanged || (layoutChanged && !userZoomed.current)) {
      userZoomed.current = false;
      pz.current?.fit(scene.bounds, false, cb.current.fitOptions);
    }
  }, [scene, fitKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // Fit again when the pane changes size and the user has not zoomed or panned: a compare pane
  // shrinks when the explanation above it grows (First divergence), and a fit made for the taller
  // pane cut off the bottom row.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || typeof ResizeObserver === 'undefined') return;
    let last = '';
    const ro = new ResizeObserver(([e]) => {
      const { width, height } = e!.contentRect;
      const size = `${Math.round(width)}x${Math.round(height)}`;
      if (size === last) return;
      const first = last === '';
      last = size;
      if (first || !width || !height || userZoomed.current || !sceneRef.current) return;
      pz.current?.fit(sceneRef.current.bounds, false, cb.current.fitOptions);
    });
    ro.observe(svg);
    return () => ro.disconnect();
  }, []);

  return (
    <svg
      ref={svgRef}
      // A group, not an img: its objects are focusable buttons (an img's children are not exposed).
      role="group"
      aria-label={ariaLabel}
      style={{ position: 'relative' }}
      onClick={(ev) => ev.target === svgRef.current && cb.current.onSelect?.(null, false)}
    >
      <g ref={gRef} className="viewport" />
      {children}
    </svg>
  );
}
