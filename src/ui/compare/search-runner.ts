/**
 * Runs the search in a Web Worker, outside any component, so switching views does not stop it.
 * Progress and the result go to the store (its `search` state, which also holds how to stop the
 * worker); the found scenario is loaded into the editor and shown in the lock-step view.
 */
import { DESIGN_IDS } from '../../core';
import type { SearchProgress, SearchResult } from '../../search';
import type { AppStore } from '../../store';

type Msg = { type: 'progress'; progress: SearchProgress } | { type: 'done'; result: SearchResult } | { type: 'error'; message: string };

export function startSearch(store: AppStore): void {
  store.getState().search.stop?.();
  const { search: s, patchSearch: patch } = store.getState();
  const w = new Worker(new URL('../search.worker.ts', import.meta.url), { type: 'module' });
  const stop = () => {
    w.terminate();
    if (store.getState().search.stop === stop) patch({ stop: null });
  };
  patch({ running: true, progress: null, result: null, error: null, cancelled: false, stop });
  w.onmessage = (ev: MessageEvent<Msg>) => {
    const m = ev.data;
    if (m.type === 'progress') return patch({ progress: m.progress });
    stop();
    if (m.type === 'error') return patch({ running: false, error: m.message });
    const r = m.result;
    patch({ running: false, result: r, progress: { states: r.states, depth: r.depth, ms: r.ms, rate: r.ms ? Math.round((r.states / r.ms) * 1000) : 0 } });
    if (r.scenario) {
      const st = store.getState();
      st.setCompareDesigns(r.designs.length > 1 ? r.designs : [r.designs[0], DESIGN_IDS.find((d) => d !== r.designs[0])!]);
      st.setLevel(r.level);
      st.load(r.scenario, null, { cursor: r.calls.length });
    }
  };
  w.onerror = (e) => {
    stop();
    patch({ running: false, error: e.message || 'the search worker failed' });
  };
  w.postMessage({ designs: [...s.designs], machine: s.machine, depth: s.depth, level: s.level });
}

export function cancelSearch(store: AppStore): void {
  store.getState().search.stop?.();
  store.getState().patchSearch({ running: false, cancelled: true, stop: null });
}
