/**
 * File ▸ Kept scenarios: the texts a load (a link, a file, the library, another tab) replaced,
 * newest first, each with its title (first comment line), size and time; Restore opens one
 * (and keeps the text it replaces in turn).
 */
import { useEffect, useRef } from 'react';
import { titleOf } from '../../share/open-file';
import type { Draft } from '../persist/saved';
import './mail-dialog.css';

const when = (ms: number) => new Date(ms).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function KeptDialog({ list, onRestore, onClose }: { list: readonly Draft[]; onRestore: (d: Draft) => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="mail-report kept-list" aria-label="Kept scenarios" onClose={onClose}>
      <h2>Kept scenarios</h2>
      <p className="mail-status">
        {list.length === 0 ? 'Nothing kept yet: when a link, a file or the library replaces your own text, it is kept here.' : `The last ${list.length} texts that something replaced, newest first (up to 12).`}
      </p>
      <ol>
        {list.map((d, i) => (
          <li key={`${d.savedAt}-${i}`} data-kept={i}>
            <span className="kept-title">{titleOf(d.text) || d.text.split('\n', 1)[0].slice(0, 60) || '(empty)'}</span>
            <span className="kept-meta">
              {d.text.split('\n').length} lines · {when(d.savedAt)}
            </span>
            <button
              type="button"
              onClick={() => {
                ref.current?.close();
                onRestore(d);
              }}
            >
              Restore
            </button>
          </li>
        ))}
      </ol>
      <div className="mail-actions">
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </div>
    </dialog>
  );
}
