/**
 * Where the presenter puts its narration: beside the graph (a column on the right) or under it,
 * whichever lets the picture be drawn larger. Never over it: the graph's pane ends where the
 * narration begins. Pure (sizes in CSS px).
 */
import type { Box } from '../../derive/layout';

/** The narration column's width, the narration band's height (the step count and Exit are in them). */
export const PRESENT_SIDE_W = 352;
export const PRESENT_BOTTOM_H = 204;
/** Smallest zoom: graph text is 12 px at scale 1, so 16 px needs 4/3 (a little more for rounding). */
export const PRESENT_MIN_K = 1.36;
/** Largest zoom: a four-object talk fills the screen without becoming a poster. */
export const PRESENT_MAX_K = 4;

export type CardSide = 'side' | 'bottom';

/** The scale at which `b` would fit a pane of w × h. */
const fitK = (b: Box, w: number, h: number) => Math.min((w - 16) / Math.max(b.w, 1), (h - 16) / Math.max(b.h, 1));

/**
 * The side with the larger picture, except that a picture too large for the pane at the smallest
 * zoom should run off the screen's edge, not under the narration: a picture too wide goes with
 * the band at the bottom, one too tall with the column on the right.
 */
export function cardSide(b: Box | null, vw: number, vh: number): CardSide {
  if (!b) return 'side';
  const sw = vw - PRESENT_SIDE_W, bh = vh - PRESENT_BOTTOM_H;
  const side = Math.min(PRESENT_MAX_K, Math.max(PRESENT_MIN_K, fitK(b, sw, vh)));
  const bottom = Math.min(PRESENT_MAX_K, Math.max(PRESENT_MIN_K, fitK(b, vw, bh)));
  // How far the picture would reach under the narration, in px.
  const under = { side: Math.max(0, b.w * side + 16 - sw), bottom: Math.max(0, b.h * bottom + 16 - bh) };
  if (under.side !== under.bottom) return under.side < under.bottom ? 'side' : 'bottom';
  return bottom > side * 1.05 ? 'bottom' : 'side';
}

/**
 * What the presenter's camera frames at a step: `must`, the objects the step created, changed
 * or freed and those its call `named`, and `around`, those plus their neighbours (the objects an edge joins to them, the
 * group box a device sits in), so the audience sees what the change is attached to. Null when
 * the step touched nothing.
 */
export interface StepFocus {
  readonly must: Box;
  readonly around: Box;
}

interface FocusItem {
  readonly box: Box;
  readonly node: { readonly id: string; readonly changed?: boolean; readonly gone?: boolean };
  readonly host?: string | null;
}

const union = (boxes: readonly Box[]): Box | null => {
  if (boxes.length === 0) return null;
  const x0 = Math.min(...boxes.map((b) => b.x)), y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w)), y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
};

export function stepFocus(items: readonly FocusItem[], edges: readonly { readonly edge: { readonly source: string; readonly target: string } }[], named: readonly string[] = []): StepFocus | null {
  const touched = new Set([...named, ...items.filter((i) => i.node.changed || i.node.gone).map((i) => i.node.id)]);
  const must = union(items.filter((i) => touched.has(i.node.id)).map((i) => i.box));
  if (!must) return null;
  const near = new Set(touched);
  for (const { edge } of edges) {
    if (touched.has(edge.source)) near.add(edge.target);
    if (touched.has(edge.target)) near.add(edge.source);
  }
  for (const i of items) if (touched.has(i.node.id) && i.host) near.add(i.host);
  return { must, around: union(items.filter((i) => near.has(i.node.id)).map((i) => i.box)) ?? must };
}
