/**
 * Window-level inputs of sharing: Ctrl/Cmd+S copies a share link and Ctrl/Cmd+O opens a file
 * (also from inside the editor), P starts presenting, and files dropped anywhere open.
 */
import type { AppStore } from '../../store';
import { isTyping } from '../keyboard';
import { enterPresenter } from '../presenter/state';
import { presentable } from '../compare/present';
import { openScenarioFile, shareLink } from './actions';
import { pickFile } from './pick';

export function bindShareInputs(store: AppStore): () => void {
  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && !e.shiftKey && (e.key === 's' || e.key === 'S')) {
      e.preventDefault();
      void shareLink(store);
    } else if (mod && !e.altKey && !e.shiftKey && (e.key === 'o' || e.key === 'O')) {
      e.preventDefault();
      pickFile(store, openScenarioFile);
    } else if ((e.key === 'p' || e.key === 'P') && !mod && !e.altKey && !isTyping(e.target) && !store.getState().presenting && !store.getState().helpOpen && presentable(store.getState()).ok) {
      e.preventDefault();
      enterPresenter(store);
    }
  };

  let overlay: HTMLDivElement | null = null;
  let depth = 0;
  const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
  const hide = () => {
    depth = 0;
    overlay?.remove();
    overlay = null;
  };
  const onEnter = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    if (!overlay) {
      overlay = document.createElement('div');
      overlay.className = 'drop-overlay';
      overlay.textContent = 'Drop a .scn file or an image exported by the playground to open it';
      document.body.append(overlay);
    }
  };
  const onOver = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer!.dropEffect = 'copy';
  };
  const onLeave = (e: DragEvent) => {
    if (hasFiles(e) && --depth <= 0) hide();
  };
  const onDrop = (e: DragEvent) => {
    const f = e.dataTransfer?.files?.[0];
    hide();
    if (!f) return;
    // Files only: text dragged into the editor stays CodeMirror's business.
    e.preventDefault();
    e.stopPropagation();
    void openScenarioFile(store, f);
  };
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('dragenter', onEnter);
  window.addEventListener('dragover', onOver);
  window.addEventListener('dragleave', onLeave);
  window.addEventListener('drop', onDrop, true);
  return () => {
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('dragenter', onEnter);
    window.removeEventListener('dragover', onOver);
    window.removeEventListener('dragleave', onLeave);
    window.removeEventListener('drop', onDrop, true);
    hide();
  };
}
