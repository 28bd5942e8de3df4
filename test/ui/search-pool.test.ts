/**
 * The browser's expander pool (src/ui/search-pool.ts) falls back to one thread (null) where the
 * nested Worker cannot start: no `Worker` in the scope, a constructor that throws, an error
 * before the expander says it is ready; and is a pool of one peer once it is ready.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserPool } from '../../src/ui/search-pool';

type Listener = ((ev: { data: unknown }) => void) | null;

/** A stand-in Worker that does what `behave` says once the pool has set its handlers. */
function fakeWorker(behave: 'ready' | 'error' | 'throw') {
  const made: { terminated: boolean; sent: unknown[] }[] = [];
  return {
    made,
    ctor: class {
      onmessage: Listener = null;
      onerror: ((e: { message: string }) => void) | null = null;
      readonly rec = { terminated: false, sent: [] as unknown[] };
      constructor() {
        if (behave === 'throw') throw new Error('no nested workers here');
        made.push(this.rec);
        queueMicrotask(() => (behave === 'ready' ? this.onmessage?.({ data: { t: 'ready' } }) : this.onerror?.({ message: 'failed to load' })));
      }
      postMessage(m: unknown) {
        this.rec.sent.push(m);
      }
      terminate() {
        this.rec.terminated = true;
      }
    },
  };
}

const g = globalThis as { Worker?: unknown };
const saved = g.Worker;
afterEach(() => {
  g.Worker = saved;
});

describe('browser expander pool', () => {
  it('is null without Worker, when the constructor throws, or on an error before ready', async () => {
    delete g.Worker;
    expect(await startBrowserPool()).toBeNull();
    g.Worker = fakeWorker('throw').ctor;
    expect(await startBrowserPool()).toBeNull();
    const failing = fakeWorker('error');
    g.Worker = failing.ctor;
    expect(await startBrowserPool()).toBeNull();
    expect(failing.made[0].terminated).toBe(true);
  });

  it('is one peer once the expander is ready, and passes messages both ways', async () => {
    const ok = fakeWorker('ready');
    g.Worker = ok.ctor;
    const pool = await startBrowserPool();
    expect(pool?.peers).toHaveLength(1);
    pool!.peers[0].send({ t: 'stop', run: 1 });
    expect(ok.made[0].sent).toEqual([{ t: 'stop', run: 1 }]);
    await pool!.pause();
  });
});
