/** Whether the presenter view is on; entering pauses playback and goes full screen. */
import { createStore } from 'zustand/vanilla';
import type { AppStore } from '../../store';

export const presenter = createStore<{ on: boolean }>()(() => ({ on: false }));

const fitSoon = (store: AppStore) => requestAnimationFrame(() => requestAnimationFrame(() => store.getState().requestFit()));

export function enterPresenter(store: AppStore): void {
  if (presenter.getState().on) return;
  const s = store.getState();
  s.pause();
  s.setHelp(false);
  (document.activeElement as HTMLElement | null)?.blur?.();
  document.documentElement.dataset.presenting = 'true';
  presenter.setState({ on: true });
  // Full screen needs a user gesture (the button or the key is one); without it we stay windowed.
  document.documentElement.requestFullscreen?.().catch(() => undefined);
  fitSoon(store);
}

export function exitPresenter(store: AppStore): void {
  if (!presenter.getState().on) return;
  delete document.documentElement.dataset.presenting;
  presenter.setState({ on: false });
  if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
  fitSoon(store);
}
