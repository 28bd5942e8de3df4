/**
 * The search runner (ui/compare/search-runner.ts) is made once per store: its Worker, ids and
 * handlers are its own. With module-level ones (before issue 22), a search started on a second
 * store made the first store's answer "a stopped search's last message" and it was dropped.
 */
import { expect, it } from 'vitest';
import { createAppStore } from '../../src/store';
import { createSearchRunner, type SearchWorker } from '../../src/ui/compare/search-runner';
import type { SearchResult } from '../../src/search';
import { engine } from '../../src/ui/engine';

/** A Worker double: records what it was sent; `answer` plays the search's `done`. */
function fakeWorker() {
  const sent: { type: string; id: number }[] = [];
  const w: SearchWorker & { sent: typeof sent; answer(id: number, result: Partial<SearchResult>): void } = {
    sent,
    postMessage: (m: { type: string; id: number }) => void sent.push(m),
    terminate: () => {},
    onmessage: null,
    onerror: null,
    answer(id, result) {
      w.onmessage!({ data: { type: 'done', id, result: { states: 7, depth: 2, ms: 10, scenario: null, designs: [], calls: [], ...result } } } as MessageEvent);
    },
  };
  return w;
}

it('two stores have their own search runners: a search on one leaves the other\'s answer to land', () => {
  const a = createAppStore(engine);
  const b = createAppStore(engine);
  const wa = fakeWorker();
  const wb = fakeWorker();
  const ra = createSearchRunner(a, () => wa);
  const rb = createSearchRunner(b, () => wb);
  ra.start();
  rb.start();
  expect(wa.sent).toHaveLength(1);
  expect(wb.sent).toHaveLength(1);
  expect(a.getState().search.running).toBe(true);
  // Each runner numbers its own searches.
  expect(wa.sent[0].id).toBe(wb.sent[0].id);
  wa.answer(wa.sent[0].id, { states: 11 });
  expect(a.getState().search.running).toBe(false);
  expect(a.getState().search.result?.states).toBe(11);
  expect(b.getState().search.running).toBe(true);
  wb.answer(wb.sent[0].id, { states: 5 });
  expect(b.getState().search.result?.states).toBe(5);
});

it('a newer search on the same store drops the older one\'s answer; cancel stops the one under way', () => {
  const s = createAppStore(engine);
  const w = fakeWorker();
  const r = createSearchRunner(s, () => w);
  r.start();
  const first = w.sent[0].id;
  r.start();
  // One thread (no `mode` message): stopping terminates the Worker, the next search makes another.
  w.answer(first, { states: 99 });
  expect(s.getState().search.result).toBeNull();
  r.cancel();
  expect(s.getState().search).toMatchObject({ running: false, cancelled: true, stop: null });
});
