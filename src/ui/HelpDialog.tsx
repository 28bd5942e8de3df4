import { useEffect, useRef } from 'react';
import { useApp, useAppStore } from './store-context';
import { openTour } from './tour/state';

const selectOpen = (s: { helpOpen: boolean }) => s.helpOpen;

export const SHORTCUTS: [string, string][] = [
  ['← / →', 'step back / forward'],
  ['Space', 'play / pause'],
  ['Home / End', 'jump to start / end'],
  ['? or h', 'this help'],
  ['Esc', 'clear the selection, close dialogs, leave the tour'],
  ['Tab (in the editor)', 'leaves the editor (Ctrl+] / Ctrl+[ indent)'],
  ['Tab, ← ↑ → ↓ (on the graph)', 'focus an object, move to its neighbour'],
  ['Enter (on a graph object)', 'its calls (Esc comes back)'],
  ['f', 'fit the graph to the view'],
  ['p', 'presenter mode (→ ← PageDown PageUp Space step, Esc leaves)'],
  ['Ctrl/Cmd+S', 'copy a share link (scenario, designs, step)'],
  ['Ctrl/Cmd+O', 'open a .scn file (or drop one, or an exported PNG/SVG, on the page)'],
  ['Enter (at the end of the editor)', 'run the line just typed'],
  ['Ctrl+Enter (in the editor)', 'run everything, go to the end'],
  ['Ctrl+Space (in the editor)', 'complete a function or object name'],
  ['click / Shift+click', 'select objects; the calls that apply appear'],
  ['drag', 'move an object (Reset puts it back); drag the background to pan, wheel to zoom'],
];

export function HelpDialog() {
  const store = useAppStore();
  const open = useApp(selectOpen);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="help" aria-label="Keyboard shortcuts" onClose={() => store.getState().setHelp(false)}>
      <h2 style={{ marginTop: 0 }}>Keyboard shortcuts</h2>
      <p style={{ color: 'var(--muted)' }}>None of these fire while you type in the editor (except the editor's own).</p>
      <table>
        <tbody>
          {SHORTCUTS.map(([k, v]) => {
            // "Ctrl+Enter (editor)": the key in a cap, where it works beside it (a wrapped cap read badly).
            const [, key, where] = /^(.*?)(?: \((.*)\))?$/.exec(k)!;
            return (
              <tr key={k}>
                <td><kbd>{key}</kbd>{where && <span style={{ color: 'var(--muted)', fontSize: 12 }}> {where}</span>}</td>
                <td>{v}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form method="dialog" style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <button
          type="button"
          onClick={() => {
            store.getState().setHelp(false);
            openTour();
          }}
        >
          Take the tour again
        </button>
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
