/**
 * The layout and the router never collide, on every frame of every library scenario under every
 * design it names (world coordinates; e2e/graph-layout.spec.ts checks the same on the DOM):
 * no two boxes overlap, no edge runs through a box other than its ends (or the groups around
 * them), no inline edge label lies under a box or another label.
 */
import { describe, expect, it } from 'vitest';
import { getDesign } from '../../src/core';
import { designsFor, parseScenario, runScenario } from '../../src/scn';
import { toGraph } from '../../src/derive/graph';
import type { Graph } from '../../src/derive/graph-types';
import { layoutRun, type Box, type Layout } from '../../src/derive/layout';
import { labelWidth, routeEdges } from '../../src/derive/route';
import { SIZE } from '../../src/derive/layout';
import { libraryFiles, libraryText } from '../library';

const files = libraryFiles();

const overlap = (a: Box, b: Box, m = 0.5) => a.x + m < b.x + b.w && b.x + m < a.x + a.w && a.y + m < b.y + b.h && b.y + m < a.y + a.h;

/** Every defect of one frame drawn with a run's layout. */
export function defectsOf(g: Graph, layout: Layout, prev: Graph | null = null): string[] {
  const out: string[] = [];
  // The objects of the previous step that left are drawn as ghosts at their places.
  const here = new Set(g.nodes.map((n) => n.id));
  const nodes = [...g.nodes, ...(prev?.nodes.filter((n) => !here.has(n.id)) ?? [])].filter((n) => layout.pos.has(n.id));
  const group = new Map(nodes.map((n) => [n.id, layout.host.get(n.id) ?? n.group ?? null]));
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i], b = nodes[j];
      if (group.get(a.id) === b.id || group.get(b.id) === a.id) continue;
      if (overlap(layout.pos.get(a.id)!, layout.pos.get(b.id)!)) out.push(`overlap ${a.id}/${b.id}`);
    }
  const routed = routeEdges(g.edges, layout.pos, layout.rows, layout.rowOf, layout.channels, SIZE.band, SIZE.track);
  const labels: { id: string; r: Box }[] = [];
  for (const r of routed) {
    const ends = new Set([r.edge.source, r.edge.target]);
    for (const e of [...ends]) if (group.get(e)) ends.add(group.get(e)!);
    for (const n of nodes) {
      if (ends.has(n.id)) continue;
      const b = layout.pos.get(n.id)!;
      for (let i = 1; i < r.points.length; i++) {
        const p = r.points[i - 1], q = r.points[i];
        const seg = { x: Math.min(p.x, q.x), y: Math.min(p.y, q.y), w: Math.abs(q.x - p.x), h: Math.abs(q.y - p.y) };
        if (overlap(seg, b, 1) || (seg.w === 0 || seg.h === 0 ? seg.x > b.x + 1 && seg.x + seg.w < b.x + b.w - 1 && seg.y > b.y + 1 && seg.y + seg.h < b.y + b.h - 1 : false)) {
          out.push(`edge ${r.edge.id} through ${n.id}`);
          break;
        }
      }
    }
    if (r.label) {
      const w = labelWidth(r.edge.label);
      const box = { x: r.label.anchor === 'start' ? r.label.x : r.label.x - w, y: r.label.y - 11, w, h: 14 };
      for (const n of nodes) if (overlap(box, layout.pos.get(n.id)!)) out.push(`label ${r.edge.id} under ${n.id}`);
      for (const l of labels) if (overlap(box, l.r)) out.push(`label ${r.edge.id} on ${l.id}`);
      labels.push({ id: r.edge.id, r: box });
    }
  }
  return out;
}

describe.each(files)('%s', (file) => {
  it('never collides, at any step, under any design', () => {
    const { script } = parseScenario(libraryText(file));
    const defects: string[] = [];
    for (const id of designsFor(script!, 'upstream-5.8')) {
      const run = runScenario(script!, id);
      const design = getDesign(id)!;
      const graphs = [toGraph(run.initial, design), ...run.entries.map((e) => toGraph(e.machine, design, e.step))];
      const layout = layoutRun(graphs);
      graphs.forEach((g, i) => defects.push(...defectsOf(g, layout, graphs[i - 1] ?? null).map((d) => `${id} ${i}: ${d}`)));
    }
    expect([...new Set(defects.map((d) => d.replace(/^\S+ \d+: /, '')))]).toEqual([]);
  });
});
