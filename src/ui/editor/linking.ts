/**
 * The editor's side of linking (src/ui/linking.ts): hovering a line, or the cursor's line while
 * the editor has the focus, highlights in the graph the objects its statement named and
 * changed; a hovered graph object marks the lines that touched it (`cm-linked-line`).
 */
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { selectRun, type AppStore } from '../../store';
import { idsOfLine } from '../linking';
import { afterNextPaint } from '../after-paint';

const setLines = StateEffect.define<readonly number[]>();
const mark = Decoration.line({ class: 'cm-linked-line', attributes: { 'data-linked': 'true' } });

const field = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) {
      if (!e.is(setLines)) continue;
      const b = new RangeSetBuilder<Decoration>();
      for (const n of [...e.value].sort((a, c) => a - c)) if (n >= 1 && n <= tr.state.doc.lines) { const l = tr.state.doc.line(n); b.add(l.from, l.from, mark); }
      return b.finish();
    }
    return deco.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

export function linking(store: AppStore): Extension {
  /** The line the cursor last linked and the run it was linked from: typing on one line links once. */
  let last: { line: number | null; run: unknown } = { line: null, run: null };
  /** The cursor's line waiting to be linked after the key's frame (see update()). */
  let pending: number | null = null;
  const linkNow = (line: number | null) => {
    if (line === null) store.getState().setLinked(null, 'editor');
    else store.getState().setLinked({ from: 'editor', ids: idsOfLine(store, line), lines: [line] });
  };
  const link = (line: number | null) => {
    pending = null; // a hover or a leave is newer than a cursor link not yet made
    last = { line: null, run: null }; // a hover or a leave links something else: the cursor's line links again next
    linkNow(line);
  };
  const plugin = ViewPlugin.fromClass(
    class {
      private shown: readonly number[] = [];
      private readonly off: () => void;
      constructor(readonly view: EditorView) {
        // The lines another view asks for (a hovered graph object); the editor's own link marks nothing.
        this.off = store.subscribe((s, p) => {
          if (s.linked === p.linked) return;
          const lines = s.linked && s.linked.from !== 'editor' ? s.linked.lines : [];
          if (lines.length === 0 && this.shown.length === 0) return;
          this.shown = lines;
          queueMicrotask(() => this.view.dispatch({ effects: setLines.of(lines) }));
        });
      }
      update(u: ViewUpdate) {
        if (u.view.hasFocus && (u.selectionSet || u.focusChanged)) {
          // idsOfLine walks the whole run: only when the line or the run changed, not per key.
          const line = u.state.doc.lineAt(u.state.selection.main.head).number;
          const run = selectRun(store.getState());
          if (!u.focusChanged && line === last.line && run === last.run) return;
          last = { line, run };
          // After the key's frame: linking walks the run (idsOfLine) and restyles the graph's
          // objects, which Enter (a new line) paid in its own frame: Enter's median to the screen
          // fell by 0.2–3.9 ms in three pairs of runs (docs/performance.md, typing round eight).
          // A highlight a frame later is not seen as late. Keys before that frame link once.
          if (pending === null)
            afterNextPaint(() => {
              const l = pending;
              pending = null;
              if (l !== null && u.view.dom.isConnected) linkNow(l);
            });
          pending = line;
        } else if (u.focusChanged && !u.view.hasFocus) {
          link(null);
        }
      }
      destroy() {
        this.off();
      }
    },
    {
      eventHandlers: {
        mousemove(e, view) {
          const pos = view.posAtCoords({ x: e.clientX, y: e.clientY });
          link(pos === null ? null : view.state.doc.lineAt(pos).number);
        },
        mouseleave(_e, view) {
          if (view.hasFocus) link(view.state.doc.lineAt(view.state.selection.main.head).number);
          else link(null);
        },
      },
    },
  );
  return [field, plugin];
}
