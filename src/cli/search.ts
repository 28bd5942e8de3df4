/**
 * `npm run search -- --designs a,b (each a design or a variant, design+option=value) [--machine aux=2,plain=1,mdevs=1,containers=1,shared]
 *                    [--depth N] [--same returns|observable|internals] [--calls f,g,…]
 *                    [--invariants] [--max-states N] [--max-memory SIZE] [--no-symmetry] [--workers N]`
 *
 * Prints the shortest scenario on which the designs disagree (or, with one design, on which it
 * breaks an invariant), ready for `npm run check`, then a last line `states: N, depth: D, ms: T`.
 * Without a finding it says either `exhaustive: N states …` or exactly where it stopped (the
 * state cap, the memory budget or a cancel: the depth being generated and how much of the level
 * above was expanded). `--max-memory 2G` (K, M, G, T: powers of 1024) stops it once the process
 * holds that much resident memory; the default is a quarter of the machine's memory, at most
 * three quarters of V8's heap limit (search-args.ts). Flags are read strictly (search-args.ts).
 * States are counted up to symmetry (interchangeable containers and mdevs of one parent count
 * once, src/search/symmetry.ts), as a line `# states counted up to symmetry: …` says;
 * `--no-symmetry` counts every state.
 * `--workers N` expands each level on N threads (the calling one and N − 1 worker_threads;
 * default 2 where the machine has 2 CPUs or more, else 1): the same result as one
 * (src/search/parallel.ts), sooner on a large level.
 * Exit status: 0 found, 1 nothing found within the bounds, 2 usage error.
 */
import { getHeapStatistics } from 'node:v8';
import { totalmem } from 'node:os';
import { search, searchParallel, stopText } from '../search';
import { defaultWorkers, nodePool } from './expander-pool';
import { parseSearchArgs, sizeText, USAGE } from './search-args';

function usage(msg: string): never {
  console.error(`search: ${msg}`);
  console.error(USAGE);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseSearchArgs(argv, { totalmem: totalmem(), heapLimit: getHeapStatistics().heap_size_limit, workers: defaultWorkers() });
  if (!parsed.ok) usage(parsed.error);
  const { workers, maxMemory, memoryDefault } = parsed.args;
  // The budget is the whole process's resident size (every thread's heap), not the search's estimate alone.
  const o = { ...parsed.args.options, memory: () => process.memoryUsage.rss() };
  const designs = o.designs;
  const depth = o.depth!;
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
  if (r.stopped?.reason === 'max-memory' && memoryDefault) console.log(`# the memory budget is the default, ${sizeText(maxMemory)} (a quarter of this machine's memory, at most 3/4 of V8's heap limit): --max-memory sets it`);
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
