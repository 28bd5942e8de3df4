import { useEffect, useRef, useState } from 'react';
import type { ReportResult } from '../../runner';
import { enterPresenter } from '../presenter/state';
import { presentable } from '../compare/present';
import { useApp, useAppStore } from '../store-context';
import { exportGraph, exportTest, exportTrace, openScenarioFile, saveScn } from './actions';
import { MailDialog } from './MailDialog';
import { KeptDialog } from './KeptDialog';
import { activeAutosave } from '../persist/autosave';
import type { Draft } from '../persist/saved';
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
  const [kept, setKept] = useState<readonly Draft[] | null>(null);
  // Present dispatches per view (compare/present.ts): disabled, with the reason, where a view cannot be presented.
  const presentOk = useApp((s) => presentable(s).ok);
  const presentWhy = useApp((s) => presentable(s).why);
  // A menu closes as menus do: Escape (focus back on its button) or a press anywhere else. A
  // <details> alone stays open until its summary is clicked again, over the graph and the panes.
  useEffect(() => {
    const d = menu.current;
    if (!d) return;
    const onDown = (e: PointerEvent) => {
      if (d.open && !d.contains(e.target as Node)) d.removeAttribute('open');
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !d.open) return;
      e.stopPropagation(); // closing the menu is all this Escape does (not also the selection's)
      d.removeAttribute('open');
      d.querySelector('summary')?.focus();
    };
    document.addEventListener('pointerdown', onDown, true);
    d.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      d.removeEventListener('keydown', onKey);
    };
  }, []);
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
      {kept !== null && <KeptDialog list={kept} onRestore={(d) => activeAutosave()?.restore(d)} onClose={() => setKept(null)} />}
      <button type="button" onClick={() => enterPresenter(store)} disabled={!presentOk} title={presentWhy} aria-keyshortcuts="p">
        Present
      </button>
    </>
  );
}
