/** The page's side of run.worker.ts: one module Worker as a RemoteHost, or undefined where Workers are missing. */
import type { RemoteHost } from './index';
import type { FromHost } from './host';

export function runWorker(): RemoteHost | undefined {
  if (typeof Worker === 'undefined') return undefined;
  let w: Worker;
  try {
    w = new Worker(new URL('./run.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
  const remote: RemoteHost = { post: (msg) => w.postMessage(msg), onmessage: null, onerror: null };
  w.onmessage = (ev: MessageEvent<FromHost>) => remote.onmessage?.(ev.data);
  w.onerror = () => remote.onerror?.();
  return remote;
}
