/**
 * The search in a Web Worker: the page stays responsive while it runs. Messages:
 *   in:  { designs, machine, depth, level }
 *   out: { type: 'progress', progress } … then { type: 'done', result } or { type: 'error', message }
 * Cancel is `worker.terminate()` (the search is one synchronous loop).
 */
import { search, type SearchOptions } from '../search';

type Request = Pick<SearchOptions, 'designs' | 'machine' | 'depth' | 'level' | 'calls'>;

self.onmessage = (ev: MessageEvent<Request>) => {
  try {
    const result = search({ ...ev.data, onProgress: (progress) => self.postMessage({ type: 'progress', progress }) });
    self.postMessage({ type: 'done', result });
  } catch (e) {
    self.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
