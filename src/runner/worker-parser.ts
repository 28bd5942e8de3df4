/**
 * The page's side of parse.worker.ts: one Worker, answers matched to requests by id. Each
 * answer holds only the statements after those equal to the previous answer's, so the page
 * rebuilds the Script from the previous one (answers arrive in order, dropped ones included).
 * Equal statements parse to equal ASTs: a statement's parse depends only on the lines before it.
 */
import type { Header, ScnError, Stmt } from '../scn';
import type { Parsed } from './pure/engine';

interface Answer {
  readonly id: number;
  readonly ok: boolean;
  readonly same: number;
  readonly tail: readonly Stmt[];
  readonly header: Header | null;
  readonly errors: readonly ScnError[];
}

export function workerParser(): ((text: string) => Promise<Parsed>) | undefined {
  if (typeof Worker === 'undefined') return undefined;
  let w: Worker;
  try {
    w = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return undefined;
  }
  let next = 1;
  let last: readonly Stmt[] = [];
  const waiting = new Map<number, { ok: (p: Parsed) => void; fail: (e: unknown) => void }>();
  w.onmessage = (ev: MessageEvent<Answer>) => {
    const a = ev.data;
    const stmts = a.same === 0 ? a.tail : [...last.slice(0, a.same), ...a.tail];
    last = stmts;
    const p = waiting.get(a.id);
    waiting.delete(a.id);
    p?.ok({ script: a.ok ? { header: a.header, stmts } : null, errors: a.errors });
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
