/**
 * Presenting the compare view (and the search's answer, which is one): the header and the
 * view's controls hide, the panes or the diff take the screen, and the narration card and the
 * statement sit below them as in the playground's presenter. The clicker keys step all panes;
 * Escape or the Exit button return to the view as it was (its settings live in the store).
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { timelineOf } from '../../compare';
import type { AppState } from '../../store';
import { cardAt, scriptNarration } from '../presenter/cards';
import { usePresenterKeys, type PresenterMoves } from '../presenter/keys';
import { exitPresenter } from '../presenter/state';
import { useApp, useAppStore } from '../store-context';

const selectShow = (s: AppState) => ({ on: s.presenting, cursor: s.cursor, script: s.script, designs: s.compare.designs, runs: s.runs, shown: s.compare.shown });

export function ComparePresenter() {
  const store = useAppStore();
  const { on, cursor, script, designs, runs, shown } = useApp(useShallow(selectShow));
  const run = runs[designs[0]];
  const cards = useMemo(() => (on && run ? scriptNarration(script, run.entries) : []), [on, run, script]);
  const moves = useMemo<PresenterMoves>(
    () => ({ next: () => store.getState().step(1), prev: () => store.getState().step(-1), home: () => store.getState().toStart(), end: () => store.getState().toEnd() }),
    [store],
  );
  usePresenterKeys(on, store, moves);

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
