/**
 * The one run path: every view's scenario runs come from here (through the store). A request
 * is parsed (off the main thread when the text is long and a parser Worker is given), planned
 * against what the previous runs leave valid (pure/reuse.ts), and run — at once when the work
 * is small, else in slices of a few milliseconds so typing never waits for it. A newer request
 * drops an older one; the store keeps showing the last complete result meanwhile.
 */
import type { DesignId } from '../core';
import type { Engine, Parsed, Run } from './pure/engine';
import { planJob, type ReuseCache, type RunRequest, type RunResult } from './pure/job';

export type { Engine, Parsed } from './pure/engine';
export type { RunRequest, RunResult } from './pure/job';
export { sharedPrefix, executed } from './pure/reuse';

export interface RunnerOptions {
  /** Parses off the main thread (a Worker); used for texts of at least `offThreadChars`. */
  readonly parseOffThread?: (text: string) => Promise<Parsed>;
  readonly offThreadChars?: number;
  /** Statements (over all designs) run at once, inside the request; more go to slices. */
  readonly syncWork?: number;
  /** Longest slice, in ms of `now()`. */
  readonly sliceMs?: number;
  readonly now?: () => number;
  /** Runs `fn` in a later task (default: setTimeout 0). */
  readonly later?: (fn: () => void) => void;
}

export interface Runner {
  /**
   * Runs a request. Returns the result when it finished inside the call; otherwise returns null
   * and calls `done` when it finishes — unless a later request (or `cancel`) dropped it first.
   */
  request(req: RunRequest, done: (r: RunResult) => void): RunResult | null;
  cancel(): void;
  /** A dropped or finished job's work never reaches `done`; this says whether one is under way. */
  busy(): boolean;
  /** Parses a text now, without running it (what an opened file holds). */
  parse(text: string): Parsed;
  /** A synchronous run of a text under designs, sharing nothing with the requests (the matrix's rows). */
  runText(text: string, designs: readonly DesignId[]): { parsed: Parsed; runs: ReadonlyMap<DesignId, Run> };
}

export const DEFAULT_SYNC_WORK = 4000;

export function createRunner(engine: Engine, opts: RunnerOptions = {}): Runner {
  const cache: ReuseCache = new Map();
  const syncWork = opts.syncWork ?? DEFAULT_SYNC_WORK;
  const sliceMs = opts.sliceMs ?? 8;
  const now = opts.now ?? (() => performance.now());
  const later = opts.later ?? ((fn: () => void) => void setTimeout(fn, 0));
  const offChars = opts.offThreadChars ?? 20_000;
  let generation = 0;
  let running = false;

  const parseNow = (text: string): Parsed => {
    try {
      return engine.parse(text);
    } catch (e) {
      return { script: null, errors: [{ line: 1, col: 1, message: `parser crashed: ${String(e)}` }] };
    }
  };

  const drain = (it: Generator<unknown, RunResult>): RunResult => {
    for (;;) {
      const n = it.next();
      if (n.done) return n.value;
    }
  };

  /** Runs the job in slices; each slice checks that it is still the latest request. */
  const sliced = (gen: number, it: Generator<unknown, RunResult>, done: (r: RunResult) => void) => {
    const slice = () => {
      if (gen !== generation) return;
      const t0 = now();
      for (;;) {
        const n = it.next();
        if (n.done) {
          running = false;
          done(n.value);
          return;
        }
        if (now() - t0 >= sliceMs) break;
      }
      later(slice);
    };
    later(slice);
  };

  return {
    request(req, done) {
      const gen = ++generation;
      running = false;
      const start = (parsed: Parsed): RunResult | null => {
        const job = planJob(engine, parsed, req, cache);
        if (job.work <= syncWork) return drain(job.steps);
        running = true;
        sliced(gen, job.steps, done);
        return null;
      };
      if (opts.parseOffThread && req.text.length >= offChars) {
        running = true;
        opts.parseOffThread(req.text).then(
          (parsed) => {
            if (gen !== generation) return;
            const r = start(parsed);
            if (r) {
              running = false;
              done(r);
            }
          },
          () => {
            if (gen !== generation) return;
            const r = start(parseNow(req.text));
            if (r) {
              running = false;
              done(r);
            }
          },
        );
        return null;
      }
      return start(parseNow(req.text));
    },
    cancel() {
      generation++;
      running = false;
    },
    busy: () => running,
    parse: parseNow,
    runText(text, designs) {
      const parsed = parseNow(text);
      const runs = new Map<DesignId, Run>();
      if (parsed.script && !parsed.errors.length) for (const d of designs) runs.set(d, engine.run(parsed.script, d));
      return { parsed, runs };
    },
  };
}
