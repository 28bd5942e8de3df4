/**
 * "Copy as mail": the scenario's plain-text report (src/report/mail.ts), copied to the
 * clipboard and shown as it will read in a reply, so it can also be selected by hand. The
 * runner makes it (in the run Worker for long texts): until it arrives the dialog says so, and
 * a report that failed shows why.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReportResult } from '../../runner';
import './mail-dialog.css';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function MailDialog({ report, onClose }: { report: ReportResult | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const text = report?.ok ? report.text : '';
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    if (!text) return;
    let live = true;
    void copy(text).then((ok) => live && setCopied(ok));
    return () => {
      live = false;
    };
  }, [text]);
  const lines = text.split('\n').length - 1;
  return (
    <dialog ref={ref} className="mail-report" aria-label="Report for a mail reply" onClose={onClose}>
      <h2>Report for a mail reply</h2>
      {report && !report.ok ? (
        <p className="mail-status" role="alert">
          No report: {report.error}. The scenario is unchanged; try again, or use Save .scn.
        </p>
      ) : (
        <p className="mail-status" role="status">
          {!report ? 'Preparing the report…' : copied === null ? 'Copying…' : copied ? `Copied to the clipboard: ${lines} lines of plain text, at most 72 columns.` : 'The clipboard is not available here: select the text below and copy it.'}
        </p>
      )}
      <pre data-testid="mail-report" tabIndex={0}>{text}</pre>
      <div className="mail-actions">
        <button type="button" disabled={!text} onClick={() => void copy(text).then(setCopied)}>Copy again</button>
        <form method="dialog"><button type="submit">Close</button></form>
      </div>
    </dialog>
  );
}
