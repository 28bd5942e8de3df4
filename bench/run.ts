/**
 * `npm run bench`: one line per figure, `name: value unit`. Wall-clock medians on whatever this
 * machine is (the README records the figures with the machine they came from).
 * `--only core` skips the browser figures.
 */
import { cpus } from 'node:os';
import { benchCore, benchScn } from './core';
import { benchScnGrowth } from './scn-growth';

const UNITS: [RegExp, string][] = [
  [/states_per_s(_\d+)?$/, 'states/s'],
  [/states_per_cpu_s(_\d+)?$/, 'states/cpu-s'],
  [/_per_cpu_s$/, 'calls/cpu-s'],
  [/_per_s$/, 'calls/s'],
  [/_ms(_|$)/, 'ms'],
  [/_us$/, 'µs'],
  [/fps/, 'fps'],
  [/kb_gzip/, 'kB'],
  [/files$/, 'files'],
  [/bytes_per_step$/, 'B'],
  [/^core\.count\./, 'calls'],
];
const unitOf = (name: string): string => UNITS.find(([re]) => re.test(name))?.[1] ?? '';

async function main(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
  console.log(`# node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
  const print = (r: Record<string, number>) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v} ${unitOf(k)}`.trimEnd());
  };
  print(benchCore());
  print(benchScn());
  print(benchScnGrowth());
  if (only === 'core') return;
  const extra: [string, string][] = [['./search', 'benchSearch'], ['./ui', 'benchUi'], ['./ui-type', 'benchUiType'], ['./ui-type-floor', 'benchUiTypeFloor']];
  for (const [mod, fn] of extra) {
    try {
      const m = (await import(mod)) as Record<string, () => Promise<Record<string, number>>>;
      if (typeof m[fn] === 'function') print(await m[fn]());
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(e).includes(mod.slice(2))) continue;
      throw e;
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
