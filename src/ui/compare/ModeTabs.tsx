import type { AppState, Mode } from '../../store';
import { useApp, useAppStore } from '../store-context';

const selectMode = (s: AppState) => s.mode;

const TABS: [Mode, string, string][] = [
  ['play', 'Playground', 'Edit and step one design'],
  ['compare', 'Compare', 'Run the scenario under several designs in lock-step'],
  ['matrix', 'Matrix', 'Every library scenario under every design'],
  ['search', 'Search', 'Find the shortest scenario on which two designs disagree'],
];

/** The view switch in the header: playground, lock-step comparison, matrix, search. */
export function ModeTabs() {
  const store = useAppStore();
  const mode = useApp(selectMode);
  return (
    <div className="mode-tabs" role="tablist" aria-label="View">
      {TABS.map(([m, label, title]) => (
        <button key={m} type="button" role="tab" aria-selected={mode === m} title={title} onClick={() => store.getState().setMode(m)}>
          {label}
        </button>
      ))}
    </div>
  );
}
