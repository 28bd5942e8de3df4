/**
 * The parallel search's expander in the browser: a Worker started by the search Worker (a
 * nested dedicated Worker; Chrome, Firefox and Safari 15+ have them), created once per search
 * Worker and reused across searches. Where it cannot start (no `Worker` in a worker, an error,
 * no answer within START_MS) the search runs on one thread, as before.
 */
import type { ExpanderPool, FromExpander, Peer } from '../search';

const START_MS = 5000;

/** A macrotask turn through a MessageChannel: lets queued messages in without setTimeout's clamp. */
export function channelPause(): () => Promise<void> {
  const ch = new MessageChannel();
  const waiting: (() => void)[] = [];
  ch.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((r) => {
      waiting.push(r);
      ch.port2.postMessage(0);
    });
}

/** One expander Worker beside the search Worker, or null where none starts. */
export async function startBrowserPool(): Promise<ExpanderPool | null> {
  if (typeof Worker === 'undefined') return null;
  let w: Worker;
  try {
    w = new Worker(new URL('./search-expander.worker.ts', import.meta.url), { type: 'module', name: 'search-expander' });
  } catch {
    return null;
  }
  const peer: Peer = { send: (m) => w.postMessage(m), onmessage: null };
  const ok = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), START_MS);
    w.onerror = () => {
      clearTimeout(timer);
      resolve(false);
    };
    w.onmessage = (ev: MessageEvent<FromExpander>) => {
      if (ev.data.t !== 'ready') return;
      clearTimeout(timer);
      resolve(true);
    };
  });
  if (!ok) {
    w.terminate();
    return null;
  }
  w.onmessage = (ev: MessageEvent<FromExpander>) => peer.onmessage?.(ev.data);
  w.onerror = (e) => peer.onmessage?.({ t: 'error', run: -1, message: e.message || 'the expander worker failed' });
  return { peers: [peer], pause: channelPause() };
}
