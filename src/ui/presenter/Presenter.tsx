import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store';
import { stepsOf } from '../../store/cursor';
import { frameAt, selectRun } from '../../store/selectors';
import { outcomeOf, type Outcome } from '../../derive/outcome';
import { describe } from '../library';
import { Notices } from '../share/Notices';
import { useApp, useAppStore } from '../store-context';
import { cardAt, scriptNarration } from './cards';
import { usePresenterKeys, type PresenterMoves } from './keys';
import { exitPresenter } from './state';
import './presenter.css';

const selectOn = (s: AppState) => s.presenting;
const selectView = (s: AppState) => ({ run: selectRun(s), cursor: s.cursor, script: s.script, design: s.design, designs: s.designs, text: s.text });

/** A bad outcome is shown as what it is, even when the scenario expected it (a red OOPS, an amber WARN). */
const BAD: Partial<Record<Outcome, string>> = { oops: '☠ OOPS', warn: '⚠ WARN', violation: '⚠ invariant violated', internal: '⚙ emulator error', error: '! could not run' };

/**
 * Presenter mode: the graph full screen, the narration card and the statement in large type,
 * and clicker keys. Pacing is deterministic: one key press is exactly one step (held keys do
 * not repeat, nothing advances on a timer), and the card changes with the step.
 *
 * A title card (the scenario's first comment line and its designs) comes first; the first
 * "next" puts it away without stepping, "back" at the start brings it back. The narration, the
 * statement and any notice sit in their own column (or band, for a wide picture: placement.ts),
 * never over the graph, and notices are stacked under the narration, never over it.
 */
export function Presenter() {
  const store = useAppStore();
  const on = useApp(selectOn);
  const { run, cursor, script, design, designs, text } = useApp(useShallow(selectView));
  const [titleUp, setTitleUp] = useState(true);
  // Each entry starts on the title card (state adjusted during render: React's way for a reset on a prop).
  const [wasOn, setWasOn] = useState(on);
  if (wasOn !== on) {
    setWasOn(on);
    if (on) setTitleUp(true);
  }

  // The key handler reads the title's state without being bound again on each change.
  const titleRef = useRef(true);
  useEffect(() => {
    titleRef.current = titleUp;
  }, [titleUp]);

  const cards = useMemo(() => (on && run ? scriptNarration(script, run.entries) : []), [on, run, script]);

  // The title card takes the first "next" and comes back on "back" at the start.
  const moves = useMemo<PresenterMoves>(() => {
    const s = () => store.getState();
    return {
      next: () => (titleRef.current ? setTitleUp(false) : s().step(1)),
      prev: () => (s().cursor === 0 && !titleRef.current ? setTitleUp(true) : s().step(-1)),
      home: () => {
        setTitleUp(false);
        s().toStart();
      },
      end: () => {
        setTitleUp(false);
        s().toEnd();
      },
      fullscreen: () => s().requestFit(),
    };
  }, [store]);
  usePresenterKeys(on, store, moves);

  if (!on) return null;
  const total = run ? stepsOf(run).length : 0;
  const entry = frameAt(run, cursor).entry;
  const shown = cardAt(cards, cursor);
  const title = describe(text) || 'Untitled scenario';
  const outcome = entry && entry.kind !== 'decl' ? outcomeOf(entry) : null;
  const bad = outcome ? BAD[outcome] : undefined;
  return (
    <div className="presenter" role="region" aria-label="Presenter">
      <div className="presenter-side">
        <div className="presenter-top">
          <span className="presenter-design">{design}</span>
          <span className="presenter-count" role="status" aria-label="Presenter step">
            {cursor === 0 ? 'Start' : `Step ${cursor}`} / {total}
          </span>
          <button type="button" onClick={() => exitPresenter(store)} aria-label="Exit presenter (Esc)">
            Exit ✕
          </button>
        </div>
        {titleUp ? (
          <div className="presenter-title-card" data-title-card="">
            <h2>{title}</h2>
            <p className="presenter-designs">
              {designs.length > 1 ? 'Designs' : 'Design'}: {(designs.length ? designs : [design]).join(', ')}
            </p>
            <p className="presenter-steps">{total} steps</p>
            <p className="presenter-hint">→ / Space / PageDown: next · ← / PageUp: back · Esc: exit</p>
          </div>
        ) : (
          shown && (
            <div className={`presenter-card${shown.fresh ? ' fresh' : ''}`} data-card-step={shown.card.at}>
              {shown.card.paragraphs.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </div>
          )
        )}
        {!titleUp && (
          <div className="presenter-stmt" data-ok={entry?.ok === undefined ? undefined : String(entry.ok)} data-outcome={outcome ?? undefined}>
            {entry ? (
              <>
                <code>{entry.text.replace(/\s*=>[\s\S]*$/, '')}</code>
                {entry.got !== undefined && (
                  <>
                    {' → '}
                    <span className={`presenter-got${bad ? ` outcome-badge o-${outcome}` : ''}`}>{bad ? (outcome === 'oops' ? bad : `${entry.got.replace(/\s*\+WARN$/, '')} ${bad}`) : entry.got}</span>
                  </>
                )}
                {entry.expected !== undefined && (
                  <span className="presenter-verdict">{entry.ok ? (bad ? ' (expected)' : ' ✓ as expected') : ` ✗ expected ${entry.expected}`}</span>
                )}
              </>
            ) : (
              <span className="presenter-hint">The machine as declared. → / Space / PageDown: next</span>
            )}
          </div>
        )}
        <Notices />
      </div>
    </div>
  );
}
