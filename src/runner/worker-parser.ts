/**
 * The page's side of parse.worker.ts: one Worker, requests matched to answers by id. Answers
 * to requests the runner has since dropped are simply ignored by it.
 */
import type { Parsed } from './pure/engine';

export function workerParser(): ((text: string) => Promise<Parsed>) | undefined {
  if (typeof Worker === 'undefined') return undefined;
  let w: Worker;
  try {
    w = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
  let next = 1;
  const waiting = new Map<number, { ok: (p: Parsed) => void; fail: (e: unknown) => void }>();
  w.onmessage = (ev: MessageEvent<{ id: number } & Parsed>) => {
    const p = waiting.get(ev.data.id);
    waiting.delete(ev.data.id);
    p?.ok({ script: ev.data.script, errors: ev.data.errors });
  };
  w.onerror = (e) => {
    for (const p of waiting.values()) p.fail(e);
    waiting.clear();
  };
  return (text) =>
    new Promise<Parsed>((ok, fail) => {
      const id = next++;
      waiting.set(id, { ok, fail });
      w.postMessage({ id, text });
    });
}
