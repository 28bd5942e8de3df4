/** Entering and leaving the presenter view (its on/off is the store's `presenting`). */
import type { AppStore } from '../../store';

const fitSoon = (store: AppStore) => requestAnimationFrame(() => requestAnimationFrame(() => store.getState().requestFit()));

export function enterPresenter(store: AppStore): void {
  const s = store.getState();
  if (s.presenting) return;
  s.pause();
  s.setHelp(false);
  (document.activeElement as HTMLElement | null)?.blur?.();
  document.documentElement.dataset.presenting = 'true';
  s.setPresenting(true);
  // Full screen needs a user gesture (the button or the key is one); without it we stay windowed.
  document.documentElement.requestFullscreen?.().catch(() => undefined);
  fitSoon(store);
}

export function exitPresenter(store: AppStore): void {
  if (!store.getState().presenting) return;
  delete document.documentElement.dataset.presenting;
  store.getState().setPresenting(false);
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
  fitSoon(store);
}
