/**
 * Per-line results in the editor: a gutter symbol (✓ ✗ ⚠ ☠ •), the value at the end of the
 * line, syntax errors underlined at their column with the message, and the line the timeline
 * shows highlighted. The React side pushes new data with `setResults`.
 */
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, ViewPlugin, WidgetType, gutter, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type { Outcome } from '../../derive/outcome';
import { OUTCOME_ICON, OUTCOME_TEXT } from '../../derive/outcome';

export interface LineResult {
  readonly outcome: Outcome;
  readonly text: string;
}
export interface ResultsData {
  readonly lines: ReadonlyMap<number, LineResult>;
  readonly errors: readonly { line: number; col: number; message: string }[];
  /** The line of the statement the timeline shows, if any. */
  readonly current: number | null;
  readonly stale: boolean;
}

export const setResults = StateEffect.define<ResultsData>();
const EMPTY: ResultsData = { lines: new Map(), errors: [], current: null, stale: false };

class ResultWidget extends WidgetType {
  constructor(readonly text: string, readonly cls: string) {
    super();
  }
  override eq(o: ResultWidget) {
    return o.text === this.text && o.cls === this.cls;
  }
  toDOM() {
    const s = document.createElement('span');
    s.className = `cm-result ${this.cls}`;
    s.textContent = this.text;
    return s;
  }
}

class Mark extends GutterMarker {
  constructor(readonly outcome: Outcome) {
    super();
  }
  override eq(o: Mark) {
    return o.outcome === this.outcome;
  }
  override toDOM() {
    const s = document.createElement('span');
    s.className = `cm-res-mark r-${this.outcome}`;
    s.textContent = OUTCOME_ICON[this.outcome];
    s.title = OUTCOME_TEXT[this.outcome];
    return s;
  }
}

const dataField = StateField.define<ResultsData>({
  create: () => EMPTY,
  update: (v, tr) => tr.effects.reduce((acc, e) => (e.is(setResults) ? e.value : acc), v),
});

function build(view: EditorView): DecorationSet {
  const data = view.state.field(dataField);
  const doc = view.state.doc;
  const b = new RangeSetBuilder<Decoration>();
  const errs = new Map<number, (typeof data.errors)[number][]>();
  for (const e of data.errors) if (e.line >= 1 && e.line <= doc.lines) errs.set(e.line, [...(errs.get(e.line) ?? []), e]);
  // Only the lines on screen (and CodeMirror's margin): a 3,000-line scenario would otherwise
  // rebuild thousands of widgets per result. Scrolling rebuilds (viewportChanged below).
  for (const { from, to } of view.visibleRanges) {
    for (let n = doc.lineAt(from).number, end = doc.lineAt(to).number; n <= end; n++) addLine(n);
  }
  return b.finish();

  function addLine(n: number) {
    const line = doc.line(n);
    if (n === data.current) b.add(line.from, line.from, Decoration.line({ class: 'cm-current-step' }));
    const le = errs.get(n);
    if (le) {
      const e = le[0];
      // An emulator bug on this line: shown like an error, in the internal-error colour.
      const internal = data.lines.get(n)?.outcome === 'internal';
      const from = Math.min(line.from + Math.max(0, e.col - 1), line.to);
      const word = /^[\w.()-]+/.exec(line.text.slice(from - line.from));
      const to = Math.min(line.to, from + Math.max(1, word ? word[0].length : 1));
      if (to > from) b.add(from, to, Decoration.mark({ class: internal ? 'cm-internal-error' : 'cm-syntax-error', attributes: { title: e.message } }));
      b.add(line.to, line.to, Decoration.widget({ widget: new ResultWidget(`${internal ? '⚙' : '✗'} col ${e.col}: ${e.message}`, internal ? 'r-internal' : 'r-error'), side: 1 }));
      return;
    }
    const r = data.lines.get(n);
    if (r && r.text) {
      b.add(line.to, line.to, Decoration.widget({ widget: new ResultWidget(`→ ${r.text}`, `r-${r.outcome}${data.stale ? ' stale' : ''}`), side: 1 }));
    }
  }
}

const resultDecorations = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = build(view);
    }
    update(u: ViewUpdate) {
      if (u.viewportChanged || u.transactions.some((t) => t.effects.some((e) => e.is(setResults)))) this.decorations = build(u.view);
      else if (u.docChanged) this.decorations = this.decorations.map(u.changes);
    }
  },
  { decorations: (p) => p.decorations },
);

export function resultGutter(onLineClick: (line: number) => void): Extension {
  return gutter({
    class: 'cm-results-gutter',
    lineMarker(view, line) {
      const data = view.state.field(dataField);
      const n = view.state.doc.lineAt(line.from).number;
      if (data.errors.some((e) => e.line === n)) return new Mark(data.lines.get(n)?.outcome === 'internal' ? 'internal' : 'error');
      const r = data.lines.get(n);
      return r ? new Mark(r.outcome) : null;
    },
    lineMarkerChange: (u) => u.transactions.some((t) => t.effects.some((e) => e.is(setResults))),
    domEventHandlers: {
      click(view, line) {
        onLineClick(view.state.doc.lineAt(line.from).number);
        return true;
      },
    },
  });
}

export const results: Extension = [dataField, resultDecorations];
