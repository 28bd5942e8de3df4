/**
 * Presenting the compare view (and the search's answer, which is one): the header and the
 * view's controls hide, the panes or the diff take the screen, and the narration card and the
 * statement sit below them as in the playground's presenter. The clicker keys step all panes;
 * Escape or the Exit button return to the view as it was (its settings live in the store).
 */
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { timelineOf } from '../../compare';
import type { AppState } from '../../store';
import { cardAt, narration } from '../presenter/cards';
import { exitPresenter } from '../presenter/state';
import { useApp, useAppStore } from '../store-context';

const NEXT = new Set(['ArrowRight', 'PageDown', ' ', 'ArrowDown']);
const PREV = new Set(['ArrowLeft', 'PageUp', 'ArrowUp']);

const selectShow = (s: AppState) => ({ on: s.presenting, cursor: s.cursor, script: s.script, designs: s.compare.designs, runs: s.runs, shown: s.compare.shown });

export function ComparePresenter() {
  const store = useAppStore();
  const { on, cursor, script, designs, runs, shown } = useApp(useShallow(selectShow));
  const run = runs[designs[0]];
  const cards = useMemo(() => {
    if (!on || !run) return [];
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
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    const onFs = () => {
      if (!document.fullscreenElement) exitPresenter(store);
    };
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('fullscreenchange', onFs);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('fullscreenchange', onFs);
    };
  }, [on, store]);

  if (!on) return null;
  const steps = run ? timelineOf(run) : [];
  const entry = cursor > 0 ? steps[cursor - 1] : undefined;
  const shownCard = cardAt(cards, cursor);
  return (
    <div className="presenter cmp-presenter" role="region" aria-label="Presenter">
      <div className="presenter-top">
        <span className="presenter-design">{shown === 'diff' ? `diff: ${designs.join(' · ')}` : designs.join(' · ')}</span>
        <span className="presenter-count" role="status" aria-label="Presenter step">
          {cursor === 0 ? 'Start' : `Step ${cursor}`} / {steps.length}
        </span>
        <button type="button" onClick={() => exitPresenter(store)} aria-label="Exit presenter (Esc)">
          Exit ✕
        </button>
      </div>
      <div className="presenter-bottom">
        {shownCard && (
          <div className={`presenter-card${shownCard.fresh ? ' fresh' : ''}`} data-card-step={shownCard.card.at}>
            {shownCard.card.paragraphs.map((p, i) => <p key={i}>{p}</p>)}
          </div>
        )}
        <div className="presenter-stmt">
          {entry ? <code>{entry.text.replace(/\s*=>[\s\S]*$/, '')}</code> : <span className="presenter-hint">→ / Space / PageDown: next · ← / PageUp: back · Esc: exit</span>}
        </div>
      </div>
    </div>
  );
}
