import { useRef, useState } from 'react';
import type { ReportResult } from '../../runner';
import { enterPresenter } from '../presenter/state';
import { useAppStore } from '../store-context';
import { exportGraph, exportTest, exportTrace, openScenarioFile, saveScn } from './actions';
import { MailDialog } from './MailDialog';
import { pickFile } from './pick';


/** The File menu (open, save, exports) and the Present button, for the header. */
export function ShareMenu() {
  const store = useAppStore();
  const menu = useRef<HTMLDetailsElement>(null);
  // The mail report is made by the runner, where the text runs (the run Worker for long texts):
  // 'working' until it arrives; a dialog closed meanwhile stays closed.
  const [mail, setMail] = useState<ReportResult | 'working' | null>(null);
  const askMail = () => {
    const s = store.getState();
    setMail('working');
    const r = s.runner.report(s.text, (x) => setMail((cur) => (cur === 'working' ? x : cur)));
    if (r) setMail(r);
  };
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
          <li className="sep" aria-hidden="true" />
          {item('Copy as mail', askMail)}
          {item('Export trace (kernel log)', () => exportTrace(store))}
          {item('Export vitest test', () => exportTest(store))}
          {item('Export graph as SVG', () => void exportGraph(store, 'svg'))}
          {item('Export graph as PNG', () => void exportGraph(store, 'png'))}
        </ul>
      </details>
      {mail !== null && (
        <MailDialog
          report={mail === 'working' ? null : mail}
          onClose={() => setMail(null)}
        />
      )}
      <button type="button" onClick={() => enterPresenter(store)} title="Present: full screen, narration cards, clicker keys (P)" aria-keyshortcuts="p">
        Present
      </button>
    </>
  );
}
