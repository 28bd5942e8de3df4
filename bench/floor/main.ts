/**
 * The typing benchmark's floor (bench/ui-type-floor.ts): the same 3,000-line document in the
 * same 340 px column, with nothing of the playground around it.
 *   ?editor=textarea     the browser's own <textarea>: what any text input costs here
 *   ?editor=codemirror   CodeMirror with the core extensions the playground's editor uses
 *                        (line numbers, history, selection and active line, wrapping, keys),
 *                        without its own (results, completion, highlighting, linking)
 */
import { EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { longScenario } from '../long-scenario';

const parent = document.getElementById('editor')!;
const doc = longScenario();
if (new URLSearchParams(location.search).get('editor') === 'textarea') {
  const t = document.createElement('textarea');
  t.setAttribute('aria-label', 'Scenario editor');
  t.spellcheck = false;
  t.value = doc;
  parent.append(t);
} else {
  new EditorView({
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
      ],
    }),
  });
}
document.body.dataset.ready = 'true';
