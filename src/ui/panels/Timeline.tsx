import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { outcomeOf, OUTCOME_ICON, OUTCOME_TEXT, resultText } from '../../derive/outcome';
import { selectRun, type AppState } from '../../store';
import { stepsOf } from '../../store/cursor';
import { useApp, useAppStore } from '../store-context';
import { idsOfEntry, linkProps } from '../linking';

const EMPTY: readonly never[] = [];
const selectTimeline = (s: AppState) => ({
  steps: selectRun(s) ? stepsOf(selectRun(s)!) : EMPTY,
  initial: selectRun(s)?.initial ?? null,
  cursor: s.cursor,
  playing: s.playing,
  speed: s.speed,
  design: s.design,
});
const SPEEDS = [0.5, 1, 2, 4, 8];

/** One cell per step coloured by outcome (with its icon), transport buttons, scrubber and speed. */
export function Timeline() {
  const store = useAppStore();
  const { steps, initial, cursor, playing, speed, design } = useApp(useShallow(selectTimeline));
  const act = store.getState();
  const n = steps.length;
  const cur = cursor > 0 ? steps[cursor - 1] : null;

  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      const s = store.getState();
      const run = selectRun(s);
      if (run && s.cursor >= stepsOf(run).length) s.pause();
      else s.step(1);
    }, 1000 / speed);
    return () => clearInterval(id);
  }, [playing, speed, store]);

  const status = cur
    ? `Step ${cursor}/${n} · line ${cur.line}: ${cur.text}${resultText(cur) ? ` → ${resultText(cur)}` : ''} (${OUTCOME_TEXT[outcomeOf(cur)]})`
    : `Start: the declared machine (${n} step${n === 1 ? '' : 's'}) · ${design}`;

  return (
    <footer className="timeline" aria-label="Timeline">
      <div className="controls">
        <button type="button" aria-label="Jump to start" aria-keyshortcuts="Home" onClick={act.toStart} disabled={cursor === 0}>|◀</button>
        <button type="button" aria-label="Step back" aria-keyshortcuts="ArrowLeft" onClick={() => act.step(-1)} disabled={cursor === 0}>◀</button>
        <button type="button" aria-label={playing ? 'Pause' : 'Play'} aria-keyshortcuts="Space" onClick={act.togglePlay} disabled={n === 0}>{playing ? '❚❚ Pause' : '▶ Play'}</button>
        <button type="button" aria-label="Step forward" aria-keyshortcuts="ArrowRight" onClick={() => act.step(1)} disabled={cursor >= n}>▶</button>
        <button type="button" aria-label="Jump to end" aria-keyshortcuts="End" onClick={act.toEnd} disabled={cursor >= n}>▶|</button>
        <label className="sr-only" htmlFor="speed">Speed</label>
        <select id="speed" value={speed} onChange={(e) => act.setSpeed(Number(e.target.value))} title="Play speed (steps per second)">
          {SPEEDS.map((s) => <option key={s} value={s}>{s}/s</option>)}
        </select>
      </div>
      <div className="track">
        <div className="cells" role="list" aria-label="Steps">
          {n <= 400 &&
            steps.map((e, i) => {
              const o = outcomeOf(e);
              return (
                <button
                  key={i}
                  type="button"
                  role="listitem"
                  className={`cell o-${o}${i + 1 === cursor ? ' current' : i + 1 < cursor ? ' past' : ' future'}`}
                  title={`${i + 1}: line ${e.line}: ${e.text} (${OUTCOME_TEXT[o]})`}
                  aria-label={`Step ${i + 1}, line ${e.line}: ${OUTCOME_TEXT[o]}`}
                  aria-current={i + 1 === cursor ? 'step' : undefined}
                  onClick={() => act.seek(i + 1)}
                  {...linkProps(store, 'timeline', () => ({ ids: idsOfEntry(e, i > 0 ? steps[i - 1].machine : initial), lines: [e.line] }))}
                >
                  {n <= 40 ? OUTCOME_ICON[o] : ''}
                </button>
              );
            })}
        </div>
        <input type="range" min={0} max={n} value={cursor} aria-label="Scrub through the steps" onChange={(e) => act.seek(Number(e.target.value))} />
      </div>
      <div className="status" role="status" aria-live="polite" title={status}>{status}</div>
    </footer>
  );
}
