/**
 * Start-up: what to open first, and the messages about it.
 *   - a link in the address (v1 or the old #text= form) opens; if the scenario saved from the
 *     last visit is different work, it is kept and offered back (keep both);
 *   - a link that does not decode says why, and the saved work (or the library) opens instead;
 *   - no link: the saved scenario is restored, with the choice to discard it;
 *   - a corrupt saved state or unavailable storage is said once; the page still starts.
 */
import { canonicalDesign } from '../../core';
import type { AppStore } from '../../store';
import { encodeHash } from '../../share/hash';
import { decodeShare, isShareHash } from '../../share/codec';
import { loadShared } from '../share/actions';
import { bindAutosave, time, type Autosave } from './autosave';
import { readSaved, setAsideCorrupt, type Saved } from './saved';

export async function boot(store: AppStore, library: readonly { readonly text: string }[]): Promise<Autosave> {
  const fallback = library[0]?.text ?? '';
  const isWork = (t: string) => t.trim() !== '' && !library.some((e) => e.text === t);
  const designOf = (d: string | null) => canonicalDesign(d);

  let saved: Saved | null = null;
  const r = readSaved();
  if (r.kind === 'ok') saved = r.saved;
  else if (r.kind === 'corrupt') {
    setAsideCorrupt(r.raw);
    store.getState().notify({ kind: 'error', topic: 'corrupt-save', text: `The scenario saved in this browser could not be read (${r.why}); it was set aside and autosave starts afresh.` });
  } else if (r.kind === 'unavailable') {
    store.getState().notify({ kind: 'error', topic: 'storage', text: 'Autosave is off: this browser does not let the playground store data. Keep your work with File ▸ Save .scn or a link.' });
  }

  const current = saved?.current ?? null;
  let opened = false;
  let keep = null as Saved['kept'];
  if (isShareHash(location.hash)) {
    const link = await decodeShare(location.hash);
    if (link.ok) {
      loadShared(store, link.state);
      opened = true;
      if (current && isWork(current.text) && current.text !== link.state.text) keep = current;
    } else if (link.reason !== 'none') {
      store.getState().notify({ kind: 'error', topic: 'link', text: `${link.message} ${current ? 'Your saved scenario opened instead.' : 'The library scenario opened instead.'}` });
    }
  }
  let restored = false;
  if (!opened) {
    if (current) {
      store.getState().load(current.text, designOf(current.design));
      restored = isWork(current.text);
    } else store.getState().load(fallback);
  }
  const s = store.getState();
  history.replaceState(null, '', encodeHash({ text: s.text, design: s.design }));

  const auto = bindAutosave(store, isWork, saved && { ...saved, kept: keep ?? saved.kept });
  if (keep) auto.keep(keep);
  if (restored && current) {
    store.getState().notify({
      kind: 'info',
      topic: 'restored',
      text: `Restored the scenario you were working on (saved at ${time(current.savedAt)}).`,
      actions: [{ label: 'Discard it', run: () => auto.discarding(() => store.getState().load(fallback)) }],
    });
  }
  return auto;
}
