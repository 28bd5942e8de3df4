import { useRef, useState } from 'react';
import { mailReport } from '../../report/mail';
import type { AppState } from '../../store';
import { enterPresenter } from '../presenter/state';
import { presentable } from '../compare/present';
import { useApp, useAppStore } from '../store-context';
import { exportGraph, exportTest, exportTrace, openScenarioFile, saveScn } from './actions';
import { MailDialog } from './MailDialog';
import { KeptDialog } from './KeptDialog';
import { activeAutosave } from '../persist/autosave';
import type { Draft } from '../persist/saved';
import { pickFile } from './pick';

/** The mail report of the editor's text, from the store's runs of it (none while a newer run is under way). */
const mailOf = (s: AppState): string => mailReport(s.text, { runs: s.running || s.stale ? undefined : s.runs, level: s.compare.level });

/** The File menu (open, save, exports) and the Present button, for the header. */
export function ShareMenu() {
  const store = useAppStore();
  const menu = useRef<HTMLDetailsElement>(null);
  const [mail, setMail] = useState<string | null>(null);
  const [kept, setKept] = useState<readonly Draft[] | null>(null);
  // Present dispatches per view (compare/present.ts): disabled, with the reason, where a view cannot be presented.
  const presentOk = useApp((s) => presentable(s).ok);
  const presentWhy = useApp((s) => presentable(s).why);
  const item = (label: string, run: () => void, key?: string) => (
    <li>
      <button
        type="button"
        onClick={() => {
          menu.current?.removeAttribute('open');
          run();
        }}
      >
        {label}
        {key && <kbd>{key}</kbd>}
      </button>
    </li>
  );
  return (
    <>
      <details className="file-menu" ref={menu}>
        <summary aria-label="File menu">File ▾</summary>
        <ul>
          {item('Open .scn or exported image…', () => pickFile(store, openScenarioFile), 'Ctrl+O')}
          {item('Save .scn', () => saveScn(store))}
          {item('Kept scenarios…', () => setKept(activeAutosave()?.history() ?? []))}
          <li className="sep" aria-hidden="true" />
          {item('Copy as mail', () => setMail(mailOf(store.getState())))}
          {item('Export trace (kernel log)', () => exportTrace(store))}
          {item('Export vitest test', () => exportTest(store))}
          {item('Export graph as SVG', () => void exportGraph(store, 'svg'))}
          {item('Export graph as PNG', () => void exportGraph(store, 'png'))}
        </ul>
      </details>
      {mail !== null && <MailDialog text={mail} onClose={() => setMail(null)} />}
      {kept !== null && <KeptDialog list={kept} onRestore={(d) => activeAutosave()?.restore(d)} onClose={() => setKept(null)} />}
      <button type="button" onClick={() => enterPresenter(store)} disabled={!presentOk} title={presentWhy} aria-keyshortcuts="p">
        Present
      </button>
    </>
  );
}
