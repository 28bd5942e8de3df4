/**
 * Runs the search in a Web Worker, outside any component, so switching views does not stop it.
 * Progress and the result go to the store (its `search` state, which also holds how to stop the
 * search); the found scenario is loaded into the editor and shown in the lock-step view.
 *
 * The Worker is started once and kept (it keeps the parallel search's expander Worker, whose
 * start is paid once). Stopping a search: where the Worker runs it on two threads, a `cancel`
 * message (the search stops before its next node and answers with where it stopped); on one thread the search cannot read messages, so
 * the Worker is terminated and the next search starts a new one.
 *
 * The Worker, the ids and the handlers belong to one SearchRunner, made once per store (the
 * StoreProvider makes it): two stores (tests, two app roots) share nothing.
 */
import { DESIGN_IDS } from '../../core';
import type { SearchProgress, SearchResult } from '../../search';
import type { AppStore } from '../../store';

type Msg = { type: 'mode'; parallel: boolean } | { type: 'progress'; id: number; progress: SearchProgress } | { type: 'done'; id: number; result: SearchResult } | { type: 'error'; id: number; message: string };

/** What the runner needs of a Worker (tests pass a fake). */
export type SearchWorker = Pick<Worker, 'postMessage' | 'terminate'> & { onmessage: ((ev: MessageEvent<Msg>) => void) | null; onerror: ((e: { message?: string }) => void) | null };

export interface SearchRunner {
  /** `maxMemory`: the budget in bytes (search-budget.ts: what the tab survives). */
  start(maxMemory?: number): void;
  cancel(): void;
}

const newSearchWorker = (): SearchWorker => new Worker(new URL('../search.worker.ts', import.meta.url), { type: 'module', name: 'search' }) as unknown as SearchWorker;

export function createSearchRunner(store: AppStore, makeWorker: () => SearchWorker = newSearchWorker): SearchRunner {
  let worker: SearchWorker | null = null;
  /** Whether the Worker said it searches on two threads (and so reads a cancel). */
  let parallel = false;
  let lastId = 0;
  /** The handler of the search under way, by id. */
  const handlers = new Map<number, (m: Msg) => void>();

  function searchWorker(onFail: (message: string) => void): SearchWorker {
    if (worker) return worker;
    const w = makeWorker();
    parallel = false;
    w.onmessage = (ev: MessageEvent<Msg>) => {
      const m = ev.data;
      if (m.type === 'mode') return void (parallel = m.parallel);
      handlers.get(m.id)?.(m);
    };
    w.onerror = (e) => {
      drop(w);
      onFail(e.message || 'the search worker failed');
    };
    return (worker = w);
  }

  function drop(w: SearchWorker): void {
    w.terminate();
    if (worker === w) worker = null;
    handlers.clear();
  }

  function start(maxMemory?: number): void {
    store.getState().search.stop?.();
    const { search: s, patchSearch: patch } = store.getState();
    const id = ++lastId;
    const w = searchWorker((message) => patch({ running: false, error: message, stop: null }));
    const stop = () => {
      // Two threads: the search answers the cancel with its result (where it stopped), shown when it comes.
      if (parallel && worker === w) w.postMessage({ type: 'cancel', id });
      else {
        handlers.delete(id);
        drop(w);
      }
      if (store.getState().search.stop === stop) patch({ stop: null });
    };
    patch({ running: true, progress: null, result: null, error: null, cancelled: false, stop });
    handlers.set(id, (m) => {
      if (m.type === 'mode') return;
      // A stopped search's last messages, after a newer search started: not this view's any more.
      if (id !== lastId) return void handlers.delete(id);
      if (m.type === 'progress') return store.getState().search.running ? patch({ progress: m.progress }) : undefined;
      handlers.delete(id);
      if (store.getState().search.stop === stop) patch({ stop: null });
      if (m.type === 'error') return patch({ running: false, error: m.message });
      const r = m.result;
      patch({ running: false, result: r, threads: parallel ? 2 : 1, progress: { states: r.states, depth: r.depth, ms: r.ms, rate: r.ms ? Math.round((r.states / r.ms) * 1000) : 0, bytes: store.getState().search.progress?.bytes ?? 0 } });
      if (r.scenario) {
        const st = store.getState();
        st.setCompareDesigns(r.designs.length > 1 ? r.designs : [r.designs[0], DESIGN_IDS.find((d) => d !== r.designs[0])!]);
        st.setLevel(r.level);
        st.load(r.scenario, null, { cursor: r.calls.length });
      }
    });
    w.postMessage({ type: 'search', id, request: { designs: [...s.designs], machine: s.machine, depth: s.depth, level: s.level, maxMemory } });
  }

  return {
    start,
    cancel() {
      store.getState().search.stop?.();
      store.getState().patchSearch({ running: false, cancelled: true, stop: null });
    },
  };
}
