// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from '../../../src/store';
import { boot } from '../../../src/ui/persist/boot';
import { SYNC_SAVE_MAX_CHARS, TAB, type Autosave } from '../../../src/ui/persist/autosave';
import { editorChanged, registerEditorDoc } from '../../../src/ui/persist/live';
import { addKept, AUTOSAVE_KEY, KEPT_KEY, KEPT_MAX, parseKept, parseSaved, RUNNING_KEY, type Draft } from '../../../src/ui/persist/saved';
import { fakeEngine } from '../../store/fake-engine';

const LIBRARY = [{ text: 'pci LIB\n' }];
const MINE = '# mine\npci P1\na()\n';
let auto: Autosave | null = null;

beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', '/');
});
afterEach(() => {
  auto?.stop();
  auto = null;
  registerEditorDoc(null);
  vi.restoreAllMocks();
});

const saved = () => parseSaved(localStorage.getItem(AUTOSAVE_KEY) ?? 'null');
const savedText = () => {
  const p = saved();
  return p.ok ? p.saved.current?.text : undefined;
};
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 5)));
const seed = (text: string, unfinished: boolean) => {
  localStorage.setItem(AUTOSAVE_KEY, JSON.stringify({ v: 2, current: { text, design: 'upstream-5.8', savedAt: 1000 } }));
  if (unfinished) localStorage.setItem(RUNNING_KEY, JSON.stringify({ since: 1000 }));
};
async function start(): Promise<{ store: AppStore; engine: ReturnType<typeof fakeEngine> }> {
  const engine = fakeEngine();
  const store = createAppStore(engine);
  auto = await boot(store, LIBRARY);
  return { store, engine };
}
const notice = (store: AppStore, topic: string) => store.getState().notices.find((n) => n.topic === topic);

describe('a text whose last run did not finish', () => {
  it('is shown but not run, with a notice; Run anyway runs it and the mark clears once painted', async () => {
    seed(MINE, true);
    const { store, engine } = await start();
    expect(store.getState().text).toBe(MINE);
    expect(engine.runs).toBe(0);
    expect(store.getState().runs).toEqual({});
    const n = notice(store, 'unfinished');
    expect(n?.text).toMatch(/did not finish running last time/);
    n!.actions!.find((a) => a.label === 'Run anyway')!.run();
    expect(engine.runs).toBeGreaterThan(0);
    expect(localStorage.getItem(RUNNING_KEY)).not.toBeNull();
    await painted();
    expect(localStorage.getItem(RUNNING_KEY)).toBeNull();
  });

  it('a finished one runs on the next visit; the mark is set while it runs and cleared after', async () => {
    seed(MINE, false);
    const { store, engine } = await start();
    expect(engine.runs).toBeGreaterThan(0);
    expect(notice(store, 'unfinished')).toBeUndefined();
    expect(notice(store, 'restored')).toBeDefined();
    expect(localStorage.getItem(RUNNING_KEY)).not.toBeNull();
    await painted();
    expect(localStorage.getItem(RUNNING_KEY)).toBeNull();
  });

  it('a link to the same text that did not finish is not run either', async () => {
    seed(MINE, true);
    history.replaceState(null, '', `/#text=${encodeURIComponent(MINE)}`);
    const { store, engine } = await start();
    expect(engine.runs).toBe(0);
    expect(notice(store, 'unfinished')).toBeDefined();
  });
});

describe('save on every change', () => {
  it("the editor's text is saved when it changes, before the store has it; leaving saves the editor's text", async () => {
    seed(MINE, false);
    const { store } = await start();
    let doc = `${MINE}b()\n`;
    registerEditorDoc({ text: () => doc, length: () => doc.length });
    editorChanged();
    expect(store.getState().text).toBe(MINE); // the store lags (35 ms in the app)
    expect(savedText()).toBe(doc);
    expect(localStorage.getItem(RUNNING_KEY)).not.toBeNull(); // a run of it follows
    doc = `${doc}c()\n`; // typed, no change event yet (the 10 ms before a reload)
    window.dispatchEvent(new Event('pagehide'));
    expect(savedText()).toBe(doc);
    expect(localStorage.getItem(RUNNING_KEY)).toBeNull(); // alive enough to leave: not a crash
  });

  it('a burst of edits asks for no frame until typing pauses; an edit that starts no run still clears the mark then', async () => {
    seed(MINE, false);
    const { store } = await start();
    await painted();
    expect(localStorage.getItem(RUNNING_KEY)).toBeNull();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const raf = vi.spyOn(window, 'requestAnimationFrame');
      // Typed and typed back: the editor's text ends as the store's, so no run will clear the mark.
      const docs = [`${MINE}a`, `${MINE}ab`, `${MINE}a`, MINE, `${MINE}x`, MINE, `${MINE}y`, `${MINE}yz`, `${MINE}y`, MINE];
      for (const d of docs) {
        registerEditorDoc({ text: () => d, length: () => d.length });
        editorChanged();
        vi.advanceTimersByTime(60); // keys 60 ms apart
      }
      expect(localStorage.getItem(RUNNING_KEY)).not.toBeNull();
      // Each key used to ask for a frame 100 ms later, in the middle of the next keys.
      expect(raf).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1000);
      expect(raf).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
    await painted();
    expect(store.getState().text).toBe(MINE);
    expect(localStorage.getItem(RUNNING_KEY)).toBeNull();
  });

  it('a long text typed in the editor is written once after the pause, not again when the store catches up', async () => {
    const { store } = await start();
    const long = `${MINE}#${'x'.repeat(SYNC_SAVE_MAX_CHARS)}\n`;
    let doc = long;
    registerEditorDoc({ text: () => doc, length: () => doc.length });
    const before = savedText();
    editorChanged();
    store.getState().edit(doc); // the editor hands its text over (35 ms later in the app)
    expect(store.getState().text).toBe(long);
    expect(savedText()).toBe(before); // not written on the edit's path
    doc = `${doc}a()\n`;
    editorChanged();
    await new Promise((r) => setTimeout(r, 400));
    expect(savedText()).toBe(doc);
    // A load of a long text is still saved at once.
    store.getState().load(`${long}# loaded\n`);
    expect(savedText()).toBe(`${long}# loaded\n`);
  });

  it('a load is saved at once (no timer)', async () => {
    const { store } = await start();
    store.getState().load('pci NEW\n');
    expect(savedText()).toBe('pci NEW\n');
  });
});

