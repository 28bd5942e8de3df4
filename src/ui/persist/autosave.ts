/**
 * Never lose work.
 *   - Saved on every change, synchronously: the editor hands its own text over on each change
 *     (live.ts), a load is saved when the store has it, and leaving the page saves the editor's
 *     document. Nothing waits on a timer.
 *   - A run under way is marked (RUNNING_KEY) until its result is painted: a page that died
 *     running a text does not run it again on the next visit (boot.ts).
 *   - A load that replaces the user's own text keeps it in a history (KEPT_MAX texts, newest
 *     first) and offers it back.
 *   - Another tab saving a different text is said, with Load theirs / Keep mine; before this
 *     tab overwrites the other's save, that text goes into the history.
 *   - localStorage full: the same records go to IndexedDB; if that fails too, a notice offers
 *     the text as a file. Unavailable storage is said once; the work stays on screen.
 */
import type { AppStore } from '../../store';
import { canonicalDesign } from '../../core';
import { addKept, AUTOSAVE_KEY, KEPT_KEY, parseKept, parseSaved, RUNNING_KEY, serializeKept, serializeSaved, type Draft } from './saved';
import { readItem, removeItem, writeItem } from './storage';
import { idbPut } from './idb';
import { editorDoc, onEditorChange } from './live';
import { afterNextPaint } from '../after-paint';
import { saveScn } from '../share/actions';

export interface Autosave {
  /** Keeps a text in the history and offers it back. */
  keep(d: Draft): void;
  /** Runs fn without keeping what it replaces (the user chose to discard it). */
  discarding(fn: () => void): void;
  /** Writes now (the editor's text). */
  flush(): void;
  /** The kept texts, newest first. */
  history(): readonly Draft[];
  /** Opens a kept text (what it replaces is kept in turn). */
  restore(d: Draft): void;
  /** Notes that a run is about to start (cleared once a result is painted). */
  markRunning(): void;
  stop(): void;
}

/** Up to this length every editor change is written at once; above it, after LONG_SAVE_DELAY_MS. */
export const SYNC_SAVE_MAX_CHARS = 64 * 1024;
const LONG_SAVE_DELAY_MS = 250;
/** A pause in typing: longer than the gap between a typist's keys (100 ms at 120 words a minute). */
const CLEAR_AFTER_PAUSE_MS = 400;

export const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const lines = (t: string) => t.split('\n').length;

/** A random id per page load: tells this tab's saves from another's. */
export const TAB = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;

let active: Autosave | null = null;
/** The running page's autosave (for the File menu's history). */
export const activeAutosave = (): Autosave | null => active;

