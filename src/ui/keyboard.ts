/** Presenter keys on the window. Nothing fires while typing in the editor or a form field. */
import type { AppStore } from '../store';

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return !!el.closest('.cm-editor, input, textarea, select, [contenteditable="true"]');
}

export function bindKeyboard(store: AppStore): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
    const s = store.getState();
    if (s.helpOpen && e.key !== 'Escape') return;
    const act: Record<string, () => void> = {
      ArrowLeft: () => s.step(-1),
      ArrowRight: () => s.step(1),
      ' ': () => s.togglePlay(),
      Home: () => s.toStart(),
      End: () => s.toEnd(),
      '?': () => s.setHelp(true),
      h: () => s.setHelp(true),
      f: () => s.requestFit(),
      Escape: () => (s.helpOpen ? s.setHelp(false) : s.select(null)),
    };
    const fn = act[e.key];
    if (!fn) return;
    // Space on a focused button would click it too: one action only.
    e.preventDefault();
    fn();
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
