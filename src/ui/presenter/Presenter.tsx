import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store';
import { stepsOf } from '../../store/cursor';
import { frameAt, selectRun } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';
import { cardAt, narration } from './cards';
import { exitPresenter } from './state';
import './presenter.css';

const selectOn = (s: AppState) => s.presenting;
const selectView = (s: AppState) => ({ run: selectRun(s), cursor: s.cursor, script: s.script, design: s.design });

const NEXT = new Set(['ArrowRight', 'PageDown', ' ', 'ArrowDown']);
const PREV = new Set(['ArrowLeft', 'PageUp', 'ArrowUp']);

/**
 * Presenter mode: the graph full screen, the narration card and the statement in large type,
 * and clicker keys. Pacing is deterministic: one key press is exactly one step (held keys do
 * not repeat, nothing advances on a timer), and the card changes with the step.
 */
export function Presenter() {
  const store = useAppStore();
  const on = useApp(selectOn);
  const { run, cursor, script, design } = useApp(useShallow(selectView));

  const cards = useMemo(() => {
    if (!on || !run) return [];
    // The notes of the script the run came from (the store keeps the parse; nothing re-parses here).
    const notes = script?.stmts.flatMap((s) => (s.kind === 'note' ? [{ text: s.text, line: s.line }] : [])) ?? [];
    return narration(notes, run.entries);
  }, [on, run, script]);

  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const s = store.getState();
      let handled = true;
      if (NEXT.has(e.key)) {
        if (!e.repeat) s.step(1);
      } else if (PREV.has(e.key)) {
        if (!e.repeat) s.step(-1);
      } else if (e.key === 'Home') s.toStart();
      else if (e.key === 'End') s.toEnd();
      else if (e.key === 'Escape') exitPresenter(store);
      else handled = false;
      if (handled) {
        // Before the app's own keys (keyboard.ts skips prevented events): one action per press.
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    const onFs = () => {
      if (!document.fullscreenElement) exitPresenter(store);
      else store.getState().requestFit();
    };
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('fullscreenchange', onFs);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('fullscreenchange', onFs);
    };
  }, [on, store]);

  if (!on) return null;
  const total = run ? stepsOf(run).length : 0;
  const entry = frameAt(run, cursor).entry;
  const shown = cardAt(cards, cursor);
  return (
    <div className="presenter" role="region" aria-label="Presenter">
      <div className="presenter-top">
        <span className="presenter-design">{design}</span>
        <span className="presenter-count" role="status" aria-label="Presenter step">
          {cursor === 0 ? 'Start' : `Step ${cursor}`} / {total}
        </span>
        <button type="button" onClick={() => exitPresenter(store)} aria-label="Exit presenter (Esc)">
          Exit ✕
        </button>
      </div>
      <div className="presenter-bottom">
        {shown && (
          <div className={`presenter-card${shown.fresh ? ' fresh' : ''}`} data-card-step={shown.card.at}>
            {shown.card.paragraphs.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
        )}
        <div className="presenter-stmt" data-ok={entry?.ok === undefined ? undefined : String(entry.ok)}>
          {entry ? (
            <>
              <code>{entry.text.replace(/\s*=>[\s\S]*$/, '')}</code>
              {entry.got !== undefined && <span className="presenter-got"> → {entry.got}</span>}
              {entry.expected !== undefined && <span className="presenter-verdict">{entry.ok ? ' ✓' : ` ✗ expected ${entry.expected}`}</span>}
            </>
          ) : (
            <span className="presenter-hint">→ / Space / PageDown: next · ← / PageUp: back · Esc: exit</span>
          )}
        </div>
      </div>
    </div>
  );
}
