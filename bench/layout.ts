/**
 * Layout engines compared on the same graphs (Node, no browser): the hand-written layered layout
 * (src/derive/layout.ts + route.ts) and elkjs's layered algorithm (compound nodes, orthogonal
 * routing, edge labels). Figures:
 *   layout.hand_ms_demo / _ms_1024      hand-written: one run's layout + routing of its last frame
 *   layout.elk_ms_demo / _ms_1024       elkjs layered on the last frame (the same boxes)
 *   *.move_px_demo                      median movement of a surviving object between two steps
 *                                       (elkjs lays out each step anew: it has no memory of a run)
 *   *.scale_demo                        the scale at which the demo's last frame fits a 764×718
 *                                       pane (1440×900 window): text is 12 px × this scale
 * `npx tsx bench/layout.ts` prints them alone.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { getDesign } from '../src/core';
import { parseScenario, runScenario } from '../src/scn';
import { toGraph } from '../src/derive/graph';
import type { Graph } from '../src/derive/graph-types';
import { layoutRun, SIZE, type Box } from '../src/derive/layout';
import { routeEdges } from '../src/derive/route';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const round = (x: number) => Math.round(x * 100) / 100;

export function framesOf(text: string): Graph[] {
  const { script, errors } = parseScenario(text);
  if (!script || errors.length) throw new Error(`bench scenario does not parse: ${errors[0]?.message}`);
  const run = runScenario(script, 'v3-group-flag');
  const design = getDesign('v3-group-flag')!;
  return [toGraph(run.initial, design), ...run.entries.map((e) => toGraph(e.machine, design, e.step))];
}

function handWritten(frames: Graph[]): { pos: Map<string, Box>; w: number; h: number } {
  const l = layoutRun(frames);
  routeEdges(frames.at(-1)!.edges, l.pos, l.rows, l.rowOf, l.channels, SIZE.band, SIZE.track);
  return { pos: new Map(l.pos), w: l.width, h: l.height };
}

/** The same boxes as the hand-written layout, as an ELK compound graph. */
function toElk(g: Graph, size: ReadonlyMap<string, Box>): ElkNode {
  const kids = new Map<string, ElkNode[]>();
  const top: ElkNode[] = [];
  const inGroup = new Set<string>();
  for (const n of g.nodes) if ((n.kind === 'pci' || n.kind === 'mdev') && n.group && g.nodes.some((o) => o.id === n.group)) inGroup.add(n.id);
  for (const n of g.nodes) {
    const b = size.get(n.id) ?? { x: 0, y: 0, w: 120, h: 40 };
    const node: ElkNode = n.kind === 'group' ? { id: n.id, children: [], layoutOptions: { 'elk.padding': '[top=24,left=8,bottom=8,right=8]' } } : { id: n.id, width: b.w, height: b.h };
    if (n.kind === 'group') kids.set(n.id, node.children!);
    if (!inGroup.has(n.id)) top.push(node);
  }
  for (const n of g.nodes) if (inGroup.has(n.id)) kids.get(n.group!)!.push({ id: n.id, width: size.get(n.id)?.w ?? 120, height: size.get(n.id)?.h ?? 40 });
  const edges = g.edges
    .filter((e) => e.kind !== 'member')
    .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target], labels: e.label ? [{ text: e.label, width: e.label.length * 7.4, height: 14 }] : [] }));
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.nodeNode': '32',
      'elk.edgeLabels.placement': 'CENTER',
    },
    children: top,
    edges,
  };
}

function flatten(n: ElkNode, dx = 0, dy = 0, out = new Map<string, Box>()): Map<string, Box> {
  for (const c of n.children ?? []) {
    const x = dx + (c.x ?? 0), y = dy + (c.y ?? 0);
    out.set(c.id, { x, y, w: c.width ?? 0, h: c.height ?? 0 });
    flatten(c, x, y, out);
  }
  return out;
}

const moves = (a: Map<string, Box>, b: Map<string, Box>) => {
  const d: number[] = [];
  for (const [id, p] of b) {
    const q = a.get(id);
    if (q) d.push(Math.hypot(p.x - q.x, p.y - q.y));
  }
  return median(d);
};
const fitScale = (w: number, h: number) => Math.min((764 - 24) / w, (718 - 58) / h);

function time(fn: () => void, reps: number): number {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}
async function timeAsync(fn: () => Promise<unknown>, reps: number): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

export async function benchLayout(demoText: string, largeText: string): Promise<Record<string, number>> {
  const elk = new ELK();
  const demo = framesOf(demoText);
  const large = framesOf(largeText).slice(-1);
  const hw = handWritten(demo);
  const hwL = handWritten(large);

  // Stability: the hand-written layout is one per run (0 by construction, measured anyway).
  const hwMoves: number[] = [];
  let prev: Map<string, Box> | null = null;
  for (const f of demo) {
    const p = new Map([...hw.pos].filter(([id]) => f.nodes.some((n) => n.id === id)));
    if (prev) hwMoves.push(moves(prev, p));
    prev = p;
  }
  const elkMoves: number[] = [];
  let ePrev: Map<string, Box> | null = null;
  let eLast: ElkNode | null = null;
  for (const f of demo) {
    eLast = await elk.layout(toElk(f, hw.pos));
    const p = flatten(eLast);
    if (ePrev) elkMoves.push(moves(ePrev, p));
    ePrev = p;
  }
  return {
    'layout.hand_ms_demo': round(time(() => handWritten(demo), 20)),
    'layout.hand_ms_1024': round(time(() => handWritten(large), 5)),
    'layout.elk_ms_demo': round(await timeAsync(() => elk.layout(toElk(demo.at(-1)!, hw.pos)), 10)),
    'layout.elk_ms_1024': round(await timeAsync(() => elk.layout(toElk(large[0], hwL.pos)), 2)),
    'layout.hand_move_px_demo': round(median(hwMoves)),
    'layout.elk_move_px_demo': round(median(elkMoves)),
    'layout.hand_scale_demo': round(fitScale(hw.w, hw.h)),
    'layout.elk_scale_demo': round(fitScale(eLast?.width ?? 1, eLast?.height ?? 1)),
  };
}

if (process.argv[1] && /bench[\\/]layout\.ts$/.test(process.argv[1])) {
  import('./ui').then(async ({ demoScenario, largeScenario }) => {
    const r = await benchLayout(demoScenario(), largeScenario());
    for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
  });
}
