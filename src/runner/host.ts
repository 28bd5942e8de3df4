/**
 * The run host: what the run Worker executes (run.worker.ts wires it to `postMessage`), and what
 * the page calls directly where there is no Worker (tests, short texts) — the same code either
 * way. A request is parsed, planned against what the previous runs leave valid (pure/job.ts with
 * the reuse cache) and run in slices; between slices the host yields (`later`), so a newer
 * request that arrived meanwhile drops the older job (a generation counter). A finished job
 * posts one message per design (wire.ts: only what changed since that design's previous run)
 * and then `done`, so the page decodes each design in a task of its own.
 */
import type { DesignId } from '../core';
import type { Graph } from '../derive/graph-types';
import type { Engine, Parsed, Run, Script } from './pure/engine';
import { planJob, type ReuseCache, type RunResult } from './pure/job';
import { RunEncoder, splitWire, type WireRun } from './wire';
import { ScriptEncoder, type WireScript } from './wire-script';

export interface HostRequest {
  readonly text: string;
  readonly wanted: DesignId | null;
  readonly extra: readonly DesignId[];
  /** The page has a run to keep showing while this text does not parse. */
  readonly lastGood: boolean;
}

/**
 * A report request: the mail report of a text (engine.report), made where the text runs. A runs
 * request: a text's runs under `designs` (null: its header's, else `fallback`), made from
 * scratch and sharing nothing with the run requests (the matrix's rows, Compare's pick of
 * designs for a library scenario): it neither drops nor waits for the job under way.
 */
export type ToHost =
  | { readonly type: 'run'; readonly id: number; readonly req: HostRequest }
  | { readonly type: 'cancel' }
  | { readonly type: 'report'; readonly id: number; readonly text: string }
  | { readonly type: 'runs'; readonly id: number; readonly text: string; readonly designs: readonly DesignId[] | null; readonly fallback: DesignId };

/** The mail report, or why there is none (never silence: the page shows the message). */
export type ReportResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string };

/** A runs request's answer: the header's designs and one full WireRun per design; header null: the text does not parse. */
export type WireRuns = { readonly ok: true; readonly header: readonly DesignId[] | null; readonly runs: readonly WireRun[] } | { readonly ok: false; readonly error: string };

export interface WireResult {
  readonly script: WireScript;
  readonly design: DesignId;
  readonly designs: readonly DesignId[];
  /** The designs whose runs this result has (each came in a `run` message of the same id). */
  readonly ran: readonly DesignId[];
  readonly stale: boolean;
  readonly errors: RunResult['errors'];
}

export type FromHost =
  | { readonly type: 'run'; readonly id: number; readonly run: WireRun }
  | { readonly type: 'done'; readonly id: number; readonly result: WireResult }
  | { readonly type: 'report'; readonly id: number; readonly result: ReportResult }
  | { readonly type: 'runs'; readonly id: number; readonly result: WireRuns };

export interface HostOptions {
  /** Statements (over all designs) run without yielding. */
  readonly syncWork?: number;
  /** Longest slice, in ms of `now()`. */
  readonly sliceMs?: number;
  readonly now?: () => number;
  /** Runs `fn` in a later task. */
  readonly later?: (fn: () => void) => void;
  /** Entries per `run` message (wire.ts splitWire). */
  readonly partSize?: number;
  /** Builds graphs of the shown design's last frames from entry `keep` on (wire.ts `graphs`); the Worker passes frame-graph.ts. */
  readonly prepareGraphs?: (run: Run, keep: number) => { at: number; graph: Graph }[];
}

export interface Host {
  receive(msg: ToHost): void;
  /** A job is under way (sliced, not yet posted). */
  busy(): boolean;
}

export function parseSafely(engine: Engine, text: string): Parsed {
  try {
    return engine.parse(text);
  } catch (e) {
    return { script: null, errors: [{ line: 1, col: 1, message: `parser crashed: ${String(e)}` }] };
  }
}

export function createHost(engine: Engine, post: (m: FromHost) => void, opts: HostOptions = {}): Host {
  const cache: ReuseCache = new Map();
  const runs = new RunEncoder();
  const scripts = new ScriptEncoder();
  const syncWork = opts.syncWork ?? 4000;
  const sliceMs = opts.sliceMs ?? 8;
  const now = opts.now ?? (() => performance.now());
  const later = opts.later ?? ((fn: () => void) => void setTimeout(fn, 0));
  const partSize = opts.partSize ?? 400;
  let generation = 0;
  let running = false;
  /** The last finished job's text and runs: a report of that text reuses them. */
  let last: { text: string; runs: RunResult['runs'] } | null = null;

  const report = (id: number, text: string) => {
    let result: ReportResult;
    try {
      if (!engine.report) throw new Error('this engine makes no reports');
      result = { ok: true, text: engine.report(text, last?.text === text ? last.runs : undefined) };
    } catch (e) {
      result = { ok: false, error: `the report failed: ${String(e)}` };
    }
    post({ type: 'report', id, result });
  };

  const runsOf = (id: number, text: string, designs: readonly DesignId[] | null, fallback: DesignId) => {
    let result: WireRuns;
    try {
      const { script, errors } = parseSafely(engine, text);
      if (!script || errors.length) result = { ok: true, header: null, runs: [] };
      else {
        const header = engine.designsFor(script, fallback);
        // Its own encoder: every run crosses whole, against no earlier one.
        const enc = new RunEncoder();
        result = { ok: true, header, runs: [...new Set(designs ?? header)].map((d) => enc.encode(engine.run(script, d))) };
      }
    } catch (e) {
      result = { ok: false, error: `the run failed: ${String(e)}` };
    }
    post({ type: 'runs', id, result });
  };

  const finish = (id: number, r: RunResult, text: string) => {
    running = false;
    if (!r.stale) last = { text, runs: r.runs };
    const ran = Object.keys(r.runs) as DesignId[];
    for (const d of ran) {
      let w = runs.encode(r.runs[d]!);
      const graphs = d === r.design && w.entries.length ? opts.prepareGraphs?.(r.runs[d]!, w.keep) : undefined;
      if (graphs?.length) w = { ...w, graphs };
      for (const run of splitWire(w, partSize)) post({ type: 'run', id, run });
    }
    const script = scripts.encode(r.script as Script | null);
    post({ type: 'done', id, result: { script, design: r.design, designs: r.designs, ran, stale: r.stale, errors: r.errors } });
  };

  return {
    receive(msg) {
      // A report neither drops nor waits for the job under way.
      if (msg.type === 'report') return report(msg.id, msg.text);
      if (msg.type === 'runs') return runsOf(msg.id, msg.text, msg.designs, msg.fallback);
      const gen = ++generation;
      running = false;
      if (msg.type === 'cancel') return;
      const job = planJob(engine, parseSafely(engine, msg.req.text), msg.req, cache);
      const it = job.steps;
      if (job.work <= syncWork) {
        for (;;) {
          const n = it.next();
          if (n.done) return finish(msg.id, n.value, msg.req.text);
        }
      }
      running = true;
      const slice = () => {
        if (gen !== generation) return;
        const t0 = now();
        for (;;) {
          const n = it.next();
          if (n.done) return finish(msg.id, n.value, msg.req.text);
          if (now() - t0 >= sliceMs) break;
        }
        later(slice);
      };
      later(slice);
    },
    busy: () => running,
  };
}
