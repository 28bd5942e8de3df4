/**
 * `npm run search -- --designs a,b (each a design or a variant, design+option=value) [--machine aux=2,plain=1,mdevs=1,containers=1,shared]
 *                    [--depth N] [--same returns|observable|internals] [--calls f,g,…]
 *                    [--invariants] [--max-states N] [--no-symmetry] [--workers N]`
 *
 * Prints the shortest scenario on which the designs disagree (or, with one design, on which it
 * breaks an invariant), ready for `npm run check`, then a last line `states: N, depth: D, ms: T`.
 * Without a finding it says either `exhaustive: N states …` or exactly where it stopped (the
 * state cap or a cancel: the depth being generated and how much of the level above was expanded).
 * States are counted up to symmetry (interchangeable containers and mdevs of one parent count
 * once, src/search/symmetry.ts), as a line `# states counted up to symmetry: …` says;
 * `--no-symmetry` counts every state.
 * `--workers N` expands each level on N threads (the calling one and N − 1 worker_threads;
 * default 2 where the machine has 2 CPUs or more, else 1): the same result as one
 * (src/search/parallel.ts), sooner on a large level.
 * Exit status: 0 found, 1 nothing found within the bounds, 2 usage error.
 */
import { resolveDesign, type DesignId } from '../core';
import { SAME_LEVELS, type SameLevel } from '../compare';
import { ALPHABET, DEFAULT_DEPTH, parseSpec, search, searchParallel, stopText, type SearchOptions } from '../search';
import { defaultWorkers, nodePool } from './expander-pool';

function usage(msg: string): never {
  console.error(`search: ${msg}`);
  console.error('usage: npm run search -- --designs a,b [--machine aux=2,plain=1,mdevs=1,containers=1[,shared]] [--depth N] [--same returns|observable|internals] [--calls f,g] [--invariants] [--max-states N] [--no-symmetry] [--workers N]');
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const opt: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) usage(`unexpected argument '${a}'`);
    const key = a.slice(2);
    if (key === 'invariants' || key === 'no-symmetry') opt[key] = true;
    else if (['designs', 'machine', 'depth', 'same', 'calls', 'max-states', 'workers'].includes(key)) {
      const v = argv[++i];
      if (v === undefined) usage(`--${key} needs a value`);
      opt[key] = v;
    } else usage(`unknown option '--${key}'`);
  }
  if (typeof opt.designs !== 'string') usage('--designs is required');
  // Variants resolve to their canonical ids: `driver-map,driver-map+present-check=off` asks
  // for the shortest scenario where that one choice matters.
  const designs = opt.designs.split(',').map((s) => s.trim()).filter(Boolean).map((d) => {
    const r = resolveDesign(d);
    return r.ok ? r.id : usage(r.error);
  });
  if (new Set(designs).size !== designs.length) usage(`--designs names one design twice (${designs.join(', ')})`);
  if (designs.length < 1 || designs.length > 2) usage('--designs takes one design (its invariants) or two');
  let machine;
  try {
    machine = typeof opt.machine === 'string' ? parseSpec(opt.machine) : undefined;
  } catch (e) {
    usage((e as Error).message);
  }
  const depth = typeof opt.depth === 'string' ? Number(opt.depth) : DEFAULT_DEPTH;
  if (!Number.isInteger(depth) || depth < 1 || depth > 20) usage('--depth takes an integer 1…20');
  const level = (typeof opt.same === 'string' ? opt.same : 'returns') as SameLevel;
  if (!SAME_LEVELS.includes(level)) usage(`--same takes ${SAME_LEVELS.join(', ')}`);
  const calls = typeof opt.calls === 'string' ? opt.calls.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  for (const c of calls ?? []) if (!ALPHABET[c]) usage(`the search cannot call '${c}' (known: ${Object.keys(ALPHABET).join(', ')})`);
  const maxStates = typeof opt['max-states'] === 'string' ? Number(opt['max-states']) : undefined;
  const workers = typeof opt.workers === 'string' ? Number(opt.workers) : defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1 || workers > 16) usage('--workers takes an integer 1…16');
  const o: SearchOptions = { designs: designs as DesignId[], machine, depth, level, calls, invariants: opt.invariants === true, maxStates, symmetry: opt['no-symmetry'] !== true };
  let r;
  if (workers === 1) r = search(o);
  else {
    const pool = nodePool(workers);
    try {
      // Not awaited: the worker loads while the first, small levels run here.
      pool.ready.catch(() => undefined);
      r = await searchParallel(o, pool);
    } finally {
      await pool.close();
    }
  }
  if (r.found && r.scenario) {
    process.stdout.write(r.scenario);
    if (r.verified && r.verified.failed) console.log(`# warning: the scenario does not replay cleanly (${r.verified.failed} failed)`);
  } else {
    console.log(`# no ${designs.length > 1 ? 'disagreement' : 'invariant violation'} found within depth ${depth}`);
    console.log(`# ${stopText(r)}`);
  }
  if (r.symmetry) console.log(`# states counted up to symmetry: ${r.symmetry}`);
  console.log(`states: ${r.states}, depth: ${r.found ? r.foundDepth : r.depth}, ms: ${r.ms}`);
  return r.found ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`search: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  },
);
