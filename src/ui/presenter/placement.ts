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

/** The box around what a step changed (new, changed or just gone objects), or null. */
export function focusOf(items: readonly { box: Box; node: { changed?: boolean; gone?: boolean } }[]): Box | null {
  let r: { x0: number; y0: number; x1: number; y1: number } | null = null;
  for (const { box, node } of items) {
    if (!node.changed && !node.gone) continue;
    r = r
      ? { x0: Math.min(r.x0, box.x), y0: Math.min(r.y0, box.y), x1: Math.max(r.x1, box.x + box.w), y1: Math.max(r.y1, box.y + box.h) }
      : { x0: box.x, y0: box.y, x1: box.x + box.w, y1: box.y + box.h };
  }
  return r && { x: r.x0, y: r.y0, w: r.x1 - r.x0, h: r.y1 - r.y0 };
}
