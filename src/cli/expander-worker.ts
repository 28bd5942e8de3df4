/** An expander of the parallel search in a Node worker thread (src/cli/expander-pool.ts starts it). */
import { parentPort } from 'node:worker_threads';
import { serveExpander, type ToExpander } from '../search';

const port = parentPort!;
serveExpander({
  post: (m, transfer) => port.postMessage(m, transfer),
  listen: (f) => void port.on('message', (m: ToExpander) => f(m)),
  pause: () => new Promise<void>((r) => setImmediate(r)),
});
