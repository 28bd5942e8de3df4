/**
 * The core loop of bench/core.ts, alone, for profiling (through the runner's path; `quiet`: the
 * search's quiet applyCall chain instead):
 *   npx tsx bench/profile.ts [checked] [quiet] [--top N] [--out DIR]
 * Runs the loop twice untimed (JIT warm-up), then three times under V8's sampling profiler
 * (node:inspector, so setup and warm-up stay out of the profile), prints wall and CPU time per
 * run and the N functions with the most self time (inlined callees count in their caller;
 * `node --max-inlined-bytecode-size=0 --import tsx bench/profile.ts` shows them apart, slower).
 * `--out DIR` also writes the .cpuprofile (it opens in Chrome DevTools).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { join } from 'node:path';
import { bigMachine, loopCalls, runLoop, runnerLoop, runThroughRunner } from './core';

const arg = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const m0 = bigMachine();
const calls = loopCalls(m0);
const checked = process.argv.includes('checked');
const quiet = process.argv.includes('quiet');
const loop = runnerLoop();
const once = () => (quiet ? runLoop(m0, calls, checked) : runThroughRunner(loop, checked));
for (let r = 0; r < 2; r++) once();

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
for (let r = 0; r < 3; r++) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  const h = once();
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`${h.length} calls: wall ${(performance.now() - t).toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms, ${Math.round(h.length / (cpuMs / 1000))} calls per cpu-second`);
}
const { profile } = await session.post('Profiler.stop');
session.disconnect();

const out = arg('--out');
if (out) {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'core.cpuprofile'), JSON.stringify(profile));
}

/** Self samples per function (name and file), as a share of all samples. */
function selfTime(p: Profiler.Profile): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  for (const id of p.samples ?? []) {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = p.samples?.length ?? 1;
  return [...self].map(([k, n]): [string, number] => [k, n / total]).sort((a, b) => b[1] - a[1]);
}
for (const [k, share] of selfTime(profile).slice(0, Number(arg('--top') ?? 30))) console.log(`${(100 * share).toFixed(1).padStart(5)} % ${k}`);
