/**
 * One run request as a job: parse result in, runs out, one `yield` per statement run so the
 * scheduler (../index.ts) can slice it into short tasks or drop it. Pure: the same request and
 * cache give the same result whether the job is drained at once or over many tasks.
 */
import { baseOf, DEFAULT_DESIGN, type DesignId } from '../../core';
import type { Graph } from '../../derive/graph-types';
import type { Engine, Parsed, Run, ScnError, Script } from './engine';
import { executed, sharedPrefix } from './reuse';

export interface RunRequest {
  readonly text: string;
  /** The design the views show (null: the scenario header's first). */
  readonly wanted: DesignId | null;
  /** Designs some view needs besides the header's (the compare view's). */
  readonly extra: readonly DesignId[];
  /** While the text does not parse, the page keeps showing its last good run (stale); false on a load. */
  readonly lastGood: boolean;
}

export interface RunResult {
  readonly text: string;
  readonly script: Script | null;
  readonly design: DesignId;
  /** The designs the scenario's header names. */
  readonly designs: readonly DesignId[];
  readonly runs: Partial<Record<DesignId, Run>>;
  /** The text does not parse and the page keeps showing its last good run (see the store's selectRun). */
  readonly stale: boolean;
  readonly errors: readonly ScnError[];
  /** Graphs the host built for the page (wire.ts `graphs`): the key is what the page's graph cache is keyed by (the step, else the machine). */
  readonly graphs?: readonly { readonly design: DesignId; readonly key: object; readonly graph: Graph }[];
}

/** The last complete run of each design, with the script it ran: what the next edit reuses. */
export type ReuseCache = Map<DesignId, { readonly script: Script; readonly run: Run }>;

export interface Job {
  /** Statements to run (over every design): the scheduler runs small jobs at once. */
  readonly work: number;
  readonly steps: Generator<unknown, RunResult>;
}

function* runOne(engine: Engine, script: Script, design: DesignId, cache: ReuseCache): Generator<unknown, Run> {
  if (!engine.runSteps) return engine.run(script, design);
  const c = cache.get(design);
  const keep = c ? sharedPrefix(c.script, script) : 0;
  const run = yield* engine.runSteps(script, design, c && keep > 0 ? { prev: c.run, keep } : undefined);
  cache.set(design, { script, run });
  return run;
}

export function planJob(engine: Engine, parsed: Parsed, req: RunRequest, cache: ReuseCache): Job {
  const { text, wanted, lastGood } = req;
  const fallback = wanted ?? DEFAULT_DESIGN;
  const script = parsed.script;
  const designs = script ? engine.designsFor(script, fallback) : [fallback];
  // A variant (`driver-map+present-check=off`) arrives canonical; its design must be known.
  const known = (d: DesignId) => engine.designIds.includes(baseOf(d) as DesignId);
  const design = wanted && known(wanted) ? wanted : (designs[0] ?? fallback);
  const base = { text, script, design, designs };
  // eslint-disable-next-line require-yield -- nothing to run: a job that is done at once
  const done = (r: Omit<RunResult, keyof typeof base>): Job => ({ work: 0, steps: (function* () { return { ...base, ...r }; })() });
  if (parsed.errors.length || !script) {
    // While typing, keep showing the last good run; a broken link shows what did parse.
    if (lastGood || !script) return done({ runs: {}, stale: lastGood, errors: parsed.errors });
    return {
      work: engine.runSteps ? executed(script).length : 0,
      steps: (function* () {
        try {
          const partial = engine.runSteps ? yield* engine.runSteps(script, design) : engine.run(script, design);
          return { ...base, runs: { [design]: partial }, stale: true, errors: parsed.errors };
        } catch {
          return { ...base, runs: {}, stale: false, errors: parsed.errors };
        }
      })(),
    };
  }
  const all = [...new Set([design, ...designs, ...req.extra])].filter(known);
  // An engine without runSteps runs at once (no slicing, no reuse): its work does not count.
  const n = engine.runSteps ? executed(script).length : 0;
  const work = all.reduce((w, d) => {
    const c = engine.runSteps ? cache.get(d) : undefined;
    return w + n - (c ? sharedPrefix(c.script, script) : 0);
  }, 0);
  return {
    work,
    steps: (function* () {
      const runs: Partial<Record<DesignId, Run>> = {};
      for (const d of all) {
        try {
          runs[d] = yield* runOne(engine, script, d, cache);
        } catch (e) {
          const errors: ScnError[] = [{ line: 1, col: 1, message: `run crashed: ${String(e)}` }];
          return { ...base, runs: {}, stale: lastGood, errors };
        }
      }
      return { ...base, runs, stale: false, errors: runs[design]?.errors ?? [] };
    })(),
  };
}
