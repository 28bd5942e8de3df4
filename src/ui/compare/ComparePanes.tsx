/**
 * The compare view's pictures at the cursor: one pane per design (side by side, each element
 * that differs from the baseline marked) or the diff (one graph of the union of the baseline's
 * and another design's machine per other design). Both use one layout of this step's pictures,
 * so an object sits at the same place in every pane and in both modes; the panes are arranged
 * in columns or rows, whichever draws larger, and never draw text under 12 px (they pan instead).
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { DesignId } from '../../core';
import { diffGraphs, markObjects, markPanes, objectsOf, stepLayout, timelineOf, type Comparison } from '../../compare';
import type { Graph } from '../../derive/graph-types';
import type { Layout } from '../../derive/layout';
import type { Run } from '../../store';
import { graphAt } from '../../store/selectors';
import { GraphCanvas, createZoomLink, type ZoomLink } from '../graph/GraphCanvas';
import { buildScene } from '../graph/scene';
import { useApp } from '../store-context';

/** Text is 12 px at scale 1 (draw-svg.ts): the smallest scale a compare pane fits at. */
export const PANE_MIN_K = 1;
const FIT = { minK: PANE_MIN_K, top: 4 } as const;
/** A pane's title bar (px). */
const HEAD = 26;

export interface PaneModel {
  readonly key: string;
  readonly title: React.ReactNode;
  readonly label: string;
  readonly design: DesignId;
  readonly graph: Graph;
  readonly got: string;
  readonly differs: boolean;
  readonly badge: React.ReactNode;
}

/** The pictures at the cursor, the panes that show them, and the layout they share. */
export function usePanes(runs: readonly Run[], cmp: Comparison, cursor: number, shown: 'panes' | 'diff', baseline: DesignId) {
  const engine = useApp((s) => s.engine);
  const graphs = useMemo(() => runs.map((r) => graphAt(r, engine.design(r.design), cursor)), [runs, engine, cursor]);
  const base = Math.max(0, runs.findIndex((r) => r.design === baseline));
  const row = cursor > 0 ? cmp.rows[cursor - 1] : undefined;
  // The objects the step's state differences name (`mappings of C.d0`, `G_m1.flag`): marked even where the picture draws them alike.
  const named = useMemo(() => {
    const ids = graphs.flatMap((g) => g.nodes.map((n) => n.id));
    return new Set(objectsOf((row?.diffs ?? []).filter((d) => d.kind !== 'return').map((d) => d.what), ids));
  }, [graphs, row]);
  const diffs = useMemo(() => graphs.flatMap((g, i) => (i === base ? [] : [{ i, g: markObjects(diffGraphs(graphs[base], g), named) }])), [graphs, base, named]);
  const marked = useMemo(() => markPanes(graphs, base).map((g) => markObjects(g, named)), [graphs, base, named]);
  const layout = useMemo(() => stepLayout([...graphs, ...diffs.map((d) => d.g)]), [graphs, diffs]);
  const cell = (d: DesignId) => row?.cells.find((c) => c.design === d);
  const gotOf = (r: Run) => (cursor > 0 ? (timelineOf(r)[cursor - 1]?.got ?? '') : 'start');
  const badge = (r: Run) => <span className={r.failed ? 'badge-bad' : 'badge-ok'}>{r.failed ? `✗${r.failed}` : `✓${r.passed}`}</span>;
  const panes: PaneModel[] =
    shown === 'panes'
      ? runs.map((r, i) => ({
          key: r.design,
          title: <span className="cmp-design">{r.design}{i === base && runs.length > 1 ? ' (A)' : ''}</span>,
          label: `Graph under ${r.design}`,
          design: r.design,
          graph: marked[i],
          got: gotOf(r),
          differs: !!cell(r.design)?.differs,
          badge: badge(r),
        }))
      : diffs.map(({ i, g }) => ({
          key: `${runs[base].design}~${runs[i].design}`,
          title: (
            <span className="cmp-design">
              <span className="diff-key diff-key-a">A</span> {runs[base].design} <span className="diff-key diff-key-b">B</span> {runs[i].design}
            </span>
          ),
          label: `Diff of ${runs[base].design} and ${runs[i].design}`,
          design: runs[i].design,
          graph: g,
          got: cursor > 0 && gotOf(runs[base]) !== gotOf(runs[i]) ? `A: ${gotOf(runs[base])} · B: ${gotOf(runs[i])}` : gotOf(runs[i]),
          differs: !!cell(runs[i].design)?.differs,
          badge: (
            <span className="diff-counts" data-testid="diff-counts" aria-label="Diff legend">
              <span className="diff-key diff-key-a">A</span> only {g.counts.a} · <span className="diff-key diff-key-b">B</span> only {g.counts.b} · <span className="diff-key diff-key-changed">≠</span> changed {g.counts.changed}
            </span>
          ),
        }));
  return { panes, layout };
}

function Pane({ pane, layout, link }: { pane: PaneModel; layout: Layout; link: ZoomLink }) {
  const scene = useMemo(() => buildScene(pane.graph, layout, {}, []), [pane.graph, layout]);
  return (
    <section className={`cmp-pane${pane.differs ? ' differs' : ''}`} aria-label={pane.label} data-design={pane.design}>
      <h3>
        {pane.title}
        <span className="cmp-got mono" data-testid="pane-got" data-diff={pane.differs ? 'changed' : undefined}>{pane.got}</span>
        {pane.badge}
      </h3>
      <GraphCanvas scene={scene} fitKey={layout} ariaLabel={`Machine: ${pane.label}`} link={link} fitOptions={FIT} />
    </section>
  );
}

/** Columns or rows: whichever draws the picture larger in the room there is. */
export function arrange(n: number, room: { w: number; h: number }, pic: { w: number; h: number }): { cols: number; rows: number } {
  const options = [{ cols: n, rows: 1 }, { cols: 1, rows: n }, ...(n >= 3 ? [{ cols: 2, rows: Math.ceil(n / 2) }] : [])];
  const scale = (o: { cols: number; rows: number }) => Math.min((room.w / o.cols - 16) / pic.w, ((room.h - 6 * (o.rows - 1)) / o.rows - HEAD - 20) / pic.h);
  return options.reduce((best, o) => (scale(o) > scale(best) + 1e-6 ? o : best));
}

export function ComparePanes({ panes, layout }: { panes: readonly PaneModel[]; layout: Layout }) {
  // One link per view: pan or zoom in one pane moves the others (kept in the component, not the module).
  const link = useMemo(() => createZoomLink(), []);
  const ref = useRef<HTMLDivElement>(null);
  const [room, setRoom] = useState({ w: 1200, h: 500 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([e]) => {
      const { width, height } = e!.contentRect;
      setRoom((r) => (Math.abs(r.w - width) < 1 && Math.abs(r.h - height) < 1 ? r : { w: width, h: height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const pic = { w: layout.right - layout.left, h: layout.height };
  const { cols, rows } = arrange(panes.length, room, pic);
  return (
    <div className="cmp-panes" ref={ref} data-arrange={cols === 1 && panes.length > 1 ? 'rows' : 'columns'} style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}>
      {panes.map((p) => <Pane key={p.key} pane={p} layout={layout} link={link} />)}
    </div>
  );
}
