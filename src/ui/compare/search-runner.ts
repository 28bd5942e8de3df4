/**
 * Runs the search in a Web Worker, outside any component, so switching views does not stop it.
 * Progress and the result go to the compare store; the found scenario is handed to `onFound`.
 */
import { DESIGN_IDS } from '../../core';
import type { SearchProgress, SearchResult } from '../../search';
import { compareStore } from './compare-store';

type Msg = { type: 'progress'; progress: SearchProgress } | { type: 'done'; result: SearchResult } | { type: 'error'; message: string };

let worker: Worker | null = null;

export function startSearch(onFound: (scenario: string) => void): void {
  worker?.terminate();
  const { search: s, patchSearch: patch } = compareStore.getState();
  const w = new Worker(new URL('../search.worker.ts', import.meta.url), { type: 'module' });
  worker = w;
  patch({ running: true, progress: null, result: null, error: null, cancelled: false });
  const stop = () => {
    w.terminate();
    if (worker === w) worker = null;
  };
  w.onmessage = (ev: MessageEvent<Msg>) => {
    const m = ev.data;
    if (m.type === 'progress') return patch({ progress: m.progress });
    stop();
    if (m.type === 'error') return patch({ running: false, error: m.message });
    const r = m.result;
    patch({ running: false, result: r, progress: { states: r.states, depth: r.depth, ms: r.ms, rate: r.ms ? Math.round((r.states / r.ms) * 1000) : 0 } });
    if (r.scenario) {
      onFound(r.scenario);
      const c = compareStore.getState();
      c.setDesigns(r.designs.length > 1 ? r.designs : [r.designs[0], DESIGN_IDS.find((d) => d !== r.designs[0])!]);
      c.setLevel(r.level);
      c.seek(r.calls.length);
    }
  };
  w.onerror = (e) => {
    stop();
    patch({ running: false, error: e.message || 'the search worker failed' });
  };
  w.postMessage({ designs: [...s.designs], machine: s.machine, depth: s.depth, level: s.level });
}

export function cancelSearch(): void {
  worker?.terminate();
  worker = null;
  compareStore.getState().patchSearch({ running: false, cancelled: true });
}
