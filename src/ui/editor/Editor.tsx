import { useEffect, useRef, useState } from 'react';
import { Annotation, EditorState, type StateEffect } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { useShallow } from 'zustand/react/shallow';
import { lineResults } from '../../derive/outcome';
import type { AppState, RunEntry } from '../../store';
import { frameAt, selectGraph, selectRun } from '../../store/selectors';
import { stepsOf } from '../../store/cursor';
import { useApp, useAppStore } from '../store-context';
import { scnCompletion, type CompletionNames } from './completion';
import { popupAfterPaint } from './popup-after-paint';
import { afterNextPaint } from '../after-paint';
import { results, resultGutter, setResults, type LineResult } from './results';
import { scnHighlighting } from './scn-language';
import { editorTheme } from './theme';
import { sizeGuard } from '../share/size-guard';
import { editorChanged, registerEditorDoc } from '../persist/live';
import { linking } from './linking';
import { typingGate } from './typing-gate';
import { useHeldErrors } from './use-held-errors';

const External = Annotation.define<boolean>();
// Short: a run reuses everything before the edited line (src/runner), and a long one runs in
// slices, so the delay only spares a run per keystroke of a fast typist.
const EDIT_DELAY_MS = 35;

const selectResults = (s: AppState) => ({
  run: selectRun(s),
  errors: s.errors,
  stale: s.stale,
  current: frameAt(selectRun(s), s.cursor).entry?.line ?? null,
});
const NO_RESULTS = new Map<number, LineResult>();
const linesByRun = new WeakMap<readonly RunEntry[], ReadonlyMap<number, LineResult>>();
/** Per run (immutable), once: a syntax error while typing re-sends the same run's results. */
function resultsOf(entries: readonly RunEntry[]): ReadonlyMap<number, LineResult> {
  let r = linesByRun.get(entries);
  if (!r) linesByRun.set(entries, (r = lineResults(entries)));
  return r;
}
const selectText = (s: AppState) => ({ text: s.text, version: s.textVersion });
const selectRunning = (s: AppState) => s.running;

/**
 * A run shorter than this shows no sign: at a typist's pace each key is its own run of a few
 * tens of ms, and a sign that came and went with every key was both a flicker beside the text
 * and two frames after each key (docs/performance.md, typing round nine).
 */
export const RUNNING_SIGN_DELAY_MS = 300;

/** `running`, once it has lasted RUNNING_SIGN_DELAY_MS (false again at once when it ends). */
function useSlowRun(running: boolean): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!running) return;
    const t = setTimeout(() => setSlow(true), RUNNING_SIGN_DELAY_MS);
    return () => {
      clearTimeout(t);
      setSlow(false);
    };
  }, [running]);
  return running && slow;
}