describe('the history of kept texts', () => {
  it('keeps every text loads replaced, newest first, up to KEPT_MAX (≥ 10)', async () => {
    seed(MINE, false);
    const { store } = await start();
    for (let i = 0; i < 15; i++) store.getState().load(`# link ${i}\npci L${i}\n`);
    const list = auto!.history();
    expect(KEPT_MAX).toBeGreaterThanOrEqual(10);
    expect(list).toHaveLength(KEPT_MAX);
    expect(list[0].text).toBe('# link 13\npci L13\n');
    expect(list.map((d) => d.text)).not.toContain(MINE); // the oldest fell off after 12
    expect(parseKept(localStorage.getItem(KEPT_KEY))).toHaveLength(KEPT_MAX);
  });

  it('two opened links do not lose the older work (the single slot did)', async () => {
    seed(MINE, false);
    const { store } = await start();
    store.getState().load('# A\npci A\n');
    store.getState().load('# B\npci B\n');
    expect(auto!.history().map((d) => d.text)).toEqual(['# A\npci A\n', MINE]);
    auto!.restore(auto!.history()[1]);
    expect(store.getState().text).toBe(MINE);
    expect(auto!.history()[0].text).toBe('# B\npci B\n');
  });

  it("a v1 record's kept text joins the history", async () => {
    localStorage.setItem(AUTOSAVE_KEY, JSON.stringify({ v: 1, current: { text: MINE, design: 'upstream-5.8', savedAt: 2 }, kept: { text: '# old\npci O\n', design: 'upstream-5.8', savedAt: 1 } }));
    await start();
    expect(auto!.history().map((d) => d.text)).toEqual(['# old\npci O\n']);
  });

  it('addKept: no duplicates; another tab typing is one entry', () => {
    const d = (text: string, tab?: string): Draft => ({ text, design: 'x', savedAt: 1, ...(tab ? { tab } : {}) });
    let l = addKept([], d('a', 't1'));
    l = addKept(l, d('b', 't1'));
    expect(l.map((x) => x.text)).toEqual(['b', 'a']);
    l = addKept(l, d('a'));
    expect(l.map((x) => x.text)).toEqual(['a', 'b']);
    l = addKept(l, d('c', 'other'), true);
    l = addKept(l, d('cd', 'other'), true);
    expect(l.map((x) => x.text)).toEqual(['cd', 'a', 'b']);
  });
});

describe('two tabs', () => {
  it("another tab's save is said; Keep mine keeps theirs in the history before overwriting it", async () => {
    seed(MINE, false);
    const { store } = await start();
    const theirs = JSON.stringify({ v: 2, current: { text: '# theirs\npci T\n', design: 'upstream-5.8', savedAt: 5, tab: 'other' } });
    localStorage.setItem(AUTOSAVE_KEY, theirs);
    window.dispatchEvent(new StorageEvent('storage', { key: AUTOSAVE_KEY, newValue: theirs }));
    const n = notice(store, 'other-tab');
    expect(n?.text).toMatch(/Another tab saved a different scenario/);
    n!.actions!.find((a) => a.label === 'Keep mine')!.run();
    expect(savedText()).toBe(MINE);
    expect(saved().ok && saved().ok ? (parseSaved(localStorage.getItem(AUTOSAVE_KEY)!) as { ok: true; saved: { current: Draft } }).saved.current.tab : '').toBe(TAB);
    expect(auto!.history()[0].text).toBe('# theirs\npci T\n');
  });

  it('Load theirs keeps mine in the history', async () => {
    seed(MINE, false);
    const { store } = await start();
    const theirs = JSON.stringify({ v: 2, current: { text: '# theirs\npci T\n', design: 'upstream-5.8', savedAt: 5, tab: 'other' } });
    window.dispatchEvent(new StorageEvent('storage', { key: AUTOSAVE_KEY, newValue: theirs }));
    notice(store, 'other-tab')!.actions!.find((a) => a.label === 'Load theirs')!.run();
    expect(store.getState().text).toBe('# theirs\npci T\n');
    expect(auto!.history()[0].text).toBe(MINE);
  });
});

describe('storage full', () => {
  it('without IndexedDB: a notice with Save to file; the text stays', async () => {
    seed(MINE, false);
    const { store } = await start();
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    store.getState().load('pci BIG\n');
    await vi.waitFor(() => expect(notice(store, 'storage')?.text).toMatch(/storage for the playground is full/));
    expect(notice(store, 'storage')!.actions!.map((a) => a.label)).toContain('Save to file');
    expect(store.getState().text).toBe('pci BIG\n');
  });
});
