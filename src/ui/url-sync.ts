/**
 * Keeps the URL hash and the store in step: text and design go into the hash (replaceState
 * while typing, pushState on a load or a design change, so Back returns to the previous
 * scenario); a hash change (Back, a pasted link) loads what it holds. While a long run is under
 * way the hash waits for its result, so one load is one history entry.
 */
import type { AppState, AppStore } from '../store';
import { decodeHash, encodeHash } from '../share/hash';
import { canonicalDesign } from '../core';

/**
 * Above this many characters the address bar stops mirroring the text (it shows the page
 * without a hash): writing a 250 KB hash costs the browser over 100 ms per keystroke. The work
 * is autosaved all the same, and Link makes a compact link of any size.
 */
export const LIVE_HASH_MAX_CHARS = 20_000;

/** Runs fn with the hash updates it causes replacing the current history entry (a link opened in place). */
export type Replacing = (fn: () => void) => void;

/** `openLink` (src/ui/share) may take a navigated-to hash over (v1 links, size limits); it returns true then. */
export function bindUrl(store: AppStore, openLink?: (replacing: Replacing) => (hash: string) => boolean): () => void {
  let last = location.hash;
  // What the hash was last written from, and whether the next write replaces (both per binding).
  let written: Pick<AppState, 'text' | 'design' | 'textVersion'> = store.getState();
  let replaceNext = false;
  const replacing: Replacing = (fn) => {
    replaceNext = true;
    try {
      fn();
    } finally {
      // A long run finishes later: the flag then holds until its result is written.
      if (!store.getState().running) replaceNext = false;
    }
  };
  const open = openLink?.(replacing);
  const fromHash = () => {
    if (location.hash === last) return;
    last = location.hash;
    if (open?.(location.hash)) return;
    const h = decodeHash(location.hash);
    if (h.text === null) return;
    // A variant in the hash (`design=driver-map+present-check=off`) opens as that variant.
    store.getState().load(h.text, canonicalDesign(h.design));
  };
  const unsub = store.subscribe((s) => {
    if (s.running) return;
    if (s.text === written.text && s.design === written.design) return;
    const push = !replaceNext && (s.textVersion !== written.textVersion || s.design !== written.design);
    written = s;
    replaceNext = false;
    const hash = s.text.length > LIVE_HASH_MAX_CHARS ? '' : encodeHash({ text: s.text, design: s.design });
    if (hash === location.hash) return;
    if (!hash) {
      // The page's own address without a hash (an empty string would keep the old one).
      history[push ? 'pushState' : 'replaceState'](null, '', location.pathname + location.search);
      last = location.hash;
      return;
    }
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
