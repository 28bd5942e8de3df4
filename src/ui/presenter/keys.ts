/**
 * The presenter's clicker keys, shared by the playground's presenter and Compare's. Pacing is
 * deterministic: one press is exactly one move (held keys do not repeat). The keys are taken
 * before the app's own (capture, then stopped: keyboard.ts skips prevented events). Leaving
 * full screen leaves the presenter.
 */
import { useEffect } from 'react';
import type { AppStore } from '../../store';
import { exitPresenter } from './state';

const NEXT = new Set(['ArrowRight', 'PageDown', ' ', 'ArrowDown']);
const PREV = new Set(['ArrowLeft', 'PageUp', 'ArrowUp']);

export interface PresenterMoves {
  next(): void;
  prev(): void;
  home(): void;
  end(): void;
  /** Full screen was entered (the view may refit). */
  fullscreen?(): void;
}

/** Binds the keys while `on`; `moves` should be stable (memoised), as it rebinds them. */
export function usePresenterKeys(on: boolean, store: AppStore, moves: PresenterMoves): void {
  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      let handled = true;
      if (NEXT.has(e.key)) {
        if (!e.repeat) moves.next();
      } else if (PREV.has(e.key)) {
        if (!e.repeat) moves.prev();
      } else if (e.key === 'Home') moves.home();
      else if (e.key === 'End') moves.end();
      else if (e.key === 'Escape') exitPresenter(store);
      else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    const onFs = () => {
      if (!document.fullscreenElement) exitPresenter(store);
      else moves.fullscreen?.();
    };
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('fullscreenchange', onFs);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('fullscreenchange', onFs);
    };
  }, [on, store, moves]);
}
