/**
 * The parallel search's expanders for Node (CLI, bench, a test): `worker_threads`, started once
 * and reused across searches. A worker inherits tsx's flags from `process.execArgv`, but
 * measured here (tsx 4.23, Node 20.20) its loader is not active in a worker thread:
 * `new Worker('expander-worker.ts')` fails with ERR_UNKNOWN_FILE_EXTENSION. So the worker is a
 * two-line script that registers tsx's loader itself (`tsx/esm/api`) and then imports the `.ts`
 * entry; that also works where the parent has no TS loader of its own (vitest).
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExpanderPool, FromExpander, Peer, ToExpander } from '../search';

export interface NodePool extends ExpanderPool {
  /** Resolves once every worker has loaded and said it is ready. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** Expanders besides the calling thread for `workers` in all: one per core beyond the first by default. */
export const defaultWorkers = (): number => Math.min(2, Math.max(1, availableParallelism()));

export function nodePool(workers: number): NodePool {
  const entry = new URL('./expander-worker.ts', import.meta.url).href;
  const api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const boot = `import(${JSON.stringify(api)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
  const threads: Worker[] = [];
  const peers: Peer[] = [];
  const readies: Promise<void>[] = [];
  for (let i = 0; i < workers - 1; i++) {
    const w = new Worker(boot, { eval: true });
    // The search keeps the process alive while it runs; an idle pool must not.
    w.unref();
    const peer: Peer = { send: (m: ToExpander) => w.postMessage(m), onmessage: null };
    readies.push(
      new Promise<void>((resolve, reject) => {
        w.once('error', reject);
        w.on('message', (m: FromExpander) => (m.t === 'ready' ? resolve() : peer.onmessage?.(m)));
      }),
    );
    w.on('error', (e) => peer.onmessage?.({ t: 'error', run: -1, message: e.message }));
    threads.push(w);
    peers.push(peer);
  }
  return {
    peers,
    ready: Promise.all(readies).then(() => undefined),
    pause: () => new Promise<void>((r) => setImmediate(r)),
    close: async () => void (await Promise.all(threads.map((t) => t.terminate()))),
  };
}
