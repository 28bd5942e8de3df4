/**
 * Keeps the URL hash and the store in step: text and design go into the hash (replaceState
 * while typing, pushState on a load or a design change, so Back returns to the previous
 * scenario); a hash change (Back, a pasted link) loads what it holds.
 */
import type { AppStore } from '../store';
import { decodeHash, encodeHash } from '../share/hash';
import type { DesignId } from '../core';

let replacing = false;
/** Runs fn with the hash updates it causes replacing the current history entry (a link opened in place). */
export function replacingHistory(fn: () => void): void {
  replacing = true;
  try {
    fn();
  } finally {
    replacing = false;
  }
}

/** `openLink` (src/ui/share) may take a navigated-to hash over (v1 links, size limits); it returns true then. */
export function bindUrl(store: AppStore, openLink?: (hash: string) => boolean): () => void {
  let last = location.hash;
  const fromHash = () => {
    if (location.hash === last) return;
    last = location.hash;
    if (openLink?.(location.hash)) return;
    const h = decodeHash(location.hash);
    if (h.text === null) return;
    const ids = store.getState().engine.designIds as readonly string[];
    store.getState().load(h.text, h.design && ids.includes(h.design) ? (h.design as DesignId) : null);
  };
  const unsub = store.subscribe((s, p) => {
    if (s.text === p.text && s.design === p.design) return;
    const hash = encodeHash({ text: s.text, design: s.design });
    if (hash === location.hash) return;
    const push = !replacing && (s.textVersion !== p.textVersion || s.design !== p.design);
    if (push) history.pushState(null, '', hash);
    else history.replaceState(null, '', hash);
    last = location.hash;
  });
  window.addEventListener('hashchange', fromHash);
  window.addEventListener('popstate', fromHash);
  return () => {
    unsub();
    window.removeEventListener('hashchange', fromHash);
    window.removeEventListener('popstate', fromHash);
  };
}