/** The scenario editor/console (CodeMirror 6). */
export function Editor() {
  const store = useAppStore();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const { text, version } = useApp(useShallow(selectText));
  const { run, errors, stale, current } = useApp(useShallow(selectResults));
  const running = useSlowRun(useApp(selectRunning));
  /** The text the editor last handed to the store: its echo back needs no comparison of 100 KB. */
  const handed = useRef<{ text: string; version: number } | null>(null);
  // The errors of the line being typed wait for a pause (held-errors.ts).
  const shownErrors = useHeldErrors(errors);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
    };
    const lastStep = () => {
      const run = selectRun(store.getState());
      return run ? stepsOf(run).at(-1) : undefined;
    };
    const names: CompletionNames = {
      objects: () => {
        const g = selectGraph(store.getState());
        return [...new Set([...(g?.nodes.map((n) => n.id).filter((id) => !id.startsWith('pasid:')) ?? []), ...(lastStep()?.env.keys() ?? [])])];
      },
      bindings: () => [...(lastStep()?.env.keys() ?? [])],
    };
    const runLine = (v: EditorView): boolean => {
      const { state } = v;
      const pos = state.selection.main.head;
      const line = state.doc.lineAt(pos);
      const t = line.text.trim();
      if (pos !== line.to || state.doc.sliceString(pos).trim() !== '' || !t || t.startsWith('#')) return false;
      v.dispatch({ changes: { from: pos, insert: '\n' }, selection: { anchor: pos + 1 }, scrollIntoView: true });
      flush();
      // After the new line is painted: handing over a long text (copied to the run Worker) is
      // not the Enter key's work, and neither is flattening it (the document is immutable: this
      // is the text as Enter left it, whatever is typed before the hand-over).
      const doc = v.state.doc;
      afterNextPaint(() => store.getState().runToEnd(doc.toString()));
      return true;
    };
    const runAll = (v: EditorView) => {
      flush();
      store.getState().runToEnd(v.state.doc.toString());
      return true;
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: store.getState().text,
        extensions: [
          lineNumbers(),
          resultGutter((line) => {
            const s = store.getState();
            const run = selectRun(s);
            const i = run ? stepsOf(run).findIndex((e) => e.line === line) : -1;
            if (i >= 0) s.seek(i + 1);
          }),
          history(),
          // A steady caret: a blinking one restarts its CSS animation on every key, and each
          // restart is an animationstart event through the page (React listens at its root).
          drawSelection({ cursorBlinkRate: 0 }),
          highlightActiveLine(),
          scnHighlighting,
          // 30 options drawn, not 100: the list is rebuilt on every key while it is open (a 1,024-mdev
          // machine offers hundreds of names), and the popup shows about eight at a time anyway.
          autocompletion({ override: [scnCompletion(names)], icons: false, maxRenderedOptions: 30 }),
          popupAfterPaint,
          // No Tab binding: Tab leaves the editor as anywhere else on the page (a keyboard user
          // tabbing through must not change the scenario). Indent with Ctrl-] / Ctrl-[ (defaultKeymap).
          keymap.of([{ key: 'Enter', run: runLine }, { key: 'Mod-Enter', run: runAll }, ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          results,
          sizeGuard(store),
          linking(store),
          editorTheme,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'Scenario editor' }),
          EditorView.updateListener.of((u) => {
            if (!u.docChanged || u.transactions.some((t) => t.annotation(External))) return;
            typingGate.note(u.state.doc.lineAt(u.state.selection.main.head).number);
            flush();
            timer = setTimeout(() => {
              const t = u.state.doc.toString();
              handed.current = { text: t, version: store.getState().textVersion };
              store.getState().edit(t);
            }, EDIT_DELAY_MS);
            // Saved now, from the editor's own text: a reload before the store has it loses nothing.
            editorChanged();
          }),
        ],
      }),
    });
    view.current = v;
    registerEditorDoc({ text: () => v.state.doc.toString(), length: () => v.state.doc.length });
    return () => {
      registerEditorDoc(null);
      flush();
      v.destroy();
      view.current = null;
    };
  }, [store]);

  useEffect(() => {
    const v = view.current;
    // The editor's own edit coming back (a load or a restore is another text, or the same
    // text with a new version, and is compared in full).
    if (text === handed.current?.text && version === handed.current.version) return;
    handed.current = null;
    if (!v || v.state.doc.toString() === text) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, annotations: External.of(true) });
  }, [text, version]);

  useEffect(() => {
    // After the frame is painted: the graph's new picture must not wait for the editor's update.
    let t: ReturnType<typeof setTimeout> | undefined;
    const f = requestAnimationFrame(() => {
      t = setTimeout(() => {
        const v = view.current;
        if (!v) return;
        const effects: StateEffect<unknown>[] = [setResults.of({ lines: run ? resultsOf(run.entries) : NO_RESULTS, errors: shownErrors, current, stale })];
        // Follow the timeline in the text, unless the user is typing there.
        if (current !== null && current <= v.state.doc.lines && !v.hasFocus) {
          effects.push(EditorView.scrollIntoView(v.state.doc.line(current).from, { y: 'center' }));
        } else if (current === null && run && !v.hasFocus) {
          // Step 0 (the declared machine): show the declarations, not the end the load scrolled to.
          effects.push(EditorView.scrollIntoView(0, { y: 'start' }));
        }
        v.dispatch({ effects });
      }, 0);
    });
    return () => {
      cancelAnimationFrame(f);
      clearTimeout(t);
    };
  }, [run, shownErrors, current, stale]);

  return (
    <section className="panel" aria-label="Scenario">
      <h2>
        Scenario {running && <span className="running-sign" role="status" aria-label="Running">running…</span>}
        {/* In the header, in the hint's place: a row of its own above the text pushed every line
            down and back again with each line typed (the line is half typed, so it does not parse). */}
        {stale ? (
          <span className="hint stale-note" role="status" title="Syntax errors: the graph shows the last text that parsed.">
            Syntax errors: showing the last run
          </span>
        ) : (
          <span className="hint">Enter at the end runs · Ctrl+Space completes</span>
        )}
      </h2>
      <div className="editor-wrap" ref={host} />
      {/* On screen, not only in Help: Tab is not indentation here (a keyboard user must get out). */}
      <div className="editor-keys">Tab leaves the editor · Ctrl+] / Ctrl+[ indent</div>
      {shownErrors.length > 0 && (
        <div className="errors" aria-label="Syntax errors">
          <ul>
            {shownErrors.map((e, i) => (
              <li key={i} data-error-line={e.line}>
                line {e.line}:{e.col}: {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
