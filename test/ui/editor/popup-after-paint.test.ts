// @vitest-environment happy-dom
/**
 * The completion popup is drawn after the key's frame (src/ui/editor/popup-after-paint.ts), while
 * the completion state moves with the key itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { autocompletion, closeCompletion, completionStatus, currentCompletions, selectedCompletion, startCompletion, type CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { popupAfterPaint } from '../../../src/ui/editor/popup-after-paint';

const WORDS = ['G_m1', 'G_m2', 'G_P1'];
const source = (ctx: CompletionContext) => {
  const w = ctx.matchBefore(/\w*/);
  return w ? { from: w.from, options: WORDS.map((label) => ({ label })), validFor: /^\w*$/ } : null;
};

let view: EditorView | null = null;
afterEach(() => {
  view?.destroy();
  view = null;
});

/** Two frames and a task: the deferred drawing has run. */
const painted = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))));
const shown = () => [...document.querySelectorAll('.cm-tooltip-autocomplete li')].map((li) => li.textContent);
const type = (text: string) => {
  const at = view!.state.selection.main.head;
  view!.dispatch({ changes: { from: at, insert: text }, selection: { anchor: at + text.length }, userEvent: 'input.type' });
};

async function openOn(doc: string) {
  view = new EditorView({
    parent: document.body,
    state: EditorState.create({ doc, selection: { anchor: doc.length }, extensions: [autocompletion({ override: [source], interactionDelay: 0 }), popupAfterPaint] }),
  });
  startCompletion(view);
  // CodeMirror queries 50 ms after Ctrl-Space, and draws the popup when the result lands.
  for (let i = 0; i < 50 && shown().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  await painted();
}

describe('the completion popup after paint', () => {
  it('a key moves the completion state at once and the popup after the frame', async () => {
    await openOn('show G_');
    expect(shown()).toEqual(['G_m1', 'G_m2', 'G_P1']);
    type('m');
    expect(currentCompletions(view!.state).map((c) => c.label)).toEqual(['G_m1', 'G_m2']);
    expect(selectedCompletion(view!.state)?.label).toBe('G_m1');
    expect(shown(), 'not yet drawn').toEqual(['G_m1', 'G_m2', 'G_P1']);
    await painted();
    expect(shown()).toEqual(['G_m1', 'G_m2']);
    // Several keys before a frame: drawn once, from the first key's state to the last.
    type('2');
    expect(shown()).toEqual(['G_m1', 'G_m2']);
    await painted();
    expect(shown()).toEqual(['G_m2']);
  });

  it('a click on a list not yet redrawn picks nothing: the list is redrawn for the next click', async () => {
    await openOn('show G_');
    type('m');
    const stale = [...document.querySelectorAll('.cm-tooltip-autocomplete li')];
    stale[0].dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    expect(view!.state.doc.toString(), 'G_P1 was not applied over the typed text').toBe('show G_m');
    expect(shown()).toEqual(['G_m1', 'G_m2']);
    // Drawn, a click applies what it shows.
    document.querySelector('.cm-tooltip-autocomplete li')!.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true }));
    expect(view!.state.doc.toString()).toBe('show G_m1');
  });

  it('a popup closed before its drawing draws nothing and throws nothing', async () => {
    await openOn('show G_');
    type('m');
    closeCompletion(view!);
    expect(completionStatus(view!.state)).toBeNull();
    await painted();
    expect(shown()).toEqual([]);
  });
});
