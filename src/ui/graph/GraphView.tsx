import { useEffect, useLayoutEffect, useRef } from 'react';
import { drag, select } from 'd3';
import type { Point, ZoomTransform } from '../../store';
import { useApp, useAppStore } from '../store-context';
import { drawCanvas, hitTest } from './draw-canvas';
import { drawSvg } from './draw-svg';
import { notifyDrawn } from './draw-signal';
import { createPanZoom, type PanZoom } from './pan-zoom';
import type { Scene, SceneNode } from './scene';
import { useScene } from './use-scene';
import { Legend } from './Legend';
import { Offers } from './Offers';

/** Above this many objects the picture is drawn on a canvas (SVG can't keep 60 fps). */
export const CANVAS_THRESHOLD = 700;

const selectFit = (s: { fitRequest: number }) => s.fitRequest;
const selectErrors = (s: { errors: readonly unknown[] }) => s.errors.length;

export function GraphView() {
  const store = useAppStore();
  const { scene, layout } = useScene();
  const fitRequest = useApp(selectFit);
  const errorCount = useApp(selectErrors);
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const pz = useRef<PanZoom | null>(null);
  const tRef = useRef<ZoomTransform>({ k: 1, x: 0, y: 0 });
  const sceneRef = useRef<Scene | null>(null);
  const canvasMode = !!scene && scene.nodes.length + scene.groups.length > CANVAS_THRESHOLD;

  useEffect(() => {
    const svg = svgRef.current!;
    let frame = 0;
    const apply = (t: ZoomTransform) => {
      tRef.current = t;
      gRef.current?.setAttribute('transform', `translate(${t.x},${t.y}) scale(${t.k})`);
      if (canvasRef.current && sceneRef.current && !frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          if (canvasRef.current && sceneRef.current) drawCanvas(canvasRef.current, sceneRef.current, tRef.current);
        });
      }
    };
    pz.current = createPanZoom(svg, apply, (t) => store.getState().setZoom(t));
    const z = store.getState().zoom;
    if (z) pz.current.set(z);
    return () => {
      cancelAnimationFrame(frame);
      pz.current?.destroy();
      pz.current = null;
    };
  }, [store]);

  // A layout effect: the new picture is drawn before the browser paints the frame.
  useLayoutEffect(() => {
    sceneRef.current = scene;
    const g = gRef.current!;
    if (!scene || canvasMode) {
      select(g).selectAll('*').remove();
      if (scene && canvasRef.current) drawCanvas(canvasRef.current, scene, tRef.current);
      notifyDrawn();
      return;
    }
    drawSvg(g, scene, { onClick: (id, add) => store.getState().select(id, add) });
    notifyDrawn();
    const boxes = new Map<string, SceneNode>([...scene.nodes, ...scene.groups].map((s) => [s.node.id, s]));
    let start: Record<string, Point> = {};
    const behaviour = drag<SVGGElement, SceneNode>()
      .clickDistance(4)
      .on('start', (_ev, d) => {
        const ids = d.node.kind === 'group' ? scene.nodes.filter((n) => n.node.group === d.node.id).map((n) => n.node.id) : [d.node.id];
        start = Object.fromEntries(ids.map((id) => [id, { x: boxes.get(id)!.box.x, y: boxes.get(id)!.box.y }]));
      })
      .on('drag', (ev: { x: number; y: number; subject: { x: number; y: number } }) => {
        const ox = ev.x - ev.subject.x, oy = ev.y - ev.subject.y;
        store.getState().pin(Object.fromEntries(Object.entries(start).map(([id, p]) => [id, { x: p.x + ox, y: p.y + oy }])));
      })
      .subject((_ev, d) => ({ x: d.box.x, y: d.box.y }));
    select(g).selectAll<SVGGElement, SceneNode>('.g-node, .g-group').call(behaviour);
    return () => {
      select(g).selectAll('.g-node, .g-group').on('.drag', null);
    };
  }, [scene, canvasMode, store]);

  useEffect(() => {
    if (layout) pz.current?.fit({ x: -10, y: -40, w: layout.width + 20, h: layout.height + 50 }, fitRequest > 0);
  }, [layout?.width, layout?.height, fitRequest]); // eslint-disable-line react-hooks/exhaustive-deps

  const onCanvasClick = (ev: React.MouseEvent) => {
    if (!canvasMode || !sceneRef.current) return;
    const r = svgRef.current!.getBoundingClientRect();
    const id = hitTest(sceneRef.current, tRef.current, ev.clientX - r.left, ev.clientY - r.top);
    store.getState().select(id, ev.shiftKey);
  };

  return (
    <section className="panel graph-panel" aria-label="Machine graph">
      {canvasMode && <canvas ref={canvasRef} style={{ position: 'absolute', inset: 0 }} aria-hidden="true" />}
      <svg
        ref={svgRef}
        role="img"
        aria-label="Graph of devices, groups, domains and PASIDs; the outline tab lists the same objects"
        style={{ position: 'relative' }}
        onClick={(ev) => (canvasMode ? onCanvasClick(ev) : ev.target === svgRef.current && store.getState().select(null))}
      >
        <g ref={gRef} className="viewport" />
      </svg>
      {(!scene || scene.nodes.length + scene.groups.length === 0) && (
        <div className="graph-empty">
          {errorCount ? 'Nothing to draw: the scenario has syntax errors (see the editor).' : 'Nothing declared yet: pick a scenario from the library, or declare devices in the editor (pci P1 pasids=1048576 siov).'}
        </div>
      )}
      <Legend />
      <div className="graph-tools">
        <button type="button" onClick={() => pz.current?.zoomBy(1.25)} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => pz.current?.zoomBy(0.8)} aria-label="Zoom out">−</button>
        <button type="button" onClick={() => store.getState().requestFit()}>Fit</button>
        <button type="button" onClick={() => store.getState().clearPins()} title="Put dragged objects back">Reset</button>
      </div>
      <Offers />
    </section>
  );
}
