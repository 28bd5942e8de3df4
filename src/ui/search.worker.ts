/**
 * The search in a Web Worker: the page stays responsive while it runs. The Worker lives across
 * searches (search-runner.ts starts it once) and keeps its expander Worker (search-pool.ts): a
 * search runs on two threads where the expander started, else on this one. Messages:
 *   in:  { type: 'search', id, request: { designs, machine, depth, level } } | { type: 'cancel', id }
 *   out: { type: 'mode', parallel } once; per search { type: 'progress', id, progress } … then
 *        { type: 'done', id, result } or { type: 'error', id, message }
 * With two threads a cancel is a message (the search looks at it before every node it expands
 * or merges, and answers with its result, `cancelled`);
 * on one thread the search is one synchronous loop, and the runner terminates this Worker.
 */
import { search, searchParallel, type ExpanderPool, type SearchOptions } from '../search';
import { startBrowserPool } from './search-pool';

type Request = Pick<SearchOptions, 'designs' | 'machine' | 'depth' | 'level' | 'calls' | 'maxMemory'>;
type In = { type: 'search'; id: number; request: Request } | { type: 'cancel'; id: number };

const cancelled = new Set<number>();
let pool: Promise<ExpanderPool | null> = startBrowserPool().then((p) => {
  self.postMessage({ type: 'mode', parallel: p !== null });
  return p;
});
// One search at a time on the pool: a new one starts when the one before has stopped.
let queue: Promise<void> = Promise.resolve();

async function run(id: number, request: Request): Promise<void> {
  if (cancelled.has(id)) return;
  const opts: SearchOptions = { ...request, onProgress: (progress) => self.postMessage({ type: 'progress', id, progress }), shouldStop: () => cancelled.has(id), aborted: () => cancelled.has(id) };
  try {
    const p = await pool;
    let result;
    try {
      result = p ? await searchParallel(opts, p) : search(opts);
    } catch (e) {
      if (!p) throw e;
      // Wrong options throw here too; if this succeeds, the expander failed: one thread from now on.
      result = search(opts);
      pool = Promise.resolve(null);
      self.postMessage({ type: 'mode', parallel: false });
    }
    self.postMessage({ type: 'done', id, result });
  } catch (e) {
    self.postMessage({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
  } finally {
    cancelled.delete(id);
  }
}

self.onmessage = (ev: MessageEvent<In>) => {
  const m = ev.data;
  if (m.type === 'cancel') return void cancelled.add(m.id);
  queue = queue.then(() => run(m.id, m.request));
};
