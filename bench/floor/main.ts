/**
 * The typing benchmark's floor (bench/ui-type-floor.ts): the same 3,000-line document in the
 * same 340 px column, with nothing of the playground around it.
 *   ?editor=textarea     the browser's own <textarea>: what any text input costs here
 *   ?editor=codemirror   CodeMirror with the core extensions the playground's editor uses
 *                        (line numbers, history, selection and active line, wrapping, keys),
 *                        without its own (results, completion, highlighting, linking)
 *   &ext=a,b,…           adds the playground's own editor extensions one by one, to find what
 *                        each costs a key (bench/profile-keys.ts floor, BENCH_FLOOR_EXT):
 *                        highlight, theme, results (every line's result and gutter mark, as a
 *                        run of the long scenario gives), errors (the half-typed last line's
 *                        syntax error), completion (the 1,024-mdev machine's names), handover
 *                        (the text handed over 35 ms after a key, as the playground does)
 */
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { longScenario } from '../long-scenario';
import { scnHighlighting } from '../../src/ui/editor/scn-language';
import { editorTheme } from '../../src/ui/editor/theme';
import { results, resultGutter, setResults, type LineResult } from '../../src/ui/editor/results';
import { scnCompletion } from '../../src/ui/editor/completion';
import { popupAfterPaint } from '../../src/ui/editor/popup-after-paint';

const parent = document.getElementById('editor')!;
const doc = longScenario();
const params = new URLSearchParams(location.search);
const ext = new Set((params.get('ext') ?? '').split(',').filter(Boolean));

/** The long scenario's machine names: parents, mdevs, their groups, the container. */
function objects(): string[] {
  const out = ['C'];
  for (let p = 0; p < 64; p++) out.push(`P${p}`, `G_P${p}`);
  for (let m = 0; m < 1024; m++) out.push(`m${m}`, `G_m${m}`);
  return out;
}

function own(): Extension[] {
  const out: Extension[] = [];
  if (ext.has('highlight')) out.push(scnHighlighting);
  if (ext.has('theme')) out.push(editorTheme);
  if (ext.has('results')) out.push(results, resultGutter(() => {}));
  if (ext.has('completion')) {
    const names = objects();
    out.push(autocompletion({ override: [scnCompletion({ objects: () => names, bindings: () => [] })], icons: false, maxRenderedOptions: 30 }), popupAfterPaint, keymap.of(completionKeymap));
  }
  if (ext.has('handover')) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    out.push(EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      clearTimeout(timer);
      timer = setTimeout(() => void (document.body.dataset.length = String(u.state.doc.toString().length)), 35);
    }));
  }
  return out;
}

/** What a run of the long scenario shows: every statement's value and mark. */
function runResults(view: EditorView, errors: boolean): void {
  const lines = new Map<number, LineResult>();
  for (let n = 1; n <= view.state.doc.lines; n++) {
    const t = view.state.doc.line(n).text;
    if (t.startsWith('iommu_get_domain_for_dev')) lines.set(n, { outcome: 'warn', text: 'NULL' });
    else if (t && !t.startsWith('#')) lines.set(n, { outcome: 'decl', text: '' });
  }
  const last = view.state.doc.lines;
  view.dispatch({ effects: setResults.of({ lines, errors: errors ? [{ line: last, col: 1, message: "expected '(', '=' or '=>' after the name, found end of line" }] : [], current: null, stale: errors }) });
}

if (params.get('editor') === 'textarea') {
  const t = document.createElement('textarea');
  t.setAttribute('aria-label', 'Scenario editor');
  t.spellcheck = false;
  t.value = doc;
  parent.append(t);
} else {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection({ cursorBlinkRate: 0 }),
        highlightActiveLine(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.lineWrapping,
        EditorView.theme({ '&': { flex: '1', minHeight: '0' }, '.cm-scroller': { overflow: 'auto' } }),
        EditorView.contentAttributes.of({ 'aria-label': 'Scenario editor' }),
        ...own(),
      ],
    }),
  });
  if (ext.has('results')) runResults(view, ext.has('errors'));
}
document.body.dataset.ready = 'true';
