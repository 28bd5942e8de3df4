/**
 * Measures the drawn graph from the DOM (screen pixels): every defect the layout must never
 * have, and the figures the view must reach. Runs in the page (page.evaluate(measureGraph, sel)).
 */
export interface GraphMetrics {
  defects: string[];
  /** Smallest rendered font size of any visible text of the graph, in screen px. */
  minFontPx: number;
  /** Area of the drawing's bounding box over the pane's area (0..1). */
  fill: number;
  /** World position of every object drawn (for the movement figure). */
  pos: Record<string, [number, number]>;
  boxes: number;
  edges: number;
}

export function measureGraph(rootSel: string): GraphMetrics {
  const root = document.querySelector<SVGSVGElement>(rootSel);
  const defects: string[] = [];
  if (!root) return { defects: [`no ${rootSel}`], minFontPx: 0, fill: 0, pos: {}, boxes: 0, edges: 0 };
  type R = { x0: number; y0: number; x1: number; y1: number };
  const rectOf = (el: Element): R => {
    const r = el.getBoundingClientRect();
    return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
  };
  const inter = (a: R, b: R, m = 0.5) => a.x0 + m < b.x1 && b.x0 + m < a.x1 && a.y0 + m < b.y1 && b.y0 + m < a.y1;
  const inside = (a: R, b: R, tol = 1.5) => a.x0 >= b.x0 - tol && a.x1 <= b.x1 + tol && a.y0 >= b.y0 - tol && a.y1 <= b.y1 + tol;
  const visible = (el: Element) => getComputedStyle(el).display !== 'none' && (el as SVGGraphicsElement).getBBox().width > 0;

  interface B { id: string; group: string | null; isGroup: boolean; r: R; el: Element }
  const boxes: B[] = [];
  const pos: Record<string, [number, number]> = {};
  for (const g of root.querySelectorAll<SVGGElement>('.g-group, .g-node')) {
    const rect = g.querySelector(':scope > rect');
    if (!rect) continue;
    const id = (g.getAttribute('data-node-id') ?? g.getAttribute('data-ghost-of'))!;
    boxes.push({ id, group: g.getAttribute('data-group'), isGroup: g.classList.contains('g-group'), r: rectOf(rect), el: g });
    const m = g.transform.baseVal.consolidate()?.matrix;
    if (m && !g.classList.contains('ghost')) pos[id] = [m.e, m.f];
  }
  const byId = new Map(boxes.map((b) => [b.id, b]));
  // 1. Box overlaps (a device and its own group excepted).
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.group === b.id || b.group === a.id) continue;
      if (inter(a.r, b.r)) defects.push(`overlap ${a.id} / ${b.id}`);
    }
  // 2. Edges through boxes other than their endpoints (and the groups around them).
  const pts = (d: string, ctm: DOMMatrix) => {
    const nums = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
    const cmds = d.match(/[MLQ]/g) ?? [];
    const out: DOMPoint[] = [];
    let k = 0;
    for (const c of cmds) {
      if (c === 'Q') k += 2;
      out.push(new DOMPoint(nums[k], nums[k + 1]).matrixTransform(ctm));
      k += 2;
    }
    return out;
  };
  const segHits = (p: DOMPoint, q: DOMPoint, r: R) => {
    const s = 1.5;
    const x0 = Math.min(p.x, q.x), x1 = Math.max(p.x, q.x), y0 = Math.min(p.y, q.y), y1 = Math.max(p.y, q.y);
    if (x1 <= r.x0 + s || x0 >= r.x1 - s || y1 <= r.y0 + s || y0 >= r.y1 - s) return false;
    if (x0 === x1 || y0 === y1) return true;
    // Diagonal piece (a rounded corner): sample it.
    for (let t = 0; t <= 1; t += 0.1) {
      const x = p.x + (q.x - p.x) * t, y = p.y + (q.y - p.y) * t;
      if (x > r.x0 + s && x < r.x1 - s && y > r.y0 + s && y < r.y1 - s) return true;
    }
    return false;
  };
  const edges = root.querySelectorAll<SVGGElement>('.g-edge:not(.ghost)');
  const labels: { id: string; r: R }[] = [];
  let minFont = Infinity;
  for (const e of edges) {
    const path = e.querySelector<SVGPathElement>('path.line');
    if (!path) continue;
    const ctm = path.getScreenCTM()!;
    const p = pts(path.getAttribute('d') ?? '', ctm);
    const ends = new Set([e.getAttribute('data-source')!, e.getAttribute('data-target')!]);
    for (const id of [...ends]) {
      const g = byId.get(id)?.group;
      if (g) ends.add(g);
    }
    for (const b of boxes) {
      if (ends.has(b.id)) continue;
      for (let i = 1; i < p.length; i++)
        if (segHits(p[i - 1], p[i], b.r)) {
          defects.push(`edge ${e.getAttribute('data-edge-id')} through ${b.id}`);
          break;
        }
    }
    const label = e.querySelector<SVGTextElement>('text.elabel');
    if (label && visible(label)) labels.push({ id: e.getAttribute('data-edge-id')!, r: rectOf(label) });
  }
  // 3. Edge labels covered by a box (or by another label).
  for (const l of labels) {
    for (const b of boxes) if (inter(l.r, b.r)) defects.push(`label ${l.id} under ${b.id}`);
    for (const o of labels) if (o !== l && o.id < l.id && inter(l.r, o.r, 1)) defects.push(`label ${l.id} on label ${o.id}`);
  }
  // 4. Text outside its box (tags included); rendered text size.
  for (const b of boxes) {
    for (const t of b.el.querySelectorAll<SVGTextElement>(':scope > text')) {
      if (!visible(t) || !t.textContent) continue;
      if (!inside(rectOf(t), b.r)) defects.push(`text "${t.textContent}" out of ${b.id}`);
    }
  }
  for (const m of root.querySelectorAll<SVGGElement>('.g-mark')) {
    const owner = byId.get(m.getAttribute('data-node-id')!);
    if (owner && !inside(rectOf(m), owner.r)) defects.push(`tag ${m.textContent} out of ${owner.id}`);
    if (owner) for (const b of boxes) if (b !== owner && b.group !== owner.id && owner.group !== b.id && inter(rectOf(m), b.r)) defects.push(`tag ${m.textContent} over ${b.id}`);
  }
  for (const t of root.querySelectorAll<SVGTextElement>('g.viewport text')) {
    if (!visible(t) || !t.textContent || t.closest('.ghost')) continue;
    const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM()!.a;
    minFont = Math.min(minFont, px);
  }
  // 5. Pane fill: the drawing's bounding box (clipped to the pane) over the pane.
  const pane = rectOf(root);
  let d: R | null = null;
  for (const b of boxes) d = d ? { x0: Math.min(d.x0, b.r.x0), y0: Math.min(d.y0, b.r.y0), x1: Math.max(d.x1, b.r.x1), y1: Math.max(d.y1, b.r.y1) } : { ...b.r };
  const area = (r: R) => Math.max(0, r.x1 - r.x0) * Math.max(0, r.y1 - r.y0);
  const fill = d ? area({ x0: Math.max(d.x0, pane.x0), y0: Math.max(d.y0, pane.y0), x1: Math.min(d.x1, pane.x1), y1: Math.min(d.y1, pane.y1) }) / area(pane) : 0;
  return { defects, minFontPx: Number.isFinite(minFont) ? minFont : 0, fill, pos, boxes: boxes.length, edges: edges.length };
}
