/**
 * Never lose work: the scenario is saved locally as it is edited (debounced, and at once when
 * the page is hidden); when a load (a link, a file, the library) replaces text that was the
 * user's own, that text is kept and a notice offers to bring it back. Storage full or
 * unavailable is said once, and the work stays on screen.
 */
import type { AppStore } from '../../store';
import { canonicalDesign } from '../../core';
import { writeSaved, type Draft, type Saved } from './saved';

const SAVE_DELAY_MS = 300;

export interface Autosave {
  /** Keeps a draft (the one a link replaced at start-up) and offers it back. */
  keep(d: Draft): void;
  /** Runs fn without keeping what it replaces (the user chose to discard it). */
  discarding(fn: () => void): void;
  /** Writes now. */
  flush(): void;
  stop(): void;
}

export const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function bindAutosave(store: AppStore, isWork: (text: string) => boolean, initial: Saved | null): Autosave {
  let saved: Saved = initial ?? { v: 1, current: null, kept: null };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let discard = false;
  const reported = new Set<string>();

  const write = () => {
    clearTimeout(timer);
    timer = undefined;
    const s = store.getState();
    saved = { ...saved, current: { text: s.text, design: s.design, savedAt: Date.now() } };
    const r = writeSaved(saved);
    if (r.ok) {
      reported.clear();
      return;
    }
    if (reported.has(r.reason)) return;
    reported.add(r.reason);
    store.getState().notify({
      kind: 'error',
      topic: 'storage',
      text:
        r.reason === 'full'
          ? "Autosave stopped: this browser's storage for the playground is full. Your scenario is still here; keep it with File ▸ Save .scn or a link."
          : 'Autosave is off: this browser does not let the playground store data. Your scenario is still here; keep it with File ▸ Save .scn or a link.',
    });
  };

  const offer = (d: Draft) => {
    store.getState().notify({
      kind: 'info',
      topic: 'kept',
      text: `The scenario you had before (${d.text.split('\n').length} lines, ${time(d.savedAt)}) was kept.`,
      actions: [{ label: 'Bring it back', run: () => restoreKept() }],
    });
  };

  const keep = (d: Draft) => {
    saved = { ...saved, kept: d };
    write();
    offer(d);
  };

  const restoreKept = () => {
    const k = saved.kept;
    if (!k) return;
    // The text it replaces is kept in turn (see the subscription): nothing is lost either way.
    store.getState().load(k.text, canonicalDesign(k.design));
  };

  const unsub = store.subscribe((s, p) => {
    if (s.text === p.text && s.design === p.design) return;
    if (s.textVersion !== p.textVersion && !discard && isWork(p.text) && !s.text.startsWith(p.text)) {
      keep({ text: p.text, design: p.design, savedAt: Date.now() });
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(write, SAVE_DELAY_MS);
  });
  const onHide = () => {
    if (timer !== undefined || document.visibilityState === 'hidden') write();
  };
  window.addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onHide);

  return {
    keep,
    discarding: (fn) => {
      discard = true;
      try {
        fn();
      } finally {
        discard = false;
      }
      write();
    },
    flush: write,
    stop: () => {
      unsub();
      clearTimeout(timer);
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onHide);
    },
  };
}
