/**
 * "Copy as mail": the scenario's plain-text report (src/report/mail.ts), copied to the
 * clipboard and shown as it will read in a reply, so it can also be selected by hand.
 */
import { useEffect, useRef, useState } from 'react';
import './mail-dialog.css';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function MailDialog({ text, onClose }: { text: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
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
      <p className="mail-status" role="status">
        {copied === null ? 'Copying…' : copied ? `Copied to the clipboard: ${lines} lines of plain text, at most 72 columns.` : 'The clipboard is not available here: select the text below and copy it.'}
      </p>
      <pre data-testid="mail-report" tabIndex={0}>{text}</pre>
      <div className="mail-actions">
        <button type="button" onClick={() => void copy(text).then(setCopied)}>Copy again</button>
        <form method="dialog"><button type="submit">Close</button></form>
      </div>
    </dialog>
  );
}
