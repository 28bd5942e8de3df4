/**
 * Start-up: what to open first, and the messages about it.
 *   - a link in the address (v1 or the old #text= form) opens; if the scenario saved from the
 *     last visit is different work, it is kept in the history and offered back (keep both);
 *   - a link that does not decode says why, and the saved work (or the library) opens instead;
 *   - no link: the saved scenario is restored, with the choice to discard it;
 *   - the last run of that text did not finish (the page died or was closed while it ran): the
 *     text is shown but not run, and a notice offers Run anyway;
 *   - a corrupt saved state or unavailable storage is said once; the page still starts.
 * The newer of localStorage's and IndexedDB's copies wins (IndexedDB holds them when
 * localStorage was full).
 */
import { canonicalDesign, type DesignId } from '../../core';
import type { AppStore } from '../../store';
import { encodeHash } from '../../share/hash';
import { decodeShare, isShareHash } from '../../share/codec';
import { loadShared } from '../share/actions';
import { bindAutosave, time, type Autosave } from './autosave';
import { idbGet, within } from './idb';
import { readItem } from './storage';
import { addKept, AUTOSAVE_KEY, KEPT_KEY, parseKept, parseSaved, readSaved, RUNNING_KEY, setAsideCorrupt, type Draft } from './saved';

/** Puts a text in the editor without running it (the store's fields a load would set, no run). */
export function showWithoutRunning(store: AppStore, text: string, design: DesignId): void {
  store.setState((s) => ({ text, design, designs: [design], runs: {}, lastGood: null, script: null, stale: false, running: false, errors: [], cursor: 0, playing: false, textVersion: s.textVersion + 1 }));
}

async function fromIdb(): Promise<{ current: Draft | null; kept: Draft[] }> {
  const [a, k] = await within(Promise.all([idbGet(AUTOSAVE_KEY), idbGet(KEPT_KEY)]), 3000, [null, null] as (string | null)[]);
  const p = a ? parseSaved(a) : null;
  return { current: p?.ok ? p.saved.current : null, kept: parseKept(k) };
}

export async function boot(store: AppStore, library: readonly { readonly text: string }[]): Promise<Autosave> {
  const fallback = library[0]?.text ?? '';
  const isWork = (t: string) => t.trim() !== '' && !library.some((e) => e.text === t);
  const designOf = (d: string | null) => canonicalDesign(d);

  let current: Draft | null = null;
  let kept: Draft[] = [];
  const r = readSaved();
  if (r.kind === 'ok') {
    current = r.saved.current;
    if (r.saved.legacyKept) kept = addKept(kept, r.saved.legacyKept);
  } else if (r.kind === 'corrupt') {
    setAsideCorrupt(r.raw);
    store.getState().notify({ kind: 'error', topic: 'corrupt-save', text: `The scenario saved in this browser could not be read (${r.why}); it was set aside and autosave starts afresh.` });
  } else if (r.kind === 'unavailable') {
    store.getState().notify({ kind: 'error', topic: 'storage', text: 'Autosave is off: this browser does not let the playground store data. Keep your work with File ▸ Save .scn or a link.' });
  }
  const k = readItem(KEPT_KEY);
  for (const d of [...(k.ok ? parseKept(k.value) : []), ...kept].reverse()) kept = addKept(kept, d);
  if (r.kind !== 'unavailable') {
    const idb = await fromIdb();
    if (idb.current && (!current || idb.current.savedAt > current.savedAt)) current = idb.current;
    for (const d of [...idb.kept].reverse()) kept = addKept(kept, d);
    kept.sort((a, b) => b.savedAt - a.savedAt);
  }
  const running = readItem(RUNNING_KEY);
  const unfinished = running.ok && running.value !== null;

  const auto = bindAutosave(store, isWork, kept);
  const hold = (text: string, design: string) => {
    const d = designOf(design) ?? store.getState().design;
    showWithoutRunning(store, text, d);
    store.getState().notify({
      kind: 'error',
      topic: 'unfinished',
      text: `This scenario (${text.split('\n').length} lines) did not finish running last time: the page was closed or stopped while it ran. It is shown but not run.`,
      actions: [
        {
          label: 'Run anyway',
          run: () => {
            auto.markRunning();
            store.getState().load(store.getState().text, store.getState().design);
          },
        },
      ],
    });
  };

  let opened = false;
  let keep: Draft | null = null;
  if (isShareHash(location.hash)) {
    const link = await decodeShare(location.hash);
    if (link.ok) {
      opened = true;
      if (unfinished && current && current.text === link.state.text) hold(current.text, current.design);
      else {
        auto.markRunning();
        loadShared(store, link.state);
      }
      if (current && isWork(current.text) && current.text !== link.state.text) keep = current;
    } else if (link.reason !== 'none') {
      store.getState().notify({ kind: 'error', topic: 'link', text: `${link.message} ${current ? 'Your saved scenario opened instead.' : 'The library scenario opened instead.'}` });
    }
  }
  let restored = false;
  if (!opened) {
    if (current && unfinished) hold(current.text, current.design);
    else if (current) {
      auto.markRunning();
      store.getState().load(current.text, designOf(current.design));
      restored = isWork(current.text);
    } else store.getState().load(fallback);
  }
  const s = store.getState();
  history.replaceState(null, '', encodeHash({ text: s.text, design: s.design }));

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
