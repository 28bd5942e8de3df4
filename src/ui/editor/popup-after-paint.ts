/**
 * The completion popup is redrawn one frame after the key that changed it, so a typed key's
 * character reaches the screen without waiting for the popup (issue 20, item 10;
 * docs/performance.md, typing round eight).
 *
 * Why: while the popup is open, CodeMirror rebuilds its list on every key and then measures the
 * selected option (a forced layout), all inside the key's own update. That is about 2 ms of a
 * key's path to the screen (3 ms at p95), the largest single part of what the playground adds
 * to CodeMirror alone. What the popup *holds* is not deferred: the completion state (its options,
 * its selection) is still updated by the key's own transaction, so Enter and the arrows act
 * on the list as typed, even by a typist who does not wait to see it. Only the drawing of it
 * waits until the key's frame has been painted.
 *
 * How: CodeMirror's tooltip manager calls each tooltip view's `update` by property lookup, so the
 * popup's view gets an `update` that records the first pending update's start state and draws
 * once, after the next frame, from that start state to the view's state then (the popup's update
 * reads nothing of a ViewUpdate but these two states).
 */
import type { EditorState } from '@codemirror/state';
import { EditorView, ViewPlugin, getTooltip, showTooltip, type TooltipView, type ViewUpdate } from '@codemirror/view';
import { afterNextPaint } from '../after-paint';

const patched = new WeakSet<TooltipView>();

function defer(view: EditorView, tv: TooltipView): void {
  const draw = tv.update!.bind(tv);
  let pending: EditorState | null = null;
  const flush = () => {
    const start = pending;
    pending = null;
    // A popup closed (or replaced) in between has left the page: nothing to draw.
    if (start && tv.dom.isConnected) draw({ startState: start, state: view.state } as ViewUpdate);
  };
  tv.update = (u: ViewUpdate) => {
    if (pending) return; // the first pending update's start state covers every later one
    pending = u.startState;
    afterNextPaint(flush);
  };
  // A click on a list a frame out of date could pick the wrong option (CodeMirror reads the
  // option's index from the clicked element's id): draw first and let the user click the list
  // as it is.
  tv.dom.addEventListener(
    'mousedown',
    (e) => {
      if (!pending) return;
      flush();
      e.preventDefault();
      e.stopImmediatePropagation();
    },
    true,
  );
  patched.add(tv);
}

/** Finds the completion popup's view among the editor's tooltips and defers its drawing. */
export const popupAfterPaint = ViewPlugin.fromClass(
  class {
    constructor(readonly view: EditorView) {}
    update(u: ViewUpdate) {
      for (const t of u.state.facet(showTooltip)) {
        const tv = t && getTooltip(u.view, t);
        if (tv?.update && !patched.has(tv) && tv.dom.classList.contains('cm-tooltip-autocomplete')) defer(u.view, tv);
      }
    }
  },
);