export function bindAutosave(store: AppStore, isWork: (text: string) => boolean, initialKept: readonly Draft[]): Autosave {
  let kept: Draft[] = [...initialKept];
  let written: { text: string; design: string } | null = null;
  /** Another tab's save this tab has not yet kept (it goes into the history before we overwrite it). */
  let foreign: Draft | null = null;
  let discard = false;
  let marked = false;
  /** Keys whose newest copy is in IndexedDB (localStorage was full). */
  const onIdb = new Set<string>();
  const reported = new Set<string>();

  const report = (key: string, n: Parameters<ReturnType<AppStore['getState']>['notify']>[0]) => {
    if (reported.has(key)) return;
    reported.add(key);
    store.getState().notify(n);
  };
  const saveToFile = { label: 'Save to file', run: () => saveScn(store) };

  /** localStorage, else (full) IndexedDB, else a notice offering a file. */
  const put = (key: string, raw: string) => {
    const r = writeItem(key, raw);
    if (r.ok) {
      reported.clear();
      return;
    }
    if (r.reason === 'unavailable') {
      report('unavailable', {
        kind: 'error',
        topic: 'storage',
        text: 'Autosave is off: this browser does not let the playground store data. Your scenario is still here; keep it with Save to file or a link.',
        actions: [saveToFile],
      });
      return;
    }
    if (!onIdb.has(key)) removeItem(key); // frees room; start-up takes the newer copy anyway
    onIdb.add(key);
    void idbPut(key, raw).then((ok) => {
      if (ok)
        report('idb', { kind: 'info', topic: 'storage', text: "This browser's local storage is full, so autosave now writes to IndexedDB. Every edit is still saved." });
      else
        report('full', {
          kind: 'error',
          topic: 'storage',
          text: "Autosave stopped: this browser's storage for the playground is full. Your scenario is still here; save it to a file (or make a link).",
          actions: [saveToFile],
        });
    });
  };

  const writeKept = () => put(KEPT_KEY, serializeKept(kept));
  const pushKept = (d: Draft, sameTabReplaces = false) => {
    // Another tab may have kept texts meanwhile: merge, never overwrite its list.
    const stored = readItem(KEPT_KEY);
    const merged = stored.ok ? parseKept(stored.value).reduceRight((l, x) => addKept(l, x), kept) : kept;
    kept = addKept(merged.sort((a, b) => b.savedAt - a.savedAt), d, sameTabReplaces);
    writeKept();
  };

  const save = (text: string, design: string) => {
    if (written && written.text === text && written.design === design) return;
    if (foreign && foreign.text !== text) pushKept(foreign, true);
    foreign = null;
    written = { text, design };
    put(AUTOSAVE_KEY, serializeSaved({ text, design, savedAt: Date.now(), tab: TAB }));
  };

  const markRunning = () => {
    if (marked) return;
    marked = writeItem(RUNNING_KEY, JSON.stringify({ since: Date.now(), tab: TAB })).ok;
  };
  const clearMark = () => {
    if (!marked) return;
    removeItem(RUNNING_KEY);
    marked = false;
  };
  let clearing = false;
  /** Once the result is painted (a frame, then a task) and nothing newer is pending. */
  const clearWhenPainted = () => {
    if (clearing || !marked) return;
    clearing = true;
    afterNextPaint(() => {
      clearing = false;
      const s = store.getState();
      if (!s.running && (editorDoc() ?? s.text) === s.text) clearMark();
    });
  };

  const offer = (d: Draft) => {
    store.getState().notify({
      kind: 'info',
      topic: 'kept',
      text: `The scenario you had before (${lines(d.text)} lines, ${time(d.savedAt)}) was kept (File ▸ Kept scenarios).`,
      actions: [{ label: 'Bring it back', run: () => restore(d) }],
    });
  };
  const keep = (d: Draft) => {
    pushKept(d);
    offer(d);
  };
  const restore = (d: Draft) => {
    markRunning();
    // The text it replaces is kept in turn (see the subscription): nothing is lost either way.
    store.getState().load(d.text, canonicalDesign(d.design));
  };

  /** A long editor text's save waiting for a pause (LONG_SAVE_DELAY_MS). */
  let later: ReturnType<typeof setTimeout> | undefined;
  /** The mark's check after a pause in typing (CLEAR_AFTER_PAUSE_MS), re-armed by each edit. */
  let clearLater: ReturnType<typeof setTimeout> | undefined;
  const unsub = store.subscribe((s, p) => {
    if (s.running && !p.running) markRunning();
    if (s.text !== p.text || s.design !== p.design) {
      if (s.textVersion !== p.textVersion && !discard && isWork(p.text) && !s.text.startsWith(p.text)) {
        keep({ text: p.text, design: p.design, savedAt: Date.now(), tab: TAB });
      }
      // A load or a design change: saved now, and its run is under way until painted.
      if (s.textVersion !== p.textVersion) markRunning();
      // The store catching up with a long text the editor already has: the editor's own
      // change scheduled that save (below); writing 100 KB here too would put a localStorage
      // write on the keystroke path of every edit.
      const editorSavesIt = s.textVersion === p.textVersion && s.design === p.design && s.text.length > SYNC_SAVE_MAX_CHARS && later !== undefined;
      if (!editorSavesIt) save(s.text, s.design);
    }
    if (!s.running && (s.runs !== p.runs || s.running !== p.running || s.text !== p.text)) clearWhenPainted();
  });

  const saveEditor = () => {
    clearTimeout(later);
    later = undefined;
    save(editorDoc() ?? store.getState().text, store.getState().design);
  };
  onEditorChange((d) => {
    // The store gets the text (and runs it) a few ms later: marked and saved now. A very long
    // text is saved after a short pause instead (one localStorage write of 250 KB can take
    // 15 ms on a loaded machine); leaving the page saves it at once all the same.
    markRunning();
    if (d.length() <= SYNC_SAVE_MAX_CHARS) saveEditor();
    else {
      clearTimeout(later);
      later = setTimeout(saveEditor, LONG_SAVE_DELAY_MS);
    }
    // An edit that starts no run (the text typed back to what the store has) must clear the
    // mark too. One timer re-armed by each edit, not one per edit: each such check asks for a
    // frame (afterNextPaint), and 100 ms after every key that was a frame in the middle of the
    // next keys (docs/performance.md, typing round nine).
    clearTimeout(clearLater);
    clearLater = setTimeout(clearWhenPainted, CLEAR_AFTER_PAUSE_MS);
  });

  const onLeave = () => {
    saveEditor();
    // The page is alive enough to leave: an edit not yet run is not a run that killed it.
    if (!store.getState().running) clearMark();
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') saveEditor();
  };

  const onStorage = (e: StorageEvent) => {
    if (e.key === KEPT_KEY) {
      kept = parseKept(e.newValue).reduceRight((l, x) => addKept(l, x), kept).sort((a, b) => b.savedAt - a.savedAt);
      return;
    }
    if (e.key !== AUTOSAVE_KEY || !e.newValue) return;
    const r = parseSaved(e.newValue);
    const theirs = r.ok ? r.saved.current : null;
    if (!theirs || theirs.tab === TAB) return;
    const mine = editorDoc() ?? store.getState().text;
    if (theirs.text === mine) {
      // The same text: nothing to choose any more.
      foreign = null;
      written = { text: theirs.text, design: theirs.design };
      store.getState().dismiss('other-tab');
      return;
    }
    foreign = theirs;
    store.getState().notify({
      kind: 'info',
      topic: 'other-tab',
      text: `Another tab saved a different scenario (${lines(theirs.text)} lines, ${time(theirs.savedAt)}). Neither is lost: the one you replace goes to File ▸ Kept scenarios.`,
      actions: [
        { label: 'Load theirs', run: () => store.getState().load(theirs.text, canonicalDesign(theirs.design)) },
        {
          label: 'Keep mine',
          run: () => {
            written = null;
            save(editorDoc() ?? store.getState().text, store.getState().design);
          },
        },
      ],
    });
  };

  window.addEventListener('pagehide', onLeave);
  window.addEventListener('beforeunload', onLeave);
  document.addEventListener('visibilitychange', onHidden);
  window.addEventListener('storage', onStorage);

  const auto: Autosave = {
    keep,
    discarding: (fn) => {
      discard = true;
      try {
        fn();
      } finally {
        discard = false;
      }
    },
    flush: saveEditor,
    history: () => kept,
    restore,
    markRunning,
    stop: () => {
      unsub();
      clearTimeout(later);
      clearTimeout(clearLater);
      onEditorChange(null);
      window.removeEventListener('pagehide', onLeave);
      window.removeEventListener('beforeunload', onLeave);
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('storage', onStorage);
      if (active === auto) active = null;
    },
  };
  active = auto;
  return auto;
}
